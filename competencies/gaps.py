"""Gap analysis: required versus current level, computed by the database.

One row per (person, required competence): an active membership whose job function has a role
profile — the organisation's own, or else the network's default — meets each requirement of that
profile. Each row carries the required level and the current level (``levels.current_level``).
Every figure on the gap pages and the HR dashboard is an aggregate over those rows, grouped by
job function, department, competence or person, so the number of queries does not grow with the
number of people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from competencies.levels import current_level
from competencies.models import Competence, GuideCompetence, RoleProfile, RoleProfileRequirement
from organisations.models import Department, JobFunction, Membership


@dataclass(frozen=True)
class Scope:
    """Whose gaps: the memberships of one organisation that the viewer looks after."""

    organisation_id: int
    memberships: QuerySet[Membership]
    on: date = field(default_factory=timezone.localdate)

    def at(self, on: date) -> Scope:
        return Scope(self.organisation_id, self.memberships, on)


def _effective_profiles(organisation_id: int) -> QuerySet[RoleProfile]:
    return RoleProfile.objects.effective_for(organisation_id)


def requirement_rows(scope: Scope) -> QuerySet[RoleProfileRequirement]:
    """One row per (membership in scope, requirement of its effective profile).

    Annotated: ``user_id``, ``membership_id``, ``department_id``, ``job_function_id``,
    ``required`` and ``current``; ``has_gap`` is 1 where current < required.
    """
    member = "profile__job_function__memberships"
    rows = (
        RoleProfileRequirement.objects.filter(
            profile__in=_effective_profiles(scope.organisation_id),
            competence__is_active=True,
            **{f"{member}__in": scope.memberships.values("pk")},
        )
        # The annotations below reuse the join to the membership that the filter made: one
        # row per (requirement, membership).
        .annotate(
            user_id=F(f"{member}__user_id"),
            membership_id=F(f"{member}__id"),
            department_id=F(f"{member}__department_id"),
            job_function_id=F("profile__job_function_id"),
            required=F("required_level"),
            current=current_level(
                OuterRef(f"{member}__user_id"), OuterRef("competence_id"), scope.on
            ),
        )
        .annotate(
            has_gap=Case(
                When(current__lt=F("required_level"), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    )
    return rows


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


def _grouped(scope: Scope, *fields: str) -> list[dict]:
    rows = requirement_rows(scope).values(*fields).order_by(*fields)
    return list(rows.annotate(required_count=Count("pk"), gap_count=Sum("has_gap")))


def coverage_total(scope: Scope) -> Coverage:
    """The organisation's (or the viewer's part of it) overall coverage."""
    totals = requirement_rows(scope).aggregate(required_count=Count("pk"), gap_count=Sum("has_gap"))
    required = totals["required_count"] or 0
    return Coverage(required, required - (totals["gap_count"] or 0))


def people_counts(scope: Scope) -> dict[str, int]:
    """People in scope with a profile, and how many of them have at least one gap."""
    rows = requirement_rows(scope)
    with_profile = rows.values("user_id").distinct().count()
    with_gap = rows.filter(has_gap=1).values("user_id").distinct().count()
    return {"people": with_profile, "with_gap": with_gap}


def coverage_by(scope: Scope, key: str) -> dict[int | None, Coverage]:
    """Coverage per ``key``: ``job_function_id``, ``department_id`` or ``competence_id``."""
    return {
        row[key]: Coverage(row["required_count"], row["required_count"] - (row["gap_count"] or 0))
        for row in _grouped(scope, key)
    }


@dataclass(frozen=True)
class HeatmapCell:
    competence: Competence
    coverage: Coverage | None  # None: the job function does not require the competence


@dataclass(frozen=True)
class HeatmapRow:
    job_function: JobFunction
    people: int
    cells: list[HeatmapCell]


@dataclass(frozen=True)
class Heatmap:
    competences: list[Competence]
    rows: list[HeatmapRow]


def heatmap(scope: Scope) -> Heatmap:
    """Job function × competence, each cell the share of requirements met (three queries)."""
    grouped = _grouped(scope, "job_function_id", "competence_id")
    people = dict(
        requirement_rows(scope)
        .values("job_function_id")
        .order_by("job_function_id")
        .annotate(people=Count("user_id", distinct=True))
        .values_list("job_function_id", "people")
    )
    cells = {
        (row["job_function_id"], row["competence_id"]): Coverage(
            row["required_count"], row["required_count"] - (row["gap_count"] or 0)
        )
        for row in grouped
    }
    competence_ids = {competence_id for _jf, competence_id in cells}
    job_function_ids = {jf for jf, _c in cells}
    competences = list(Competence.objects.filter(pk__in=competence_ids).for_listing())
    job_functions = JobFunction.objects.filter(pk__in=job_function_ids).order_by("sort_order")
    rows = [
        HeatmapRow(
            job_function=job_function,
            people=people.get(job_function.pk, 0),
            cells=[HeatmapCell(c, cells.get((job_function.pk, c.pk))) for c in competences],
        )
        for job_function in job_functions
    ]
    return Heatmap(competences=competences, rows=rows)


def department_coverage(scope: Scope) -> list[tuple[Department | None, Coverage]]:
    """Coverage per department (None: people without a department), in department order."""
    by_department = coverage_by(scope, "department_id")
    departments = Department.objects.in_bulk([pk for pk in by_department if pk is not None])
    ordered = sorted(
        by_department.items(),
        key=lambda item: (item[0] is None, departments[item[0]].number if item[0] else ""),
    )
    return [(departments.get(pk) if pk else None, coverage) for pk, coverage in ordered]


def competence_coverage(scope: Scope) -> list[tuple[Competence, Coverage]]:
    """Coverage per competence, in framework order."""
    by_competence = coverage_by(scope, "competence_id")
    competences = Competence.objects.filter(pk__in=by_competence).for_listing()
    return [(competence, by_competence[competence.pk]) for competence in competences]


def people_with_gaps(scope: Scope) -> QuerySet[Membership]:
    """Memberships in scope with at least one gap, by name.

    Paginate the result; ``gaps_of`` then fetches the page's gaps in one query.
    """
    gap_rows = requirement_rows(scope).filter(has_gap=1)
    return (
        scope.memberships.filter(pk__in=gap_rows.values("membership_id"))
        .select_related("user", "department", "job_function")
        .order_by("user__first_name", "user__last_name", "pk")
    )


@dataclass(frozen=True)
class Gap:
    membership_id: int
    competence: Competence
    required: int
    current: int


def gaps_of(scope: Scope, membership_ids: list[int]) -> dict[int, list[Gap]]:
    """The gaps of the given memberships (one page of people), in two queries."""
    rows = list(
        requirement_rows(scope)
        .filter(has_gap=1, membership_id__in=membership_ids)
        .values("membership_id", "competence_id", "required", "current")
    )
    competences = Competence.objects.select_related("area").in_bulk(
        {row["competence_id"] for row in rows}
    )
    gaps: dict[int, list[Gap]] = {pk: [] for pk in membership_ids}
    for row in rows:
        gaps[row["membership_id"]].append(
            Gap(
                row["membership_id"],
                competences[row["competence_id"]],
                row["required"],
                row["current"],
            )
        )
    for person_gaps in gaps.values():
        person_gaps.sort(
            key=lambda gap: (gap.competence.area.sort_order, gap.competence.sort_order)
        )
    return gaps


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


def coverage_over_time(scope: Scope, days: list[date]) -> list[tuple[date, Coverage]]:
    """Today's people measured against the evidence valid on each day (one query per day)."""
    return [(day, coverage_total(scope.at(day))) for day in days]


def month_ends(count: int, today: date | None = None) -> list[date]:
    """The last day of each of the ``count`` months before this one, then today; oldest first."""
    today = today or timezone.localdate()
    days = [today]
    first = today.replace(day=1)
    for _ in range(count):
        last = first - timezone.timedelta(days=1)
        days.append(last)
        first = last.replace(day=1)
    return sorted(days)


def memberships_without_profile(scope: Scope) -> QuerySet[Membership]:
    """People in scope whose job function has no profile (so no requirements): shown as a hint."""
    effective = _effective_profiles(scope.organisation_id)
    return scope.memberships.exclude(
        Exists(effective.filter(job_function_id=OuterRef("job_function_id")))
    )
