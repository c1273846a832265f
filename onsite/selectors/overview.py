"""Reads of the personal start page (Min side): the project leader's panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Max, QuerySet
from django.utils import timezone

from onsite import access
from onsite.models import (
    BuildingProject,
    EffectIndicator,
    EntryStatus,
    LogEntry,
)

if TYPE_CHECKING:
    from organisations.access import AnyUser

# --- The personal start page (Min side): the project leader's panel ------------------------

OVERVIEW_LIMIT = 5


@dataclass
class OverdueFollowUp:
    """A project whose latest follow-up after handover has come, with the indicators that
    have not been measured since."""

    project: BuildingProject
    months: int
    due_on: date
    indicators: list[EffectIndicator]


@dataclass
class ProjectLeaderOverview:
    entries: list[LogEntry]
    entries_count: int
    overdue: list[OverdueFollowUp]


def _latest_follow_up(handover_on: date, today: date) -> tuple[int, date] | None:
    """(months, due date) of the latest 3-, 6- or 12-month follow-up that has come."""
    from onsite.models.effects import FOLLOW_UP_MONTHS, follow_up_due_on

    due = [(m, follow_up_due_on(handover_on, m)) for m in FOLLOW_UP_MONTHS]
    come = [(months, day) for months, day in due if day <= today]
    return come[-1] if come else None


def overdue_follow_ups(projects: QuerySet[BuildingProject], today: date) -> list[OverdueFollowUp]:
    """Of ``projects``, those whose latest follow-up has come with indicators not measured on
    or after its due date (the e-mail reminder's rule, kept visible until done); one query."""
    indicators = (
        EffectIndicator.objects.filter(
            project__in=projects.filter(handover_on__isnull=False, handover_on__lte=today)
        )
        .select_related("project")
        .annotate(last_measured_on=Max("measurements__measured_on"))
        .order_by("project__handover_on", "project_id", "sort_order", "pk")
    )
    by_project: dict[int, OverdueFollowUp] = {}
    for indicator in indicators:
        project = indicator.project
        follow_up = _latest_follow_up(project.handover_on, today) if project.handover_on else None
        if follow_up is None:
            continue
        months, due_on = follow_up
        last = indicator.last_measured_on
        if last is not None and last >= due_on:
            continue
        overdue = by_project.setdefault(
            project.pk,
            OverdueFollowUp(project=project, months=months, due_on=due_on, indicators=[]),
        )
        overdue.indicators.append(indicator)
    return list(by_project.values())


def project_leader_overview(
    user: AnyUser, *, today: date | None = None, limit: int = OVERVIEW_LIMIT
) -> ProjectLeaderOverview | None:
    """None for someone who leads no project; else the log entries waiting for the person's
    approval (oldest ``limit`` and how many; never their own) and the overdue effect
    measurements of the projects they lead; at most four queries."""
    if not access.leads_any_project(user):
        return None
    today = today or timezone.localdate()
    led = access.projects_led_by(user)
    waiting = (
        LogEntry.objects.filter(project__in=led, status=EntryStatus.SUBMITTED)
        .exclude(author_id=user.pk)
        .select_related("project", "author")
        .order_by("submitted_at", "pk")
    )
    entries = list(waiting[:limit])
    count = waiting.count()
    return ProjectLeaderOverview(
        entries=entries, entries_count=count, overdue=overdue_follow_ups(led, today)
    )
