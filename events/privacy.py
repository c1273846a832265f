"""Personal data of the events app (core.privacy): who signed up for which event.

A registration is about the person alone: the export finds it by account or by e-mail (a
guest's sign-up made with the address the account now has), and erasure deletes it. A deleted
confirmed registration frees its seat, and the first on the waitlist moves up
(``events.signals``). The event pages hold no personal data: the organiser is the arranging
organisation's name as the editors publish it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.privacy import Category, Erasure, LegalBasis, Personal, alike, register
from events.models import EventIndexPage, EventPage, EventRegistration

SIGNUP = Personal(
    Category.LEARNING,
    _("At give en plads eller en plads på ventelisten til et arrangement og skrive om den"),
    LegalBasis.CONTRACT,
    _("Så længe tilmeldingen findes; slettes sammen med personen."),
    Erasure.DELETE,
)


def _by_email(person: Any) -> Q:
    email = (getattr(person, "email", "") or "").lower()
    return Q(email=email) if email else Q(pk__in=[])


register(EventIndexPage, other=("intro",))
register(
    EventPage,
    other=(
        "kind",
        "starts_at",
        "ends_at",
        "place",
        "address",
        "online",
        "online_url",
        "region",
        "audience",
        "capacity",
        "registration_deadline",
        "organiser",
        "body",
        "materials",
        "sequence",
    ),
)
register(
    EventRegistration,
    area="arrangementer",
    subject=("user",),
    subject_q=_by_email,
    rows=Erasure.DELETE,
    personal={**alike(SIGNUP, "user", "email", "name", "organisation_name")},
    other=("id", "event", "status", "token", "created_at", "confirmed_at", "cancelled_at"),
    context=("event__title",),
)
