"""Shared fixtures of the meeting calendar's tests: a room with an owner, a member and a guest,
another room with an outsider, and a quick meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from organisations.models import User
from rooms.models import Meeting, MemberRole, Room, RoomKind, RoomMember
from tests.factories import OrganisationFactory, person

TZ = ZoneInfo("Europe/Copenhagen")


@dataclass
class World:
    room: Room
    other_room: Room
    owner: User
    member: User
    guest: User
    outsider: User


def join(room: Room, user: User, role: str) -> RoomMember:
    return RoomMember.objects.create(room=room, user=user, role=role)


@pytest.fixture(name="world")
def world_fixture() -> World:
    fjordbo = OrganisationFactory.create(name="Fjordbo")
    nordlys = OrganisationFactory.create(name="Nordlys")
    owner = person("maja@fjordbo.example", fjordbo, ["staff"], "Maja", "Ejer")
    member = person("peder@nordlys.example", nordlys, ["staff"], "Peder", "Medlem")
    guest = person("kirsten@fjordbo.example", fjordbo, ["staff"], "Kirsten", "Gæst")
    outsider = person("olga@nordlys.example", nordlys, ["staff"], "Olga", "Udenfor")
    room = Room.objects.create(kind=RoomKind.NETWORK, title="Udviklingsprojektet")
    other_room = Room.objects.create(kind=RoomKind.ERFA, title="Andet rum", organisation=nordlys)
    join(room, owner, MemberRole.OWNER)
    join(room, member, MemberRole.MEMBER)
    join(room, guest, MemberRole.GUEST)
    join(other_room, outsider, MemberRole.OWNER)
    return World(room, other_room, owner, member, guest, outsider)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def in_days(days: int, clock: time) -> datetime:
    return datetime.combine(timezone.localdate() + timedelta(days=days), clock, tzinfo=TZ)


def make_meeting(
    room: Room, *, days: int = 7, title: str = "Styregruppemøde", **extra: Any
) -> Meeting:
    return Meeting.objects.create(
        room=room,
        title=title,
        starts_at=in_days(days, time(10, 0)),
        ends_at=in_days(days, time(12, 0)),
        **extra,
    )
