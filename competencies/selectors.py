"""Reads of the competencies app: Læringspilen strategies, the HR pages, plans, evidence and the
personal overview (the adviser register's are in ``adviser_register``, the gap figures in
``gaps`` and ``figures``).

Who may see what is ``competencies.access``: these reads start from its answers (a strategy
from ``get_strategy_for``, a person's rows from ``plans_for`` / ``evidence_for``) and decide
nothing themselves. What lives in the pillars (courses, building projects) comes through
``competencies.offers``. Every figure on the strategy page — people, hours, budget — is
computed here, once, in ``Decimal``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from competencies import access as policy
from competencies import offers
from competencies.levels import levels_of
from competencies.models import (
    MAX_LEVEL,
    MIN_LEVEL,
    CompetencePlan,
    Evidence,
    EvidenceStatus,
    LearningStage,
    LearningStrategy,
    PlanStatus,
    RoleProfile,
    RoleProfileRequirement,
    StrategyGoal,
    StrategyPlanLine,
    TargetGroup,
)
from organisations.models import Department, JobFunction, Membership, Organisation, User

if TYPE_CHECKING:
    from competencies.models.evidence import EvidenceQuerySet
    from competencies.models.plans import CompetencePlanQuerySet
    from organisations.access import AnyUser

# --- Strategies: the list ----------------------------------------------------------------------
# Which strategies a person reads or edits is ``competencies.access`` (strategies_for ...).


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


def linked_building_projects(strategy: LearningStrategy) -> list[offers.ProjectLink]:
    """The building projects where the strategy's learning is to be applied (from the onsite
    pillar, through ``competencies.offers``; none without it)."""
    return offers.projects().projects_for_strategy(strategy.pk)


def has_target_groups(strategy: LearningStrategy) -> bool:
    return strategy.target_groups.exists()


def plan_line_count(group: TargetGroup) -> int:
    """The plan lines deleting the target group would take with it."""
    return group.plan_lines.count()


# --- HR: the organisation's competence pages ------------------------------------------------
# ``memberships`` is always what ``competencies.access.people_for`` gave the viewer.


def departments_of(memberships: QuerySet[Membership]) -> QuerySet[Department]:
    """The departments of the people in ``memberships``, by number (the gap filter's choices)."""
    return Department.objects.filter(pk__in=memberships.values("department_id")).order_by("number")


def person_evidence(viewer: AnyUser, user_pk: int) -> EvidenceQuerySet:
    """The person's evidence as the viewer may see it, for the person's page."""
    return policy.evidence_for(viewer).for_listing().filter(user_id=user_pk)


def person_plans(
    viewer: AnyUser, organisation: Organisation, user_pk: int
) -> CompetencePlanQuerySet:
    """The person's plans in ``organisation`` as the viewer may see them, newest first."""
    return (
        policy.plans_for(viewer)
        .for_listing()
        .filter(user_id=user_pk, organisation=organisation)
        .order_by("-starts_on", "-pk")
    )


def job_functions() -> QuerySet[JobFunction]:
    return JobFunction.objects.all()


def get_job_function(pk: int) -> JobFunction:
    """A job function (the network's shared list); 404 for an unknown one."""
    return get_object_or_404(JobFunction, pk=pk)


def profiles_by_job_function(organisation: Organisation) -> dict[int, RoleProfile]:
    """The profile in force per job function (the organisation's own, else the network's),
    each with ``requirement_count`` (active competences); one query."""
    profiles = RoleProfile.objects.effective_for(organisation.pk).annotate(
        requirement_count=Count("requirements", filter=Q(requirements__competence__is_active=True))
    )
    return {profile.job_function_id: profile for profile in profiles}


def people_per_job_function(memberships: QuerySet[Membership]) -> dict[int | None, int]:
    """How many of ``memberships`` hold each job function (None: without one); one query."""
    return dict(
        memberships.values("job_function_id")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("job_function_id", "n")
    )


def people_with_function(memberships: QuerySet[Membership], job_function: JobFunction) -> int:
    return memberships.filter(job_function=job_function).count()


def effective_profile(organisation: Organisation, job_function: JobFunction) -> RoleProfile | None:
    """The profile in force for the job function in the organisation, if any."""
    return (
        RoleProfile.objects.effective_for(organisation.pk).filter(job_function=job_function).first()
    )


def network_default_levels(job_function: JobFunction) -> dict[int, int]:
    """The network default profile's required level per competence id (empty without one)."""
    default = RoleProfile.objects.network_defaults().filter(job_function=job_function).first()
    if default is None:
        return {}
    return dict(default.requirements.values_list("competence_id", "required_level"))


def profile_requirements(profile: RoleProfile | None) -> list[RoleProfileRequirement]:
    """The profile's requirements of active competences, in framework order."""
    if profile is None:
        return []
    return list(
        profile.requirements.filter(competence__is_active=True)
        .select_related("competence__area")
        .order_by("competence__area__sort_order", "competence__sort_order")
    )


# --- The personal start page (Min side): the competencies app's panels ---------------------

OVERVIEW_LIMIT = 5
# A plan in one of these asks something of its owner (write it, or act on HR's comment), or
# shows where it stands; a completed plan asks nothing.
OPEN_PLAN_STATUSES = ("draft", "returned", "submitted", "approved")


def own_plans(user: User, *, limit: int = 3) -> list[CompetencePlan]:
    """The person's open competence plans (not completed), newest period first; one query."""
    return list(
        CompetencePlan.objects.filter(user=user, status__in=OPEN_PLAN_STATUSES)
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

    scope = gaps.Scope(
        organisation.pk,
        policy.people_for(user, organisation),
        whole_organisation=policy.hr_actions_for(user, organisation).sees_whole_organisation,
    )
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
    return policy.hr_organisation_list(user)


# --- Plans ---------------------------------------------------------------------------------
# Which plans a person sees is ``competencies.access.plans_for``; these reads start from it.


def plan_list(user: User, *, status: str = "", whose: str = "") -> CompetencePlanQuerySet:
    """The plans the person sees, with person, organisation and counts: ``status`` narrows to
    one status, ``whose`` to the person's own ("mine") or the others' ("andre"). HR sees what
    awaits review first; everyone else the newest period first."""
    plans = policy.plans_for(user).for_listing()
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    if whose == "mine":
        plans = plans.filter(user=user)
    elif whose == "andre":
        plans = plans.exclude(user=user)
    if policy.plan_review_organisation_ids(user):
        waiting_first = Case(
            When(status=PlanStatus.SUBMITTED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return plans.order_by(waiting_first, "-starts_on", "-pk")
    # for_listing() groups by plan, and grouped queries leave Meta.ordering out.
    return plans.order_by("-starts_on", "-pk")


def _resolve_catalogue(activities: list[Any]) -> None:
    """Give each activity its live course and its session, in at most two queries (through
    the catalogue port: competencies never reads the courses app's tables)."""
    catalogue = offers.catalogue()
    courses = catalogue.courses_by_id({a.course_id for a in activities if a.course_id})
    sessions = catalogue.sessions_by_id({a.session_ref for a in activities if a.session_ref})
    for activity in activities:
        activity.catalogue_course = courses.get(activity.course_id)
        session = sessions.get(activity.session_ref or 0)
        # A session of another course (edited since) is not shown as this activity's.
        if session is not None and session.course_id != activity.course_id:
            session = None
        activity.catalogue_session = session


def plan_context(plan: CompetencePlan) -> dict[str, Any]:
    """What the plan's page and its PDF show: goals with levels, activities, totals, history."""
    goals: list[Any] = list(plan.goals.select_related("competence__area"))
    levels = levels_of(plan.user_id, [goal.competence_id for goal in goals])
    for goal in goals:
        goal.current_level = levels[goal.competence_id]
        goal.reached = goal.current_level >= goal.target_level
        goal.target_descriptor = goal.competence.descriptor(goal.target_level)
        goal.current_descriptor = goal.competence.descriptor(goal.current_level)
    activities: list[Any] = list(plan.activities.select_related("guide", "course"))
    _resolve_catalogue(activities)
    membership = (
        Membership.objects.filter(user_id=plan.user_id, organisation_id=plan.organisation_id)
        .select_related("department", "job_function")
        .first()
    )
    events = list(plan.events.select_related("actor"))
    returned = [e for e in events if e.to_status == PlanStatus.RETURNED and not e.is_comment]
    return {
        "plan": plan,
        "membership": membership,
        "goals": goals,
        "activities": activities,
        "done_count": sum(1 for a in activities if a.done),
        "totals": plan.totals(),
        "events": events,
        "last_return": returned[-1] if plan.status == PlanStatus.RETURNED and returned else None,
        "today": timezone.localdate(),
    }


def plannable_courses() -> QuerySet[Any]:
    """The live courses an activity may name (from the catalogue port), by title."""
    return offers.catalogue().course_cards().order_by("title")


def chosen_course(courses: QuerySet[Any], value: Any) -> Any:
    """The course among ``courses`` whose id ``value`` is (a form's raw input), or None."""
    if not str(value or "").isdigit():
        return None
    return courses.filter(pk=int(value)).first()


def session_choices(course: Any, keep: int | None = None) -> QuerySet[Any]:
    """The course's upcoming sessions, plus the one an activity already points to."""
    return offers.catalogue().session_choices(course, keep)


# --- Evidence ------------------------------------------------------------------------------


def evidence_queue(user: AnyUser, organisation: Organisation, status: str) -> EvidenceQuerySet:
    """The organisation's evidence in ``status`` that the person sees: prior learning waiting
    for a decision (never the person's own), oldest first; or the approved, newest first."""
    if status == EvidenceStatus.PENDING:
        rows = policy.evidence_to_decide_for(user).filter(organisation=organisation, status=status)
        return rows.for_listing().order_by("created_at", "pk")
    return policy.evidence_for(user).filter(organisation=organisation, status=status).for_listing()


# --- Overview (Mine kompetencer) -----------------------------------------------------------


@dataclass
class ProfileLine:
    """One competence of a role profile, as the person stands in it today."""

    requirement: RoleProfileRequirement
    current: int = 0

    @property
    def competence(self) -> Any:
        return self.requirement.competence

    @property
    def required(self) -> int:
        return int(self.requirement.required_level)

    @property
    def missing(self) -> int:
        return max(self.required - self.current, 0)

    @property
    def descriptors(self) -> list[tuple[int, str]]:
        return [
            (level, self.competence.descriptor(level)) for level in range(MIN_LEVEL, MAX_LEVEL + 1)
        ]


@dataclass
class OrganisationProfile:
    membership: Membership
    profile: RoleProfile | None
    lines: list[ProfileLine] = field(default_factory=list)

    @property
    def met_count(self) -> int:
        return sum(1 for line in self.lines if not line.missing)


def role_profiles(memberships: list[Membership]) -> list[OrganisationProfile]:
    """Each membership with its job function's effective profile (own or network default)."""
    requirements = Prefetch(
        "requirements",
        queryset=RoleProfileRequirement.objects.filter(competence__is_active=True).select_related(
            "competence__area"
        ),
    )
    result = []
    for membership in memberships:
        profile = None
        if membership.job_function_id:
            profile = (
                RoleProfile.objects.effective_for(membership.organisation_id)
                .filter(job_function_id=membership.job_function_id)
                .prefetch_related(requirements)
                .first()
            )
        lines = [ProfileLine(r) for r in profile.requirements.all()] if profile else []
        result.append(OrganisationProfile(membership, profile, lines))
    return result


def attach_levels(user_id: int, profiles: list[OrganisationProfile]) -> None:
    """Set each line's current level by the level rule, in one query for all profiles."""
    lines = [line for profile in profiles for line in profile.lines]
    levels = levels_of(user_id, {line.requirement.competence_id for line in lines})
    for line in lines:
        line.current = levels[line.requirement.competence_id]


def own_memberships(user: User) -> list[Membership]:
    """The person's active memberships with organisation, department and job function."""
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation", "department", "job_function")
        .order_by("organisation__name")
    )


def own_evidence(user: User) -> EvidenceQuerySet:
    """The person's own evidence, newest first, with what a list shows."""
    return Evidence.objects.filter(user=user).for_listing()


def recent_plans(user: User, *, limit: int) -> CompetencePlanQuerySet:
    """The person's own plans (every status), newest period first, with their counts."""
    plans = CompetencePlan.objects.filter(user=user).for_listing()
    return plans.order_by("-starts_on", "-pk")[:limit]
