"""The project page's effect section and a filter that writes an indicator's values.

``{% project_effects project request.user %}`` renders the indicators with their latest value
against baseline and target and a small chart, the links to the effect page and the xAPI
download, and — for the project's leaders — the approved entries they may share as lessons.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from core.charts import format_value
from onsite import access, selectors
from onsite.models import BuildingProject
from organisations import access as org_access

register = template.Library()


@register.filter
def effect_value(value: Decimal | int | None, unit: str = "") -> str:
    """A measured value in Danish notation with its unit: ``12,5 %``, ``3 dage``, ``–``."""
    return format_value(value, selectors.display_unit(unit or ""))


@register.simple_tag
def project_effects(project: BuildingProject, user: object) -> SafeString:
    """The effect section of the project page (renders nothing for a person who may not see
    the project — the page itself is already a 404 for them)."""
    if not access.projects_for(user).filter(pk=project.pk).exists():  # type: ignore[arg-type]
        return SafeString("")
    indicators = selectors.project_indicators(project)
    for indicator in indicators:
        indicator.chart = selectors.indicator_chart(  # type: ignore[attr-defined]
            indicator, chart_id=f"projekt-effekt-{indicator.pk}"
        )
    is_leader = access.is_project_leader(user, project)  # type: ignore[arg-type]
    context = {
        "project": project,
        "indicators": indicators,
        "is_leader": is_leader,
        "can_export": selectors.can_export_xapi(user, project),  # type: ignore[arg-type]
        "shareable": selectors.shareable_entries(project) if is_leader else [],
        "lessons": selectors.project_lessons(project),
        "can_report": project.organisation_id
        in org_access.organisation_ids_with_any_role(user, access.OVERSIGHT_ROLES),  # type: ignore[arg-type]
        "can_decide_sharing": project.organisation_id in org_access.approver_organisation_ids(user),  # type: ignore[arg-type]
    }
    return render_to_string("onsite/effects/_project_effects.html", context)
