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
    ("rooms.member.leave", _("Person forlod projektrum")),
    ("rooms.member.settings", _("Egne indstillinger i projektrum ændret")),
)

DOCUMENTS: Actions = (
    ("rooms.folder.create", _("Mappe oprettet i projektrum")),
    ("rooms.document.create", _("Dokument lagt op i projektrum")),
    ("rooms.document.version", _("Ny version af dokument lagt op")),
    ("rooms.document.move", _("Dokument flyttet til anden mappe")),
    ("rooms.document.delete", _("Dokument slettet fra projektrum")),
)

MEETINGS: Actions = (
    ("rooms.meeting.create", _("Møde indkaldt i projektrum")),
    ("rooms.meeting.update", _("Møde ændret i projektrum")),
    ("rooms.meeting.cancel", _("Møde aflyst i projektrum")),
    ("rooms.meeting.reply", _("Svar på mødeindkaldelse")),
    ("rooms.meeting.minutes", _("Referat lagt op i projektrum")),
)

FORUM: Actions = (
    ("rooms.thread.create", _("Tråd startet i debatforum")),
    ("rooms.post.create", _("Indlæg skrevet i debatforum")),
    ("rooms.post.edit", _("Indlæg rettet i debatforum")),
    ("rooms.post.delete", _("Indlæg slettet i debatforum")),
    ("rooms.post.hide", _("Indlæg skjult af en ejer")),
    ("rooms.post.unhide", _("Skjult indlæg vist igen")),
    ("rooms.thread.lock", _("Tråd låst i debatforum")),
    ("rooms.thread.unlock", _("Tråd låst op i debatforum")),
)

VOTES: Actions = (
    ("rooms.vote.create", _("Afstemning åbnet")),
    ("rooms.vote.cast", _("Stemme afgivet")),
    ("rooms.vote.change", _("Stemme ændret")),
    ("rooms.vote.close", _("Afstemning lukket før fristen")),
)

ERFA: Actions = (
    ("rooms.agreement.create", _("Aftale noteret i erfaringsgruppe")),
    ("rooms.agreement.update", _("Aftale i erfaringsgruppe rettet")),
    ("rooms.lesson.share", _("Erfaring fra erfaringsgruppe delt med sektoren")),
)

LOG_ACTIONS: Actions = ROOMS + DOCUMENTS + MEETINGS + FORUM + VOTES + ERFA
