"""The Wagtail audit-log actions the process services write (``processes.*``).

``processes/wagtail_hooks.py`` registers them; Wagtail refuses to log an unregistered action.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LOG_ACTIONS: tuple[tuple[str, Promise], ...] = (
    ("processes.process.start", _("Forløb startet")),
    ("processes.process.update", _("Forløb rettet")),
    ("processes.process.close", _("Forløb afsluttet eller stoppet")),
    ("processes.process.reopen", _("Forløb genåbnet")),
    ("processes.role.assign", _("Rolle i forløb besat")),
    ("processes.milestone.plan", _("Milepæl planlagt")),
    ("processes.milestone.status", _("Milepælens status ændret")),
    ("processes.milestone.note", _("Noter til milepæl ændret")),
    ("processes.anchoring.edit", _("Forankringsplan ændret")),
    ("processes.anchoring.goal", _("Rolleskift gjort til mål i kompetenceplan")),
    ("processes.team.edit", _("Holdets kompetencebehov ændret")),
    ("processes.document.add", _("Dokument uploadet til milepæl")),
    ("processes.document.delete", _("Dokument slettet fra milepæl")),
    ("processes.decision.add", _("Beslutning skrevet i beslutningslog")),
    ("processes.sheet.save", _("Værktøj i forløb gemt")),
)
