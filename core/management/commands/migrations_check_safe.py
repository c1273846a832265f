"""``manage.py migrations_check_safe``: fail on a migration the running release does not survive.

Run by ``make lint`` and by tests/lms/test_migration_safety.py (both CI passes); needs no
database. The rules and their fixes: ``core.ops.migration_safety`` and docs/operations.md
("Releases without downtime").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.ops.migration_safety import BASELINE_FILE, baseline_line, check_project


class Command(BaseCommand):
    help = (
        "Tjek at ingen migration fjerner eller omdøber en kolonne, som den kørende udgivelse "
        "bruger, tilføjer NOT NULL uden db_default eller bygger et indeks uden CONCURRENTLY "
        "på en stor tabel."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Vis også de overtrædelser, baseline'en tillader (i baseline-format).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = check_project()
        if options["all"]:
            for violation in report.grandfathered + report.new:
                self.stdout.write(baseline_line(violation))
        for violation in report.new:
            self.stderr.write(violation.message())
        for entry in report.stale:
            self.stderr.write(
                f"{BASELINE_FILE.name}:{entry.line_number}: «{entry.key}» findes ikke længere "
                "(migrationen er væk eller overtrædelsen rettet): slet linjen."
            )
        if not report.ok:
            raise CommandError(
                f"{len(report.new)} usikre migrationsoperationer, {len(report.stale)} forældede "
                f"linjer i {BASELINE_FILE.name}. Reglerne: docs/operations.md, "
                "«Releases without downtime»."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Migrationerne er sikre at udrulle ({len(report.grandfathered)} ældre "
                f"overtrædelser står i {BASELINE_FILE.name})."
            )
        )
