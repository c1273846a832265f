"""The context of the two page types, built from the policy and the selectors (the pages'
``get_context`` and the sign-up views that show a page again with a form's errors)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest

from events import access, selectors
from events.forms import EventFilterForm, GuestRegistrationForm
from events.models import EventIndexPage, EventPage, EventRegistration
from events.notifications import when

PER_PAGE = 20


@dataclass(frozen=True)
class EventRow:
    """One line of a list: the event and what its seats say."""

    event: EventPage
    when: str
    seats_left: int | None

    @property
    def full(self) -> bool:
        return self.seats_left == 0


def _rows(events: Any) -> list[EventRow]:
    return [EventRow(event, when(event), selectors.seats_left(event)) for event in events]


def index_context(index: EventIndexPage, request: HttpRequest) -> dict[str, Any]:
    form = EventFilterForm(request.GET or None)
    kind, region, month = form.values()
    filters = selectors.EventFilters(kind=kind, region=region, month=month)
    coming = Paginator(selectors.coming_events(index, request.user, filters), PER_PAGE)
    coming_page = coming.get_page(request.GET.get("page"))
    past = Paginator(selectors.past_events(index, request.user), PER_PAGE)
    past_page = past.get_page(request.GET.get("tidligere"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "filtered": bool(kind or region or month),
        "coming_page": coming_page,
        "coming_rows": _rows(coming_page.object_list),
        "past_page": past_page,
        "past_rows": _rows(past_page.object_list),
        "filter_query": query.urlencode(),
    }


def event_context(
    event: EventPage,
    request: HttpRequest,
    form: GuestRegistrationForm | None = None,
) -> dict[str, Any]:
    registration: EventRegistration | None = selectors.active_registration(request.user, event)
    actions = access.actions_for(request.user, event, registration)
    position = None
    if registration is not None and registration.status == "waitlisted":
        position = selectors.waitlist_position(registration)
    return {
        "page": event,
        "self": event,
        "when": when(event),
        "seats_left": selectors.seats_left(event),
        "registration": registration,
        "waitlist_position": position,
        "actions": actions,
        "guest_form": form or GuestRegistrationForm(),
        "show_materials": event.is_past and bool(event.materials),
        "show_online_url": registration is not None and registration.status == "confirmed",
    }
