"""Build the Danish demo: organisations, people in every role, and the site's pages.

Later capabilities add their demo data here. Running it twice changes nothing.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from organisations import demo
from organisations.models import Role


class Command(BaseCommand):
    help = "Opret demodata (idempotent) og vis demo-logins."

    def handle(self, *args: Any, **options: Any) -> None:
        from cms.services import site_setup_demo
        from competencies import demo as competencies_demo
        from courses import demo as courses_demo
        from onsite import demo as onsite_demo
        from onsite import demo_effects as onsite_effects_demo

        # Demo data must not e-mail anyone: the outbox keeps the messages, delivery is a no-op.
        with (
            override_settings(
                EMAIL_DELIVERY_BACKEND="django.core.mail.backends.dummy.EmailBackend"
            ),
            transaction.atomic(),
        ):
            people = demo.seed()
            home = site_setup_demo()
            courses_demo.seed(home)
            courses_demo.seed_sessions()
            competencies_demo.seed()
            onsite_demo.seed()
            onsite_effects_demo.seed()
        self._print_logins(people)

    def _print_logins(self, people: list[demo.DemoPerson]) -> None:
        labels = dict(Role.choices)
        out = self.stdout
        out.write(
            self.style.SUCCESS("Demodata er klar. Log ind på http://127.0.0.1:8000/konto/login/")
        )
        out.write(f"Adgangskode for alle demo-personer: {demo.DEMO_PASSWORD}\n")
        width = max(len(p.email) for p in people)
        for person in people:
            roles = ", ".join(str(labels[r]) for r in person.roles)
            marker = " *" if demo.TWO_FACTOR_ROLES & set(person.roles) else ""
            out.write(
                f"  {person.email:<{width}}  {person.first_name} {person.last_name} "
                f"({person.organisation}; {roles}){marker}"
            )
        out.write(
            "\n* To-faktor er slået til for HR, kursusredaktører og netværksredaktører.\n"
            f"  Tilføj hemmeligheden {demo.DEMO_TOTP_SECRET} i en authenticator-app, eller kør\n"
            "  `.venv/bin/python manage.py demo_totp` for at se den aktuelle 6-cifrede kode.\n"
            "  Wagtail-administrationen: http://127.0.0.1:8000/admin/ (maria@almennet.example)."
        )
