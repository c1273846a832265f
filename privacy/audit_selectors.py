"""Reads of the access log (core.models.AccessEvent) for HR and for the person.

An organisation's log holds the events about its people (an active membership there) and the
events its people caused that are about nobody in particular (an HR export of the
organisation). An event where one of its people touched another organisation's person belongs
to that other organisation's log: it names someone HR here has no business knowing about.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.models import AccessEvent
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


def organisation_log(
    organisation: Organisation | int, filters: dict[str, Any] | None
) -> QuerySet[AccessEvent]:
    """The organisation's log narrowed by the filter form's ``filters``; nothing at all when
    the form is invalid (None), rather than everything."""
    events = events_for_organisation(organisation)
    if filters is None:
        return events.none()
    return narrowed(events, **filters)


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


def object_label(event: AccessEvent) -> str:
    """What kind of thing the event touched, in the reader's language ("kompetenceplan")."""
    if not event.object_type:
        return ""
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        return event.object_type
    return str(model._meta.verbose_name)


def person_label(user: Any, *, nobody: str) -> str:
    """The person's name, or ``nobody`` when the event names no one."""
    return str(user.name) if user is not None else nobody


def with_object_labels(events: Iterable[AccessEvent]) -> list[AccessEvent]:
    """The events with ``object_label`` set, for the log page."""
    rows = list(events)
    for event in rows:
        event.object_label = object_label(event)  # type: ignore[attr-defined]
    return rows
