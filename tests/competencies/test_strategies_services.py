"""The strategy services and selectors: who may write, what is refused, what is counted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from competencies import selectors, services
from competencies.models import LearningStrategy, StrategyGoal, TargetGroup
from organisations.models import JobFunction
from tests.competencies.conftest import department, make_person
from tests.competencies.strategies_fixtures import (  # noqa: F401 (fixtures)
    developers_fixture,
    goal_fixture,
    learners_fixture,
    line_fixture,
    make_strategy,
    stage,
    strategy_fixture,
)

pytestmark = pytest.mark.django_db


class TestWhoWrites:
    @pytest.mark.parametrize("person", ["mads", "bob", "charlie"])
    def test_only_hr_of_the_organisation_creates(self, request, person, fjordbo):
        with pytest.raises(ValidationError, match="Kun HR i organisationen"):
            make_strategy(request.getfixturevalue(person), fjordbo)
        assert not LearningStrategy.objects.exists()

    def test_a_manager_cannot_add_a_goal(self, mads, strategy, fremtidsanalyse):
        with pytest.raises(ValidationError):
            services.strategy_goal_save(
                actor=mads, strategy=strategy, title="Mål", stage=stage("Behov")
            )
        assert not strategy.goals.exists()

    def test_writes_are_audited(self, alice, strategy, goal, line):
        actions = set(
            ModelLogEntry.objects.filter(user=alice).values_list("action", "content_type__model")
        )
        assert ("wagtail.create", "learningstrategy") in actions
        assert ("wagtail.create", "strategygoal") in actions
        assert ("wagtail.create", "strategyplanline") in actions
        goal_pk = goal.pk
        services.strategy_child_delete(actor=alice, instance=goal)
        deleted = ModelLogEntry.objects.filter(action="wagtail.delete", object_id=str(goal_pk))
        assert deleted.exists()


class TestRefusals:
    def test_the_period_message_comes_before_the_plan_lines_message(self, alice, strategy, line):
        with pytest.raises(ValidationError) as excinfo:
            services.strategy_update(actor=alice, strategy=strategy, starts_year=2030)
        assert excinfo.value.message_dict == {
            "ends_year": ["Perioden kan ikke slutte, før den begynder."]
        }

    def test_lines_after_a_shortened_end_are_named(self, alice, strategy, developers):
        services.plan_line_save(
            actor=alice,
            strategy=strategy,
            target_group=developers,
            year=2029,
            title="Sidste år",
            people=1,
            hours_per_person=Decimal("1"),
        )
        with pytest.raises(ValidationError) as excinfo:
            services.strategy_update(actor=alice, strategy=strategy, ends_year=2028)
        assert excinfo.value.message_dict == {
            "ends_year": ["Flerårsplanen har linjer i 2029. Flyt eller slet dem først."]
        }
        strategy.refresh_from_db()
        assert strategy.ends_year == 2029

    def test_a_department_of_another_organisation_saves_nothing(self, alice, strategy, nordlys):
        with pytest.raises(ValidationError) as excinfo:
            services.target_group_save(
                actor=alice,
                strategy=strategy,
                name="Blandet",
                kind="b",
                job_functions=[JobFunction.objects.get(code="driftschef")],
                departments=[department(nordlys, "1")],
            )
        assert "departments" in excinfo.value.message_dict
        assert not TargetGroup.objects.exists()

    def test_a_goal_or_group_of_another_strategy_is_refused(
        self, alice, fjordbo, strategy, goal, developers
    ):
        other = make_strategy(alice, fjordbo, title="Anden")
        with pytest.raises(ValidationError):
            services.strategy_goal_save(actor=alice, strategy=other, goal=goal, title="Flyttet")
        with pytest.raises(ValidationError):
            services.target_group_save(
                actor=alice, strategy=other, group=developers, name="Flyttet"
            )
        goal.refresh_from_db()
        developers.refresh_from_db()
        assert (goal.strategy_id, goal.title) == (strategy.pk, goal.title)
        assert developers.name == "Projektledere"

    def test_a_retired_competence_is_not_chosen_for_a_new_goal(
        self, alice, strategy, fremtidsanalyse
    ):
        fremtidsanalyse.is_active = False
        fremtidsanalyse.save(update_fields=["is_active"])
        with pytest.raises(ValidationError) as excinfo:
            services.strategy_goal_save(
                actor=alice,
                strategy=strategy,
                title="Mål",
                competence=fremtidsanalyse,
                stage=stage("Behov"),
            )
        assert "competence" in excinfo.value.message_dict
        assert not StrategyGoal.objects.exists()

    def test_a_plan_line_from_another_strategy_is_refused(self, alice, fjordbo, line):
        other = make_strategy(alice, fjordbo, title="Anden")
        with pytest.raises(ValidationError):
            services.plan_line_save(actor=alice, strategy=other, line=line, title="Flyttet")


class TestPeopleInTargetGroups:
    def test_functions_and_departments_narrow_together(
        self, alice, strategy, fjordbo, bob, mads, dorte
    ):
        # Bob: projektleder in 101; Mads: driftschef in 101; Dorte: ejendomsfunktionær in 102.
        def group(name, functions, numbers):
            return services.target_group_save(
                actor=alice,
                strategy=strategy,
                name=name,
                kind="a",
                job_functions=list(JobFunction.objects.filter(code__in=functions)),
                departments=[department(fjordbo, n) for n in numbers],
            )

        group("Alle i 101", [], ["101"])
        group("Driftschefer og projektledere", ["driftschef", "projektleder"], [])
        group("Ejendomsfunktionærer i 101", ["ejendomsfunktionaer"], ["101"])
        group("Ingen kriterier", [], [])
        counts = {g.name: g.people for g in selectors.target_groups(strategy)}
        assert counts == {
            "Alle i 101": 2,
            "Driftschefer og projektledere": 2,
            "Ejendomsfunktionærer i 101": 0,
            "Ingen kriterier": 0,
        }

    def test_other_organisations_and_inactive_members_do_not_count(
        self, alice, strategy, nordlys, bob
    ):
        make_person("nils@nordlys.example", nordlys, ["staff"], "Nils", job_function="projektleder")
        membership = bob.memberships.get()
        services.target_group_save(
            actor=alice,
            strategy=strategy,
            name="Projektledere",
            kind="a",
            job_functions=[JobFunction.objects.get(code="projektleder")],
        )
        assert [g.people for g in selectors.target_groups(strategy)] == [1]
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        assert [g.people for g in selectors.target_groups(strategy)] == [0]


class TestPlanFigures:
    def test_budget_uses_the_strategys_hourly_rate(self, alice, strategy, line):
        plan = selectors.strategy_plan(strategy)
        assert plan.budget == Decimal("28000")
        services.strategy_update(actor=alice, strategy=strategy, hourly_rate=Decimal("0"))
        strategy.refresh_from_db()
        plan = selectors.strategy_plan(strategy)
        assert plan.budget == Decimal("10000")  # fees only: 4 × 2,500
        assert plan.hours == Decimal("30")
        assert all(isinstance(v, Decimal) for v in (plan.budget, plan.hours))
