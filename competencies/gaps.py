"""Gap analysis: required versus current level, computed by the database.

One row per (person, required competence): an active membership whose job function has a role
profile — the organisation's own, or else the network's default — meets each requirement of that
profile. Each row carries the required level and the current level (``levels.current_level``).
Every figure on the gap pages and the HR dashboard is an aggregate over those rows, grouped by
job function, department, competence or person, so the number of queries does not grow with the
number of people.

Coverage over time asks the same question for a dozen past days at once: there one query joins
the rows to the evidence and counts, per day, the rows met by evidence valid on that day (the
level rule's own conditions, ``Evidence.objects.valid_on``, applied to the join) — thirteen
correlated subqueries per row would cost thirteen passes.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from competencies.levels import current_level
from competencies.models import (
    Competence,
    EvidenceStatus,
    GuideCompetence,
    PersonRequirement,
    RoleProfile,
    RoleProfileRequirement,
)
from competencies.models.evidence import counts_on
from organisations.models import Department, JobFunction, Membership

MEMBER = "profile__job_function__memberships"
ROW_KEY_MULTIPLIER = 1_000_000


@dataclass(frozen=True)
class Scope:
    """Whose gaps: the memberships of one organisation that the viewer looks after.

    ``memberships`` comes from ``competencies.access.people_for`` (and may be
    narrowed to a department or job function); ``competence_id`` narrows the requirements.
    """

    organisation_id: int
    memberships: QuerySet[Membership]
    on: date = field(default_factory=timezone.localdate)
    competence_id: int | None = None
    # HR sees every active member of the organisation: the stored rows are then read by the
    # organisation alone (no join to the memberships), narrowed by their own columns below.
    # A manager's scope (their department) is read through its memberships.
    whole_organisation: bool = False
    department_id: int | None = None
    job_function_id: int | None = None
    membership_id: int | None = None

    @property
    def is_today(self) -> bool:
        """Measured today: the stored rows (``competencies.summaries``) answer it."""
        return self.on == timezone.localdate()

    def at(self, on: date) -> Scope:
        """The same people and requirements, measured against the evidence valid on ``on``."""
        return dataclasses.replace(self, on=on)

    def narrowed(
        self,
        *,
        department_id: int | None = None,
        job_function_id: int | None = None,
        competence_id: int | None = None,
    ) -> Scope:
        """The same scope, only one department, job function and/or competence."""
        memberships = self.memberships
        if department_id:
            memberships = memberships.filter(department_id=department_id)
        if job_function_id:
            memberships = memberships.filter(job_function_id=job_function_id)
        return dataclasses.replace(
            self,
            memberships=memberships,
            competence_id=competence_id or self.competence_id,
            department_id=department_id or self.department_id,
            job_function_id=job_function_id or self.job_function_id,
        )

    def user_ids(self) -> QuerySet[Any]:
        """The people's user ids, as a subquery for other apps' rows about them."""
        return self.memberships.values("user_id")

    def of(self, membership_id: int) -> Scope:
        """The same scope, only one of its memberships (a person's page)."""
        return dataclasses.replace(
            self, memberships=self.memberships.filter(pk=membership_id), membership_id=membership_id
        )


def _effective_profiles(organisation_id: int) -> QuerySet[RoleProfile]:
    return RoleProfile.objects.effective_for(organisation_id)


def _rows(scope: Scope, *, active_only: bool = True) -> QuerySet[Any]:
    """The (requirement, membership) rows with their ids, before any level is computed."""
    rows = RoleProfileRequirement.objects.filter(
        profile__in=_effective_profiles(scope.organisation_id),
        # The scope's memberships are all the organisation's: saying so again lets PostgreSQL
        # start from the organisation's people. With the subquery alone it joined every
        # membership of the job functions (the whole sector's) to their evidence first and
        # filtered last: 1.2 s for an organisation of 156 people at XL, 10 ms with this.
        **{
            f"{MEMBER}__organisation_id": scope.organisation_id,
            f"{MEMBER}__in": scope.memberships.values("pk"),
        },
    )
    if active_only:
        rows = rows.filter(competence__is_active=True)
    if scope.competence_id:
        rows = rows.filter(competence_id=scope.competence_id)
    # The annotations reuse the join to the membership that the filter made: one row per
    # (requirement, membership). No ordering: the model's default would join the area table.
    return rows.annotate(
        user_id=F(f"{MEMBER}__user_id"),
        membership_id=F(f"{MEMBER}__id"),
        department_id=F(f"{MEMBER}__department_id"),
        job_function_id=F("profile__job_function_id"),
        required=F("required_level"),
    ).order_by()


def requirement_rows(scope: Scope) -> QuerySet[Any]:
    """One row per (membership in scope, requirement of its effective profile).

    Annotated: ``user_id``, ``membership_id``, ``department_id``, ``job_function_id``,
    ``required`` and ``current``; ``has_gap`` is 1 where current < required.
    """
    rows: QuerySet[Any] = _rows(scope).annotate(
        current=current_level(OuterRef(f"{MEMBER}__user_id"), OuterRef("competence_id"), scope.on),
        has_gap=Case(
            When(current__lt=F("required_level"), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    return rows


def _has_gap() -> Case:
    return Case(
        When(current__lt=F("required"), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def stored_rows(scope: Scope) -> QuerySet[Any]:
    """The scope's rows as kept by ``competencies.summaries`` (levels as of the last change or
    the nightly refresh), with the same names as ``requirement_rows``.

    They start from the organisation (the index ``competencies_personreq_org``); a scope of
    part of it (a manager's department) keeps its people by a semi-join on their memberships.
    No evidence is read.
    """
    rows = PersonRequirement.objects.filter(
        organisation_id=scope.organisation_id, competence__is_active=True
    )
    if not scope.whole_organisation:
        rows = rows.filter(membership_id__in=scope.memberships.values("pk"))
    narrowing = {
        "competence_id": scope.competence_id,
        "department_id": scope.department_id,
        "job_function_id": scope.job_function_id,
        "membership_id": scope.membership_id,
    }
    rows = rows.filter(**{name: value for name, value in narrowing.items() if value})
    return rows.annotate(has_gap=_has_gap()).order_by()


def gap_rows(scope: Scope) -> QuerySet[Any]:
    """Today: the stored rows; on another day: computed from the evidence valid then."""
    return stored_rows(scope) if scope.is_today else requirement_rows(scope)


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in whole per cent, rounded half up; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Coverage:
    """How many (person, competence) requirements are met."""

    required: int
    met: int

    @property
    def gaps(self) -> int:
        return self.required - self.met

    @property
    def percent(self) -> Decimal | None:
        return percent(self.met, self.required)

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(self.required + other.required, self.met + other.met)


NO_COVERAGE = Coverage(0, 0)


def _coverage(row: dict) -> Coverage:
    required = row["required_count"] or 0
    return Coverage(required, required - (row["gap_count"] or 0))


def _grouped(scope: Scope, *fields: str) -> list[dict]:
    rows = gap_rows(scope).values(*fields).order_by(*fields)
    return list(rows.annotate(required_count=Count("pk"), gap_count=Sum("has_gap")))


def coverage_total(scope: Scope) -> Coverage:
    """The organisation's (or the viewer's part of it) overall coverage, in one query."""
    return _coverage(
        gap_rows(scope).aggregate(required_count=Count("pk"), gap_count=Sum("has_gap"))
    )


def people_with_profile(scope: Scope) -> QuerySet[Membership]:
    """Memberships in scope whose effective profile has at least one requirement (in scope).

    Counting people needs no levels, so this stays a cheap query on memberships.
    """
    if scope.is_today:
        return scope.memberships.filter(pk__in=stored_rows(scope).values("membership_id"))
    requirements = RoleProfileRequirement.objects.filter(
        profile__in=_effective_profiles(scope.organisation_id),
        profile__job_function_id=OuterRef("job_function_id"),
        competence__is_active=True,
    )
    if scope.competence_id:
        requirements = requirements.filter(competence_id=scope.competence_id)
    return scope.memberships.filter(Exists(requirements))


def count_people_with_profile(scope: Scope) -> int:
    """How many people in scope have a profile that asks something (one query)."""
    return people_with_profile(scope).count()


def people_counts(scope: Scope) -> dict[str, int]:
    """People in scope with a profile, and how many of them have at least one gap (one query
    on the stored rows; two on another day, the first needing no levels)."""
    if scope.is_today:
        counts = stored_rows(scope).aggregate(
            people=Count("membership_id", distinct=True),
            with_gap=Count("membership_id", distinct=True, filter=Q(has_gap=1)),
        )
        return {"people": counts["people"], "with_gap": counts["with_gap"]}
    with_gap = requirement_rows(scope).aggregate(
        n=Count("membership_id", distinct=True, filter=Q(has_gap=1))
    )
    return {"people": people_with_profile(scope).count(), "with_gap": with_gap["n"] or 0}


@dataclass(frozen=True)
class HeatmapCell:
    job_function: JobFunction
    coverage: Coverage | None  # None: the job function does not require the competence


@dataclass(frozen=True)
class HeatmapRow:
    competence: Competence
    coverage: Coverage
    cells: list[HeatmapCell]


@dataclass(frozen=True)
class HeatmapColumn:
    job_function: JobFunction
    people: int
    coverage: Coverage


@dataclass(frozen=True)
class Heatmap:
    """Competences (rows) × job functions (columns); each cell the share of requirements met."""

    columns: list[HeatmapColumn]
    rows: list[HeatmapRow]


class Analysis:
    """Every coverage figure of one scope from a single grouped query, computed on first use.

    The rows are grouped by (job function, department, competence) once; the totals per job
    function, department and competence and the heatmap are sums over those groups, whose
    number depends on the organisation's structure, not on its number of people.
    """

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @cached_property
    def groups(self) -> list[tuple[int, int | None, int, Coverage]]:
        """(job function id, department id, competence id, coverage); one query."""
        rows = _grouped(self.scope, "job_function_id", "department_id", "competence_id")
        return [
            (row["job_function_id"], row["department_id"], row["competence_id"], _coverage(row))
            for row in rows
        ]

    @cached_property
    def people(self) -> dict[int, tuple[int, int]]:
        """Per job function: people with a profile, and how many of them have a gap (one
        query; a membership has one job function, so the totals are sums)."""
        rows = (
            gap_rows(self.scope)
            .values("job_function_id")
            .order_by()
            .annotate(
                people=Count("membership_id", distinct=True),
                with_gap=Count("membership_id", distinct=True, filter=Q(has_gap=1)),
            )
        )
        return {row["job_function_id"]: (row["people"], row["with_gap"]) for row in rows}

    def people_counts(self) -> dict[str, int]:
        """``people_counts`` of the scope, from ``people``."""
        return {
            "people": sum(people for people, _gap in self.people.values()),
            "with_gap": sum(with_gap for _people, with_gap in self.people.values()),
        }

    @cached_property
    def total(self) -> Coverage:
        return _summed((0, coverage) for *_ids, coverage in self.groups).get(0, NO_COVERAGE)

    def by(self, index: int) -> dict:
        """Coverage summed per id at ``index`` (0 job function, 1 department, 2 competence)."""
        return _summed((group[index], group[3]) for group in self.groups)

    def by_job_function(self) -> list[tuple[JobFunction, Coverage]]:
        """Coverage per job function, in the job functions' order (one query)."""
        totals = self.by(0)
        return [(jf, totals[jf.pk]) for jf in JobFunction.objects.filter(pk__in=totals)]

    def by_department(self) -> list[tuple[Department | None, Coverage]]:
        """Coverage per department (None: people without one), by department number."""
        totals = self.by(1)
        departments = Department.objects.in_bulk([pk for pk in totals if pk is not None])
        ordered = sorted(
            totals.items(),
            key=lambda item: (item[0] is None, departments[item[0]].number if item[0] else ""),
        )
        return [(departments.get(pk) if pk else None, coverage) for pk, coverage in ordered]

    def by_competence(self) -> list[tuple[Competence, Coverage]]:
        """Coverage per competence, in framework order (one query)."""
        totals = self.by(2)
        competences = Competence.objects.filter(pk__in=totals).for_listing()
        return [(competence, totals[competence.pk]) for competence in competences]

    def heatmap(self) -> Heatmap:
        """Competence × job function (with ``groups`` and ``people``, two more queries:
        competences, job functions)."""
        cells = _summed(
            ((jf, competence), coverage) for jf, _d, competence, coverage in self.groups
        )
        people = {job_function_id: n for job_function_id, (n, _gap) in self.people.items()}
        by_function, by_competence = self.by(0), self.by(2)
        job_functions = list(JobFunction.objects.filter(pk__in=by_function))
        columns = [
            HeatmapColumn(jf, people.get(jf.pk, 0), by_function[jf.pk]) for jf in job_functions
        ]
        rows = [
            HeatmapRow(
                competence=competence,
                coverage=by_competence[competence.pk],
                cells=[HeatmapCell(jf, cells.get((jf.pk, competence.pk))) for jf in job_functions],
            )
            for competence in Competence.objects.filter(pk__in=by_competence).for_listing()
        ]
        return Heatmap(columns=columns, rows=rows)


def _summed(pairs: Iterator[tuple[Any, Coverage]]) -> dict[Any, Coverage]:
    """Coverage summed per key. Plain integers first: a large organisation has thousands of
    (job function, department, competence) groups, and adding frozen dataclasses costs."""
    required: dict[Any, int] = defaultdict(int)
    met: dict[Any, int] = defaultdict(int)
    for key, coverage in pairs:
        required[key] += coverage.required
        met[key] += coverage.met
    return {key: Coverage(required[key], met[key]) for key in required}


def people_with_gaps(scope: Scope) -> QuerySet[Membership]:
    """Memberships in scope with at least one gap, by name.

    Paginate the result; ``gaps_of`` then fetches the page's gaps in one query. The gap test
    sits in a HAVING clause (rows grouped per membership) rather than in WHERE: the database
    then joins first and computes each row's level once, where a WHERE filter led PostgreSQL
    to compute levels for every membership × every requirement before matching job functions
    (324 → 72 ms at 2,000 people). Today the stored rows answer it: a semi-join per
    membership on the (organisation, …) index, no levels computed.
    """
    people = scope.memberships.select_related("user", "department", "job_function").order_by(
        "user__first_name", "user__last_name", "pk"
    )
    if scope.is_today:
        gaps = stored_rows(scope).filter(membership_id=OuterRef("pk"), current__lt=F("required"))
        return people.filter(Exists(gaps))
    with_gap = (
        gap_rows(scope)
        .values("membership_id")
        .annotate(gap=Max("has_gap"))
        .filter(gap=1)
        .values("membership_id")
    )
    return people.filter(pk__in=with_gap)


@dataclass(frozen=True)
class Requirement:
    """One requirement of a person's profile with their current level."""

    membership_id: int
    competence: Competence
    required: int
    current: int

    @property
    def is_gap(self) -> bool:
        return self.current < self.required

    @property
    def required_descriptor(self) -> str:
        return getattr(self.competence, f"level_{self.required}", "")

    @property
    def current_descriptor(self) -> str:
        return getattr(self.competence, f"level_{self.current}", "") if self.current else ""


Gap = Requirement  # a requirement that is not met


def _requirements(rows: QuerySet, membership_ids: list[int]) -> dict[int, list[Requirement]]:
    values = list(
        rows.filter(membership_id__in=membership_ids).values(
            "membership_id", "competence_id", "required", "current"
        )
    )
    competences = Competence.objects.select_related("area").in_bulk(
        {row["competence_id"] for row in values}
    )
    result: dict[int, list[Requirement]] = {pk: [] for pk in membership_ids}
    for row in values:
        result[row["membership_id"]].append(
            Requirement(
                row["membership_id"],
                competences[row["competence_id"]],
                row["required"],
                row["current"],
            )
        )
    for requirements in result.values():
        requirements.sort(key=lambda r: (r.competence.area.sort_order, r.competence.sort_order))
    return result


def gap_listing(scope: Scope) -> QuerySet:
    """Every gap in scope as plain values for an export, by person and framework order.

    Keys: ``first_name``, ``last_name``, ``email``, ``department_number``,
    ``department_name``, ``job_function_name``, ``competence_name``, ``required``, ``current``.
    """
    if scope.is_today:
        return _stored_listing(scope)
    return (
        requirement_rows(scope)
        .filter(has_gap=1)
        .values(
            "required",
            "current",
            first_name=F(f"{MEMBER}__user__first_name"),
            last_name=F(f"{MEMBER}__user__last_name"),
            email=F(f"{MEMBER}__user__email"),
            department_number=F(f"{MEMBER}__department__number"),
            department_name=F(f"{MEMBER}__department__name"),
            job_function_name=F("profile__job_function__name"),
            competence_name=F("competence__name"),
        )
        .order_by(
            f"{MEMBER}__user__first_name",
            f"{MEMBER}__user__last_name",
            f"{MEMBER}__id",
            "competence__area__sort_order",
            "competence__sort_order",
        )
    )


def _stored_listing(scope: Scope) -> QuerySet:
    """``gap_listing`` from the stored rows."""
    return (
        stored_rows(scope)
        .filter(current__lt=F("required"))
        .values(
            "required",
            "current",
            first_name=F("user__first_name"),
            last_name=F("user__last_name"),
            email=F("user__email"),
            department_number=F("department__number"),
            department_name=F("department__name"),
            job_function_name=F("job_function__name"),
            competence_name=F("competence__name"),
        )
        .order_by(
            "user__first_name",
            "user__last_name",
            "membership_id",
            "competence__area__sort_order",
            "competence__sort_order",
        )
    )


def gap_rows_streamed(scope: Scope) -> Iterator[dict[str, Any]]:
    """``gap_listing`` read in chunks, so that an export of 2,000 people never holds every row."""
    return gap_listing(scope).iterator(chunk_size=2000)


def gaps_of(scope: Scope, membership_ids: list[int]) -> dict[int, list[Requirement]]:
    """The gaps of the given memberships (one page of people), in two queries."""
    return _requirements(gap_rows(scope).filter(has_gap=1), membership_ids)


def requirements_of(scope: Scope, membership_id: int) -> list[Requirement]:
    """Every requirement of one person's profile, met or not, in framework order (two queries)."""
    return _requirements(requirement_rows(scope), [membership_id])[membership_id]


def guides_closing(needs: set[tuple[int, int]]) -> dict[tuple[int, int], list[GuideCompetence]]:
    """For each (competence id, required level), the guide links that build it that far."""
    if not needs:
        return {}
    competence_ids = {competence_id for competence_id, _level in needs}
    links = list(
        GuideCompetence.objects.filter(competence_id__in=competence_ids, guide__status="current")
        .select_related("guide")
        .order_by("guide__code")
    )
    return {
        (competence_id, level): [
            link for link in links if link.competence_id == competence_id and link.level >= level
        ]
        for competence_id, level in needs
    }


# --- Coverage over time --------------------------------------------------------------------

EVIDENCE = f"{MEMBER}__user__evidence"


def _valid_on(on: date) -> Q:
    """The level rule's condition (``Evidence.objects.valid_on``) on the joined evidence ``ev``."""
    return counts_on(on, prefix="ev__")


def coverage_over_time(scope: Scope, days: list[date]) -> list[tuple[date, Coverage]]:
    """Today's people measured against the evidence valid on each day, in one query.

    The rows are joined to the person's approved evidence for the competence at or above the
    required level; a row is met on a day when one of those is valid that day. A row may join
    several pieces of evidence, so rows are counted by their key (membership, competence).
    """
    if not days:
        return []
    joined, counts = over_time_counts(scope, days)
    totals = joined.aggregate(**counts)
    required = totals["required"] or 0
    return [(day, Coverage(required, totals[f"met_{i}"] or 0)) for i, day in enumerate(days)]


def over_time_counts(scope: Scope, days: list[date]) -> tuple[QuerySet[Any], dict[str, Count]]:
    """The rows joined to their evidence, and the counts ``required`` and ``met_<i>`` (one per
    day) to aggregate them by: ``coverage_over_time`` sums them, the coverage snapshots
    (``competencies.summaries``) group them by department."""
    # A row's key as one integer, (membership, competence): integers count distinct much faster
    # than text. Competence ids stay far below the multiplier (the framework has tens).
    key = ExpressionWrapper(
        Cast(f"{MEMBER}__id", BigIntegerField()) * Value(ROW_KEY_MULTIPLIER) + F("competence_id"),
        output_field=BigIntegerField(),
    )
    joined = _rows(scope).annotate(
        ev=FilteredRelation(
            EVIDENCE,
            condition=Q(
                **{
                    f"{EVIDENCE}__competence_id": F("competence_id"),
                    f"{EVIDENCE}__status": EvidenceStatus.APPROVED,
                    f"{EVIDENCE}__level__gte": F("required_level"),
                }
            ),
        )
    )
    counts = {"required": Count(key, distinct=True)}
    for index, day in enumerate(days):
        counts[f"met_{index}"] = Count(key, distinct=True, filter=_valid_on(day))
    return joined, counts


def month_ends(count: int, today: date | None = None) -> list[date]:
    """The last day of each of the ``count`` months before this one, then today; oldest first."""
    today = today or timezone.localdate()
    days = [today]
    first = today.replace(day=1)
    for _ in range(count):
        last = first - timedelta(days=1)
        days.append(last)
        first = last.replace(day=1)
    return sorted(days)


def memberships_without_profile(scope: Scope) -> QuerySet[Membership]:
    """People in scope whose job function has no profile (so no requirements): shown as a hint."""
    effective = _effective_profiles(scope.organisation_id)
    return scope.memberships.exclude(
        Exists(effective.filter(job_function_id=OuterRef("job_function_id")))
    )
