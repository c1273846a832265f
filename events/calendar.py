"""Events in calendars (``core.ical``): the .ics attached to the e-mails (REQUEST, CANCEL), the
download on the event's page (PUBLISH) and the person's feed (a registered source).

Each registration is its own calendar event (``uid("event", event.pk, registration.pk)``), so
an update or a cancellation finds exactly the entry the person's calendar holds.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import strip_tags

from core import ical, site_url
from events.models import EventPage, EventRegistration, RegistrationStatus

FEED_SOURCE = "events"


def _location(event: EventPage, *, attendee: bool) -> str:
    # The online link is for those signed up: the public download names only "Online".
    location = event.location_text()
    if attendee and event.online and event.online_url:
        location = ", ".join(part for part in (location, event.online_url) if part)
    return location


def calendar_event(
    event: EventPage, registration: EventRegistration | None = None, *, cancelled: bool = False
) -> ical.CalendarEvent:
    """The event as ``registration``'s calendar sees it (or the public one without)."""
    sequence = event.sequence + (1 if cancelled else 0)
    return ical.CalendarEvent(
        uid=ical.uid("event", event.pk, registration.pk if registration else None),
        sequence=sequence,
        summary=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=_location(event, attendee=registration is not None),
        description=strip_tags(event.search_description or "")[:1000],
        url=site_url.page_full_url(event),
        cancelled=cancelled,
        organizer_name=event.organiser,
        attendee_email=registration.email if registration else "",
        attendee_name=registration.name if registration else "",
        attendee_status="ACCEPTED" if registration else "NEEDS-ACTION",
    )


def registration_attachment(
    registration: EventRegistration, *, method: str = "REQUEST"
) -> tuple[str, str, str]:
    """The .ics for an e-mail: REQUEST for a seat, CANCEL when it is given up."""
    event = calendar_event(registration.event, registration, cancelled=method == "CANCEL")
    return ical.attachment(event, method=method, filename="arrangement.ics")


def event_ics(event: EventPage) -> str:
    """The public download of the event page."""
    return ical.calendar_text([calendar_event(event)], method="PUBLISH")


def feed_source(person: Any) -> list[ical.CalendarEvent]:
    """The person's confirmed seats at published events, for their calendar feed."""
    if not getattr(person, "is_authenticated", False):
        return []
    registrations = EventRegistration.objects.filter(
        user_id=person.pk, status=RegistrationStatus.CONFIRMED, event__live=True
    ).select_related("event")
    return [calendar_event(registration.event, registration) for registration in registrations]
