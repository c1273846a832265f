"""Build the Danish demo: organisations, people in every role, and the site's pages.

Later capabilities add their demo data here. Running it twice changes nothing.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from core.site_url import configured_base_url
from organisations import demo
from organisations.models import Role

# Seeding runs hundreds of notification and e-mail tasks eagerly; each logs a line at INFO
# ("Task mail.deliver_email[…] succeeded"), and kombu warns once that no broker host is set.
# Those lines buried the logins, the one thing a newcomer needs from the output.
QUIET_LOGGERS = {
    "celery": logging.WARNING,
    "kombu": logging.ERROR,
    "core.mail": logging.WARNING,
    "core.tasks": logging.WARNING,
}


@contextmanager
def quiet_task_logging() -> Iterator[None]:
    """Raise the level of the task and mail loggers for the duration of the block."""
    saved = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(level, logging.getLogger(name).level))
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


class Command(BaseCommand):
    help = "Opret demodata (idempotent) og vis demo-logins."

    def handle(self, *args: Any, **options: Any) -> None:
        from api import demo as api_demo
        from cms.services import site_setup_demo
        from competencies import demo as competencies_demo
        from courses import demo as courses_demo
        from events import demo as events_demo
        from newsletter import demo as newsletter_demo
        from onsite import demo as onsite_demo
        from onsite import demo_effects as onsite_effects_demo
        from processes import demo as processes_demo
        from processes.services.library import library_install
        from rooms import demo as rooms_demo

        # Demo data must not e-mail anyone: the outbox keeps the messages, delivery is a no-op.
        with (
            quiet_task_logging(),
            override_settings(
                EMAIL_DELIVERY_BACKEND="django.core.mail.backends.dummy.EmailBackend"
            ),
            transaction.atomic(),
        ):
            people = demo.seed()
            api_key = api_demo.seed()
            home = site_setup_demo()
            # The network's tools and drejebøger first: the A5 course modules embed the tools.
            library_install()
            courses_demo.seed(home)
            courses_demo.seed_sessions()
            competencies_demo.seed()
            onsite_demo.seed()
            onsite_effects_demo.seed()
            processes_demo.seed()
            events_demo.seed(home)
            rooms_demo.seed()
            # Last: the issues are built from the other demos' news, events and lessons.
            newsletter_demo.seed()
        self._print_logins(people, api_key)

    def _print_logins(self, people: list[demo.DemoPerson], api_key: str) -> None:
        labels = dict(Role.choices)
        out = self.stdout
        # LMS_BASE_URL: `make run` sets it from HOST and PORT, the address runserver listens on.
        base = configured_base_url()
        out.write(self.style.SUCCESS(f"Demodata er klar. Log ind på {base}/konto/login/"))
        out.write(f"Adgangskode for alle demo-personer: {demo.DEMO_PASSWORD}\n")
        width = max(len(p.email) for p in people)
        for person in people:
            roles = ", ".join(str(labels[r]) for r in person.roles)
            marker = " *" if set(settings.LMS_TWO_FACTOR_ROLES) & set(person.roles) else ""
            out.write(
                f"  {person.email:<{width}}  {person.first_name} {person.last_name} "
                f"({person.organisation}; {roles}){marker}"
            )
        # Like the demo password, the demo's API key is printed (a real key is shown only once).
        out.write(
            f"\nAPI'et: {base}/api/v1/docs/. Fjordbos demo-API-nøgle (læse), som HR "
            f"(hanne@fjordbo.example) ser under API-nøgler:\n"
            f'  curl -H "Authorization: Bearer {api_key}" {base}/api/v1/people/'
        )
        out.write(
            "\n* To-faktor er slået til for ledere, HR, projektledere, kursusredaktører og "
            "netværksredaktører.\n"
            f"  Tilføj hemmeligheden {demo.DEMO_TOTP_SECRET} i en authenticator-app, eller kør\n"
            "  `.venv/bin/python manage.py demo_totp` for at se den aktuelle 6-cifrede kode.\n"
            "  En kode virker én gang pr. person; en ny kode kommer hvert 30. sekund.\n"
            f"  Wagtail-administrationen: {base}/admin/ for netværksredaktøren\n"
            "  (maria@almennet.example) og kursusudbydernes (sofie@almenakademi.example)."
        )
