"""Wagtail registrations of the API: the audit-log actions its services write (``api.*``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

LOG_ACTIONS = (
    ("api.token.create", _("API-nøgle oprettet")),
    ("api.token.revoke", _("API-nøgle tilbagekaldt")),
)


@hooks.register("register_log_actions")
def register_api_log_actions(actions: Any) -> None:
    for action, label in LOG_ACTIONS:
        actions.register_action(action, label, label)
