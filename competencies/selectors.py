"""Reads of Læringspilen strategies (the adviser register's are in ``adviser_register``).

Who may see what is decided by ``organisations.access`` (the organisations where a person is HR
or a manager); these helpers turn that answer into strategy rows and raise 404 for the rest, so
another organisation's strategy looks exactly like one that does not exist. Every figure on the
strategy page — people, hours, budget — is computed here, once, in ``Decimal``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from competencies.models import (
    LearningStage,
    LearningStrategy,
    StrategyGoal,
    StrategyPlanLine,
    TargetGroup,
)
from organisations import access
from organisations.models import Membership, Organisation, Role

if TYPE_CHECKING:
    from organisations.access import AnyUser

READER_ROLES = (Role.HR, Role.MANAGER)

# --- Access: who reads and who edits a strategy ---------------------------------------------


def strategy_reader_organisation_ids(user: AnyUser) -> list[int]:
    """Organisations whose strategies the person reads: where they are HR or a manager."""
    return access.organisation_ids_with_any_role(user, READER_ROLES)


def strategies_for(user: AnyUser) -> QuerySet[LearningStrategy]:
    """Strategies the person may read (HR and managers of the owning organisation)."""
    if not user.is_authenticated:
        return LearningStrategy.objects.none()
    return LearningStrategy.objects.filter(
        organisation_id__in=strategy_reader_organisation_ids(user)
    ).select_related("organisation")


def get_strategy_for_reader(user: AnyUser, pk: int) -> LearningStrategy:
    """A strategy the person reads; 404 for every other."""
    return get_object_or_404(strategies_for(user), pk=pk)


def get_strategy_for_hr(user: AnyUser, pk: int) -> LearningStrategy:
    """A strategy the person edits (HR of its organisation); 404 for managers and outsiders."""
    return get_object_or_404(
        strategies_for(user).filter(organisation_id__in=access.hr_organisation_ids(user)), pk=pk
    )


def get_organisation_for_strategy_reader(user: AnyUser, pk: int) -> Organisation:
    """An organisation whose strategies the person reads; 404 for every other."""
    return get_object_or_404(
        Organisation.objects.filter(pk__in=strategy_reader_organisation_ids(user)), pk=pk
    )


def get_organisation_for_strategy_hr(user: AnyUser, pk: int) -> Organisation:
    """An organisation where the person is HR (may create strategies); 404 otherwise."""
    return get_object_or_404(
        Organisation.objects.filter(pk__in=access.hr_organisation_ids(user)), pk=pk
    )


def _count_per_strategy(queryset: QuerySet[Any]) -> Coalesce:
    """How many rows of ``queryset`` belong to the (outer) strategy, as a subquery: separate
    counts, so goals and target groups never multiply each other in one join."""
    counted = (
        queryset.filter(strategy_id=OuterRef("pk"))
        .order_by()
        .values("strategy_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def strategy_list(organisation: Organisation) -> QuerySet[LearningStrategy]:
    """The organisation's strategies, newest period first, with their counts."""
    return (
        LearningStrategy.objects.filter(organisation=organisation)
        .annotate(
            goal_count=_count_per_strategy(StrategyGoal.objects.all()),
            group_count=_count_per_strategy(TargetGroup.objects.all()),
        )
        .order_by("-starts_year", "title", "pk")
    )


# --- Goals and Læringspilen --------------------------------------------------------------------


def strategy_goals(strategy: LearningStrategy) -> QuerySet[StrategyGoal]:
    """The strategy's goals with their competence and stage."""
    return strategy.goals.select_related("competence", "stage").order_by("sort_order", "pk")


@dataclass(frozen=True)
class StageCount:
    stage: LearningStage
    number: int
    goals: int


def learning_arrow(strategy: LearningStrategy) -> list[StageCount]:
    """Læringspilen's stages in order, each with how many of the strategy's goals stand there."""
    stages = LearningStage.objects.annotate(
        goal_count=Count("goals", filter=Q(goals__strategy=strategy))
    ).order_by("sort_order", "pk")
    return [
        StageCount(stage=stage, number=index, goals=stage.goal_count)
        for index, stage in enumerate(stages, start=1)
    ]


# --- Target groups -----------------------------------------------------------------------------


def _people_in_group() -> Subquery:
    """How many active members of the strategy's organisation fall in the (outer) group.

    A group narrows by job function when it names any, and by department when it names any;
    naming both means both must hold ("ejendomsfunktionærer i afdeling 101"). A group that
    names neither covers nobody yet.
    """
    group = OuterRef(OuterRef("pk"))
    functions = TargetGroup.job_functions.through.objects.filter(targetgroup_id=group)
    departments = TargetGroup.departments.through.objects.filter(targetgroup_id=group)
    members = (
        Membership.objects.active()
        .filter(organisation_id=OuterRef("strategy__organisation_id"))
        .filter(
            Q(job_function_id__in=functions.values("jobfunction_id")) | ~Exists(functions),
            Q(department_id__in=departments.values("department_id")) | ~Exists(departments),
        )
        .filter(Exists(functions) | Exists(departments))
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(members, output_field=IntegerField())


def target_groups(strategy: LearningStrategy) -> QuerySet[TargetGroup]:
    """The strategy's target groups (a before b) with their functions, departments and the
    number of the organisation's people in each (counted by the database in the same query)."""
    return (
        strategy.target_groups.annotate(people=Coalesce(_people_in_group(), Value(0)))
        .prefetch_related("job_functions", "departments")
        .order_by("kind", "name")
    )


# --- The multi-year plan -----------------------------------------------------------------------


@dataclass
class GroupYear:
    """The lines of one target group in one year, with their sums."""

    group: TargetGroup
    lines: list[StrategyPlanLine] = field(default_factory=list)
    people: int = 0
    hours: Decimal = Decimal("0")
    budget: Decimal = Decimal("0")

    def add(self, line: StrategyPlanLine, rate: Decimal) -> None:
        line.hours = line.hours_total  # type: ignore[attr-defined]
        line.cost = line.budget(rate)  # type: ignore[attr-defined]
        self.lines.append(line)
        self.people += line.people
        self.hours += line.hours  # type: ignore[attr-defined]
        self.budget += line.cost  # type: ignore[attr-defined]


@dataclass
class PlanYear:
    year: int
    groups: list[GroupYear] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(g.people for g in self.groups)

    @property
    def hours(self) -> Decimal:
        return sum((g.hours for g in self.groups), Decimal("0"))

    @property
    def budget(self) -> Decimal:
        return sum((g.budget for g in self.groups), Decimal("0"))

    def budget_for(self, group: TargetGroup) -> Decimal:
        return next((g.budget for g in self.groups if g.group.pk == group.pk), Decimal("0"))


@dataclass
class StrategyPlan:
    """The multi-year plan: per year and target group, lines with hours and budget.

    Hours are people × hours per person; the budget is people × (fee + hours per person ×
    the strategy's hourly rate). The strategy page and the spreadsheet both read this.
    """

    strategy: LearningStrategy
    groups: list[TargetGroup]
    years: list[PlanYear]

    @property
    def rate(self) -> Decimal:
        return self.strategy.hourly_rate

    @property
    def people(self) -> int:
        return sum(y.people for y in self.years)

    @property
    def hours(self) -> Decimal:
        return sum((y.hours for y in self.years), Decimal("0"))

    @property
    def budget(self) -> Decimal:
        return sum((y.budget for y in self.years), Decimal("0"))

    @property
    def has_lines(self) -> bool:
        return any(y.groups for y in self.years)

    def matrix(self) -> list[tuple[int, list[Decimal], Decimal]]:
        """Budget per year (rows) and target group (columns), with the year's total."""
        return [
            (year.year, [year.budget_for(group) for group in self.groups], year.budget)
            for year in self.years
        ]

    def group_totals(self) -> list[Decimal]:
        return [
            sum((year.budget_for(group) for year in self.years), Decimal("0"))
            for group in self.groups
        ]


def plan_lines(strategy: LearningStrategy) -> QuerySet[StrategyPlanLine]:
    """The strategy's plan lines in plan order, with group, guide and course."""
    return strategy.plan_lines.select_related("target_group", "guide", "course").order_by(
        "year", "target_group__kind", "target_group__name", "pk"
    )


def strategy_plan(
    strategy: LearningStrategy, groups: Iterable[TargetGroup] | None = None
) -> StrategyPlan:
    """The plan of every year of the period, grouped by target group, summed (two queries)."""
    group_list = list(groups) if groups is not None else list(strategy.target_groups.all())
    by_year: dict[int, dict[int, GroupYear]] = defaultdict(dict)
    for line in plan_lines(strategy):
        cell = by_year[line.year].get(line.target_group_id)
        if cell is None:
            cell = by_year[line.year][line.target_group_id] = GroupYear(group=line.target_group)
        cell.add(line, strategy.hourly_rate)
    years = [
        PlanYear(year=year, groups=list(by_year.get(year, {}).values()))
        for year in sorted(set(strategy.years) | set(by_year))
    ]
    return StrategyPlan(strategy=strategy, groups=group_list, years=years)


def linked_building_projects(strategy: LearningStrategy) -> QuerySet[Any]:
    """The building projects where the strategy's learning is to be applied."""
    return strategy.building_projects.order_by("name")  # type: ignore[attr-defined]


# --- The personal start page (Min side): the competencies app's panels ---------------------

OVERVIEW_LIMIT = 5
# A plan in one of these asks something of its owner (write it, or act on HR's comment), or
# shows where it stands; a completed plan asks nothing.
OPEN_PLAN_STATUSES = ("draft", "returned", "submitted", "approved")


def own_plans(user: AnyUser, *, limit: int = 3) -> list[Any]:
    """The person's open competence plans (not completed), newest period first; one query."""
    from competencies.models import CompetencePlan

    return list(
        CompetencePlan.objects.filter(user_id=user.pk, status__in=OPEN_PLAN_STATUSES)
        .select_related("organisation")
        .order_by("-starts_on", "-pk")[:limit]
    )


@dataclass
class HrOverview:
    """What HR of one organisation has to review, and the organisation's key figures."""

    organisation: Organisation
    plans_awaiting: list[Any]
    evidence_pending: int
    people: int
    people_with_gap: int
    plans_approved: int
    plans_submitted: int
    coverage_percent: Decimal | None


def hr_overview(
    user: AnyUser, organisation: Organisation, *, limit: int = OVERVIEW_LIMIT
) -> HrOverview:
    """Plans waiting for review (the oldest ``limit``), prior learning waiting for HR, and the
    key figures of the people the person looks after in ``organisation`` (HR: everybody).

    The same figures as the HR dashboard (``figures``, ``gaps``), in at most seven queries.
    """
    from competencies import figures, gaps
    from competencies.models import PlanStatus

    scope = gaps.Scope(organisation.pk, access.looked_after_memberships(user, organisation))
    plans = list(figures.plans_awaiting_review(scope)[:limit])
    counts = {status: n for status, _label, n in figures.plan_status_counts(scope)}
    people = gaps.people_counts(scope)
    return HrOverview(
        organisation=organisation,
        plans_awaiting=plans,
        evidence_pending=figures.pending_prior_learning(scope),
        people=people["people"],
        people_with_gap=people["with_gap"],
        plans_approved=counts.get(PlanStatus.APPROVED, 0),
        plans_submitted=counts.get(PlanStatus.SUBMITTED, 0),
        coverage_percent=gaps.coverage_total(scope).percent,
    )


def hr_organisations(user: AnyUser) -> list[Organisation]:
    """The organisations where the person holds the HR role (from the cached memberships)."""
    return [m.organisation for m in access.active_memberships(user) if Role.HR in m.roles]
