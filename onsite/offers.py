"""The onsite pillar's side of ``competencies.offers``: the building projects a Læringspilen
strategy's learning is applied on, for the strategy page.

Registered in ``OnsiteConfig.ready()``.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from competencies.offers import ProjectLink
from onsite.models import BuildingProject


class BuildingProjects:
    """``competencies.offers.Projects`` answered from the building projects."""

    def projects_for_strategy(self, strategy_id: int) -> list[ProjectLink]:
        found = BuildingProject.objects.filter(strategy_id=strategy_id).order_by("name")
        return [
            ProjectLink(name=p.name, phase=p.get_phase_display(), url=_url(p.pk)) for p in found
        ]


def _url(pk: int) -> str:
    """The project's page, when this installation's URLs include the onsite pages."""
    try:
        return reverse("onsite:project_detail", args=[pk])
    except NoReverseMatch:
        return ""
