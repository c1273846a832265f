"""Calendar files (RFC 5545) for sessions, and each person's secret calendar feed.

The iCalendar text is written here rather than with a library: we need one VTIMEZONE and one
kind of VEVENT, and the rules that matter (CRLF, escaping, folding at 75 octets) fit in a few
small functions.

Every participant of a session gets the same UID (``session-<pk>@almenlaering.dk``), so an
updated file (a higher ``SEQUENCE``) or a cancellation (``METHOD:CANCEL``) replaces the event
already in their calendar.

The feed URL carries a token signed with ``django.core.signing`` (salt ``calendar-feed``): whoever
has the URL sees the person's bookings, and nothing else. The token names the feed's version
(``CalendarFeed``), so the person can replace the link (the old one then answers 404) or switch
the feed off (``calendar_feed_rotate`` / ``calendar_feed_disable`` in ``courses.services``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CourseSession, SessionStatus
from courses.models.enrolments import SEAT_STATUSES

if TYPE_CHECKING:
    from organisations.models import User

TZID = "Europe/Copenhagen"
PRODID = "-//AlmenLaering//Kurser//DA"
UID_DOMAIN = "almenlaering.dk"
FEED_SALT = "calendar-feed"
FEED_PAST = timedelta(days=90)
CONTENT_TYPE = "text/calendar; charset=utf-8"
METHODS = ("REQUEST", "CANCEL", "PUBLISH")
MAX_LINE_OCTETS = 75

# Europe/Copenhagen since 1996: CEST from the last Sunday of March 02:00 to the last Sunday of
# October 03:00 (EU rules). Calendars only need the rules that apply to our dates.
VTIMEZONE = (
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


# --- RFC 5545 text rules -------------------------------------------------------------------


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 §3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold one content line into lines of at most 75 octets, never splitting a character."""
    parts: list[str] = []
    current, size, limit = "", 0, MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            parts.append(current)
            # A continuation line starts with one space, which counts towards its 75 octets.
            current, size, limit = " ", 1, MAX_LINE_OCTETS
        current += char
        size += octets
    parts.append(current)
    return "\r\n".join(parts)


def _join(lines: Iterable[str]) -> str:
    return "".join(fold_line(line) + "\r\n" for line in lines)


def _param(value: str) -> str:
    """A parameter value such as CN, quoted; DQUOTE is not allowed inside, so it is dropped."""
    return '"' + value.replace('"', "") + '"'


def _utc(value: datetime) -> str:
    return value.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def _local(value: datetime) -> str:
    return timezone.localtime(value, ZoneInfo(TZID)).strftime("%Y%m%dT%H%M%S")


# --- Events and calendars ------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _session_url(session: CourseSession) -> str:
    url = session.course.get_full_url()
    return url or _absolute("/min-side/")


def _location(session: CourseSession) -> str:
    return session.online_url if session.online else session.place


def _description(session: CourseSession) -> str:
    lines = [session.course.title, _("Udbyder: %(name)s") % {"name": session.provider.name}]
    if session.teachers:
        lines.append(_("Undervisere: %(names)s") % {"names": session.teachers})
    if session.online:
        lines.append(_("Online: %(url)s") % {"url": session.online_url})
    else:
        lines.append(_("Sted: %(place)s") % {"place": session.place})
    lines.append(_("Se dine kurser på Min side: %(url)s") % {"url": _absolute("/min-side/")})
    return "\n".join(lines)


def _organizer() -> str:
    from email.utils import parseaddr

    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return f"ORGANIZER;CN={_param(name or 'AlmenLæring')}:mailto:{address}"


def _vevent(
    session: CourseSession, *, cancelled: bool, attendee: User | None, stamp: datetime
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:session-{session.pk}@{UID_DOMAIN}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART;TZID={TZID}:{_local(session.starts_at)}",
        f"DTEND;TZID={TZID}:{_local(session.ends_at)}",
        f"SUMMARY:{escape_text(session.course.title)}",
        f"LOCATION:{escape_text(_location(session))}",
        f"DESCRIPTION:{escape_text(_description(session))}",
        f"URL:{_session_url(session)}",
        f"SEQUENCE:{session.sequence}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
    ]
    if attendee is not None:
        # iTIP (REQUEST/CANCEL) wants an organizer and the attendee the message is for.
        lines.append(_organizer())
        lines.append(
            f"ATTENDEE;CN={_param(attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
            f"RSVP=FALSE:mailto:{attendee.email}"
        )
    lines.append("END:VEVENT")
    return lines


def _vcalendar(events: list[str], *, method: str | None, name: str | None = None) -> str:
    lines = ["BEGIN:VCALENDAR", f"PRODID:{PRODID}", "VERSION:2.0", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    if name:
        lines += [f"X-WR-CALNAME:{escape_text(name)}", f"X-WR-TIMEZONE:{TZID}"]
        lines += ["REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"]
    lines += [*VTIMEZONE, *events, "END:VCALENDAR"]
    return _join(lines)


def session_ics(
    session: CourseSession, *, method: str = "REQUEST", attendee: User | None = None
) -> str:
    """The iCalendar text of one session.

    ``REQUEST`` goes with the booking and change e-mails, ``CANCEL`` with a cancellation (or
    any e-mail about a cancelled session), ``PUBLISH`` with a plain download. With an
    ``attendee`` the event names the organizer and that attendee, as iTIP expects.
    """
    if method not in METHODS:
        raise ValueError(f"Unknown iCalendar method {method!r}")
    cancelled = method == "CANCEL" or session.status == SessionStatus.CANCELLED
    event = _vevent(session, cancelled=cancelled, attendee=attendee, stamp=timezone.now())
    return _vcalendar(event, method=method)


def ics_attachment(
    session: CourseSession, *, method: str = "REQUEST", attendee: User | None = None
) -> tuple[str, str, str]:
    """``(filename, content, mimetype)`` for ``EmailMessage.attach``."""
    content = session_ics(session, method=method, attendee=attendee)
    return "hold.ics", content, f"text/calendar; method={method}"


def feed_ics(sessions: Iterable[CourseSession], *, name: str) -> str:
    """A subscribable calendar of several sessions (no METHOD: it is not an invitation)."""
    stamp = timezone.now()
    events: list[str] = []
    for session in sessions:
        cancelled = session.status == SessionStatus.CANCELLED
        events += _vevent(session, cancelled=cancelled, attendee=None, stamp=stamp)
    return _vcalendar(events, method=None, name=name)


# --- Whose sessions, and the secret feed URL ----------------------------------------------


def booked_sessions(user: User) -> QuerySet[CourseSession]:
    """Sessions where the person holds a seat (booked, attended, completed …)."""
    # At most one active enrolment per person and session (a constraint): no duplicates.
    return CourseSession.objects.filter(
        enrolments__user=user, enrolments__status__in=SEAT_STATUSES
    ).select_related("course", "provider")


def get_booked_session(user: User, session_id: int) -> CourseSession:
    """A session the person holds a seat in; 404 for every other session."""
    return get_object_or_404(booked_sessions(user), pk=session_id)


def feed_sessions(user: User) -> QuerySet[CourseSession]:
    """What the personal feed shows: booked sessions of the past 90 days and the future."""
    return booked_sessions(user).filter(ends_at__gte=timezone.now() - FEED_PAST)


def _feed_state(user: User) -> tuple[int, bool]:
    """(version, enabled) of the person's feed; a person who never changed it has (0, True)."""
    from courses.models import CalendarFeed

    feed = CalendarFeed.objects.filter(user=user).only("version", "enabled").first()
    return (feed.version, feed.enabled) if feed else (0, True)


def feed_token(user: User) -> str | None:
    """The signed token of the person's feed URL, or None when they switched the feed off."""
    version, enabled = _feed_state(user)
    if not enabled:
        return None
    # Version 0 signs the bare id, as links made before rotation existed do.
    value = str(user.pk) if version == 0 else f"{user.pk}:{version}"
    return signing.Signer(salt=FEED_SALT).sign(value)


def user_from_feed_token(token: str) -> User | None:
    """The active person a feed token belongs to; None for a bad, old or switched-off link."""
    from organisations.models import User

    try:
        value = signing.Signer(salt=FEED_SALT).unsign(token)
    except signing.BadSignature:
        return None
    user_id, sep, version = value.partition(":")
    if not user_id.isascii() or not user_id.isdigit():
        return None
    if sep and not (version.isascii() and version.isdigit()):
        return None
    user = User.objects.filter(pk=int(user_id), is_active=True).first()
    if user is None or _feed_state(user) != (int(version or 0), True):
        return None
    return user


def calendar_feed_url(user: User) -> str | None:
    """The absolute, secret URL of the person's calendar feed (for Min side); None when off."""
    token = feed_token(user)
    if token is None:
        return None
    try:
        path = reverse("calendar_feed", kwargs={"token": token})
    except NoReverseMatch:  # before courses.calendar_urls is included in lms.urls
        path = f"/kalender/feed/{token}.ics"
    return _absolute(path)
