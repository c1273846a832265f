"""The consents section of the Mine data page (privacy/my_data.html)."""

from typing import Any

from django import template

from core.consents import consents_for

register = template.Library()


@register.inclusion_tag("privacy/_consents.html", takes_context=True)
def consents_section(context: dict[str, Any]) -> dict[str, Any]:
    """Every consent the person has given (core.consents), each with its withdraw button."""
    request = context["request"]
    return {"request": request, "consents": consents_for(request.user)}
