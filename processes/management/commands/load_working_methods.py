"""``manage.py load_working_methods``: install or update the network's tools and drejebøger.

Idempotent: what is already live unchanged is left alone; what someone has edited in the admin
since is skipped unless ``--overwrite`` is given. Prints what it did, in Danish.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from processes.services.library import InstallResult, library_install
from tools.models import Tool


def outcome_label(result: InstallResult) -> str:
    return {
        "created": _("oprettet og udgivet"),
        "updated": _("opdateret og udgivet"),
        "unchanged": _("uændret"),
        "skipped": _("sprunget over: redigeret i administrationen (brug --overwrite)"),
    }[result.outcome]


class Command(BaseCommand):
    help = _(
        "Installér eller opdatér netværkets værktøjer og drejebøger (samdrift, forankring, "
        "A5, Sæt et godt hold)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help=_("Overskriv også værktøjer og drejebøger, der er redigeret i administrationen."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        results = library_install(overwrite=bool(options["overwrite"]))
        for result in results:
            kind = _("Værktøj") if isinstance(result.obj, Tool) else _("Drejebog")
            self.stdout.write(f"{kind} »{result.obj}«: {outcome_label(result)}")
        counts = {
            key: sum(r.outcome == key for r in results)
            for key in ("created", "updated", "unchanged", "skipped")
        }
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Færdig: %(created)d oprettet, %(updated)d opdateret, %(unchanged)d uændret, "
                    "%(skipped)d sprunget over."
                )
                % counts
            )
        )
