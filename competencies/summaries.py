"""Reads of the kept summaries that the gap module does not answer itself.

The stored rows (``PersonRequirement``) stand in for the live gap rows inside
``competencies.gaps`` whenever a scope is measured today. Coverage over time reads the monthly
snapshots (``CoverageSnapshot``, written by ``competencies.services.summaries``): the past does
not change, so it is counted once and stored instead of joining every person's evidence for
twelve month ends per request.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, Q, Sum

from competencies import gaps
from competencies.models import CoverageSnapshot


def coverage_history(
    scope: gaps.Scope, days: list[date], *, now: gaps.Coverage | None = None
) -> list[tuple[date, gaps.Coverage]]:
    """Coverage at each day of ``days`` (``gaps.month_ends``: past month ends, then today).

    Past month ends come from the snapshots of the scope's departments (a manager's: theirs;
    HR's: all, people since gone included), today from the stored rows (or ``now``, when the
    caller has today's total already). One or two queries. A month with no snapshot (before
    the organisation's first rebuild) has no figure.
    """
    if not days:
        return []
    *past, today = days
    snapshots = CoverageSnapshot.objects.filter(
        organisation_id=scope.organisation_id, month_end__in=past
    )
    if not scope.whole_organisation:
        without = scope.memberships.filter(department__isnull=True)
        snapshots = snapshots.filter(
            Q(department_id__in=scope.memberships.values("department_id"))
            | Q(department__isnull=True) & Exists(without)
        )
    sums = {
        row["month_end"]: gaps.Coverage(row["required_sum"] or 0, row["met_sum"] or 0)
        for row in snapshots.values("month_end")
        .order_by()
        .annotate(required_sum=Sum("required"), met_sum=Sum("met"))
    }
    history = [(day, sums.get(day, gaps.NO_COVERAGE)) for day in past]
    return [*history, (today, now if now is not None else gaps.coverage_total(scope))]
