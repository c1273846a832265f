"""Reads of the events app: the lists of the index page and the person's registration.

Seats are counted in the list query (an annotation), never per row: the index page runs the
same number of queries for ten events and a thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from wagtail.query import PageQuerySet

from events import access
from events.models import (
    ACTIVE_STATUSES,
    EventIndexPage,
    EventPage,
    EventRegistration,
    RegistrationStatus,
)

if TYPE_CHECKING:
    from organisations.access import AnyUser


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""
    region: str = ""
    month: date | None = None  # the first day of the month


def _with_seats(events: QuerySet[EventPage]) -> QuerySet[EventPage]:
    annotated: QuerySet[EventPage] = events.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        )
    )
    return annotated


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return start, datetime(following.year, following.month, 1, tzinfo=zone)


def _below(index: EventIndexPage, user: AnyUser) -> QuerySet[EventPage]:
    visible: PageQuerySet = access.events_for(user)  # Wagtail's page queryset
    events: QuerySet[EventPage] = visible.child_of(index)
    return events


def coming_events(
    index: EventIndexPage, user: AnyUser, filters: EventFilters | None = None
) -> QuerySet[EventPage]:
    """Events not yet over, soonest first, with their confirmed seats counted."""
    filters = filters or EventFilters()
    events = _below(index, user).filter(ends_at__gt=timezone.now())
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.region:
        events = events.filter(region=filters.region)
    if filters.month:
        start, end = _month_bounds(filters.month)
        events = events.filter(starts_at__gte=start, starts_at__lt=end)
    return _with_seats(events).order_by("starts_at", "pk")


def past_events(index: EventIndexPage, user: AnyUser) -> QuerySet[EventPage]:
    """Events that are over, newest first."""
    events = _below(index, user).filter(ends_at__lte=timezone.now())
    return _with_seats(events).order_by("-starts_at", "-pk")


def seats_left(event: EventPage) -> int | None:
    """Free seats (None: no limit); uses the list's annotation when there is one."""
    if event.capacity is None:
        return None
    confirmed: int | None = getattr(event, "confirmed_count", None)
    if confirmed is None:
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return max(event.capacity - confirmed, 0)


def active_registration(user: AnyUser, event: EventPage) -> EventRegistration | None:
    """The signed-in person's active registration for ``event`` (by account or e-mail)."""
    if not user.is_authenticated:
        return None
    email = (getattr(user, "email", "") or "").lower()
    registration: EventRegistration | None = (
        EventRegistration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
        .filter(Q(user_id=user.pk) | Q(email=email))
        .first()
    )
    return registration


def waitlist_position(registration: EventRegistration) -> int:
    """1 for the first on the waitlist."""
    ahead = EventRegistration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITLISTED,
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registration_by_token(token: str) -> EventRegistration | None:
    registration: EventRegistration | None = (
        EventRegistration.objects.select_related("event").filter(token=token).first()
    )
    return registration
