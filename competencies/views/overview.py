"""The person's page "Mine kompetencer": role profile per organisation, levels, evidence, plans.

Only the person's own rows are read here (``competencies.selectors``); the level of every
competence comes from the one rule (``competencies.levels.levels_of``) in one query.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from competencies import selectors
from competencies.models import MAX_LEVEL, MIN_LEVEL
from organisations.access import me

EVIDENCE_PAGE_SIZE = 20
PLANS_SHOWN = 5


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = me(request)
    profiles = selectors.role_profiles(selectors.own_memberships(user))
    selectors.attach_levels(user.pk, profiles)
    evidence = selectors.own_evidence(user)
    page = Paginator(evidence, EVIDENCE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "profiles": profiles,
        "page_obj": page,
        "plans": selectors.recent_plans(user, limit=PLANS_SHOWN),
        "levels": range(MIN_LEVEL, MAX_LEVEL + 1),
    }
    return render(request, "competencies/overview.html", context)


urlpatterns = [path("kompetencer/", overview, name="overview")]
