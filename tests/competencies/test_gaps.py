"""The gap analysis: coverage figures from database aggregates, checked on small hand-built cases
and, for coverage over time, against the level rule itself on generated data."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from competencies import figures, gaps
from competencies.models import Competence, CompetencePlan, EvidenceStatus, PlanStatus
from organisations import access
from organisations.models import JobFunction, Membership
from tests.competencies.conftest import department, make_person
from tests.competencies.hr_fixtures import evidence, own_profile, populate, strategy

pytestmark = pytest.mark.django_db


def _scope(viewer, organisation, **narrow):
    scope = gaps.Scope(organisation.pk, access.looked_after_memberships(viewer, organisation))
    return scope.narrowed(**narrow) if narrow else scope


@pytest.fixture
def per(fjordbo):
    """A second projektleder, in department 102, with no evidence at all."""
    return make_person(
        "per@fjordbo.example",
        fjordbo,
        ["staff"],
        "Per",
        job_function="projektleder",
        department=department(fjordbo, "102"),
    )


@pytest.fixture
def projektledere(fjordbo, alice, bob, per):
    """Fjordbo's own projektleder profile: fremtidsanalyse 3, helhedsplanlægning 2.

    Bob has fremtidsanalyse 3 (met) and helhedsplanlægning 1 (a gap); Per has nothing.
    """
    own_profile(fjordbo, "projektleder", {"fremtidsanalyse": 3, "helhedsplanlaegning": 2})
    evidence(bob, "fremtidsanalyse", 3)
    evidence(bob, "helhedsplanlaegning", 1)
    return JobFunction.objects.get(code="projektleder")


def test_coverage_of_a_small_case(alice, fjordbo, bob, per, projektledere):
    scope = _scope(alice, fjordbo, job_function_id=projektledere.pk)
    analysis = gaps.Analysis(scope)

    assert analysis.total == gaps.Coverage(required=4, met=1)
    assert analysis.total.percent == Decimal("25")
    assert gaps.coverage_total(scope) == analysis.total
    assert gaps.people_counts(scope) == {"people": 2, "with_gap": 2}
    by_competence = {c.code: cov for c, cov in analysis.by_competence()}
    assert by_competence == {
        "helhedsplanlaegning": gaps.Coverage(2, 0),
        "fremtidsanalyse": gaps.Coverage(2, 1),
    }
    by_department = {d.number: cov for d, cov in analysis.by_department()}
    assert by_department == {"101": gaps.Coverage(2, 1), "102": gaps.Coverage(2, 0)}
    assert analysis.by_job_function() == [(projektledere, gaps.Coverage(4, 1))]


def test_heatmap_cells_and_people(alice, fjordbo, bob, per, dorte, projektledere):
    heatmap = gaps.Analysis(_scope(alice, fjordbo)).heatmap()
    columns = {c.job_function.code: c for c in heatmap.columns}
    assert columns["projektleder"].people == 2
    assert columns["projektleder"].coverage == gaps.Coverage(4, 1)
    assert columns["ejendomsfunktionaer"].people == 1
    index = [c.job_function.code for c in heatmap.columns].index("projektleder")
    row = next(r for r in heatmap.rows if r.competence.code == "fremtidsanalyse")
    assert row.cells[index].coverage == gaps.Coverage(2, 1)
    # Dorte's job function does not ask for fremtidsanalyse: an empty cell, not 0 %.
    dorte_index = [c.job_function.code for c in heatmap.columns].index("ejendomsfunktionaer")
    assert row.cells[dorte_index].coverage is None


def test_people_with_gaps_and_their_gaps(alice, fjordbo, bob, per, projektledere):
    scope = _scope(alice, fjordbo, job_function_id=projektledere.pk)
    people = list(gaps.people_with_gaps(scope))
    assert [m.user for m in people] == [bob, per]
    found = gaps.gaps_of(scope, [m.pk for m in people])
    bob_gaps = found[people[0].pk]
    assert [(g.competence.code, g.required, g.current) for g in bob_gaps] == [
        ("helhedsplanlaegning", 2, 1)
    ]
    assert len(found[people[1].pk]) == 2
    requirements = gaps.requirements_of(scope, people[0].pk)
    assert [(r.competence.code, r.is_gap) for r in requirements] == [
        ("helhedsplanlaegning", True),
        ("fremtidsanalyse", False),
    ]
    assert requirements[1].required_descriptor == requirements[1].competence.level_3


def test_filter_by_competence_and_department(alice, fjordbo, bob, per, projektledere):
    fremtid = Competence.objects.get(code="fremtidsanalyse")
    scope = _scope(alice, fjordbo, competence_id=fremtid.pk)
    assert gaps.coverage_total(scope) == gaps.Coverage(2, 1)
    assert [m.user for m in gaps.people_with_gaps(scope)] == [per]
    only_102 = _scope(alice, fjordbo, department_id=department(fjordbo, "102").pk)
    assert {m.user for m in gaps.people_with_gaps(only_102)} == {per}


def test_own_profile_replaces_the_network_default(alice, fjordbo, nordlys, charlie, dorte):
    ejendom = JobFunction.objects.get(code="ejendomsfunktionaer")
    default_count = ejendom.role_profiles.get(organisation=None).requirements.count()
    assert default_count > 1
    scope = _scope(alice, fjordbo, job_function_id=ejendom.pk)
    assert gaps.coverage_total(scope).required == default_count

    own_profile(fjordbo, "ejendomsfunktionaer", {"fremtidsanalyse": 1})
    assert gaps.coverage_total(scope) == gaps.Coverage(1, 0)
    # Another organisation's people keep the network default.
    nordlys_person = make_person(
        "nina@nordlys.example", nordlys, ["staff"], "Nina", job_function="ejendomsfunktionaer"
    )
    nordlys_scope = _scope(charlie, nordlys, job_function_id=ejendom.pk)
    assert gaps.coverage_total(nordlys_scope).required == default_count
    assert [m.user for m in gaps.people_with_gaps(nordlys_scope)] == [nordlys_person]


def test_inactive_memberships_and_retired_competences_do_not_count(
    alice, fjordbo, bob, per, projektledere
):
    Membership.objects.filter(user=per).update(is_active=False)
    scope = _scope(alice, fjordbo, job_function_id=projektledere.pk)
    assert gaps.coverage_total(scope) == gaps.Coverage(2, 1)
    Competence.objects.filter(code="helhedsplanlaegning").update(is_active=False)
    assert gaps.coverage_total(scope) == gaps.Coverage(1, 1)
    assert gaps.people_counts(scope) == {"people": 1, "with_gap": 0}


def test_only_valid_evidence_counts(alice, fjordbo, bob, per, projektledere):
    scope = _scope(alice, fjordbo, job_function_id=projektledere.pk)
    evidence(per, "fremtidsanalyse", 4, days_ago=400, expires_in=-1)  # expired yesterday
    evidence(per, "fremtidsanalyse", 4, status=EvidenceStatus.PENDING)
    evidence(per, "fremtidsanalyse", 4, status=EvidenceStatus.REJECTED)
    evidence(per, "fremtidsanalyse", 4, status=EvidenceStatus.WITHDRAWN)
    assert gaps.coverage_total(scope) == gaps.Coverage(4, 1)
    evidence(per, "helhedsplanlaegning", 2, expires_in=1)  # still valid today
    assert gaps.coverage_total(scope) == gaps.Coverage(4, 2)


def test_coverage_on_a_past_date(alice, fjordbo, bob, per, projektledere):
    scope = _scope(alice, fjordbo, job_function_id=projektledere.pk)
    today = timezone.localdate()
    evidence(per, "helhedsplanlaegning", 2, days_ago=10)
    evidence(per, "fremtidsanalyse", 3, days_ago=60, expires_in=-5)  # valid 60 → 5 days ago
    # Bob's fixture evidence dates from today.
    days = [
        today - timedelta(days=90),
        today - timedelta(days=20),
        today - timedelta(days=7),
        today,
    ]
    # 90 days ago: nothing; 20: Per's fremtidsanalyse; 7: and his helhedsplanlægning; today:
    # his fremtidsanalyse has expired, Bob's (achieved today) counts instead.
    expected = [gaps.Coverage(4, 0), gaps.Coverage(4, 1), gaps.Coverage(4, 2), gaps.Coverage(4, 2)]
    assert [gaps.coverage_total(scope.at(day)) for day in days] == expected
    assert gaps.coverage_over_time(scope, days) == list(zip(days, expected, strict=True))
    # Evidence below the required level never meets it, on any day.
    evidence(per, "fremtidsanalyse", 2, days_ago=200)
    assert gaps.coverage_over_time(scope, days) == list(zip(days, expected, strict=True))


def test_coverage_over_time_agrees_with_the_level_rule(alice, fjordbo):
    """The one-query time series must give what the rule gives day by day (generated data with
    gaps, short evidence, expired and pending evidence)."""
    populate(fjordbo, people=60, competences=20, requirements=6)
    scope = _scope(alice, fjordbo)
    days = gaps.month_ends(12)
    series = gaps.coverage_over_time(scope, days)
    assert [coverage for _day, coverage in series] == [
        gaps.coverage_total(scope.at(day)) for day in days
    ]
    assert len({coverage.met for _day, coverage in series}) > 3  # it moves over the year


def test_month_ends():
    today = timezone.localdate().replace(year=2026, month=3, day=15)
    assert gaps.month_ends(3, today) == [
        today.replace(month=12, day=31, year=2025),
        today.replace(month=1, day=31),
        today.replace(month=2, day=28),
        today,
    ]


def test_a_manager_sees_only_their_department(mads, fjordbo, bob, per, dorte, projektledere):
    scope = _scope(mads, fjordbo)
    people = {m.user for m in gaps.people_with_gaps(scope)}
    assert bob in people
    assert per not in people and dorte not in people
    assert {d.number for d, _c in gaps.Analysis(scope).by_department()} == {"101"}


def test_plans_and_prior_learning_of_the_people_in_scope(
    alice, mads, fjordbo, bob, dorte, charlie, nordlys
):
    today = timezone.localdate()

    for user, status in ((bob, PlanStatus.SUBMITTED), (dorte, PlanStatus.SUBMITTED)):
        CompetencePlan.objects.create(
            user=user,
            organisation=fjordbo,
            title="Plan",
            starts_on=today,
            ends_on=today + timedelta(days=100),
            status=status,
        )
    CompetencePlan.objects.create(
        user=charlie,
        organisation=nordlys,
        title="Andet sted",
        starts_on=today,
        ends_on=today + timedelta(days=100),
        status=PlanStatus.SUBMITTED,
    )
    evidence(bob, "fremtidsanalyse", 2, status=EvidenceStatus.PENDING, organisation=fjordbo)
    evidence(dorte, "fremtidsanalyse", 2, status=EvidenceStatus.PENDING, organisation=fjordbo)
    counts = {status: n for status, _label, n in figures.plan_status_counts(_scope(alice, fjordbo))}
    assert counts[PlanStatus.SUBMITTED] == 2 and counts[PlanStatus.DRAFT] == 0
    assert [p.user for p in figures.plans_awaiting_review(_scope(mads, fjordbo))] == [bob]
    assert figures.pending_prior_learning(_scope(alice, fjordbo)) == 2
    assert figures.pending_prior_learning(_scope(mads, fjordbo)) == 1


def test_planned_learning_and_the_hourly_rate(fjordbo):
    year = timezone.localdate().year
    assert figures.hourly_rate(fjordbo.pk, year) == Decimal("600")
    assert figures.planned_learning(fjordbo.pk, year) == figures.LearningBudget(
        Decimal("0"), Decimal("0")
    )
    strategy(fjordbo, year=year)
    # 4 × 7 h + 2 × 3.5 h; 4 × (2,500 + 7 × 600) + 2 × (0 + 3.5 × 600). Next year's line is out.
    assert figures.planned_learning(fjordbo.pk, year) == figures.LearningBudget(
        Decimal("35"), Decimal("31000")
    )
    other = strategy(fjordbo, year=year - 1, hourly_rate=Decimal("500"))
    other.status = "draft"
    other.save(update_fields=["status"])
    assert figures.planned_learning(fjordbo.pk, year).money == Decimal(
        "31000"
    )  # drafts don't count


def test_gap_listing_has_every_gap_with_names(alice, fjordbo, bob, per, projektledere):
    rows = list(gaps.gap_listing(_scope(alice, fjordbo, job_function_id=projektledere.pk)))
    assert [(r["first_name"], r["competence_name"], r["required"], r["current"]) for r in rows] == [
        ("Bob", "Helhedsplanlægning", 2, 1),
        ("Per", "Helhedsplanlægning", 2, 0),
        ("Per", "Fremtidsanalyse", 3, 0),
    ]
    assert rows[0]["department_number"] == "101"
    assert rows[0]["job_function_name"] == "Projektleder"
