"""The Wagtail audit-log actions the event services write (``events.*``).

``events/wagtail_hooks.py`` registers them; Wagtail refuses to log an unregistered action.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LOG_ACTIONS: tuple[tuple[str, Promise], ...] = (
    ("events.registration.create", _("Tilmelding til arrangement oprettet")),
    ("events.registration.confirm", _("Tilmelding til arrangement bekræftet")),
    ("events.registration.waitlist", _("Skrevet på venteliste til arrangement")),
    ("events.registration.promote", _("Fået plads fra ventelisten")),
    ("events.registration.cancel", _("Tilmelding til arrangement afmeldt")),
)
