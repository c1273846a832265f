"""Reads of a process's records: milestone documents and decisions, the shared tools' versions,
the history (every ``ProcessEvent``) and the status the PDF and XLSX exports print.

Each read comes in a fixed number of queries, however many rows there are. Which process the
person may see is ``processes.access``'s answer; these functions only shape its rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from organisations.models import Department
from processes.models import (
    Milestone,
    MilestoneDecision,
    MilestoneDocument,
    MilestoneStatus,
    Process,
    ProcessEvent,
    ProcessKind,
    ProcessPhase,
    ProcessRole,
    ProcessSheet,
)
from processes.selectors_anchoring import AnchoringPlanView, anchoring_plan

OPEN = (MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS)


def documents_of(milestone: Milestone) -> QuerySet[MilestoneDocument]:
    """The milestone's documents, newest first, with who uploaded each."""
    return (
        MilestoneDocument.objects.filter(milestone=milestone)
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")
    )


def decisions_of(milestone: Milestone) -> QuerySet[MilestoneDecision]:
    """The milestone's decision log, newest first."""
    return (
        MilestoneDecision.objects.filter(milestone=milestone)
        .select_related("recorded_by")
        .order_by("-decided_on", "-pk")
    )


def events_of(process: Process) -> QuerySet[ProcessEvent]:
    """Every change of the process, newest first, with who made it and the milestone."""
    return (
        ProcessEvent.objects.filter(process=process)
        .select_related("actor", "milestone")
        .order_by("-created_at", "-pk")
    )


def sheets_with_state(process: Process) -> QuerySet[ProcessSheet]:
    """The process's shared tools with their milestone, version and who saved last."""
    return (
        ProcessSheet.objects.filter(process=process)
        .select_related("tool", "milestone", "sheet", "sheet__updated_by")
        .order_by("milestone__position", "pk")
    )


# --- The status the exports print ----------------------------------------------------------


@dataclass
class PhaseStatus:
    phase: ProcessPhase
    milestones: list[Milestone] = field(default_factory=list)


@dataclass
class ProcessStatusReport:
    """The drejebog status: header, phases with milestones (and their decisions), roles."""

    process: Process
    departments: list[Department]
    roles: list[ProcessRole]
    phases: list[PhaseStatus]
    milestones: list[Milestone]
    reached: int
    late: int
    today: date
    anchoring_plan: AnchoringPlanView | None


def status_milestones(process: Process) -> QuerySet[Milestone]:
    """The milestones in order with phase, responsible person and decisions (oldest first)."""
    decisions = MilestoneDecision.objects.select_related("recorded_by").order_by("decided_on", "pk")
    return (
        Milestone.objects.filter(process=process)
        .select_related("phase", "responsible")
        .prefetch_related(Prefetch("decisions", queryset=decisions))
        .order_by("position")
    )


def _anchoring_plan(process: Process) -> AnchoringPlanView | None:
    """A forankring process's anchoring plan (also when still empty); any other process's only
    when it has one."""
    plan = anchoring_plan(process)
    if plan.plan is None and process.kind != ProcessKind.FORANKRING:
        return None
    return plan


def process_status(process: Process, *, today: date | None = None) -> ProcessStatusReport:
    """Everything the status PDF and XLSX show, in a fixed number of queries."""
    today = today or timezone.localdate()
    milestones = list(status_milestones(process))
    phases: dict[int, PhaseStatus] = {
        phase.pk: PhaseStatus(phase=phase)
        for phase in ProcessPhase.objects.filter(process=process).order_by("position")
    }
    late = 0
    for milestone in milestones:
        is_late = bool(milestone.status in OPEN and milestone.due_on and milestone.due_on < today)
        milestone.is_late = is_late  # type: ignore[attr-defined]
        late += is_late
        phases[milestone.phase_id].milestones.append(milestone)
    return ProcessStatusReport(
        process=process,
        departments=list(process.departments.order_by("number")),
        roles=list(ProcessRole.objects.filter(process=process).select_related("person")),
        phases=list(phases.values()),
        milestones=milestones,
        reached=sum(1 for m in milestones if m.status == MilestoneStatus.REACHED),
        late=late,
        today=today,
        anchoring_plan=_anchoring_plan(process),
    )


def status_decisions(process: Process) -> QuerySet[MilestoneDecision]:
    """Every decision of the process, by milestone and date (the XLSX's second sheet)."""
    return (
        MilestoneDecision.objects.filter(milestone__process=process)
        .select_related("milestone", "recorded_by")
        .order_by("milestone__position", "decided_on", "pk")
    )
