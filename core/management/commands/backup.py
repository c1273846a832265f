"""``manage.py backup [--to DIR]``: the database dump, both storages' media and a manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.ops.backup.service import backup_create, default_folder


class Command(BaseCommand):
    help = (
        "Tag en backup: pg_dump (custom format) af DATABASE_URL's database, filerne i lagrene "
        "default og private, og manifest.json med kontrolsummer (standard backups/<UTC-tid>/)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            type=Path,
            help="Mappe til backuppen (ny eller tom); standard backups/<UTC-tid>/.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = (options["to"] or default_folder()).resolve()
        self.stdout.write(f"Backup til {folder} …")
        manifest = backup_create(folder=folder, write=self.stdout.write)
        files = sum(len(rows) for rows in manifest["media"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup færdig på {manifest['seconds']:.1f} s: "
                f"{len(manifest['tables'])} tabeller, {files} filer. "
                f"Gendan med: make restore BACKUP={folder}"
            )
        )
        if manifest["vanished"]:
            self.stdout.write(
                f"{len(manifest['vanished'])} filer blev slettet under kopieringen og er ikke med."
            )
