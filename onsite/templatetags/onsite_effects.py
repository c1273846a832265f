"""The project page's effect section and a filter that writes an indicator's values.

``{% project_effects project request.user %}`` renders the indicators with their latest value
against baseline and target and a small chart, the links to the effect page and the xAPI
download, and — for the project's leaders — the approved entries they may share as lessons.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from core.charts import format_value
from onsite import access, selectors
from onsite.models import BuildingProject

if TYPE_CHECKING:
    from organisations.access import AnyUser

register = template.Library()


@register.filter
def effect_value(value: Decimal | int | None, unit: str = "") -> str:
    """A measured value in Danish notation with its unit: ``12,5 %``, ``3 dage``, ``–``."""
    return format_value(value, selectors.display_unit(unit or ""))


@register.simple_tag
def project_effects(project: BuildingProject, user: AnyUser) -> SafeString:
    """The effect section of the project page (renders nothing for a person who may not see
    the project — the page itself is already a 404 for them)."""
    if not access.sees_project(user, project):
        return SafeString("")
    indicators = selectors.project_indicators(project)
    for indicator in indicators:
        indicator.chart = selectors.indicator_chart(  # type: ignore[attr-defined]
            indicator, chart_id=f"projekt-effekt-{indicator.pk}"
        )
    actions = access.actions_for(user, project)
    context = {
        "project": project,
        "indicators": indicators,
        "actions": actions,
        "shareable": selectors.shareable_entries(project) if actions.can_lead else [],
        "lessons": selectors.project_lessons(project),
        "lessons_shown": selectors.PROJECT_LESSONS_SHOWN,
    }
    return render_to_string("onsite/effects/_project_effects.html", context)
