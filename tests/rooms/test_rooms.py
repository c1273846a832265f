"""Rooms (projektrum): my rooms, creating (who may, where, an erfaringsgruppe's departments),
the room page with what happened lately, editing (owners), 404 for non-members, and flat
queries for 10 and 1,000 rooms and activities."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.models import Organisation, User
from rooms.models import ActivityVerb, MemberRole, Room, RoomActivity, RoomKind, RoomMember
from tests.factories import person
from tests.factories.rooms import RoomFactory, room_with

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str) -> int:
    client.get(url)  # the first request of a session fills caches (menu, site): not measured
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# --- List ------------------------------------------------------------------------------------


def test_the_list_shows_my_rooms_only_with_owner_and_count(
    alice: User, bob: User, fjordbo_room: Room, maria: User
) -> None:
    room_with(maria, title="Netværkets rum")  # Alice is not a member
    response = _client(bob).get(reverse("rooms:list"))
    html = response.content.decode()
    assert "Helhedsplan Fjordparken" in html
    assert "<td>Fjordbo</td>" in html
    assert "Netværkets rum" not in html
    assert response.context["page_obj"].object_list[0].member_count == 2
    assert "Nyt projektrum" not in html  # Bob (staff) may not create


def test_the_list_offers_a_new_room_to_those_who_may_create(alice: User) -> None:
    response = _client(alice).get(reverse("rooms:list"))
    assert "Nyt projektrum" in response.content.decode()


def test_a_network_room_says_netvaerket(maria: User) -> None:
    room_with(maria, title="Netværkets rum")
    html = _client(maria).get(reverse("rooms:list")).content.decode()
    assert "Netværket" in html


def test_the_list_runs_the_same_queries_for_10_and_1000_rooms(alice: User) -> None:
    def grow(total: int) -> None:
        have = RoomMember.objects.filter(user=alice).count()
        rooms = Room.objects.bulk_create(
            RoomFactory.build(title=f"Rum {have + i:04d}") for i in range(total - have)
        )
        RoomMember.objects.bulk_create(
            RoomMember(room=room, user=alice, role=MemberRole.OWNER) for room in rooms
        )
        RoomActivity.objects.bulk_create(
            RoomActivity(room=room, actor=alice, verb=ActivityVerb.JOINED) for room in rooms
        )

    client = _client(alice)
    grow(10)
    few = _queries(client, reverse("rooms:list"))
    grow(1000)
    assert _queries(client, reverse("rooms:list")) == few


# --- Create ----------------------------------------------------------------------------------


def test_a_leader_creates_a_room_and_becomes_its_owner(alice: User, fjordbo: Organisation) -> None:
    department = fjordbo.departments.get(number="101")
    response = _client(alice).post(
        reverse("rooms:create"),
        {
            "title": "  ERFA   Fjordparken ",
            "kind": RoomKind.ERFA,
            "description": "Vi lærer af hinanden.",
            "organisation": fjordbo.pk,
            "departments": [department.pk],
        },
    )
    room = Room.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("rooms:detail", args=[room.pk])
    assert room.title == "ERFA Fjordparken"
    assert room.created_by == alice
    assert list(room.departments.all()) == [department]
    assert RoomMember.objects.get(room=room).role == MemberRole.OWNER


def test_an_erfa_group_of_an_organisation_needs_a_department(
    alice: User, fjordbo: Organisation
) -> None:
    response = _client(alice).post(
        reverse("rooms:create"),
        {"title": "ERFA", "kind": RoomKind.ERFA, "organisation": fjordbo.pk},
    )
    assert response.status_code == 400
    assert "En erfaringsgruppe skal have mindst én afdeling." in response.content.decode()
    assert response.context["form"]["title"].value() == "ERFA"  # input kept
    assert not Room.objects.exists()


def test_a_department_of_another_organisation_is_refused(
    alice: User, fjordbo: Organisation, nordlys: Organisation
) -> None:
    from rooms.services.rooms import room_create

    other = nordlys.departments.get(number="101")
    with pytest.raises(Exception, match="Afdelingerne skal høre til"):
        room_create(
            actor=alice,
            title="Rum",
            kind=RoomKind.ERFA,
            organisation=fjordbo,
            departments=[other],
        )
    assert not Room.objects.exists()


def test_a_blank_title_is_refused_beside_the_field(alice: User, fjordbo: Organisation) -> None:
    response = _client(alice).post(
        reverse("rooms:create"),
        {"title": "   ", "kind": RoomKind.DEVELOPMENT, "organisation": fjordbo.pk},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["title"]
    assert not Room.objects.exists()


def test_an_unknown_kind_is_refused(alice: User, fjordbo: Organisation) -> None:
    response = _client(alice).post(
        reverse("rooms:create"), {"title": "Rum", "kind": "fest", "organisation": fjordbo.pk}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["kind"]


def test_only_network_editors_create_network_rooms(
    alice: User, maria: User, fjordbo: Organisation
) -> None:
    response = _client(alice).post(
        reverse("rooms:create"), {"title": "Netværk", "kind": RoomKind.NETWORK}
    )
    assert response.status_code == 400  # the organisation is required for Alice
    assert not Room.objects.exists()
    response = _client(maria).post(
        reverse("rooms:create"), {"title": "Netværk", "kind": RoomKind.NETWORK}
    )
    assert response.status_code == 302
    assert Room.objects.get().organisation is None


def test_an_organisation_one_may_not_create_in_is_refused(
    alice: User, nordlys: Organisation
) -> None:
    response = _client(alice).post(
        reverse("rooms:create"),
        {"title": "Rum", "kind": RoomKind.DEVELOPMENT, "organisation": nordlys.pk},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"]
    assert not Room.objects.exists()


def test_staff_may_not_open_the_create_page(bob: User) -> None:
    assert _client(bob).get(reverse("rooms:create")).status_code == 403


# --- Room page -------------------------------------------------------------------------------


def test_the_room_page_shows_description_and_what_happened(
    alice: User, bob: User, fjordbo_room: Room
) -> None:
    RoomActivity.objects.create(
        room=fjordbo_room,
        actor=bob,
        verb=ActivityVerb.DOCUMENT,
        subject="Projektbeskrivelse",
        path="/rum/x/",
    )
    response = _client(bob).get(reverse("rooms:detail", args=[fjordbo_room.pk]))
    html = response.content.decode()
    assert "Projektgruppen for helhedsplanen." in html
    assert "lagde et dokument op" in html
    assert "Projektbeskrivelse" in html
    assert "Ret rummet" not in html  # Bob is no owner


def test_the_room_page_shows_the_latest_20_activities(alice: User, fjordbo_room: Room) -> None:
    RoomActivity.objects.bulk_create(
        RoomActivity(room=fjordbo_room, actor=alice, verb=ActivityVerb.POST, subject=f"S{i}")
        for i in range(25)
    )
    response = _client(alice).get(reverse("rooms:detail", args=[fjordbo_room.pk]))
    assert len(response.context["activities"]) == 20


def test_the_room_page_runs_the_same_queries_for_10_and_1000_activities(
    alice: User, fjordbo_room: Room
) -> None:
    def grow(total: int) -> None:
        have = RoomActivity.objects.filter(room=fjordbo_room).count()
        RoomActivity.objects.bulk_create(
            RoomActivity(room=fjordbo_room, actor=alice, verb=ActivityVerb.POST)
            for _ in range(total - have)
        )

    client = _client(alice)
    url = reverse("rooms:detail", args=[fjordbo_room.pk])
    grow(10)
    few = _queries(client, url)
    grow(1000)
    assert _queries(client, url) == few


def test_non_members_get_404_for_the_room_and_its_edit_page(
    olga: User, alice: User, fjordbo_room: Room
) -> None:
    client = _client(olga)
    assert client.get(reverse("rooms:detail", args=[fjordbo_room.pk])).status_code == 404
    assert client.get(reverse("rooms:edit", args=[fjordbo_room.pk])).status_code == 404
    assert client.post(reverse("rooms:edit", args=[fjordbo_room.pk]), {}).status_code == 404
    # HR of the owning organisation is no member either.
    hr = person("hanne@fjordbo.example", fjordbo_room.organisation, ["staff", "hr"], totp=True)
    assert _client(hr).get(reverse("rooms:detail", args=[fjordbo_room.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(fjordbo_room: Room) -> None:
    response = Client().get(reverse("rooms:detail", args=[fjordbo_room.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- Edit ------------------------------------------------------------------------------------


def test_an_owner_edits_the_room(alice: User, fjordbo_room: Room) -> None:
    url = reverse("rooms:edit", args=[fjordbo_room.pk])
    client = _client(alice)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "Helhedsplan 2", "kind": RoomKind.DEVELOPMENT, "description": "Ny."}
    )
    assert response.status_code == 302
    fjordbo_room.refresh_from_db()
    assert (fjordbo_room.title, fjordbo_room.description) == ("Helhedsplan 2", "Ny.")


def test_editing_to_an_erfa_group_without_departments_is_refused(
    alice: User, fjordbo_room: Room
) -> None:
    response = _client(alice).post(
        reverse("rooms:edit", args=[fjordbo_room.pk]), {"title": "X", "kind": RoomKind.ERFA}
    )
    assert response.status_code == 400
    assert "mindst én afdeling" in response.content.decode()
    fjordbo_room.refresh_from_db()
    assert fjordbo_room.kind == RoomKind.DEVELOPMENT


def test_a_member_may_not_edit(bob: User, fjordbo_room: Room) -> None:
    url = reverse("rooms:edit", args=[fjordbo_room.pk])
    assert _client(bob).get(url).status_code == 403
    assert _client(bob).post(url, {"title": "X", "kind": RoomKind.NETWORK}).status_code == 403
    fjordbo_room.refresh_from_db()
    assert fjordbo_room.title == "Helhedsplan Fjordparken"


def test_the_menu_offers_projektrum_to_members(bob: User, fjordbo_room: Room) -> None:
    response = _client(bob).get(reverse("rooms:list"))
    assert f'href="{reverse("rooms:list")}"' in response.content.decode()
