"""``manage.py rows_export app.Model PK --to DIR``: what deleting one object removes.

Run against a RESTORED COPY (``manage.py restore`` beside production), never production itself.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.ops.backup.rows import rows_export


class Command(BaseCommand):
    help = (
        "Kør mod en gendannet kopi, aldrig mod produktionen: skriv de rækker, som sletning af "
        "ét objekt (fx organisations.Organisation 3) fjerner, som CSV + load.sql + files.txt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("model", help="app.Model, fx organisations.Organisation")
        parser.add_argument("pk", type=int, help="Objektets id")
        parser.add_argument("--to", type=Path, required=True, help="Ny eller tom mappe")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["to"].resolve()
        result = rows_export(label=options["model"], pk=options["pk"], folder=folder)
        for table, count in result.tables.items():
            self.stdout.write(f"{table:<48} {count:>8}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{sum(result.tables.values())} rækker i {len(result.tables)} tabeller, "
                f"{result.links} henvisninger at sætte tilbage, {len(result.files)} filer → "
                f'{folder}. Indlæs i produktionen med: psql "$DATABASE_URL" -v ON_ERROR_STOP=1 '
                f"--single-transaction -f {folder / 'load.sql'}"
            )
        )
