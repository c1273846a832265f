"""Reads of a room's meeting calendar: coming and past meetings with the person's own reply, and
one meeting's replies (who attends, who does not, who has not answered).

Every read comes in a fixed number of queries, however many meetings or members there are. The
room comes from ``rooms.access``; these functions only shape what is in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from organisations.models import User
from rooms.models import Attendance, Meeting, MeetingReply, Room, RoomMember

PER_PAGE = 20


def _with_my_answer(meetings: QuerySet[Meeting], user: User) -> QuerySet[Meeting]:
    answer = MeetingReply.objects.filter(meeting=OuterRef("pk"), user_id=user.pk).values("answer")[
        :1
    ]
    return meetings.annotate(my_answer=Subquery(answer))


@dataclass(frozen=True)
class MeetingList:
    coming: Page[Meeting]
    past: Page[Meeting]


def room_meetings(
    room: Room, user: User, *, coming_page: str | int | None, past_page: str | int | None
) -> MeetingList:
    """The room's meetings not yet over (soonest first) and the past ones (latest first), each
    a page, each meeting with ``my_answer`` (``"yes"``, ``"no"`` or None)."""
    now = timezone.now()
    meetings = _with_my_answer(Meeting.objects.filter(room=room), user)
    coming = meetings.filter(ends_at__gt=now).order_by("starts_at", "pk")
    past = meetings.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    return MeetingList(
        coming=Paginator(coming, PER_PAGE).get_page(coming_page),
        past=Paginator(past, PER_PAGE).get_page(past_page),
    )


def my_answer(meeting: Meeting, user: User) -> str | None:
    return (
        MeetingReply.objects.filter(meeting=meeting, user_id=user.pk)
        .values_list("answer", flat=True)
        .first()
    )


@dataclass(frozen=True)
class Replies:
    attending: list[User]
    declined: list[User]
    unanswered: list[User]


def meeting_replies(meeting: Meeting) -> Replies:
    """Who attends, who does not (also people who have left the room since they replied), and
    which of the room's members have not answered — two queries."""
    replies = list(
        MeetingReply.objects.filter(meeting=meeting)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    answered = {reply.user_id for reply in replies}
    members = (
        RoomMember.objects.filter(room_id=meeting.room_id)
        .exclude(user_id__in=answered)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    return Replies(
        attending=[r.user for r in replies if r.answer == Attendance.YES],
        declined=[r.user for r in replies if r.answer == Attendance.NO],
        unanswered=[member.user for member in members],
    )
