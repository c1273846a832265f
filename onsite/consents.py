"""Naming the organisation on shared lessons as a consent (core.consents).

The choice is the organisation's, made by its HR or a manager; it appears for each person who
may make it, marked as given on the organisation's behalf, and withdrawing it goes through the
same service as the lesson-sharing page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.consents import Given, register
from onsite.models import LessonSharing
from onsite.services import lessons as services
from organisations import access
from organisations.models import Organisation


def _given_for(user: Any) -> list[Given]:
    rows = LessonSharing.objects.filter(
        name_in_lessons=True, organisation_id__in=access.approver_organisation_ids(user)
    ).select_related("organisation")
    return [
        Given(
            object_id=str(row.organisation_id),
            label=row.organisation.name,
            given_at=row.decided_at,
            on_behalf_of=row.organisation.name,
        )
        for row in rows
    ]


def _withdraw(user: Any, object_id: str) -> None:
    organisation = Organisation.objects.get(pk=int(object_id))
    services.lesson_sharing_set(organisation=organisation, actor=user, name_in_lessons=False)


register(
    "lesson_naming",
    title=_("Organisationens navn på delte erfaringer"),
    description=_(
        "Erfaringer fra organisationens byggesager, som deles med hele sektoren, viser "
        "organisationens navn. Personer nævnes aldrig. Du kan trække samtykket tilbage på "
        "organisationens vegne, fordi du er HR eller leder der."
    ),
    given_for=_given_for,
    withdraw=_withdraw,
)
