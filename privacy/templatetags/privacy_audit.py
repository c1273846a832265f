"""The "Hvem har set mine data" section of the Mine data page (privacy/my_data.html)."""

from __future__ import annotations

from typing import Any

from django import template

from privacy import audit_selectors

register = template.Library()

SHOWN = 30


@register.inclusion_tag("privacy/_access_log.html", takes_context=True)
def access_log_section(context: dict[str, Any]) -> dict[str, Any]:
    """The latest events about the logged-in person: log-ins, two-factor changes, and who
    looked at or fetched their data."""
    request = context["request"]
    events: list[Any] = []
    if request.user.is_authenticated:
        events = list(audit_selectors.events_about(request.user)[:SHOWN])
    return {"request": request, "events": events, "shown": SHOWN}
