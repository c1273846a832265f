"""A room's meetings as calendar events (``core.ical``): the invitation e-mails, a person's own
download, and the meetings in the person's existing calendar feed.

One event per meeting *and person* (``uid("meeting", meeting.pk, person.pk)``): the invitation,
every update, the cancellation, the download and the feed all name the same event, so Outlook
and Google change the one entry instead of adding another. ``SEQUENCE`` is ``meeting.sequence``,
raised by the services on every change of time, place or link and on the cancellation.

The feed source (``meeting_feed_events``) is registered in ``RoomsConfig.ready()``: the courses
feed asks it for the person's meetings without knowing rooms.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import ical, site_url
from core.ical import CalendarEvent
from rooms import access
from rooms.models import Attendance, Meeting, MeetingReply

if TYPE_CHECKING:
    from organisations.models import User

FEED_SOURCE = "rooms.meetings"
# The same window as the courses feed: the past 90 days and the future.
FEED_PAST = timedelta(days=90)
PARTSTAT: dict[str, str] = {Attendance.YES: "ACCEPTED", Attendance.NO: "DECLINED"}


def meeting_uid(meeting: Meeting, person: Any) -> str:
    return ical.uid("meeting", meeting.pk, person.pk)


def meeting_url(meeting: Meeting) -> str:
    path = reverse("rooms:meeting", kwargs={"pk": meeting.room_id, "m": meeting.pk})
    return site_url.absolute_url(path)


def meeting_location(meeting: Meeting) -> str:
    """The place, the online link, or both ("Fjordparken, fælleshuset · https://…")."""
    return " · ".join(part for part in (meeting.place, meeting.online_url) if part)


def _description(meeting: Meeting) -> str:
    lines = [_("Møde i projektrummet »%(room)s«.") % {"room": meeting.room.title}]
    if meeting.online_url:
        lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
    if meeting.agenda:
        lines += ["", _("Dagsorden:"), meeting.agenda]
    lines += ["", _("Se mødet og svar på indkaldelsen: %(url)s") % {"url": meeting_url(meeting)}]
    return "\n".join(lines)


def meeting_event(meeting: Meeting, person: User, *, answer: str | None = None) -> CalendarEvent:
    """The person's event for ``meeting`` (``meeting.room`` is read: select it with the
    meeting). ``answer`` is the person's reply, which becomes the attendee's PARTSTAT."""
    return CalendarEvent(
        uid=meeting_uid(meeting, person),
        sequence=meeting.sequence,
        summary=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting_location(meeting),
        description=_description(meeting),
        url=meeting_url(meeting),
        cancelled=meeting.cancelled_at is not None,
        organizer_name=meeting.room.title,
        attendee_email=person.email,
        attendee_name=person.name,
        attendee_status=PARTSTAT.get(answer or "", "NEEDS-ACTION"),
    )


def meeting_ics(meeting: Meeting, person: User, *, method: str = "PUBLISH") -> str:
    """The whole calendar file of the person's event (a download is ``PUBLISH``)."""
    return ical.calendar_text([meeting_event(meeting, person)], method=method)


def feed_meetings(person: User) -> QuerySet[Meeting]:
    """The meetings of the person's rooms from the past 90 days on (cancelled ones included),
    each with the person's reply as ``my_answer``: one query for any number of meetings."""
    answer = MeetingReply.objects.filter(meeting=OuterRef("pk"), user_id=person.pk).values(
        "answer"
    )[:1]
    return (
        Meeting.objects.filter(
            room__in=access.rooms_for(person).values("pk"),
            ends_at__gte=timezone.now() - FEED_PAST,
        )
        .select_related("room")
        .annotate(my_answer=Subquery(answer))
        .order_by("starts_at", "pk")
    )


def meeting_feed_events(person: Any) -> Iterable[CalendarEvent]:
    """The feed source registered in ``RoomsConfig.ready()``."""
    if person is None or not getattr(person, "pk", None):
        return []
    return [
        meeting_event(meeting, person, answer=getattr(meeting, "my_answer", None))
        for meeting in feed_meetings(person)
    ]


def register() -> None:
    ical.register_feed_source(FEED_SOURCE, meeting_feed_events)
