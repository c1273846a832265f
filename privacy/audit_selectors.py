"""Reads of the access log (core.models.AccessEvent) for HR and for the person.

An organisation's log holds the events about its people (an active membership there) and the
events its people caused that are about nobody in particular (an HR export of the
organisation). An event where one of its people touched another organisation's person belongs
to that other organisation's log: it names someone HR here has no business knowing about.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.models import AccessEvent
from organisations import access
from organisations.models import Membership, Organisation, User


def organisation_people(organisation: Organisation | int) -> QuerySet[User]:
    """People with an active membership in the organisation, by name (the filter's choices)."""
    ids = Membership.objects.active().filter(organisation=organisation).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "email")


def events_for_organisation(organisation: Organisation | int) -> QuerySet[AccessEvent]:
    """The organisation's log, newest first, with both people loaded."""
    people = Membership.objects.active().filter(organisation=organisation).values("user_id")
    return AccessEvent.objects.for_listing().filter(
        Q(subject_id__in=people) | Q(subject__isnull=True, actor_id__in=people)
    )


def events_about(person: Any) -> QuerySet[AccessEvent]:
    """What has happened to the person's account and data, newest first."""
    return AccessEvent.objects.for_listing().filter(subject=person)


def narrowed(
    events: QuerySet[AccessEvent],
    *,
    person: User | None = None,
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AccessEvent]:
    """The events filtered by person (either side of the event), kind and local dates."""
    if person is not None:
        events = events.filter(Q(subject=person) | Q(actor=person))
    if action:
        events = events.filter(action=action)
    zone = timezone.get_current_timezone()
    if since is not None:
        since = max(since, date(1, 1, 2))  # 1 Jan of year 1 local is year 0 in UTC: overflow
        events = events.filter(at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until is not None:
        events = events.filter(at__lte=datetime.combine(until, time.max, tzinfo=zone))
    return events


def hr_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations whose log the person may read: where they are HR."""
    return Organisation.objects.filter(pk__in=access.hr_organisation_ids(user)).order_by("name")
