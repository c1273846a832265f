"""The whole demo as `make run` builds it: pillar 2's part, and that a second run changes nothing."""

import io

import pytest
from django.core.management import call_command

from competencies import gaps
from competencies.models import (
    AdviserListing,
    CompetencePlan,
    Evidence,
    EvidenceSource,
    EvidenceStatus,
    LearningStrategy,
    PlanStatus,
)
from onsite.models import BuildingProject
from organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "plans": CompetencePlan.objects.count(),
        "evidence": Evidence.objects.count(),
        "strategies": LearningStrategy.objects.count(),
        "listings": AdviserListing.objects.count(),
        "projects": BuildingProject.objects.count(),
    }


def test_the_demo_shows_every_plan_status_evidence_source_and_a_gap_that_can_close():
    call_command("seed_demo", stdout=io.StringIO())

    assert set(CompetencePlan.objects.values_list("status", flat=True)) == set(PlanStatus.values)
    assert set(Evidence.objects.values_list("source", flat=True)) == set(EvidenceSource.values)
    statuses = set(Evidence.objects.values_list("status", flat=True))
    assert {EvidenceStatus.PENDING, EvidenceStatus.APPROVED, EvidenceStatus.REJECTED} <= statuses
    assert Evidence.objects.filter(expires_on__lt="2026-01-01").exists()  # shows "Udløbet"
    assert AdviserListing.objects.listed().count() == 2

    fjordbo = Organisation.objects.get(name="Boligselskabet Fjordbo")
    strategy = LearningStrategy.objects.get(organisation=fjordbo)
    assert strategy.building_projects.count() == 2
    # The browser test's story: fremtidsanalyse (A3) is a gap among the project leaders.
    scope = gaps.Scope(fjordbo.pk, Membership.objects.active().filter(organisation=fjordbo))
    projektleder = Membership.objects.get(user__email="thomas@fjordbo.example").job_function_id
    coverage = gaps.Analysis(scope).by(0)[projektleder]
    assert 0 < coverage.met < coverage.required

    before = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before
