"""The demo's meetings: two past meetings with minutes and replies and one coming with an agenda
in the network room, one past and one coming in the ERFA group; seeding twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core import mail
from django.utils import timezone

from organisations.models import User
from rooms.demo import meetings as demo
from rooms.models import Meeting, MeetingReply, MemberRole, Room, RoomKind, RoomMember
from tests.factories import person

pytestmark = pytest.mark.django_db


@dataclass
class FakeDemoRooms:
    network: Room
    erfa: Room
    people: dict[str, User]


@pytest.fixture
def rooms() -> FakeDemoRooms:
    names = ["maria", "peter", "anna", "sara", "bente", "karen", "henrik", "amina", "birthe"]
    people = {name: person(f"{name}@demo.example", None, (), name.title()) for name in names}
    network = Room.objects.create(kind=RoomKind.DEVELOPMENT, title="Udviklingsprojektet")
    erfa = Room.objects.create(kind=RoomKind.ERFA, title="ERFA Fjordparken")
    for name in ["maria", "peter", "anna", "sara", "bente", "karen"]:
        role = MemberRole.OWNER if name == "maria" else MemberRole.MEMBER
        RoomMember.objects.create(room=network, user=people[name], role=role)
    for name in ["henrik", "peter", "karen", "amina", "birthe"]:
        role = MemberRole.OWNER if name == "henrik" else MemberRole.MEMBER
        RoomMember.objects.create(room=erfa, user=people[name], role=role)
    return FakeDemoRooms(network, erfa, people)


def test_the_demo_meetings_are_there_once(rooms: FakeDemoRooms) -> None:
    demo.seed(rooms)
    demo.seed(rooms)
    now = timezone.now()
    network = Meeting.objects.filter(room=rooms.network)
    past = [m for m in network if m.ends_at < now]
    coming = [m for m in network if m.starts_at > now]
    assert len(past) == 2 and len(coming) == 1
    assert all(m.minutes and m.minutes_at for m in past)
    assert coming[0].agenda and not coming[0].minutes
    assert MeetingReply.objects.filter(meeting__in=past).count() == 8
    erfa = Meeting.objects.filter(room=rooms.erfa)
    assert erfa.count() == 2
    assert erfa.filter(minutes_at__isnull=False).count() == 1
    assert all(m.created_by is not None for m in Meeting.objects.all())
    assert not mail.outbox
