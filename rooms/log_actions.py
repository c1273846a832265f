"""The Wagtail audit-log actions the project web's services write (``rooms.*``).

``rooms/wagtail_hooks.py`` registers them; Wagtail refuses to log an unregistered action. One
tuple per part of the room, joined at the end.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Actions = tuple[tuple[str, Promise], ...]

ROOMS: Actions = (
    ("rooms.room.create", _("Projektrum oprettet")),
    ("rooms.room.update", _("Projektrum rettet")),
    ("rooms.room.archive", _("Projektrum arkiveret")),
    ("rooms.member.invite", _("Person inviteret til projektrum")),
    ("rooms.member.join", _("Person kom med i projektrum")),
    ("rooms.member.remove", _("Person fjernet fra projektrum")),
    ("rooms.member.role", _("Rolle i projektrum ændret")),
    ("rooms.invitation.revoke", _("Invitation til projektrum tilbagekaldt")),
)

DOCUMENTS: Actions = ()

MEETINGS: Actions = ()

FORUM: Actions = ()

VOTES: Actions = ()

ERFA: Actions = ()

LOG_ACTIONS: Actions = ROOMS + DOCUMENTS + MEETINGS + FORUM + VOTES + ERFA
