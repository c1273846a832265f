"""A room's meeting calendar: invitations as iCalendar that update and cancel (stable UID, rising
SEQUENCE, METHOD:CANCEL), never an e-mail twice, replies, minutes, the person's feed, 404 for
anyone outside the room, and a list that costs the same at 10 and 1,000 meetings."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.mail.models import OutboundEmail
from courses import calendar as course_calendar
from organisations.models import User
from rooms.models import (
    ActivityVerb,
    Attendance,
    Meeting,
    MeetingReply,
    MemberRole,
    RoomActivity,
)
from rooms.services import meetings as services
from rooms.tasks import send_meeting_invitations
from tests.factories import person
from tests.rooms.meetings_fixtures import (  # noqa: F401  (fixtures are found by name)
    World,
    in_days,
    join,
    logged_in,
    make_meeting,
    world_fixture,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _form(day: datetime | None = None, **overrides: str) -> dict[str, str]:
    day = day or in_days(7, time(10, 0))
    data = {
        "title": "Styregruppemøde",
        "date": day.date().isoformat(),
        "start": "10:00",
        "end": "12:00",
        "place": "Fælleshuset, Fjordparken",
        "online_url": "https://moede.example/styregruppe",
        "agenda": "1. Status\n2. Næste fase",
    }
    return {**data, **overrides}


def _ics(message: Any) -> Calendar:
    (filename, content, mimetype), *_rest = message.attachments
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def _vevent(cal: Calendar) -> Any:
    (event,) = cal.walk("VEVENT")
    return event


def _sequence(event: Any) -> int:
    return int(str(event["SEQUENCE"]))


def _mails_to(user: User) -> list[Any]:
    return [m for m in mail.outbox if m.to == [user.email]]


# --- Calling a meeting: the invitation -------------------------------------------------------


class TestCreate:
    def test_every_member_gets_an_invitation_with_the_ics(
        self, world: World, django_capture_on_commit_callbacks: Any
    ) -> None:
        url = reverse("rooms:meeting_create", kwargs={"pk": world.room.pk})
        assert logged_in(world.member).get(url).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = logged_in(world.member).post(url, _form())
        meeting = Meeting.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "rooms:meeting", kwargs={"pk": world.room.pk, "m": meeting.pk}
        )
        assert meeting.created_by == world.member and meeting.sequence == 0
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            u.email for u in (world.owner, world.member, world.guest)
        )
        message = _mails_to(world.guest)[0]
        assert "Indkaldelse: Styregruppemøde" in message.subject
        cal = _ics(message)
        assert cal["METHOD"] == "REQUEST"
        event = _vevent(cal)
        assert str(event["UID"]) == f"meeting-{meeting.pk}-person-{world.guest.pk}@almenlaering.dk"
        assert _sequence(event) == 0
        assert str(event["STATUS"]) == "CONFIRMED"
        start = event["DTSTART"]
        assert start.params["TZID"] == "Europe/Copenhagen"
        assert start.dt.replace(tzinfo=None) == in_days(7, time(10, 0)).replace(tzinfo=None)
        assert start.dt == meeting.starts_at
        assert "Fælleshuset, Fjordparken" in str(event["LOCATION"])
        assert world.outsider.email not in {m.to[0] for m in mail.outbox}
        activity = RoomActivity.objects.get(room=world.room)
        assert activity.verb == ActivityVerb.MEETING and activity.subject == "Styregruppemøde"

    def test_an_end_before_the_start_is_refused_beside_the_end_with_the_input_kept(
        self, world: World
    ) -> None:
        response = logged_in(world.owner).post(
            reverse("rooms:meeting_create", kwargs={"pk": world.room.pk}),
            _form(title="Mødet der slutter før det starter", start="14:00", end="13:00"),
        )
        assert response.status_code == 400
        form = response.context["form"]
        assert form.errors == {"end": ["Mødet skal slutte, efter det er begyndt."]}
        html = response.content.decode()
        assert "Mødet der slutter før det starter" in html
        assert "Fælleshuset, Fjordparken" in html
        assert not Meeting.objects.exists()
        assert not mail.outbox

    def test_the_database_also_refuses_an_end_before_the_start(self, world: World) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Meeting.objects.create(
                room=world.room,
                title="Baglæns",
                starts_at=in_days(1, time(12, 0)),
                ends_at=in_days(1, time(11, 0)),
            )

    def test_a_guest_may_not_call_a_meeting(self, world: World) -> None:
        url = reverse("rooms:meeting_create", kwargs={"pk": world.room.pk})
        assert logged_in(world.guest).get(url).status_code == 403
        assert logged_in(world.guest).post(url, _form()).status_code == 403
        assert not Meeting.objects.exists()


# --- Updates and the cancellation ------------------------------------------------------------


class TestUpdateAndCancel:
    def test_a_new_time_raises_the_sequence_and_sends_the_update(
        self, world: World, django_capture_on_commit_callbacks: Any
    ) -> None:
        meeting = make_meeting(world.room)
        with django_capture_on_commit_callbacks(execute=True):
            response = logged_in(world.owner).post(
                reverse("rooms:meeting_edit", kwargs={"pk": world.room.pk, "m": meeting.pk}),
                _form(start="13:00", end="15:00"),
            )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.sequence == 1
        assert meeting.starts_at == in_days(7, time(13, 0))
        message = _mails_to(world.member)[0]
        assert message.subject.startswith("Ændret møde")
        cal = _ics(message)
        assert cal["METHOD"] == "REQUEST"
        event = _vevent(cal)
        assert _sequence(event) == 1
        assert str(event["UID"]) == f"meeting-{meeting.pk}-person-{world.member.pk}@almenlaering.dk"
        assert RoomActivity.objects.filter(verb=ActivityVerb.MEETING_CHANGED).count() == 1

    def test_a_new_agenda_only_sends_nothing_and_keeps_the_sequence(
        self, world: World, django_capture_on_commit_callbacks: Any
    ) -> None:
        meeting = make_meeting(
            world.room,
            place="Fælleshuset, Fjordparken",
            online_url="https://moede.example/styregruppe",
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_update(
                actor=world.owner,
                meeting=meeting,
                title=meeting.title,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                place=meeting.place,
                online_url=meeting.online_url,
                agenda="1. Ny dagsorden",
            )
        meeting.refresh_from_db()
        assert meeting.agenda == "1. Ny dagsorden" and meeting.sequence == 0
        assert not mail.outbox

    def test_a_member_who_joined_later_gets_the_next_update(
        self, world: World, django_capture_on_commit_callbacks: Any
    ) -> None:
        meeting = make_meeting(world.room)
        latecomer = person("lene@nordlys.example", None, (), "Lene", "Senere")
        join(world.room, latecomer, MemberRole.MEMBER)
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_update(
                actor=world.owner,
                meeting=meeting,
                title=meeting.title,
                starts_at=meeting.starts_at + timedelta(hours=1),
                ends_at=meeting.ends_at + timedelta(hours=1),
            )
        (message,) = _mails_to(latecomer)
        assert _sequence(_vevent(_ics(message))) == 1

    def test_cancelling_sends_method_cancel_with_a_higher_sequence(
        self, world: World, django_capture_on_commit_callbacks: Any
    ) -> None:
        meeting = make_meeting(world.room)
        url = reverse("rooms:meeting_cancel", kwargs={"pk": world.room.pk, "m": meeting.pk})
        client = logged_in(world.member)
        assert client.get(url).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url).status_code == 302
        meeting.refresh_from_db()
        assert meeting.cancelled_at is not None and meeting.sequence == 1
        assert len(mail.outbox) == 3
        message = _mails_to(world.guest)[0]
        assert message.subject.startswith("Aflyst")
        cal = _ics(message)
        assert cal["METHOD"] == "CANCEL"
        event = _vevent(cal)
        assert str(event["STATUS"]) == "CANCELLED"
        assert _sequence(event) == 1
        assert str(event["UID"]) == f"meeting-{meeting.pk}-person-{world.guest.pk}@almenlaering.dk"
        assert RoomActivity.objects.filter(verb=ActivityVerb.MEETING_CANCELLED).count() == 1

    def test_a_cancelled_meeting_is_not_cancelled_or_changed_again(self, world: World) -> None:
        meeting = make_meeting(world.room, cancelled_at=timezone.now(), sequence=1)
        client = logged_in(world.owner)
        client.post(reverse("rooms:meeting_cancel", kwargs={"pk": world.room.pk, "m": meeting.pk}))
        response = client.post(
            reverse("rooms:meeting_edit", kwargs={"pk": world.room.pk, "m": meeting.pk}),
            _form(start="13:00", end="15:00"),
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.sequence == 1 and meeting.starts_at == in_days(7, time(10, 0))


# --- Never twice -----------------------------------------------------------------------------


class TestTaskRetry:
    def test_a_retried_task_sends_no_e_mail_twice(
        self, world: World, django_capture_on_commit_callbacks: Any
    ) -> None:
        meeting = make_meeting(world.room)
        with django_capture_on_commit_callbacks(execute=True):
            assert send_meeting_invitations(meeting.pk, 0) == 3
        assert len(mail.outbox) == 3
        with django_capture_on_commit_callbacks(execute=True):
            send_meeting_invitations(meeting.pk, 0)
        assert OutboundEmail.objects.count() == 3
        assert len(mail.outbox) == 3
        keys = set(OutboundEmail.objects.values_list("dedupe_key", flat=True))
        assert f"rooms-meeting:{meeting.pk}:{world.guest.pk}:0" in keys

    def test_a_task_for_an_older_sequence_sends_nothing(self, world: World) -> None:
        meeting = make_meeting(world.room, sequence=2)
        assert send_meeting_invitations(meeting.pk, 1) == 0
        assert not OutboundEmail.objects.exists()


# --- Replies ---------------------------------------------------------------------------------


class TestReply:
    def test_a_guest_replies_and_may_change_the_reply(self, world: World) -> None:
        meeting = make_meeting(world.room)
        url = reverse("rooms:meeting_reply", kwargs={"pk": world.room.pk, "m": meeting.pk})
        client = logged_in(world.guest)
        assert client.post(url, {"answer": "yes"}).status_code == 302
        assert client.post(url, {"answer": "no"}).status_code == 302
        reply = MeetingReply.objects.get()
        assert reply.user == world.guest and reply.answer == Attendance.NO
        page = client.get(reverse("rooms:meeting", kwargs={"pk": world.room.pk, "m": meeting.pk}))
        replies = page.context["replies"]
        assert replies.declined == [world.guest]
        assert set(replies.unanswered) == {world.owner, world.member}
        assert page.context["my_answer"] == "no"

    def test_a_nonsense_answer_is_refused(self, world: World) -> None:
        meeting = make_meeting(world.room)
        url = reverse("rooms:meeting_reply", kwargs={"pk": world.room.pk, "m": meeting.pk})
        logged_in(world.member).post(url, {"answer": "maybe"})
        assert not MeetingReply.objects.exists()

    def test_the_reply_is_the_attendee_status_in_the_next_update(
        self, world: World, django_capture_on_commit_callbacks: Any
    ) -> None:
        meeting = make_meeting(world.room, sequence=1)
        services.meeting_reply(actor=world.member, meeting=meeting, answer="yes")
        with django_capture_on_commit_callbacks(execute=True):
            send_meeting_invitations(meeting.pk, 1)
        event = _vevent(_ics(_mails_to(world.member)[0]))
        assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"


# --- Minutes ---------------------------------------------------------------------------------


class TestMinutes:
    def _url(self, meeting: Meeting, name: str = "rooms:meeting_minutes") -> str:
        return reverse(name, kwargs={"pk": meeting.room_id, "m": meeting.pk})

    def test_minutes_are_refused_before_the_meeting_begins(self, world: World) -> None:
        meeting = make_meeting(world.room, days=3)
        response = logged_in(world.owner).post(self._url(meeting), {"minutes": "For tidligt"})
        assert response.status_code == 400
        assert "når mødet er begyndt" in response.content.decode()
        meeting.refresh_from_db()
        assert meeting.minutes == "" and meeting.minutes_at is None

    def test_text_and_a_file_after_the_meeting_then_a_member_downloads_it(
        self, world: World
    ) -> None:
        meeting = make_meeting(world.room, days=-1)
        response = logged_in(world.member).post(
            self._url(meeting),
            {
                "minutes": "Punkt 1: status godkendt.",
                "minutes_file": SimpleUploadedFile("referat.pdf", PDF, "application/pdf"),
            },
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.minutes == "Punkt 1: status godkendt."
        assert meeting.minutes_file_name == "referat.pdf" and meeting.minutes_at is not None
        assert RoomActivity.objects.filter(verb=ActivityVerb.MINUTES).count() == 1
        download: Any = logged_in(world.guest).get(
            self._url(meeting, "rooms:meeting_minutes_download")
        )
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert "referat.pdf" in download["Content-Disposition"]
        meeting.minutes_file.delete(save=False)

    def test_a_file_that_is_not_what_its_name_says_is_refused_beside_the_field(
        self, world: World
    ) -> None:
        meeting = make_meeting(world.room, days=-1)
        response = logged_in(world.owner).post(
            self._url(meeting),
            {
                "minutes": "Punkt 1",
                "minutes_file": SimpleUploadedFile("referat.pdf", b"just text\n", "text/plain"),
            },
        )
        assert response.status_code == 400
        assert response.context["form"].errors["minutes_file"]
        assert "Punkt 1" in response.content.decode()
        meeting.refresh_from_db()
        assert meeting.minutes_at is None and not meeting.minutes_file

    def test_empty_minutes_are_refused(self, world: World) -> None:
        meeting = make_meeting(world.room, days=-1)
        response = logged_in(world.owner).post(self._url(meeting), {"minutes": "   "})
        assert response.status_code == 400
        assert response.context["form"].errors == {
            "minutes": ["Skriv referatet, eller vælg en fil."]
        }


# --- The person's calendar feed and download -------------------------------------------------


class TestFeed:
    def test_the_feed_has_the_rooms_meetings_cancelled_ones_as_cancelled(
        self, client: Client, world: World
    ) -> None:
        coming = make_meeting(world.room, title="Kommende møde")
        cancelled = make_meeting(
            world.room, days=2, title="Aflyst møde", cancelled_at=timezone.now(), sequence=1
        )
        recent = make_meeting(world.room, days=-30, title="Nyligt møde")
        old = make_meeting(world.room, days=-120, title="Gammelt møde")
        elsewhere = make_meeting(world.other_room, title="Andet rums møde")
        url = course_calendar.calendar_feed_url(world.member)
        assert url is not None
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200
        cal = Calendar.from_ical(response.content)
        events = {str(e["UID"]): e for e in cal.walk("VEVENT")}

        def uid(meeting: Meeting) -> str:
            return f"meeting-{meeting.pk}-person-{world.member.pk}@almenlaering.dk"

        assert uid(coming) in events and uid(recent) in events
        assert uid(old) not in events and uid(elsewhere) not in events
        assert str(events[uid(cancelled)]["STATUS"]) == "CANCELLED"
        assert _sequence(events[uid(cancelled)]) == 1
        assert "METHOD" not in cal

    def test_the_feed_source_is_one_query_for_any_number_of_meetings(self, world: World) -> None:
        from rooms.calendar import meeting_feed_events

        for days in range(1, 6):
            make_meeting(world.room, days=days)
        with CaptureQueriesContext(connection) as few:
            assert len(list(meeting_feed_events(world.member))) == 5
        for days in range(6, 60):
            make_meeting(world.room, days=days)
        with CaptureQueriesContext(connection) as many:
            assert len(list(meeting_feed_events(world.member))) == 59
        assert len(few) == len(many) == 1

    def test_the_own_download_is_publish_with_the_same_uid(self, world: World) -> None:
        meeting = make_meeting(world.room)
        response = logged_in(world.guest).get(
            reverse("rooms:meeting_ics", kwargs={"pk": world.room.pk, "m": meeting.pk})
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        cal = Calendar.from_ical(response.content)
        assert cal["METHOD"] == "PUBLISH"
        event = _vevent(cal)
        assert str(event["UID"]) == f"meeting-{meeting.pk}-person-{world.guest.pk}@almenlaering.dk"
