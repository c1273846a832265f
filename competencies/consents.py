"""The adviser register as a consent (core.consents): a person listed through their consultant
organisation may take themselves out of it, and come back."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from competencies import services
from competencies.adviser_register import listed_advisers
from competencies.models import AdviserOptOut
from core.consents import Given, register
from organisations.models import Membership


def _given_for(user: Any) -> list[Given]:
    """The person is in the register while an organisation of theirs is listed and they have
    not said no; one entry for all their listed organisations (the choice is the person's)."""
    if AdviserOptOut.objects.filter(user=user).exists():
        return []
    listed = listed_advisers().filter(
        organisation_id__in=Membership.objects.active().filter(user=user).values("organisation_id")
    )
    names = [listing.organisation.name for listing in listed]
    if not names:
        return []
    return [Given(object_id="listed", label=", ".join(names))]


def _withdraw(user: Any, object_id: str) -> None:
    services.adviser_opt_out_set(user=user, listed=False)


register(
    "adviser_register",
    title=_("Rådgiverregistret"),
    description=_(
        "Dit navn, din stillingsbetegnelse og dine dokumenterede kompetencer vises i "
        "rådgiverregistret, fordi din virksomhed står der. Trækker du samtykket tilbage, "
        "vises du ikke længere; virksomheden vises fortsat."
    ),
    given_for=_given_for,
    withdraw=_withdraw,
)
