"""Factories for pillar 2: the framework (guides, competences, role profiles), Læringspilen
strategies, competence plans and evidence.

The framework rows the migrations seed (the guides, the competences and their areas, the
network's default role profiles, the learning stages) are found by code rather than duplicated;
``GuideFactory(code="A3")`` is the seeded A3.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from competencies.models import (
    Competence,
    CompetenceArea,
    CompetencePlan,
    Evidence,
    EvidenceSource,
    EvidenceStatus,
    Guide,
    LearningStage,
    LearningStrategy,
    PlanActivity,
    PlanGoal,
    RoleProfile,
    RoleProfileRequirement,
    StrategyGoal,
    StrategyPlanLine,
    StrategyStatus,
    TargetGroup,
)
from tests.factories.organisations import JobFunctionFactory, OrganisationFactory, UserFactory


class GuideFactory(DjangoModelFactory[Guide]):
    """An AlmenVejledning, found by code when the migrations seeded it."""

    class Meta:
        model = Guide
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{10 + n % 90}")
    title = factory.LazyAttribute(lambda o: f"Vejledning {o.code}")
    series = factory.LazyAttribute(lambda o: o.code[0])
    summary = "En vejledning til test."


class CompetenceAreaFactory(DjangoModelFactory[CompetenceArea]):
    class Meta:
        model = CompetenceArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"omraade-{n}")
    name = factory.Sequence(lambda n: f"Kompetenceområde {n}")
    sort_order = 99


class CompetenceFactory(DjangoModelFactory[Competence]):
    """A competence with a descriptor per level, found by code when seeded."""

    class Meta:
        model = Competence
        django_get_or_create = ("code",)

    area = factory.SubFactory(CompetenceAreaFactory)
    code = factory.Sequence(lambda n: f"kompetence-{n}")
    name = factory.Sequence(lambda n: f"Kompetence {n}")
    level_1 = "Kender"
    level_2 = "Forstår"
    level_3 = "Anvender"
    level_4 = "Leder"


def competence(code: str) -> Competence:
    """A competence the migrations seeded (``fremtidsanalyse`` …)."""
    return Competence.objects.get(code=code)


class RoleProfileFactory(DjangoModelFactory[RoleProfile]):
    """An organisation's own profile for a job function (``organisation=None``: the network's)."""

    class Meta:
        model = RoleProfile

    job_function = factory.SubFactory(JobFunctionFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class RoleProfileRequirementFactory(DjangoModelFactory[RoleProfileRequirement]):
    class Meta:
        model = RoleProfileRequirement

    profile = factory.SubFactory(RoleProfileFactory)
    competence = factory.SubFactory(CompetenceFactory)
    required_level = 2


class LearningStrategyFactory(DjangoModelFactory[LearningStrategy]):
    """An active Læringspilen strategy over three years."""

    class Meta:
        model = LearningStrategy

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Læringspilen"
    starts_year = 2027
    ends_year = factory.LazyAttribute(lambda o: o.starts_year + 2)
    vision = "Fremtidssikring"
    hourly_rate = Decimal("600")
    status = StrategyStatus.ACTIVE


class TargetGroupFactory(DjangoModelFactory[TargetGroup]):
    class Meta:
        model = TargetGroup

    strategy = factory.SubFactory(LearningStrategyFactory)
    name = "Projektledere"
    kind = "a"


class StrategyGoalFactory(DjangoModelFactory[StrategyGoal]):
    class Meta:
        model = StrategyGoal

    strategy = factory.SubFactory(LearningStrategyFactory)
    title = factory.Sequence(lambda n: f"Mål {n}")
    competence = factory.SubFactory(CompetenceFactory)
    target_level = 3
    target_coverage = 80
    stage = factory.LazyFunction(lambda: LearningStage.objects.order_by("sort_order").first())


class StrategyPlanLineFactory(DjangoModelFactory[StrategyPlanLine]):
    """A line of the strategy's yearly plan: people × hours, with a fee per person."""

    class Meta:
        model = StrategyPlanLine

    strategy = factory.SubFactory(LearningStrategyFactory)
    target_group = factory.SubFactory(
        TargetGroupFactory, strategy=factory.SelfAttribute("..strategy")
    )
    year = factory.SelfAttribute("strategy.starts_year")
    title = "A3 Fremtidsanalyse"
    people = 4
    hours_per_person = Decimal("7")
    fee_per_person = Decimal("2500")


class CompetencePlanFactory(DjangoModelFactory[CompetencePlan]):
    """A draft plan for 2027 in the person's organisation."""

    class Meta:
        model = CompetencePlan

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "Kompetenceplan 2027"
    starts_on = date(2027, 1, 1)
    ends_on = date(2027, 12, 31)
    status = "draft"


class PlanGoalFactory(DjangoModelFactory[PlanGoal]):
    class Meta:
        model = PlanGoal

    plan = factory.SubFactory(CompetencePlanFactory)
    competence = factory.SubFactory(CompetenceFactory)
    target_level = 3
    due_on = date(2027, 6, 30)


class PlanActivityFactory(DjangoModelFactory[PlanActivity]):
    """An item of a plan (a course, on-the-job training …)."""

    class Meta:
        model = PlanActivity

    plan = factory.SubFactory(CompetencePlanFactory)
    kind = "other"
    title = factory.Sequence(lambda n: f"Aktivitet {n}")


PlanItemFactory = PlanActivityFactory


class EvidenceFactory(DjangoModelFactory[Evidence]):
    """Approved evidence of an assessment a month ago, written straight to the table."""

    class Meta:
        model = Evidence

    user = factory.SubFactory(UserFactory)
    competence = factory.SubFactory(CompetenceFactory)
    level = 2
    source = EvidenceSource.ASSESSMENT
    status = EvidenceStatus.APPROVED
    achieved_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    title = "Vurdering"

    @classmethod
    def _adjust_kwargs(cls, **kwargs: Any) -> dict[str, Any]:
        if isinstance(kwargs.get("competence"), str):
            kwargs["competence"] = competence(kwargs["competence"])
        return kwargs
