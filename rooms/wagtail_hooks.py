"""Wagtail registrations of the project web: the audit-log actions its services write.

Rooms are worked in on the site (/rum/), not in the admin: a room is its members' own place.
"""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from rooms.log_actions import LOG_ACTIONS


@hooks.register("register_log_actions")
def register_room_log_actions(actions: Any) -> None:
    for action, label in LOG_ACTIONS:
        actions.register_action(action, label, label)
