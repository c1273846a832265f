"""Factories of the project web: rooms and memberships, made with the ORM (the models are
fixed), and ``room_with`` for a room with an owner, members and guests in one call.

    room = room_with(alice, members=[bob], guests=[charlie])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory
from factory.django import DjangoModelFactory

from organisations.models import User
from rooms.models import MemberRole, Room, RoomKind, RoomMember


class RoomFactory(DjangoModelFactory[Room]):
    class Meta:
        model = Room

    kind = RoomKind.DEVELOPMENT
    title = factory.Sequence(lambda n: f"Projektrum {n + 1}")
    description = "Et rum til at arbejde sammen."
    organisation = None


class RoomMemberFactory(DjangoModelFactory[RoomMember]):
    class Meta:
        model = RoomMember

    room = factory.SubFactory(RoomFactory)
    user = factory.SubFactory("tests.factories.organisations.UserFactory")
    role = MemberRole.MEMBER


def room_with(
    owner: User,
    members: Iterable[User] = (),
    guests: Iterable[User] = (),
    **room: Any,
) -> Room:
    """A room owned by ``owner`` with ``members`` and ``guests`` (``room``: the Room's fields)."""
    created: Room = RoomFactory.create(created_by=owner, **room)
    RoomMemberFactory.create(room=created, user=owner, role=MemberRole.OWNER)
    for person in members:
        RoomMemberFactory.create(room=created, user=person, role=MemberRole.MEMBER)
    for person in guests:
        RoomMemberFactory.create(room=created, user=person, role=MemberRole.GUEST)
    return created
