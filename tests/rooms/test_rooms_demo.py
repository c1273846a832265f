"""The demo rooms: the network's development project room with members from four
organisations and a guest, the ERFA group at Fjordparken — made through the services, twice
safely — and each part's demo called in order with them."""

from __future__ import annotations

import pytest

from organisations import demo as organisations_demo
from rooms import demo
from rooms.demo.rooms import ERFA_TITLE, NETWORK_TITLE, seed_rooms
from rooms.models import MemberRole, RoomInvitation, RoomKind, RoomMember

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("mailoutbox")
def test_the_demo_rooms_twice() -> None:
    organisations_demo.seed()
    rooms = seed_rooms()
    counts = (RoomMember.objects.count(), RoomInvitation.objects.count())
    again = seed_rooms()
    assert counts == (RoomMember.objects.count(), RoomInvitation.objects.count())
    assert (again.network.pk, again.erfa.pk) == (rooms.network.pk, rooms.erfa.pk)

    network = rooms.network
    assert (network.title, network.organisation, network.kind) == (
        NETWORK_TITLE,
        None,
        RoomKind.DEVELOPMENT,
    )
    roles = dict(RoomMember.objects.filter(room=network).values_list("user__email", "role"))
    assert roles["maria@almennet.example"] == MemberRole.OWNER
    assert roles["karen@fjordbo.example"] == MemberRole.GUEST
    assert len(roles) == 6
    organisations = set(
        RoomMember.objects.filter(room=network)
        .exclude(user__email="maria@almennet.example")
        .values_list("user__memberships__organisation__name", flat=True)
    )
    assert len(organisations) >= 4

    erfa = rooms.erfa
    assert (erfa.title, erfa.kind) == (ERFA_TITLE, RoomKind.ERFA)
    assert [d.number for d in erfa.departments.all()] == ["101"]
    assert RoomMember.objects.get(room=erfa, role=MemberRole.OWNER).user.email == (
        "henrik@fjordbo.example"
    )
    assert RoomMember.objects.filter(room=erfa).count() == 5
    assert set(rooms.people) >= {"maria", "henrik", "peter", "karen", "amina", "birthe"}


def test_the_parts_are_seeded_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    called: list[str] = []
    fake = demo.DemoRooms(network=None, erfa=None, people={})  # type: ignore[arg-type]  # parts are faked
    monkeypatch.setattr("rooms.demo.rooms.seed_rooms", lambda: fake)
    real_import = importlib.import_module

    class Part:
        def __init__(self, name: str) -> None:
            self.name = name

        def seed(self, rooms: demo.DemoRooms) -> None:
            assert rooms is fake
            called.append(self.name)

    def fake_import(name: str) -> object:
        if name.startswith("rooms.demo."):
            return Part(name.rsplit(".", 1)[-1])
        return real_import(name)

    monkeypatch.setattr(importlib, "import_module", fake_import)
    assert demo.seed() is fake
    expected = [p for p in demo.PARTS if importlib.util.find_spec(f"rooms.demo.{p}")]
    assert called == expected
