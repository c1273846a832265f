"""The HR and strategy rules of ``competencies.access`` asked directly (the pages' tests ask
them through the views)."""

import pytest
from django.http import Http404

from competencies import access
from competencies.models import LearningStrategy
from tests.competencies.strategies_fixtures import strategy_fixture  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_hr_and_managers_see_their_organisations_competence_pages(
    alice, mads, bob, charlie, fjordbo, nordlys
):
    assert list(access.dashboard_organisations_for(alice)) == [fjordbo]
    assert list(access.dashboard_organisations_for(mads)) == [fjordbo]
    assert list(access.dashboard_organisations_for(bob)) == []
    assert list(access.dashboard_organisations_for(charlie)) == [nordlys]
    with pytest.raises(Http404):
        access.get_dashboard_organisation_for(charlie, fjordbo.pk)


def test_a_manager_sees_their_department_and_only_hr_changes_profiles(
    alice, mads, bob, dorte, fjordbo
):
    assert set(access.people_for(alice, fjordbo).values_list("user_id", flat=True)) >= {
        bob.pk,
        dorte.pk,
    }
    assert dorte.pk not in set(access.people_for(mads, fjordbo).values_list("user_id", flat=True))
    with pytest.raises(Http404):
        access.get_person_for(mads, fjordbo, dorte.pk)
    assert access.hr_actions_for(alice, fjordbo).can_manage_role_profiles
    assert not access.hr_actions_for(mads, fjordbo).can_manage_role_profiles
    assert access.actions_for(mads, fjordbo) == access.hr_actions_for(mads, fjordbo)


def test_managers_read_strategies_and_only_hr_edits_them(alice, mads, charlie, strategy):
    assert access.get_strategy_for(mads, strategy.pk) == strategy
    with pytest.raises(Http404):
        access.get_strategy_for(mads, strategy.pk, editing=True)
    with pytest.raises(Http404):
        access.get_strategy_for(charlie, strategy.pk)
    assert access.get_strategy_for(alice, strategy.pk, editing=True) == strategy
    assert access.actions_for(alice, strategy).can_edit
    assert not access.actions_for(mads, strategy).can_edit
    assert list(access.strategies_for(charlie)) == []
    assert isinstance(access.strategies_for(alice).get(), LearningStrategy)
