"""A room with an owner, two members, a guest and an outsider (in a room of their own), for the
forum's tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from organisations.models import Organisation, User
from rooms.models import ForumNotify, MemberRole, Room, RoomKind, RoomMember
from tests.factories import OrganisationFactory, person


@dataclass
class Forum:
    room: Room
    other_room: Room
    owner: User
    member: User
    colleague: User
    guest: User
    outsider: User


def room_create(title: str, organisation: Organisation | None = None) -> Room:
    return Room.objects.create(kind=RoomKind.NETWORK, title=title, organisation=organisation)


def join(room: Room, user: User, role: str, notify: str = ForumNotify.NEVER) -> RoomMember:
    return RoomMember.objects.create(room=room, user=user, role=role, forum_notify=notify)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(name="forum")
def forum_fixture() -> Forum:
    fjordbo = OrganisationFactory.create(name="Fjordbo")
    nordlys = OrganisationFactory.create(name="Nordlys")
    owner = person("maja@fjordbo.example", fjordbo, ["staff"], "Maja", "Ejer")
    member = person("peder@nordlys.example", nordlys, ["staff"], "Peder", "Medlem")
    colleague = person("sanne@nordlys.example", nordlys, ["staff"], "Sanne", "Kollega")
    guest = person("kirsten@fjordbo.example", fjordbo, ["staff"], "Kirsten", "Gæst")
    outsider = person("ulla@nordlys.example", nordlys, ["staff"], "Ulla", "Udenfor")
    room = room_create("Boligsocialt netværk")
    other_room = room_create("Fjordbos byggesag", fjordbo)
    join(room, owner, MemberRole.OWNER)
    join(room, member, MemberRole.MEMBER)
    join(room, colleague, MemberRole.MEMBER)
    join(room, guest, MemberRole.GUEST)
    join(other_room, outsider, MemberRole.OWNER)
    return Forum(room, other_room, owner, member, colleague, guest, outsider)
