"""The room page's "what happened lately": one line per thing a member did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rooms.models import ActivityVerb, Room, RoomActivity

if TYPE_CHECKING:
    from organisations.models import User


def activity_record(
    *, room: Room, actor: User | None, verb: ActivityVerb | str, subject: str = "", path: str = ""
) -> RoomActivity:
    """Add a line to the room's activity (called inside the service's own transaction).

    ``subject`` is what it was about as it is called now ("Referat 3. marts"), ``path`` where a
    member finds it; both are cut to their columns' length rather than refused, since a long
    document title must never stop the upload it describes.
    """
    return RoomActivity.objects.create(
        room=room, actor=actor, verb=verb, subject=subject[:250], path=path[:250]
    )
