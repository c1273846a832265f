"""Calendar invitations and feeds (RFC 5545, iTIP RFC 5546) for meetings and events.

The apps that hold something with a time — a room's meeting, an event's sign-up — describe it
as a ``CalendarEvent`` and this module writes it with the maintained ``icalendar`` library: the
text rules (escaping, folding at 75 octets, CRLF) and the Europe/Copenhagen VTIMEZONE are its
business, not ours.

What makes Outlook and Google update one event instead of adding another is ours to keep:

- ``uid`` is stable per thing *and person* (``meeting-12-person-7@almenlaering.dk``): the
  invitation, a later change, the cancellation and the feed all name the same event;
- ``sequence`` only grows: every change the attendee sees raises it (the app keeps the
  counter), and a CANCEL carries the number of the change that cancelled;
- ``method``: ``REQUEST`` for an invitation or an update, ``CANCEL`` when it is called off (the
  event then says ``STATUS:CANCELLED``), ``PUBLISH`` for a plain download; a subscribed feed has
  no METHOD (RFC 5545 §3.7.2).

The person's one calendar feed is served by ``courses`` (it began with booked sessions). Apps
above ``core`` add their own events to it through ``register_feed_source`` in their
``AppConfig.ready()``: the feed asks every source for the person's events, so a room's meetings
appear in the calendar the person already subscribes to, without ``courses`` knowing rooms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

TZID = "Europe/Copenhagen"
PRODID = "-//AlmenLaering//AlmenLaering//DA"
UID_DOMAIN = "almenlaering.dk"
METHODS = ("REQUEST", "CANCEL", "PUBLISH")
CONTENT_TYPE = "text/calendar; charset=utf-8"

# Europe/Copenhagen by its EU rules (CEST from the last Sunday of March 02:00 to the last Sunday
# of October 03:00): two rules instead of the list of dates ``add_missing_timezones`` writes.
VTIMEZONE_LINES = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    f"X-LIC-LOCATION:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)
VTIMEZONE = "\r\n".join((*VTIMEZONE_LINES, ""))


@dataclass(frozen=True)
class CalendarEvent:
    """One event as one person's calendar sees it."""

    uid: str
    sequence: int
    summary: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    organizer_name: str = ""
    attendee_email: str = ""
    attendee_name: str = ""
    # Whether the attendee said yes (ACCEPTED), no (DECLINED) or has not answered.
    attendee_status: str = "NEEDS-ACTION"


def uid(kind: str, pk: Any, person_pk: Any | None = None) -> str:
    """A stable UID: ``<kind>-<pk>[-person-<person>]@almenlaering.dk``."""
    person = f"-person-{person_pk}" if person_pk is not None else ""
    return f"{kind}-{pk}{person}@{UID_DOMAIN}"


def _organizer(name: str) -> vCalAddress:
    # iTIP needs an ORGANIZER in REQUEST and CANCEL: the site's sending address, named after
    # whoever arranges it (the room, the event's organiser).
    address = vCalAddress(f"mailto:{_sender_address()}")
    address.params["CN"] = vText(name or "AlmenLæring")
    return address


def _sender_address() -> str:
    sender = str(settings.DEFAULT_FROM_EMAIL)
    if "<" in sender and sender.endswith(">"):
        return sender.rsplit("<", 1)[1][:-1]
    return sender


def _local(value: datetime) -> datetime:
    return timezone.localtime(value, ZoneInfo(TZID))


def vevent(event: CalendarEvent, *, method: str | None, stamp: datetime | None = None) -> Event:
    """The VEVENT of ``event``; an iTIP message (REQUEST/CANCEL) names the attendee."""
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp or timezone.now())
    vevent.add("dtstart", _local(event.starts_at))
    vevent.add("dtend", _local(event.ends_at))
    vevent.add("summary", event.summary)
    if event.location:
        vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("sequence", event.sequence)
    cancelled = event.cancelled or method == "CANCEL"
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    vevent.add("organizer", _organizer(event.organizer_name))
    if method in ("REQUEST", "CANCEL") and event.attendee_email:
        attendee = vCalAddress(f"mailto:{event.attendee_email}")
        attendee.params["CN"] = vText(event.attendee_name or event.attendee_email)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = vText(event.attendee_status)
        attendee.params["RSVP"] = vText("FALSE")
        vevent.add("attendee", attendee)
    return vevent


def calendar_text(
    events: Iterable[CalendarEvent], *, method: str | None, name: str | None = None
) -> str:
    """A whole VCALENDAR (with the VTIMEZONE its events use) as text."""
    if method is not None and method not in METHODS:
        raise ValueError(f"Unknown iCalendar method {method!r}")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", TZID)
    cal.add_component(Timezone.from_ical(VTIMEZONE))
    stamp = timezone.now()
    for event in events:
        cal.add_component(vevent(event, method=method, stamp=stamp))
    text: str = cal.to_ical().decode()
    return text


def attachment(
    event: CalendarEvent, *, method: str = "REQUEST", filename: str = "invitation.ics"
) -> tuple[str, str, str]:
    """``(filename, content, mimetype)`` for ``EmailMessage.attach``."""
    content = calendar_text([event], method=method)
    return filename, content, f"text/calendar; charset=utf-8; method={method}"


def vevent_lines(events: Iterable[CalendarEvent]) -> list[str]:
    """The content lines (unfolded, without CRLF) of each event's VEVENT, for a feed that
    writes its own VCALENDAR around them (``courses``' personal feed)."""
    lines: list[str] = []
    stamp = timezone.now()
    for event in events:
        text = vevent(event, method=None, stamp=stamp).to_ical().decode()
        # Unfold: a continuation line starts with one space (RFC 5545 §3.1).
        lines += text.replace("\r\n ", "").strip("\r\n").split("\r\n")
    return lines


# --- The person's feed: sources registered by the apps ---------------------------------------

FeedSource = Callable[[Any], Iterable[CalendarEvent]]
_sources: dict[str, FeedSource] = {}


def register_feed_source(name: str, source: FeedSource) -> None:
    """Add ``source(person) -> events`` to every person's calendar feed (once per name)."""
    _sources[name] = source


def feed_events(person: Any) -> list[CalendarEvent]:
    """The events of every registered source for ``person`` (the feed's additions)."""
    events: list[CalendarEvent] = []
    for name in sorted(_sources):
        events += list(_sources[name](person))
    return events
