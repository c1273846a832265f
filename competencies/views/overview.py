"""The person's page "Mine kompetencer": role profile per organisation, levels, evidence, plans.

Only the person's own rows are read here; the level of every competence comes from the one
rule (``competencies.levels.levels_of``) in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from competencies.levels import levels_of
from competencies.models import (
    MAX_LEVEL,
    MIN_LEVEL,
    CompetencePlan,
    Evidence,
    RoleProfile,
    RoleProfileRequirement,
)
from organisations.models import Membership, User

EVIDENCE_PAGE_SIZE = 20
PLANS_SHOWN = 5


@dataclass
class ProfileLine:
    """One competence of a role profile, as the person stands in it today."""

    requirement: RoleProfileRequirement
    current: int = 0

    @property
    def competence(self) -> Any:
        return self.requirement.competence

    @property
    def required(self) -> int:
        return self.requirement.required_level

    @property
    def missing(self) -> int:
        return max(self.required - self.current, 0)

    @property
    def descriptors(self) -> list[tuple[int, str]]:
        return [
            (level, self.competence.descriptor(level)) for level in range(MIN_LEVEL, MAX_LEVEL + 1)
        ]


@dataclass
class OrganisationProfile:
    membership: Membership
    profile: RoleProfile | None
    lines: list[ProfileLine] = field(default_factory=list)

    @property
    def met_count(self) -> int:
        return sum(1 for line in self.lines if not line.missing)


def role_profiles(memberships: list[Membership]) -> list[OrganisationProfile]:
    """Each membership with its job function's effective profile (own or network default)."""
    requirements = Prefetch(
        "requirements",
        queryset=RoleProfileRequirement.objects.filter(competence__is_active=True).select_related(
            "competence__area"
        ),
    )
    result = []
    for membership in memberships:
        profile = None
        if membership.job_function_id:
            profile = (
                RoleProfile.objects.effective_for(membership.organisation_id)
                .filter(job_function_id=membership.job_function_id)
                .prefetch_related(requirements)
                .first()
            )
        lines = [ProfileLine(r) for r in profile.requirements.all()] if profile else []
        result.append(OrganisationProfile(membership, profile, lines))
    return result


def attach_levels(user_id: int, profiles: list[OrganisationProfile]) -> None:
    """Set each line's current level by the level rule, in one query for all profiles."""
    lines = [line for profile in profiles for line in profile.lines]
    levels = levels_of(user_id, {line.requirement.competence_id for line in lines})
    for line in lines:
        line.current = levels[line.requirement.competence_id]


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required
    memberships = list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation", "department", "job_function")
        .order_by("organisation__name")
    )
    profiles = role_profiles(memberships)
    attach_levels(user.pk, profiles)
    evidence = Evidence.objects.filter(user=user).for_listing()
    page = Paginator(evidence, EVIDENCE_PAGE_SIZE).get_page(request.GET.get("page"))
    plans = (CompetencePlan.objects.filter(user=user).for_listing().order_by("-starts_on", "-pk"))[
        :PLANS_SHOWN
    ]
    context = {
        "profiles": profiles,
        "page_obj": page,
        "plans": plans,
        "levels": range(MIN_LEVEL, MAX_LEVEL + 1),
    }
    return render(request, "competencies/overview.html", context)


urlpatterns = [path("kompetencer/", overview, name="overview")]
