"""A Læringspilen strategy for Fjordbo, built through the services as HR (Alice) would.

Imported by tests/competencies/test_strategies_*.py (``from … import strategy_fixture``: each
fixture is registered under its short name, e.g. ``strategy``); the people come from
conftest.py.
"""

from decimal import Decimal
from typing import Any

import pytest

from competencies import services
from competencies.models import (
    Competence,
    Guide,
    LearningStage,
    LearningStrategy,
    StrategyGoal,
    StrategyPlanLine,
    TargetGroup,
)
from organisations.models import JobFunction, Organisation, User
from tests.competencies.conftest import department
from tests.competencies.plans_fixtures import queries_of  # noqa: F401  (imported from here)


def make_strategy(
    alice: User, organisation: Organisation, title: str = "Fremtidssikring 2027–2029", **values: Any
) -> LearningStrategy:
    fields = {
        "starts_year": 2027,
        "ends_year": 2029,
        "vision": "Vi vil selv kunne fremtidssikre vores afdelinger.",
    }
    fields.update(values)
    return services.strategy_create(actor=alice, organisation=organisation, title=title, **fields)


def stage(name: str) -> LearningStage:
    return LearningStage.objects.get(name=name)


@pytest.fixture(name="strategy")
def strategy_fixture(alice: User, fjordbo: Organisation) -> LearningStrategy:
    return make_strategy(alice, fjordbo)


@pytest.fixture(name="developers")
def developers_fixture(alice: User, strategy: LearningStrategy) -> TargetGroup:
    """Group a: the project leaders."""
    return services.target_group_save(
        actor=alice,
        strategy=strategy,
        name="Projektledere",
        kind="a",
        description="",
        job_functions=[JobFunction.objects.get(code="projektleder")],
        departments=[],
    )


@pytest.fixture(name="learners")
def learners_fixture(alice: User, strategy: LearningStrategy, fjordbo: Organisation) -> TargetGroup:
    """Group b: everybody in department 102."""
    return services.target_group_save(
        actor=alice,
        strategy=strategy,
        name="Driften i Sølyst",
        kind="b",
        description="",
        job_functions=[],
        departments=[department(fjordbo, "102")],
    )


@pytest.fixture(name="goal")
def goal_fixture(
    alice: User, strategy: LearningStrategy, fremtidsanalyse: Competence
) -> StrategyGoal:
    return services.strategy_goal_save(
        actor=alice,
        strategy=strategy,
        title="Alle projektledere kan lave en fremtidsanalyse",
        description="",
        competence=fremtidsanalyse,
        target_level=3,
        target_coverage=80,
        measure="Andel med niveau 3",
        stage=stage("Læring"),
        sort_order=1,
    )


@pytest.fixture(name="line")
def line_fixture(
    alice: User, strategy: LearningStrategy, developers: TargetGroup
) -> StrategyPlanLine:
    """4 people × 7.5 hours, 2,500 kr. fee: 30 hours and 4 × (2,500 + 7.5 × 600) = 28,000 kr."""
    return services.plan_line_save(
        actor=alice,
        strategy=strategy,
        target_group=developers,
        year=2027,
        title="Kursus i fremtidsanalyse",
        guide=Guide.objects.get(code="A3"),
        course=None,
        people=4,
        hours_per_person=Decimal("7.5"),
        fee_per_person=Decimal("2500"),
    )
