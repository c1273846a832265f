"""Reads of the organisation's report on its building projects, each in a fixed number
of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from competencies.models import Evidence, EvidenceSource
from onsite.models import (
    BuildingProject,
    EffectIndicator,
    EntryStatus,
    LogEntry,
    Measurement,
    ProjectPhase,
    ProjectStatus,
)
from onsite.selectors.effects import progress_label, progress_percent

# --- Reports per organisation ---------------------------------------------------------------

REPORT_MONTHS = 12


def month_starts(today: date, months: int = REPORT_MONTHS) -> list[date]:
    """The first day of each of the last ``months`` months, oldest first (this month last)."""
    first = today.replace(day=1)
    return [first - relativedelta(months=back) for back in range(months - 1, -1, -1)]


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@dataclass(frozen=True)
class MonthCount:
    month: date
    total: int
    second: int  # approved entries / people with evidence


def _per_month(rows: Iterable[dict[str, Any]], months: list[date]) -> list[MonthCount]:
    found = {_as_date(row["month"]): (row["total"], row["second"]) for row in rows}
    return [MonthCount(month, *found.get(month, (0, 0))) for month in months]


def report_status_matrix(organisation_id: int) -> list[dict[str, Any]]:
    """Projects by status (rows) and phase (columns), with totals; one query."""
    counts = {
        (row["status"], row["phase"]): row["n"]
        for row in BuildingProject.objects.filter(organisation_id=organisation_id)
        .order_by()
        .values("status", "phase")
        .annotate(n=Count("pk"))
    }
    rows = []
    for status, label in ProjectStatus.choices:
        cells = [counts.get((status, phase), 0) for phase in ProjectPhase.values]
        rows.append({"status": status, "label": label, "cells": cells, "total": sum(cells)})
    return rows


def _count_of(queryset: QuerySet, field: str) -> Coalesce:
    """A correlated COUNT as a subquery: counts of two relations never multiply each other."""
    counted = queryset.order_by().values(field).annotate(c=Count("pk")).values("c")
    return Coalesce(Subquery(counted[:1]), 0)


def report_projects(organisation_id: int) -> QuerySet[BuildingProject]:
    """The organisation's projects with entry, approved-entry and indicator counts; one query."""
    entries = LogEntry.objects.filter(project=OuterRef("pk"))
    return (
        BuildingProject.objects.filter(organisation_id=organisation_id)
        .annotate(
            entry_count=_count_of(entries, "project"),
            approved_count=_count_of(entries.filter(status=EntryStatus.APPROVED), "project"),
            indicator_count=_count_of(
                EffectIndicator.objects.filter(project=OuterRef("pk")), "project"
            ),
        )
        .order_by("-starts_on", "name")
    )


def report_entries_per_month(organisation_id: int, today: date) -> list[MonthCount]:
    """Log entries (all, and approved) per month of the last twelve, by the day they are about."""
    months = month_starts(today)
    # The projects as a subquery (not a join): PostgreSQL then reads each project's last
    # twelve months from the ``onsite_entry_months`` index instead of scanning every entry.
    projects = BuildingProject.objects.filter(organisation_id=organisation_id).values("pk")
    rows = (
        LogEntry.objects.filter(project__in=projects, occurred_on__gte=months[0])
        .annotate(month=TruncMonth("occurred_on"))
        .order_by()
        .values("month")
        .annotate(total=Count("pk"), second=Count("pk", filter=Q(status=EntryStatus.APPROVED)))
    )
    return _per_month(rows, months)


def report_evidence_per_month(organisation_id: int, today: date) -> list[MonthCount]:
    """Competence evidence the organisation's approved log entries created, per month of the
    last twelve (``total``), and how many people it was for (``second``)."""
    months = month_starts(today)
    start = timezone.make_aware(datetime.combine(months[0], datetime.min.time()))
    rows = (
        Evidence.objects.filter(
            source=EvidenceSource.ONSITE, organisation_id=organisation_id, created_at__gte=start
        )
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("month")
        .annotate(total=Count("pk"), second=Count("user", distinct=True))
    )
    return _per_month(rows, months)


def report_indicators(organisation_id: int) -> QuerySet[EffectIndicator]:
    """Every indicator of the organisation's projects with its latest value and date; one query.
    ``with_progress`` adds the percentages to the rows of a page."""
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on", "-pk")
    return (
        EffectIndicator.objects.filter(project__organisation_id=organisation_id)
        .select_related("project")
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("measured_on")[:1]),
        )
        .order_by("project__name", "project_id", "sort_order", "pk")
    )


def with_progress(indicators: Iterable[EffectIndicator]) -> list[EffectIndicator]:
    """Set ``progress`` and ``status_label`` from the annotated latest value."""
    rows = list(indicators)
    for indicator in rows:
        latest = getattr(indicator, "latest_value", None)
        indicator.progress = progress_percent(indicator.baseline, indicator.target, latest)  # type: ignore[attr-defined]
        indicator.status_label = progress_label(indicator.progress)  # type: ignore[attr-defined]
    return rows


@dataclass(frozen=True)
class OrganisationReport:
    """What the organisation's report shows; ``projects`` and ``indicators`` are unevaluated
    QuerySets (the page shows them in pages, the export in full)."""

    status_matrix: list[dict[str, Any]]
    project_total: int
    entries_per_month: list[MonthCount]
    evidence_per_month: list[MonthCount]
    projects: QuerySet[BuildingProject]
    indicators: QuerySet[EffectIndicator]


def organisation_report(organisation_id: int, today: date) -> OrganisationReport:
    """The report on an organisation's building projects: three queries, plus one per list."""
    matrix = report_status_matrix(organisation_id)
    return OrganisationReport(
        status_matrix=matrix,
        project_total=sum(row["total"] for row in matrix),
        entries_per_month=report_entries_per_month(organisation_id, today),
        evidence_per_month=report_evidence_per_month(organisation_id, today),
        projects=report_projects(organisation_id),
        indicators=report_indicators(organisation_id),
    )
