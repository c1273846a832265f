"""Reads of effect indicators, lessons and the organisation reports, each in a fixed number of
queries.

Object getters take a project (or indicator) that came from an ``onsite.access`` getter, the one
access policy, so an indicator or measurement of a project the person may not see answers 404
like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.search.backends import get_search_backend

from competencies.models import Evidence, EvidenceSource
from core.charts import Chart, Series, format_value, line_chart
from core.formats import short_date
from onsite import access
from onsite.models import (
    BuildingProject,
    EffectIndicator,
    EntryStatus,
    Lesson,
    LogEntry,
    LogEntryRevision,
    Measurement,
    ProjectPhase,
    ProjectStatus,
)

if TYPE_CHECKING:
    from organisations.access import AnyUser

# --- Object getters -----------------------------------------------------------------------


def get_indicator(project: BuildingProject, pk: int) -> EffectIndicator:
    """An indicator of ``project`` (which came from an access getter); 404 for any other."""
    return get_object_or_404(EffectIndicator.objects.filter(project=project), pk=pk)


def get_measurement(indicator: EffectIndicator, pk: int) -> Measurement:
    """A measurement of ``indicator``; 404 for any other."""
    return get_object_or_404(Measurement.objects.filter(indicator=indicator), pk=pk)


# --- Indicators and their progress --------------------------------------------------------

HUNDRED = Decimal(100)


def progress_percent(baseline: Decimal, target: Decimal, latest: Decimal | None) -> Decimal | None:
    """How far the latest measurement has come from the baseline towards the target, in %.

    0 % is the baseline, 100 % the target; it may fall below 0 (worse than at the start) or
    pass 100 (better than the target). None without a measurement or with no distance to go.
    """
    if latest is None or target == baseline:
        return None
    share = (Decimal(latest) - baseline) / (target - baseline) * HUNDRED
    return share.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def progress_label(percent: Decimal | None) -> str:
    """The status as words (never by colour alone)."""
    if percent is None:
        return _("Ikke målt endnu")
    if percent >= HUNDRED:
        return _("Målet er nået")
    if percent > 0:
        return _("På vej mod målet")
    return _("Ingen fremgang endnu")


def project_indicators(project: BuildingProject) -> list[EffectIndicator]:
    """The project's indicators, each with ``measurement_list`` (oldest first), ``latest``,
    ``progress`` and ``status_label``; two queries however many there are."""
    indicators: list[EffectIndicator] = list(
        project.indicators.order_by("sort_order", "pk").prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.order_by("measured_on", "pk"),
                to_attr="measurement_list",
            )
        )
    )
    for indicator in indicators:
        measurements: list[Measurement] = indicator.measurement_list  # type: ignore[attr-defined]
        latest = measurements[-1] if measurements else None
        indicator.latest = latest  # type: ignore[attr-defined]
        indicator.progress = progress_percent(  # type: ignore[attr-defined]
            indicator.baseline, indicator.target, latest.value if latest else None
        )
        indicator.status_label = progress_label(indicator.progress)  # type: ignore[attr-defined]
    return indicators


def display_unit(unit: str) -> str:
    """The unit to write after a value: "antal" (a count) is left out, "27" says it."""
    return "" if unit.strip().lower() in ("antal", "stk.", "stk") else unit.strip()


def indicator_chart(indicator: EffectIndicator, *, chart_id: str | None = None) -> Chart:
    """A line chart of the indicator's measurements with its baseline and target."""
    measurements = indicator.measurement_list  # type: ignore[attr-defined]
    unit = display_unit(indicator.unit)
    description = _(
        "%(name)s målt %(count)s gange. Udgangspunkt %(baseline)s, mål %(target)s%(latest)s."
    ) % {
        "name": indicator.name,
        "count": len(measurements),
        "baseline": format_value(indicator.baseline, unit),
        "target": format_value(indicator.target, unit),
        "latest": (
            _(", seneste måling %(value)s") % {"value": format_value(measurements[-1].value, unit)}
            if measurements
            else ""
        ),
    }
    return line_chart(
        title=indicator.name,
        description=description,
        labels=[short_date(m.measured_on) for m in measurements],
        series=[Series(indicator.name, [m.value for m in measurements])],
        unit=unit,
        y_min=None if _has_negative(indicator, measurements) else 0,
        baseline=indicator.baseline,
        target=indicator.target,
        label_heading=_("Dato"),
        chart_id=chart_id,
    )


def _has_negative(indicator: EffectIndicator, measurements: list[Measurement]) -> bool:
    values = [indicator.baseline, indicator.target, *(m.value for m in measurements)]
    return any(value < 0 for value in values)


# --- Revisions: what an approved entry said ------------------------------------------------


def latest_approved_revisions(entries: QuerySet[LogEntry]) -> dict[int, LogEntryRevision]:
    """{entry id: its latest approved revision}, in one query."""
    newest = (
        LogEntryRevision.objects.filter(entry=OuterRef("entry"))
        .order_by("-number")
        .values("pk")[:1]
    )
    revisions = LogEntryRevision.objects.filter(
        entry__in=entries.values("pk"), pk=Subquery(newest)
    ).select_related("approved_by")
    return {revision.entry_id: revision for revision in revisions}


def latest_approved_revision(entry: LogEntry) -> LogEntryRevision | None:
    return entry.revisions.select_related("approved_by").order_by("-number").first()


@dataclass(frozen=True)
class RevisionContent:
    """What an approved revision says, read from its snapshot (falling back to the entry).

    The snapshot (``onsite.services.entries.entry_snapshot``) names the guide and the
    competences by code and the people by id and name, as they were when it was approved.
    """

    title: str
    what_happened: str
    what_we_learned: str
    do_differently: str
    kind: str
    effect_category: str
    occurred_on: date | None
    guide_code: str
    guide_title: str
    competence_codes: tuple[str, ...]
    participant_ids: tuple[int, ...]
    people_names: tuple[str, ...]
    tool: str


def _text(snapshot: dict[str, Any], key: str, fallback: str) -> str:
    value = snapshot.get(key)
    return value if isinstance(value, str) else (fallback or "")


def _date(value: Any, fallback: date | None) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return fallback
    return value if isinstance(value, date) else fallback


def _guide(snapshot: dict[str, Any], entry: LogEntry) -> tuple[str, str]:
    guide = snapshot.get("guide", ...)
    if isinstance(guide, dict):
        return str(guide.get("code") or ""), str(guide.get("title") or "")
    if guide is None:
        return "", ""
    # No guide key in the snapshot: the entry's guide (select it with the entry).
    return (entry.guide.code, entry.guide.title) if entry.guide is not None else ("", "")


def _competence_codes(snapshot: dict[str, Any], entry: LogEntry) -> tuple[str, ...]:
    competences = snapshot.get("competences")
    if isinstance(competences, list):
        return tuple(str(c["code"]) for c in competences if isinstance(c, dict) and c.get("code"))
    return tuple(c.competence.code for c in entry.competences.all())


def _participants(
    snapshot: dict[str, Any], entry: LogEntry
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    participants = snapshot.get("participants")
    if not isinstance(participants, list):
        people = [p.user for p in entry.participants.all()]
        return tuple(u.pk for u in people), tuple(u.get_full_name() for u in people)
    ids = tuple(
        p["id"] for p in participants if isinstance(p, dict) and isinstance(p.get("id"), int)
    )
    names = [p.get("name") for p in participants if isinstance(p, dict)]
    author = snapshot.get("author")
    if isinstance(author, dict):
        names.append(author.get("name"))
    return ids, tuple(name for name in names if isinstance(name, str) and name)


def revision_content(revision: LogEntryRevision, entry: LogEntry) -> RevisionContent:
    """The frozen content of ``revision``; what the snapshot lacks comes from the entry."""
    snapshot = revision.snapshot if isinstance(revision.snapshot, dict) else {}
    guide_code, guide_title = _guide(snapshot, entry)
    participant_ids, names = _participants(snapshot, entry)
    return RevisionContent(
        title=_text(snapshot, "title", entry.title),
        what_happened=_text(snapshot, "what_happened", entry.what_happened),
        what_we_learned=_text(snapshot, "what_we_learned", entry.what_we_learned),
        do_differently=_text(snapshot, "do_differently", entry.do_differently),
        kind=_text(snapshot, "kind", entry.kind),
        effect_category=_text(snapshot, "effect_category", entry.effect_category),
        occurred_on=_date(snapshot.get("occurred_on"), entry.occurred_on),
        guide_code=guide_code,
        guide_title=guide_title,
        competence_codes=_competence_codes(snapshot, entry),
        participant_ids=participant_ids,
        people_names=names,
        tool=_text(snapshot, "tool", entry.tool),
    )


# --- Lessons ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonFilters:
    q: str = ""
    guide: str = ""
    competence: str = ""
    effect_category: str = ""


def lesson_search(filters: LessonFilters) -> QuerySet[Lesson]:
    """Published lessons after every filter, newest first.

    Free text goes through Wagtail search (Danish stemming on PostgreSQL) and is then combined
    with the other filters as a set of ids, so the query count does not grow with the hits.
    """
    lessons = Lesson.objects.published().for_listing()
    if filters.guide:
        lessons = lessons.filter(guide__code__iexact=filters.guide)
    if filters.competence:
        lessons = lessons.filter(competences__code=filters.competence)
    if filters.effect_category:
        lessons = lessons.filter(effect_category=filters.effect_category)
    if filters.q:
        backend = get_search_backend()
        hits = backend.search(filters.q, Lesson.objects.published(), operator="and")
        lessons = lessons.filter(pk__in=[lesson.pk for lesson in hits])
    return lessons


def featured_lessons(limit: int = 3) -> list[Lesson]:
    """Up to ``limit`` lessons the network editors featured, newest first, in one query."""
    lessons = Lesson.objects.featured().select_related("guide", "organisation")
    return list(lessons.order_by("-published_at", "-pk")[:limit])


def get_published_lesson(pk: int) -> Lesson:
    """A published lesson (public); a withdrawn one answers 404."""
    lessons = Lesson.objects.published().for_listing().select_related("entry__project")
    return get_object_or_404(lessons, pk=pk)


# --- Approved entries ----------------------------------------------------------------------


def approved_entries(project: BuildingProject) -> QuerySet[LogEntry]:
    """The project's approved entries with what a statement or a lesson needs."""
    return (
        project.entries.filter(status=EntryStatus.APPROVED)
        .select_related("author", "guide", "approved_by")
        .prefetch_related("participants__user", "competences__competence")
        .order_by("occurred_on", "pk")
    )


def can_export_xapi(user: AnyUser, project: BuildingProject) -> bool:
    """The project's leaders and members may download its statements (they name people)."""
    if access.is_project_leader(user, project):
        return True
    return user.is_authenticated and project.members.filter(user=user).exists()


def shareable_entries(project: BuildingProject, limit: int = 5) -> list[LogEntry]:
    """The newest approved entries of the project that are not shared as lessons (or whose
    lesson was withdrawn)."""
    entries = (
        project.entries.filter(status=EntryStatus.APPROVED)
        .filter(Q(lesson__isnull=True) | Q(lesson__withdrawn_at__isnull=False))
        .order_by("-occurred_on", "-pk")
    )
    return list(entries[:limit])


def project_lessons(project: BuildingProject) -> list[Lesson]:
    """The project's published lessons, newest first."""
    return list(
        Lesson.objects.published().filter(entry__project=project).order_by("-published_at", "-pk")
    )


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
    rows = (
        LogEntry.objects.filter(
            project__organisation_id=organisation_id, occurred_on__gte=months[0]
        )
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
    from onsite.models.effects import FOLLOW_UP_MONTHS
    from onsite.services.effects import follow_up_due_on

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
        follow_up = _latest_follow_up(project.handover_on, today)
        if follow_up is None:
            continue
        months, due_on = follow_up
        last = indicator.last_measured_on  # type: ignore[attr-defined]
        if last is not None and last >= due_on:
            continue
        overdue = by_project.setdefault(
            project.pk,
            OverdueFollowUp(project=project, months=months, due_on=due_on, indicators=[]),
        )
        overdue.indicators.append(indicator)
    return list(by_project.values())


def _leads_any_project(user: AnyUser) -> bool:
    """A project leader of an organisation (no query), or a leader on some project's list."""
    from onsite.models import ProjectMember
    from organisations import access as org_access
    from organisations.models import Role

    if not user.is_authenticated:
        return False
    if org_access.has_role(user, Role.PROJECT_LEADER):
        return True
    return ProjectMember.objects.filter(user_id=user.pk, is_leader=True).exists()


def project_leader_overview(
    user: AnyUser, *, today: date | None = None, limit: int = OVERVIEW_LIMIT
) -> ProjectLeaderOverview | None:
    """None for someone who leads no project; else the log entries waiting for the person's
    approval (oldest ``limit`` and how many; never their own) and the overdue effect
    measurements of the projects they lead; at most four queries."""
    if not _leads_any_project(user):
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


def approval_outcome(entry: LogEntry) -> str:
    """What approving ``entry`` documented, in words: for how many participants, or why nothing.

    Approval records evidence for every participant and every competence of the entry; with no
    participants or no competences nothing is documented, and the message must not claim it.
    """
    participants = entry.participants.count()
    competences = entry.competences.count()
    if not participants:
        return _("Indlægget har ingen deltagere, så ingen kompetencer er dokumenteret.")
    if not competences:
        return _("Indlægget angiver ingen kompetencer, så der er ikke dokumenteret kompetencer.")
    return ngettext(
        "Kompetencerne er dokumenteret for %(count)d deltager.",
        "Kompetencerne er dokumenteret for %(count)d deltagere.",
        participants,
    ) % {"count": participants}
