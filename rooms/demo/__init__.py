"""Demo project web for ``seed_demo``: two rooms, then each part's own demo in them.

``DemoRooms`` is what every part's ``rooms.demo.<part>.seed(rooms)`` gets: the network's room
for the programme's own development project, the ERFA group at Fjordparken, and the demo
people by first name (lower case).
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from organisations.models import User
from rooms.models import Room

# Each part's demo, in this order, run only where the part is built.
PARTS = ("documents", "meetings", "forum", "votes", "erfa")


@dataclass(frozen=True)
class DemoRooms:
    network: Room
    erfa: Room
    people: dict[str, User]


def seed() -> DemoRooms:
    """Create (or find) the two demo rooms, then run each existing part's demo in them."""
    from rooms.demo.rooms import seed_rooms

    rooms = seed_rooms()
    for part in PARTS:
        name = f"rooms.demo.{part}"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        module.seed(rooms)
    return rooms


__all__ = ["PARTS", "DemoRooms", "seed"]
