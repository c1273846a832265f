"""The erasure section of the Mine data page (privacy/my_data.html)."""

from typing import Any

from django import template

from privacy import selectors

register = template.Library()


@register.inclusion_tag("privacy/_erasure.html", takes_context=True)
def erasure_section(context: dict[str, Any]) -> dict[str, Any]:
    """The person's latest erasure request, with the way to ask for one or withdraw it."""
    request = context["request"]
    latest = None
    if request.user.is_authenticated:
        latest = selectors.latest_erasure_request(request.user)
    return {"request": request, "latest": latest}
