"""A goal or activity form sent twice (double-click, re-sent post) adds one row (issue 11, fault 8)."""

from datetime import date

import pytest
from django.urls import reverse

from competencies.models import ActivityKind
from core.submissions import FIELD, new_key
from tests.competencies.plans_fixtures import (
    catalogue,  # noqa: F401  (fixtures)
    competence,
    make_plan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(fjordbo, bob):
    return make_plan(bob, bob, fjordbo, goals=[("fremtidsanalyse", 3, date(2027, 6, 30))])


def _twice(client, url, data):
    data = {**data, FIELD: new_key()}
    return client.post(url, data), client.post(url, data)


def test_a_double_post_adds_one_goal(client, bob, plan):
    client.force_login(bob)
    url = reverse("competencies:goal_add", kwargs={"pk": plan.pk})
    values = {"competence": competence("effektmaaling").pk, "target_level": "3"}
    first, second = _twice(client, url, {**values, "due_on": "2027-09-01", "note": ""})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert plan.goals.filter(competence__code="effektmaaling").count() == 1


def test_a_double_post_adds_one_activity(client, bob, plan):
    client.force_login(bob)
    url = reverse("competencies:activity_add", kwargs={"pk": plan.pk})
    first, second = _twice(client, url, {"kind": "onsite", "title": "Byggemøder", "hours": "4"})
    assert first.status_code == second.status_code == 302
    assert plan.activities.filter(kind=ActivityKind.ONSITE, title="Byggemøder").count() == 1


def test_a_refused_goal_can_be_corrected_and_sent_with_the_same_key(client, bob, plan):
    client.force_login(bob)
    url = reverse("competencies:goal_add", kwargs={"pk": plan.pk})
    data = {"competence": competence("effektmaaling").pk, "due_on": "2027-09-01", FIELD: new_key()}
    assert client.post(url, {**data, "target_level": "5"}).status_code == 200
    assert client.post(url, {**data, "target_level": "3"}).status_code == 302
    assert plan.goals.filter(competence__code="effektmaaling").count() == 1


def test_the_goal_and_activity_forms_carry_a_key(client, bob, plan):
    client.force_login(bob)
    for name in ("goal_add", "activity_add"):
        page = client.get(reverse(f"competencies:{name}", kwargs={"pk": plan.pk}))
        assert f'name="{FIELD}"' in page.content.decode()
