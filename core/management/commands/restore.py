"""``manage.py restore PATH``: a backup into an empty database and empty storages, checked first."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.ops.backup.database import current_counts
from core.ops.backup.manifest import manifest_load
from core.ops.backup.service import backup_restore


class Command(BaseCommand):
    help = (
        "Gendan en backup i DATABASE_URL's database og lagrene. Kontrollerer først alle "
        "kontrolsummer, versionen og at databasen og lagrene er tomme; ellers ændres intet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Backuppens mappe (den med manifest.json).")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["path"].resolve()
        self.stdout.write(f"Gendanner {folder} …")
        result = backup_restore(folder=folder, write=self.stdout.write)
        self._counts_table(folder)
        if result.differences:
            raise CommandError(
                f"{len(result.differences)} tabeller har et andet antal rækker end i backuppen: "
                + ", ".join(table for table, _, _ in result.differences)
            )
        total = sum(result.seconds.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Gendannet på {total:.1f} s: alle tabellers rækkeantal som i backuppen, "
                f"{result.files} filer."
            )
        )
        if result.migrations_to_apply:
            self.stdout.write(
                f"Backuppen er fra en ældre version: kør «manage.py migrate» nu "
                f"({len(result.migrations_to_apply)} migreringer mangler)."
            )

    def _counts_table(self, folder: Path) -> None:
        expected = manifest_load(folder)["tables"]
        actual = current_counts()
        self.stdout.write(f"{'tabel':<48} {'backup':>10} {'nu':>10}")
        for table in sorted(set(expected) | set(actual)):
            mark = "" if expected.get(table) == actual.get(table) else "  AFVIGER"
            self.stdout.write(
                f"{table:<48} {expected.get(table, '-')!s:>10} {actual.get(table, '-')!s:>10}{mark}"
            )
