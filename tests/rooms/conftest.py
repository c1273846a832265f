"""Fixtures shared by the rooms tests (helper H1's): a Fjordbo room owned by Alice with Bob as
member, and Olga of Nordlys, who is in no room and must get 404 everywhere.

Other parts keep their own fixtures in their own modules (``tests/rooms/<part>_fixtures.py``).
"""

from __future__ import annotations

import pytest

from organisations.models import Organisation, User
from rooms.models import Room
from tests.factories import person
from tests.factories.rooms import room_with


@pytest.fixture
def fjordbo_room(alice: User, bob: User, fjordbo: Organisation) -> Room:
    return room_with(
        alice,
        members=[bob],
        organisation=fjordbo,
        title="Helhedsplan Fjordparken",
        description="Projektgruppen for helhedsplanen.",
    )


@pytest.fixture
def olga(nordlys: Organisation) -> User:
    """A staff member of another organisation, in no room."""
    return person("olga@nordlys.example", nordlys, ["staff"], "Olga", "Ravn")
