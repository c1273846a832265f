"""Build the sector-size data set (issue 16): ``manage.py seed_scale --size s|m|xl``.

Only into a database of its own: it refuses a database that holds anything but what ``migrate``
put there (``lms.scale.guard``), and a second run on its own data (build again in a fresh one).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lms.management.commands.seed_demo import quiet_task_logging
from lms.scale.build import seed_scale
from lms.scale.sizes import PUBLIC_SIZES, SIZES


class Command(BaseCommand):
    help = (
        "Byg skala-datasættet (s = 1/100, m = 1/10, xl = sektorens størrelse) i en tom, "
        "migreret database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=list(SIZES),
            default="s",
            help=f"Størrelse: {', '.join(PUBLIC_SIZES)} (standard s).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=16,
            help="Startværdi for tilfældighederne: samme værdi giver samme datasæt.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        size = options["size"]
        self.stdout.write(f"Bygger skala-datasættet {size} (seed {options['seed']}) …")
        with quiet_task_logging():
            progress = seed_scale(size=size, seed=options["seed"], write=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Skala-datasættet {size} er bygget på {progress.total():.0f} s. "
                "Logins: lms.scale.logins (adgangskode og TOTP-hemmelighed står dér)."
            )
        )
