"""The HR dashboard's figures beside the gaps: plans by status, plans waiting for review,
prior learning waiting for HR, and planned learning (hours and money) from the strategy.

Each takes the same ``gaps.Scope`` as the gap analysis, so a manager sees their department.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum

from competencies.gaps import Scope
from competencies.models import (
    DEFAULT_HOURLY_RATE,
    CompetencePlan,
    Evidence,
    LearningStrategy,
    PlanStatus,
    StrategyPlanLine,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from competencies.models.plans import CompetencePlanQuerySet


def _plans(scope: Scope) -> CompetencePlanQuerySet:
    return CompetencePlan.objects.filter(
        organisation_id=scope.organisation_id,
        user_id__in=scope.memberships.values("user_id"),
    )


def plan_status_counts(scope: Scope) -> list[tuple[str, StrOrPromise, int]]:
    """(status, label, count) for every plan status, for the people in scope (one query)."""
    counts = dict(
        _plans(scope).values("status").order_by().annotate(n=Count("pk")).values_list("status", "n")
    )
    return [(status, label, counts.get(status, 0)) for status, label in PlanStatus.choices]


def plans_awaiting_review(scope: Scope) -> CompetencePlanQuerySet:
    """Submitted plans of the people in scope, oldest submission first."""
    return _plans(scope).awaiting_review().select_related("user").order_by("submitted_at", "pk")


def first_awaiting(
    awaiting: CompetencePlanQuerySet, limit: int
) -> tuple[list[CompetencePlan], int]:
    """The first ``limit`` plans of ``plans_awaiting_review`` and how many there are (two
    queries)."""
    return list(awaiting[:limit]), awaiting.count()


def pending_prior_learning(scope: Scope) -> int:
    """Prior learning of the people in scope waiting for the organisation's HR."""
    return (
        Evidence.objects.pending()
        .filter(
            organisation_id=scope.organisation_id,
            user_id__in=scope.memberships.values("user_id"),
        )
        .count()
    )


@dataclass(frozen=True)
class LearningBudget:
    """Hours and money, planned in the strategy or spent on completed courses, in one year."""

    hours: Decimal
    money: Decimal


def hourly_rate(organisation_id: int, year: int) -> Decimal:
    """The rate of the organisation's strategy in force that year, else 600 kr."""
    strategy = LearningStrategy.objects.filter(organisation_id=organisation_id).current(year)
    rate = strategy.order_by("-starts_year", "pk").values_list("hourly_rate", flat=True).first()
    return rate if rate is not None else DEFAULT_HOURLY_RATE


def planned_learning(organisation_id: int, year: int) -> LearningBudget:
    """The plan lines for ``year`` of the organisation's strategies in force (one query).

    Hours are people × hours per person; money is people × (fee + hours × the strategy's rate).
    """
    money: DecimalField[Any, Any] = DecimalField(max_digits=16, decimal_places=2)
    lines = StrategyPlanLine.objects.filter(
        strategy__in=LearningStrategy.objects.filter(organisation_id=organisation_id).current(year),
        year=year,
    )
    sums = lines.aggregate(
        hours=Sum(ExpressionWrapper(F("people") * F("hours_per_person"), output_field=money)),
        money=Sum(
            ExpressionWrapper(
                F("people")
                * (F("fee_per_person") + F("hours_per_person") * F("strategy__hourly_rate")),
                output_field=money,
            )
        ),
    )
    return LearningBudget(
        hours=Decimal(sums["hours"] or 0), money=Decimal(sums["money"] or 0).quantize(Decimal("1"))
    )
