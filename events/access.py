"""Who may see and do what with events (arrangementer): the one access policy of ``events``
(shape in ``core/access.py``).

- everybody, signed in or not, sees the published events and may sign up while sign-up is open;
- a signed-in person sees and cancels only their own registrations; a guest cancels through the
  signed link in their e-mail (``events.links``), which names the registration by its secret;
- the registrations of an event are listed in the Wagtail admin for the editors who may edit
  that event's page (Wagtail's page permissions), nobody else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from wagtail.permission_policies.pages import PagePermissionPolicy

from events.models import EventPage, EventRegistration

if TYPE_CHECKING:
    from organisations.access import AnyUser


@dataclass(frozen=True)
class EventActions:
    """What the person may do on an event's page."""

    is_open: bool
    can_register: bool
    can_cancel: bool


def events_for(user: AnyUser) -> QuerySet[EventPage]:
    """The events anybody may see: published and not behind a page restriction."""
    events: QuerySet[EventPage] = EventPage.objects.live().public()
    return events


def get_event_for(user: AnyUser, pk: int) -> EventPage:
    """One visible event, or 404."""
    try:
        return events_for(user).get(pk=pk)
    except EventPage.DoesNotExist:
        raise Http404 from None


def is_open(event: EventPage, now: datetime | None = None) -> bool:
    """Sign-up is open until the deadline, and never after the start."""
    now = now or timezone.now()
    return now < event.closes_at and now < event.starts_at


def actions_for(
    user: AnyUser, event: EventPage, registration: EventRegistration | None
) -> EventActions:
    """``registration`` is the person's active one for ``event`` (or None)."""
    now = timezone.now()
    open_ = is_open(event, now)
    return EventActions(
        is_open=open_,
        can_register=open_ and registration is None,
        can_cancel=registration is not None and registration.is_active and now < event.starts_at,
    )


def registrations_for(user: AnyUser) -> QuerySet[EventRegistration]:
    """The person's own registrations (none for a visitor)."""
    if not user.is_authenticated:
        return EventRegistration.objects.none()
    # A guest sign-up made with the account's e-mail before logging in is theirs too.
    email = (getattr(user, "email", "") or "").lower()
    return EventRegistration.objects.filter(Q(user_id=user.pk) | Q(email=email))


def get_registration_for(user: AnyUser, pk: int) -> EventRegistration:
    """One of the person's own registrations, or 404 (someone else's looks like none)."""
    try:
        return registrations_for(user).select_related("event").get(pk=pk)
    except EventRegistration.DoesNotExist:
        raise Http404 from None


def may_edit_pages(user: AnyUser) -> bool:
    """Whether the person may change any page in the admin (Wagtail's cached page permissions)."""
    return bool(PagePermissionPolicy().user_has_any_permission(user, {"change", "publish"}))


def editable_event_ids(user: AnyUser) -> QuerySet[EventPage]:
    """The events whose page the person may edit in the admin (Wagtail's page permissions)."""
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    events: QuerySet[EventPage] = EventPage.objects.filter(pk__in=pages.values("pk"))
    return events


def admin_registrations_for(user: AnyUser) -> QuerySet[EventRegistration]:
    """The registrations an editor sees in the admin: those of the events they may edit."""
    if not user.is_authenticated:
        return EventRegistration.objects.none()
    return EventRegistration.objects.filter(event__in=editable_event_ids(user))
