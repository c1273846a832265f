"""Calendar files (RFC 5545) for sessions, and each person's secret calendar feed.

The iCalendar text is written here rather than with a library: we need one VTIMEZONE and one
kind of VEVENT, and the rules that matter (CRLF, escaping, folding at 75 octets) fit in a few
small functions.

Each person's event for a session has its own UID (``event_uid``:
``session-<session>-person-<user>@almenlaering.dk``), the same in the booking e-mail, the
download and the feed, so each of them updates the one event in the person's calendar instead
of adding another. Per session and person, not per enrolment: a person who cancels and books
again gets the same event back (RFC 5546 lets a REQUEST with a higher SEQUENCE reinstate a
cancelled event), and the UID does not depend on the site's address.

``SEQUENCE`` (``event_sequence``) must grow with every change the attendee sees (RFC 5546
§2.1.4). It is the session's own counter (raised by every change of time, place or status)
plus the number of the person's bookings and cancellations of that session so far, counted from
the enrolment events. Both only grow, so book → cancel → book again gives 1, 2, 3; nothing
extra is stored, a retried e-mail task computes the same number, and a CANCEL that a slow
worker sends after the new booking's REQUEST carries the lower number, so calendars ignore it.

Every event names its ``ORGANIZER``: the provider, at the site's sending address (iTIP needs
one in REQUEST and CANCEL, and RFC 5546 §3.2.1 wants one in PUBLISH as well). A download is
``METHOD:PUBLISH`` (an event to put in one's own calendar, with no attendee); the feed has no
METHOD at all: a subscribed calendar is not an iTIP message (RFC 5545 §3.7.2).

The feed URL carries a token signed with ``django.core.signing`` (salt ``calendar-feed``): whoever
has the URL sees the person's bookings, and nothing else. The token names the feed's version
(``CalendarFeed``), so the person can replace the link (the old one then answers 404) or switch
the feed off (``calendar_feed_rotate`` / ``calendar_feed_disable`` in ``courses.services``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import ical, site_url
from courses import access
from courses.models import CourseSession, EnrolmentEvent, EnrolmentStatus, SessionStatus

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

# Europe/Copenhagen by its EU rules: the one definition in core.ical.
VTIMEZONE = ical.VTIMEZONE_LINES


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
    # The request's address while one is served (the feed, a download), else LMS_BASE_URL.
    return site_url.absolute_url(path)


def _session_url(session: CourseSession) -> str:
    url = site_url.page_full_url(session.course)
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


def _organizer(session: CourseSession) -> str:
    """The provider runs the session; the site sends for it, so its address is the mailto
    (the same in every message, which is how calendars match an update to the event)."""
    from email.utils import parseaddr

    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return f"ORGANIZER;CN={_param(session.provider.name)}:mailto:{address}"


# The transitions that send the person a REQUEST or a CANCEL (see the module docstring).
CALENDAR_TRANSITIONS = (EnrolmentStatus.BOOKED, EnrolmentStatus.CANCELLED)


def event_uid(session: CourseSession, user: User) -> str:
    """The UID of the person's event for the session (see the module docstring)."""
    return f"session-{session.pk}-person-{user.pk}@{UID_DOMAIN}"


def _calendar_events(session_id: Any, user: User) -> QuerySet[EnrolmentEvent]:
    return EnrolmentEvent.objects.filter(
        enrolment__session_id=session_id,
        enrolment__user=user,
        to_status__in=CALENDAR_TRANSITIONS,
    )


def event_sequence(
    session: CourseSession,
    user: User,
    *,
    upto: EnrolmentEvent | None = None,
    changes: int | None = None,
) -> int:
    """The SEQUENCE of the person's event: the session's changes plus the person's bookings and
    cancellations, up to and including ``upto`` when a message is about that transition.

    ``changes`` is that count when the caller has it already (``changes_by_person``); a session
    from ``feed_sessions`` or ``get_booked_session`` carries it as ``calendar_changes``.
    """
    if changes is None and upto is None:
        changes = getattr(session, "calendar_changes", None)
    if changes is None:
        events = _calendar_events(session.pk, user)
        if upto is not None:
            events = events.filter(pk__lte=upto.pk)
        changes = events.count()
    return session.sequence + changes


def changes_by_person(session: CourseSession) -> dict[int, int]:
    """Every person's bookings and cancellations of the session (``event_sequence``), in one
    query, for a message to all its participants."""
    rows = (
        EnrolmentEvent.objects.filter(
            enrolment__session=session, to_status__in=CALENDAR_TRANSITIONS
        )
        .values("enrolment__user_id")
        .annotate(n=Count("pk"))
    )
    return {row["enrolment__user_id"]: row["n"] for row in rows}


def _with_calendar_changes(sessions: QuerySet[CourseSession], user: User) -> QuerySet:
    """Annotate ``calendar_changes`` (see ``event_sequence``) in the same query."""
    counted = (
        _calendar_events(OuterRef("pk"), user)
        .values("enrolment__session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return sessions.annotate(
        calendar_changes=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
    )


def _vevent(
    session: CourseSession,
    *,
    cancelled: bool,
    user: User,
    attendee: bool,
    stamp: datetime,
    sequence: int,
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(session, user)}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART;TZID={TZID}:{_local(session.starts_at)}",
        f"DTEND;TZID={TZID}:{_local(session.ends_at)}",
        f"SUMMARY:{escape_text(session.course.title)}",
        f"LOCATION:{escape_text(_location(session))}",
        f"DESCRIPTION:{escape_text(_description(session))}",
        f"URL:{_session_url(session)}",
        f"SEQUENCE:{sequence}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        _organizer(session),
    ]
    if attendee:
        # iTIP (REQUEST/CANCEL) names the attendee the message is for; PUBLISH must not.
        lines.append(
            f"ATTENDEE;CN={_param(user.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
            f"RSVP=FALSE:mailto:{user.email}"
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
    session: CourseSession,
    *,
    user: User,
    method: str = "REQUEST",
    event: EnrolmentEvent | None = None,
    changes: int | None = None,
) -> str:
    """The iCalendar text of the person's event for one session.

    ``REQUEST`` goes with the booking and change e-mails, ``CANCEL`` with a cancellation (or
    any e-mail about a cancelled session): both name ``user`` as the attendee, as iTIP expects.
    ``PUBLISH`` is a plain download, with no attendee. ``event`` is the enrolment transition
    the message is about; without it the SEQUENCE is the person's latest.
    """
    if method not in METHODS:
        raise ValueError(f"Unknown iCalendar method {method!r}")
    cancelled = method == "CANCEL" or session.status == SessionStatus.CANCELLED
    lines = _vevent(
        session,
        cancelled=cancelled,
        user=user,
        attendee=method != "PUBLISH",
        stamp=timezone.now(),
        sequence=event_sequence(session, user, upto=event, changes=changes),
    )
    return _vcalendar(lines, method=method)


def ics_attachment(
    session: CourseSession,
    *,
    attendee: User,
    method: str = "REQUEST",
    event: EnrolmentEvent | None = None,
    changes: int | None = None,
) -> tuple[str, str, str]:
    """``(filename, content, mimetype)`` for ``EmailMessage.attach``."""
    content = session_ics(session, user=attendee, method=method, event=event, changes=changes)
    return "hold.ics", content, f"text/calendar; method={method}"


def feed_ics(sessions: Iterable[CourseSession], *, user: User, name: str) -> str:
    """The person's subscribable calendar (no METHOD: it is not an invitation).

    ``sessions`` come from ``feed_sessions``, which counts each one's changes in its query.
    """
    stamp = timezone.now()
    events: list[str] = []
    for session in sessions:
        events += _vevent(
            session,
            cancelled=session.status == SessionStatus.CANCELLED,
            user=user,
            attendee=False,
            stamp=stamp,
            sequence=event_sequence(session, user),
        )
    # The meetings and events of the apps above (rooms, events), registered in core.ical.
    events += ical.vevent_lines(ical.feed_events(user))
    return _vcalendar(events, method=None, name=name)


# --- Whose sessions, and the secret feed URL ----------------------------------------------


def get_booked_session(user: User, session_id: int) -> CourseSession:
    """A session the person holds a seat in, with its SEQUENCE count; 404 for every other."""
    sessions: QuerySet[CourseSession] = _with_calendar_changes(
        access.booked_sessions_for(user), user
    )
    return get_object_or_404(sessions, pk=session_id)


def feed_sessions(user: User) -> QuerySet[CourseSession]:
    """What the personal feed shows: booked sessions of the past 90 days and the future, each
    with its SEQUENCE count (one query for any number of sessions)."""
    sessions = access.booked_sessions_for(user).filter(ends_at__gte=timezone.now() - FEED_PAST)
    return _with_calendar_changes(sessions, user)


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
    except NoReverseMatch:  # before courses.urls.calendar is included in lms.urls
        path = f"/kalender/feed/{token}.ics"
    return _absolute(path)
