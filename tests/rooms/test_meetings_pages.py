"""The meeting calendar's pages: 404 for anyone outside the room on every route (also for a
meeting id from another room), the list in Danish time with coming meetings first, and the same
number of queries for 10 and 1,000 meetings."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rooms.models import Meeting, MeetingReply, Room
from tests.rooms.meetings_fixtures import (  # noqa: F401  (fixtures are found by name)
    World,
    in_days,
    logged_in,
    make_meeting,
    world_fixture,
)

pytestmark = pytest.mark.django_db

MEETING_ROUTES = [
    "rooms:meeting",
    "rooms:meeting_edit",
    "rooms:meeting_cancel",
    "rooms:meeting_reply",
    "rooms:meeting_minutes",
    "rooms:meeting_minutes_download",
    "rooms:meeting_ics",
]
ROOM_ROUTES = ["rooms:meetings", "rooms:meeting_create"]


class TestNotFound:
    @pytest.mark.parametrize("name", ROOM_ROUTES)
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_a_non_member_gets_404_for_the_rooms_routes(
        self, world: World, name: str, method: str
    ) -> None:
        url = reverse(name, kwargs={"pk": world.room.pk})
        response = getattr(logged_in(world.outsider), method)(url)
        assert response.status_code == 404

    @pytest.mark.parametrize("name", MEETING_ROUTES)
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_a_non_member_gets_404_for_every_meeting_route(
        self, world: World, name: str, method: str
    ) -> None:
        meeting = make_meeting(world.room, days=-1, minutes="Referat")
        url = reverse(name, kwargs={"pk": world.room.pk, "m": meeting.pk})
        response = getattr(logged_in(world.outsider), method)(url, {"answer": "yes"})
        assert response.status_code == 404
        assert not MeetingReply.objects.exists()

    @pytest.mark.parametrize("name", MEETING_ROUTES)
    def test_a_meeting_of_another_room_is_404_through_ones_own_room(
        self, world: World, name: str
    ) -> None:
        elsewhere = make_meeting(world.other_room, days=-1)
        url = reverse(name, kwargs={"pk": world.room.pk, "m": elsewhere.pk})
        assert logged_in(world.owner).get(url).status_code == 404

    def test_anonymous_visitors_are_sent_to_log_in(self, client: Client, world: World) -> None:
        response = client.get(reverse("rooms:meetings", kwargs={"pk": world.room.pk}))
        assert response.status_code == 302 and "login" in response["Location"]


class TestList:
    def test_coming_meetings_first_in_danish_time_with_my_reply(self, world: World) -> None:
        summer = make_meeting(world.room, days=-3, title="Holdt møde")
        coming = make_meeting(world.room, days=5, title="Kommende møde")
        MeetingReply.objects.create(meeting=coming, user=world.member, answer="yes")
        response = logged_in(world.member).get(
            reverse("rooms:meetings", kwargs={"pk": world.room.pk})
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.index("Kommende møde") < html.index("Holdt møde")
        assert "kl. 10.00–12.00" in html
        assert list(response.context["coming"].object_list) == [coming]
        assert list(response.context["past"].object_list) == [summer]
        assert response.context["coming"].object_list[0].my_answer == "yes"

    def test_the_detail_shows_agenda_minutes_and_replies(self, world: World) -> None:
        meeting = make_meeting(
            world.room, days=-1, agenda="1. Status", minutes="Status godkendt.", place="Hal 2"
        )
        meeting.minutes_at = meeting.ends_at
        meeting.save()
        MeetingReply.objects.create(meeting=meeting, user=world.guest, answer="yes")
        response = logged_in(world.member).get(
            reverse("rooms:meeting", kwargs={"pk": world.room.pk, "m": meeting.pk})
        )
        html = response.content.decode()
        assert "1. Status" in html and "Status godkendt." in html and "Hal 2" in html
        assert response.context["replies"].attending == [world.guest]

    @staticmethod
    def _make(room: Room, count: int) -> None:
        start = in_days(-count // 2, time(9, 0))
        Meeting.objects.bulk_create(
            Meeting(
                room=room,
                title=f"Møde {n}",
                starts_at=start + timedelta(days=n),
                ends_at=start + timedelta(days=n, hours=1),
            )
            for n in range(count)
        )

    def _queries(self, world: World) -> int:
        client = logged_in(world.member)
        url = reverse("rooms:meetings", kwargs={"pk": world.room.pk})
        client.get(url)  # session, content types and the like, cached from here on
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"tidligere": 2})
        assert response.status_code == 200
        return len(captured)

    def test_the_list_costs_the_same_for_10_and_1000_meetings(self, world: World) -> None:
        self._make(world.room, 10)
        few = self._queries(world)
        Meeting.objects.all().delete()
        self._make(world.room, 1000)
        many = self._queries(world)
        assert few == many
