"""The Wagtail audit-log actions the newsletter services write (``newsletter.*``).

``newsletter/wagtail_hooks.py`` registers them; Wagtail refuses to log an unregistered action.
A subscriber's own steps (confirm, unsubscribe) are not logged: a log entry's label would keep
the e-mail address after erasure, and the row itself records when each step happened.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LOG_ACTIONS: tuple[tuple[str, Promise], ...] = (
    ("newsletter.issue.test", _("Testudgave af nyhedsbrevet sendt")),
    ("newsletter.issue.send", _("Udsendelse af nyhedsbrevet startet")),
    ("newsletter.issue.sent", _("Nyhedsbrevet er sendt til alle modtagere")),
)
