"""The level rule (competencies/levels.py): the highest valid level counts.

Valid means approved, achieved by the day in question and not expired by then. Pending,
rejected and withdrawn evidence never counts; newer, lower evidence never lowers a level.
"""

import datetime

import pytest
from django.utils import timezone

from competencies import services
from competencies.levels import level_of, levels_of
from competencies.models import EvidenceStatus
from tests.competencies.plans_fixtures import competence, evidence_row

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _level(user, code="fremtidsanalyse", on=None):
    return level_of(user.pk, competence(code).pk, on)


def test_without_evidence_the_level_is_0(bob):
    assert _level(bob) == 0


def test_the_highest_approved_level_counts(bob):
    evidence_row(bob, level=1)
    evidence_row(bob, level=3)
    evidence_row(bob, level=2)
    assert _level(bob) == 3


def test_newer_lower_evidence_does_not_lower_the_level(bob):
    evidence_row(bob, level=3, achieved_on=TODAY - 400 * DAY)
    evidence_row(bob, level=1, achieved_on=TODAY - DAY, title="Nyere, lavere vurdering")
    assert _level(bob) == 3


def test_expired_evidence_stops_counting_the_day_it_expires(bob):
    evidence_row(bob, level=4, achieved_on=TODAY - 400 * DAY, expires_on=TODAY)
    evidence_row(bob, level=2)
    assert _level(bob) == 2
    # The day before, the level 4 still held.
    assert _level(bob, on=TODAY - DAY) == 4


def test_evidence_counts_from_the_day_it_was_achieved(bob):
    evidence_row(bob, level=3, achieved_on=TODAY + 10 * DAY)
    assert _level(bob) == 0
    assert _level(bob, on=TODAY + 10 * DAY) == 3


@pytest.mark.parametrize(
    "status", [EvidenceStatus.PENDING, EvidenceStatus.REJECTED, EvidenceStatus.WITHDRAWN]
)
def test_pending_rejected_and_withdrawn_evidence_never_counts(bob, status):
    evidence_row(bob, level=4, status=status)
    evidence_row(bob, level=1)
    assert _level(bob) == 1


def test_withdrawing_the_evidence_a_level_rests_on_lowers_it(fjordbo, alice, bob):
    best = evidence_row(bob, level=4, organisation=fjordbo)
    evidence_row(bob, level=2, organisation=fjordbo)
    services.evidence_withdraw(evidence=best, actor=alice, reason="Vurderingen holdt ikke.")
    assert _level(bob) == 2


def test_one_persons_evidence_does_not_count_for_another(bob, dorte):
    evidence_row(dorte, level=4)
    assert _level(bob) == 0


def test_levels_of_answers_every_competence_in_one_query(bob, django_assert_num_queries):
    codes = ["fremtidsanalyse", "helhedsplanlaegning", "effektmaaling", "samdrift"]
    evidence_row(bob, "fremtidsanalyse", level=3)
    evidence_row(bob, "helhedsplanlaegning", level=1)
    evidence_row(bob, "effektmaaling", level=2, status=EvidenceStatus.PENDING)
    ids = [competence(code).pk for code in codes]
    with django_assert_num_queries(1):
        levels = levels_of(bob.pk, ids)
    assert levels == dict(zip(ids, [3, 1, 0, 0], strict=True))
