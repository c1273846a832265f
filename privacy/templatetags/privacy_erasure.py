"""The erasure section of the Mine data page (privacy/my_data.html)."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("privacy/_erasure.html", takes_context=True)
def erasure_section(context: dict[str, Any]) -> dict[str, Any]:
    return {"request": context["request"]}
