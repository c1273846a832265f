"""``manage.py retention [--dry-run]``: remove what is past its retention, or only report it."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from privacy.retention import descriptions, retention_apply


class Command(BaseCommand):
    help = "Remove or anonymise personal data past its retention (--dry-run only reports)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would go; change nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        report = retention_apply(dry_run=dry_run)
        labels = descriptions()
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(f"Retention ({'dry run' if dry_run else 'applied'}):")
        for name, count in report.items():
            self.stdout.write(f"  {name:<22} {count:>7} {verb}  ({labels.get(name, name)})")
