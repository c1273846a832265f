"""The gap analysis's stored rows and coverage snapshots stay right after every kind of change.

Each test changes something the way the platform does (a service, the admin's save, the HR
import, the API's upsert, an erasure) and compares the stored rows with the rows computed from
scratch from the evidence (``gaps.requirement_rows``), and the figures the pages show with the
live figures.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from competencies import gaps, services, summaries, tasks
from competencies.models import (
    Competence,
    CoverageSnapshot,
    Evidence,
    PersonRequirement,
    RoleProfile,
    RoleProfileRequirement,
)
from organisations.access import looked_after_memberships
from organisations.models import JobFunction, Membership
from organisations.people_import.services import people_upsert
from privacy.erasure import person_erase
from tests.competencies.conftest import department, make_person
from tests.competencies.hr_fixtures import evidence, own_profile, populate
from tests.competencies.plans_fixtures import pending_prior_learning

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _live(organisation) -> set[tuple[int, int, int, int]]:
    """(membership, competence, required, current) computed from the evidence now."""
    scope = gaps.Scope(
        organisation.pk, Membership.objects.active().filter(organisation=organisation)
    )
    return set(
        gaps.requirement_rows(scope).values_list(
            "membership_id", "competence_id", "required", "current"
        )
    )


def _stored(organisation) -> set[tuple[int, int, int, int]]:
    return set(
        PersonRequirement.objects.filter(
            organisation=organisation, competence__is_active=True
        ).values_list("membership_id", "competence_id", "required", "current")
    )


def assert_right(*organisations) -> None:
    for organisation in organisations:
        assert _stored(organisation) == _live(organisation)


@pytest.fixture
def per(fjordbo):
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
    """Fjordbo's own projektleder profile; Bob has fremtidsanalyse 3, Per nothing."""
    profile = own_profile(fjordbo, "projektleder", {"fremtidsanalyse": 3, "helhedsplanlaegning": 2})
    evidence(bob, "fremtidsanalyse", 3)
    return profile


def _competence(code: str) -> Competence:
    return Competence.objects.get(code=code)


def test_the_stored_rows_follow_evidence_recorded_approved_and_withdrawn(
    alice, mads, fjordbo, bob, per, projektledere
):
    assert_right(fjordbo)
    assert PersonRequirement.objects.filter(user=bob).count() == 2
    services.assessment_record(
        actor=mads,
        user=bob,
        organisation=fjordbo,
        competence=_competence("helhedsplanlaegning"),
        level=2,
        assessed_on=TODAY,
    )
    assert_right(fjordbo)
    assert (
        PersonRequirement.objects.get(user=bob, competence__code="helhedsplanlaegning").current == 2
    )

    pending = pending_prior_learning(per, fjordbo)
    assert_right(fjordbo)
    services.evidence_approve(evidence=pending, actor=alice)
    assert_right(fjordbo)
    assert PersonRequirement.objects.get(user=per, competence__code="fremtidsanalyse").current == 3

    services.evidence_withdraw(evidence=pending, actor=alice, reason="Forkert person")
    assert_right(fjordbo)
    assert PersonRequirement.objects.get(user=per, competence__code="fremtidsanalyse").current == 0


def test_a_rejected_and_a_deleted_piece_of_evidence(alice, fjordbo, bob, per, projektledere):
    pending = pending_prior_learning(per, fjordbo)
    services.evidence_reject(evidence=pending, actor=alice, comment="Ikke dokumenteret")
    assert_right(fjordbo)
    Evidence.objects.filter(user=bob).delete()
    assert_right(fjordbo)
    assert not PersonRequirement.objects.filter(user=bob, current__gt=0).exists()


def test_expired_evidence_drops_out_at_the_nightly_rebuild(fjordbo, bob, per, projektledere):
    evidence(per, "fremtidsanalyse", 3, days_ago=100, expires_in=1)
    assert_right(fjordbo)
    tomorrow = TODAY + datetime.timedelta(days=1)
    services.people_refresh(user_ids=[per.pk], on=tomorrow)  # the rebuild of the next night
    row = PersonRequirement.objects.get(user=per, competence__code="fremtidsanalyse")
    assert (row.current, row.computed_on) == (0, tomorrow)
    services.summaries_rebuild(organisation=fjordbo)
    assert_right(fjordbo)


def test_own_role_profile_changes_adopt_and_reset(alice, fjordbo, bob, dorte, projektledere):
    assert_right(fjordbo)
    services.role_requirement_set(
        actor=alice,
        profile=projektledere,
        competence=_competence("helhedsplanlaegning"),
        required_level=4,
    )
    assert_right(fjordbo)
    services.role_requirement_set(
        actor=alice, profile=projektledere, competence=_competence("fremtidsanalyse"),
        required_level=None,
    )  # fmt: skip
    assert_right(fjordbo)
    assert PersonRequirement.objects.filter(user=bob).count() == 1

    ejendom = JobFunction.objects.get(code="ejendomsfunktionaer")
    before = _stored(fjordbo)
    own = services.role_profile_adopt(actor=alice, organisation=fjordbo, job_function=ejendom)
    assert_right(fjordbo)
    assert _stored(fjordbo) == before  # a copy of the default asks the same
    services.role_requirement_set(
        actor=alice, profile=own, competence=_competence("fremtidsanalyse"), required_level=4
    )
    assert_right(fjordbo)
    services.role_profile_reset(actor=alice, profile=own)
    assert_right(fjordbo)
    assert _stored(fjordbo) == before


def test_the_networks_default_profile_reaches_every_organisation_after_commit(
    fjordbo, nordlys, bob, dorte, charlie, django_capture_on_commit_callbacks
):
    ejendom = JobFunction.objects.get(code="ejendomsfunktionaer")
    nordlys_person = make_person(
        "nina@nordlys.example", nordlys, ["staff"], "Nina", job_function="ejendomsfunktionaer"
    )
    default = RoleProfile.objects.get(organisation__isnull=True, job_function=ejendom)
    with django_capture_on_commit_callbacks(execute=True):
        RoleProfileRequirement.objects.create(
            profile=default, competence=_competence("helhedsplanlaegning"), required_level=2
        )
        requirement = default.requirements.first()
        requirement.required_level = 4
        requirement.save()
    assert_right(fjordbo, nordlys)
    assert PersonRequirement.objects.filter(
        user=nordlys_person, competence__code="helhedsplanlaegning"
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        requirement.delete()
    assert_right(fjordbo, nordlys)


def test_membership_changes_deactivation_and_deletion(fjordbo, nordlys, bob, per, projektledere):
    membership = Membership.objects.get(user=per, organisation=fjordbo)
    membership.job_function = JobFunction.objects.get(code="driftschef")
    membership.save()
    assert_right(fjordbo)
    membership.department = department(fjordbo, "101")
    membership.save(update_fields=["department", "updated_at"])
    assert_right(fjordbo)
    assert set(PersonRequirement.objects.filter(user=per).values_list("department", flat=True)) == {
        membership.department_id
    }
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    assert_right(fjordbo)
    assert not PersonRequirement.objects.filter(user=per).exists()
    Membership.objects.filter(user=bob).delete()
    assert not PersonRequirement.objects.filter(user=bob).exists()
    make_person("bob2@nordlys.example", nordlys, ["staff"], "Bo", job_function="projektleder")
    assert_right(fjordbo, nordlys)


def test_the_api_upsert_and_the_hr_import_keep_the_rows_right(
    alice, fjordbo, bob, per, projektledere
):
    result = people_upsert(
        organisation=fjordbo,
        rows=[
            {"email": "nina@fjordbo.example", "name": "Nina Ny", "job_function": "projektleder"},
            {"email": "bob@fjordbo.example", "job_function": "driftschef"},
        ],
        actor=None,
    )
    assert result.applied
    assert_right(fjordbo)
    assert PersonRequirement.objects.filter(user__email="nina@fjordbo.example").count() == 2
    # A full list deactivates whoever it leaves out (Per among them).
    result = people_upsert(
        organisation=fjordbo,
        rows=[{"email": "nina@fjordbo.example"}, {"email": "alice@fjordbo.example"}],
        actor=None,
        full_list=True,
    )
    assert result.applied
    assert_right(fjordbo)
    assert not PersonRequirement.objects.filter(user=per).exists()


def test_an_erased_person_leaves_no_rows(alice, fjordbo, bob, per, projektledere):
    assert PersonRequirement.objects.filter(user=bob).exists()
    person_erase(person=bob, erased_by=alice)
    assert not PersonRequirement.objects.filter(user=bob).exists()
    assert_right(fjordbo)


class LiveScope(gaps.Scope):
    """A scope that never reads the stored rows: the figures computed from the evidence."""

    @property
    def is_today(self) -> bool:
        return False


def test_the_pages_figures_from_the_stored_rows_equal_the_live_ones(
    alice, mads, fjordbo, bob, per, dorte, projektledere
):
    evidence(per, "helhedsplanlaegning", 1)
    d102 = department(fjordbo, "102").pk
    for viewer, whole, narrow in (
        (alice, True, {}),
        (alice, True, {"department_id": d102}),
        (alice, True, {"job_function_id": projektledere.job_function_id}),
        (mads, False, {}),
    ):
        people = looked_after_memberships(viewer, fjordbo)
        scope = gaps.Scope(fjordbo.pk, people, whole_organisation=whole).narrowed(**narrow)
        live = LiveScope(fjordbo.pk, people).narrowed(**narrow)
        assert scope.is_today and not live.is_today
        assert gaps.coverage_total(scope) == gaps.coverage_total(live)
        assert gaps.Analysis(scope).groups == gaps.Analysis(live).groups
        assert gaps.people_counts(scope) == gaps.people_counts(live)
        assert gaps.Analysis(scope).people_counts() == gaps.people_counts(live)
        assert gaps.Analysis(live).people_counts() == gaps.people_counts(live)
        assert gaps.count_people_with_profile(scope) == gaps.count_people_with_profile(live)
        assert list(gaps.people_with_gaps(scope)) == list(gaps.people_with_gaps(live))
        assert list(gaps.gap_listing(scope)) == list(gaps.gap_listing(live))
        ids = [m.pk for m in gaps.people_with_gaps(scope)]
        assert gaps.gaps_of(scope, ids) == gaps.gaps_of(live, ids)
        competence = _competence("fremtidsanalyse").pk
        narrowed, live_narrowed = (one.narrowed(competence_id=competence) for one in (scope, live))
        assert gaps.Analysis(narrowed).groups == gaps.Analysis(live_narrowed).groups
        assert gaps.people_counts(narrowed) == gaps.people_counts(live_narrowed)
        membership = Membership.objects.get(user=bob)
        assert gaps.coverage_total(scope.of(membership.pk)) == gaps.coverage_total(
            live.of(membership.pk)
        )


def test_coverage_history_is_kept_per_month_end(alice, mads, fjordbo, bob, per, projektledere):
    evidence(per, "helhedsplanlaegning", 2, days_ago=90)
    evidence(per, "fremtidsanalyse", 3, days_ago=40, expires_in=10)
    services.summaries_rebuild(organisation=fjordbo)
    days = gaps.month_ends(12)
    for viewer, whole in ((alice, True), (mads, False)):
        scope = gaps.Scope(
            fjordbo.pk, looked_after_memberships(viewer, fjordbo), whole_organisation=whole
        )
        assert summaries.coverage_history(scope, days) == gaps.coverage_over_time(scope, days)
    # The past is kept: evidence recorded today does not rewrite an earlier month end.
    before = CoverageSnapshot.objects.filter(month_end__lt=TODAY).count()
    evidence(per, "helhedsplanlaegning", 4, days_ago=200)
    services.summaries_rebuild(organisation=fjordbo)
    assert CoverageSnapshot.objects.filter(month_end__lt=TODAY).count() == before
    scope = gaps.Scope(
        fjordbo.pk, looked_after_memberships(alice, fjordbo), whole_organisation=True
    )
    history = summaries.coverage_history(scope, days)
    assert history[-1][1] == gaps.coverage_total(scope)
    assert history[:-1] != gaps.coverage_over_time(scope, days)[:-1]


def test_the_rebuild_of_all_and_the_nightly_task(fjordbo, nordlys, bob, per, charlie):
    populate(fjordbo, people=30, competences=20, requirements=6)
    PersonRequirement.objects.all().delete()
    assert tasks.summaries_rebuild.delay().get() >= 1
    assert_right(fjordbo, nordlys)
    assert PersonRequirement.objects.filter(organisation=fjordbo).count() > 30
    Membership.objects.filter(organisation=fjordbo).update(is_active=False)  # bypasses signals
    services.summaries_rebuild()
    assert not PersonRequirement.objects.filter(organisation=fjordbo).exists()


def test_changes_to_a_default_profile_wait_for_one_refresh(monkeypatch):
    from django.core.cache import cache

    from competencies.services import summaries as summary_services

    published = []
    monkeypatch.setattr(summary_services, "enqueue", lambda task, *args: published.append(args))
    job_function = JobFunction.objects.get(code="projektleder")
    cache.delete(tasks.default_profile_key(job_function.pk))
    summary_services.default_profile_refresh_later(job_function.pk)
    summary_services.default_profile_refresh_later(job_function.pk)  # while the first waits
    assert published == [(job_function.pk,)]
    tasks.summaries_default_profile_refresh(job_function.pk)  # the worker takes the mark away
    summary_services.default_profile_refresh_later(job_function.pk)
    assert published == [(job_function.pk,), (job_function.pk,)]
    cache.delete(tasks.default_profile_key(job_function.pk))


def test_the_rebuild_command(fjordbo, bob, per, projektledere):
    from io import StringIO

    from django.core.management import call_command

    PersonRequirement.objects.all().delete()
    out = StringIO()
    call_command("summaries_rebuild", organisation=fjordbo.pk, stdout=out)
    assert out.getvalue().startswith("1 organisation(er) genberegnet")
    assert_right(fjordbo)


def test_a_deleted_account_leaves_no_rows(fjordbo, bob, per, projektledere):
    evidence(bob, "helhedsplanlaegning", 2)
    assert PersonRequirement.objects.filter(user=bob).exists()
    bob.delete()
    assert not PersonRequirement.objects.filter(user_id=bob.pk).exists()
    assert_right(fjordbo)
