"""A Læringspilen strategy for Fjordbo, built through the services as HR (Alice) would.

Imported by tests/competencies/test_strategies_*.py (``from … import strategy_fixture``: each
fixture is registered under its short name, e.g. ``strategy``); the people come from
conftest.py.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competencies import services
from competencies.models import Guide, LearningStage
from organisations.models import JobFunction
from tests.competencies.conftest import department


def queries_of(client, address, params=None):
    """How many queries a page runs once the site's menus and settings have settled.

    Flat-count tests take this at the small size and then require the very same number at the
    large size (``django_assert_num_queries``): the page's own queries must not grow, whatever
    the site-wide layout costs today.
    """
    client.get(address, params or {})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address, params or {}).status_code == 200
    return len(captured)


def make_strategy(alice, organisation, title="Fremtidssikring 2027–2029", **values):
    fields = {
        "starts_year": 2027,
        "ends_year": 2029,
        "vision": "Vi vil selv kunne fremtidssikre vores afdelinger.",
    }
    fields.update(values)
    return services.strategy_create(actor=alice, organisation=organisation, title=title, **fields)


def stage(name):
    return LearningStage.objects.get(name=name)


@pytest.fixture(name="strategy")
def strategy_fixture(alice, fjordbo):
    return make_strategy(alice, fjordbo)


@pytest.fixture(name="developers")
def developers_fixture(alice, strategy):
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
def learners_fixture(alice, strategy, fjordbo):
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
def goal_fixture(alice, strategy, fremtidsanalyse):
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
def line_fixture(alice, strategy, developers):
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
