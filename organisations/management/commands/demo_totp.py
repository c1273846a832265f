from typing import Any

from django.core.management.base import BaseCommand

from organisations import demo


class Command(BaseCommand):
    help = "Vis den aktuelle to-faktor-kode for demo-administratorerne."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(demo.current_totp_code())
