"""``manage.py summaries_rebuild [--organisation ID]``: the gap analysis's stored rows and the
coverage snapshots from scratch (what the nightly task does), after a bulk load or a restore."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from competencies.services import summaries_rebuild


class Command(BaseCommand):
    help = "Genberegn kompetencegab og dækningshistorik (alle organisationer eller én)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", type=int, default=None, help="Organisationens id.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count = summaries_rebuild(organisation=options["organisation"])
        self.stdout.write(
            f"{count} organisation(er) genberegnet på {time.perf_counter() - started:.1f} s."
        )
