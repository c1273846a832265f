"""The erasure section of the Mine data page (privacy/my_data.html)."""

from typing import Any

from django import template

from privacy.models import ErasureRequest

register = template.Library()


@register.inclusion_tag("privacy/_erasure.html", takes_context=True)
def erasure_section(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    latest = None
    if request.user.is_authenticated:
        latest = ErasureRequest.objects.filter(person=request.user).first()
    return {"request": request, "latest": latest}
