"""Rotate the Open Badges signing key: new credentials are signed with a new Ed25519 key; the
retired key stays published at /.well-known/jwks.json, so what it signed stays verifiable."""

from typing import Any

from django.core.management.base import BaseCommand

from courses.badges import addresses, services


class Command(BaseCommand):
    help = "Udfas den nuværende signeringsnøgle til Open Badges og opret en ny."

    def handle(self, *args: Any, **options: Any) -> None:
        key = services.signing_key_rotate()
        self.stdout.write(self.style.SUCCESS(f"Ny signeringsnøgle: {addresses.key_url(key.kid)}"))
