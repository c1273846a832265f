"""Reads of processes: the process list with its progress, the process page (phases,
milestones, roles, shared tools, who waits on whom), a milestone page and "Venter på mig".

Every read comes in a fixed number of queries, however many processes or milestones there are.
The rows a person may see come from ``processes.access``; these functions only shape them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from onsite.models import BuildingProject
from organisations.models import Department, User
from processes.models import (
    Milestone,
    MilestoneStatus,
    Process,
    ProcessPhase,
    ProcessQuerySet,
    ProcessRole,
    ProcessSheet,
    ProcessStatus,
    ProcessTemplate,
    ProcessTemplateQuerySet,
)

OPEN = (MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS)


class ProcessFilters(TypedDict, total=False):
    template: ProcessTemplate
    kind: str
    status: str
    department: Department
    project: BuildingProject
    late: bool


def live_templates() -> ProcessTemplateQuerySet:
    """The published drejebøger a process can start from."""
    return ProcessTemplate.objects.live().order_by("title")


def process_listing(
    processes: ProcessQuerySet, filters: ProcessFilters, *, today: date | None = None
) -> ProcessQuerySet:
    """The process list: progress (reached of all), late count and the next due milestone."""
    today = today or timezone.localdate()
    rows = processes
    if "template" in filters:
        rows = rows.filter(template=filters["template"])
    if "kind" in filters:
        rows = rows.filter(kind=filters["kind"])
    if "status" in filters:
        rows = rows.filter(status=filters["status"])
    if "department" in filters:
        rows = rows.filter(departments=filters["department"])
    if "project" in filters:
        rows = rows.filter(project=filters["project"])
    late = Q(milestones__status__in=OPEN, milestones__due_on__lt=today)
    if filters.get("late"):
        overdue = Milestone.objects.filter(
            process=OuterRef("pk"), status__in=OPEN, due_on__lt=today
        )
        rows = rows.filter(Exists(overdue))
    nxt = (
        Milestone.objects.filter(process=OuterRef("pk"), status__in=OPEN, due_on__isnull=False)
        .order_by("due_on", "position")
        .values("pk")[:1]
    )
    rows = rows.annotate(
        milestone_total=Count("milestones", distinct=True),
        reached_total=Count(
            "milestones",
            filter=Q(milestones__status=MilestoneStatus.REACHED),
            distinct=True,
        ),
        late_total=Coalesce(
            Count("milestones", filter=late, distinct=True), Value(0), output_field=IntegerField()
        ),
        next_milestone_id=Subquery(nxt),
    )
    return (
        rows.select_related("organisation", "template", "project")
        .prefetch_related(
            Prefetch("departments", queryset=Department.objects.order_by("number")),
        )
        .distinct()
        .order_by("-starts_on", "pk")
    )


def next_milestones(processes: list[Process]) -> dict[int, Milestone]:
    """The next due milestone of each listed process (one query for a page of processes)."""
    ids = [getattr(p, "next_milestone_id", None) for p in processes]
    rows = Milestone.objects.filter(pk__in=[i for i in ids if i]).select_related("responsible")
    return {m.process_id: m for m in rows}


def filter_templates(processes: ProcessQuerySet) -> ProcessTemplateQuerySet:
    """The drejebøger the person's processes were started from (the filter's choices)."""
    return ProcessTemplate.objects.filter(pk__in=processes.values("template_id")).order_by("title")


def filter_departments(processes: ProcessQuerySet) -> QuerySet[Department]:
    return (
        Department.objects.filter(processes__in=processes)
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "number")
    )


def filter_projects(processes: ProcessQuerySet) -> QuerySet[BuildingProject]:
    return BuildingProject.objects.filter(pk__in=processes.values("project_id")).order_by("name")


# --- The process page ----------------------------------------------------------------------


def milestones_of(process: Process) -> QuerySet[Milestone]:
    """The process's milestones in order, with phase and responsible person."""
    return (
        Milestone.objects.filter(process=process)
        .select_related("phase", "responsible")
        .order_by("position")
    )


def roles_of(process: Process) -> QuerySet[ProcessRole]:
    return ProcessRole.objects.filter(process=process).select_related("person")


def sheets_of(process: Process) -> QuerySet[ProcessSheet]:
    """The process's shared tools with the milestone they belong to."""
    return (
        ProcessSheet.objects.filter(process=process)
        .select_related("tool", "milestone", "sheet")
        .order_by("milestone__position", "pk")
    )


def departments_of(process: Process) -> QuerySet[Department]:
    return process.departments.order_by("number")


@dataclass
class PhaseView:
    phase: ProcessPhase
    milestones: list[Milestone] = field(default_factory=list)


@dataclass
class Waiting:
    """Who must act on an open milestone, and who waits for it."""

    milestone: Milestone
    late: bool
    actors: list[str]
    waiting: list[str]


@dataclass
class ProcessPage:
    phases: list[PhaseView]
    milestones: list[Milestone]
    roles: list[ProcessRole]
    waiting: list[Waiting]
    reached: int
    late: int


def _holders(role: ProcessRole) -> str:
    names = [
        n
        for n in (
            (role.person.get_full_name() or role.person.email) if role.person else "",
            role.party,
        )
        if n
    ]
    return ", ".join(names)


def process_page(process: Process, *, today: date | None = None) -> ProcessPage:
    """Everything the process page shows of phases, milestones and roles, in three queries."""
    today = today or timezone.localdate()
    milestones = list(milestones_of(process))
    roles = list(roles_of(process))
    phases: dict[int, PhaseView] = {}
    for phase in ProcessPhase.objects.filter(process=process).order_by("position"):
        phases[phase.pk] = PhaseView(phase=phase)
    for milestone in milestones:
        milestone.is_late = bool(  # type: ignore[attr-defined]
            milestone.status in OPEN and milestone.due_on and milestone.due_on < today
        )
        milestone.actors = role_actors(milestone, roles)  # type: ignore[attr-defined]
        phases[milestone.phase_id].milestones.append(milestone)
    return ProcessPage(
        phases=list(phases.values()),
        milestones=milestones,
        roles=roles,
        waiting=who_waits(milestones, roles, today=today),
        reached=sum(1 for m in milestones if m.status == MilestoneStatus.REACHED),
        late=sum(1 for m in milestones if getattr(m, "is_late", False)),
    )


def role_actors(milestone: Milestone, roles: list[ProcessRole]) -> list[dict[str, str]]:
    """Who does what at a milestone, with the role names resolved to who holds them."""
    by_key = {r.key: r for r in roles}
    rows = []
    for task in milestone.tasks or []:
        role = by_key.get(str(task.get("role", "")))
        rows.append(
            {
                "role": role.name if role else str(task.get("role", "")),
                "holder": _holders(role) if role else "",
                "task": str(task.get("task", "")),
            }
        )
    return rows


def who_waits(
    milestones: list[Milestone], roles: list[ProcessRole], *, today: date
) -> list[Waiting]:
    """For each late open milestone, and the next one due: who acts and who waits for it.

    Who acts: the responsible person, or the holders of the roles with a task at it. Who waits:
    the roles with tasks at the later milestones; at the last one, the process's leaders.
    """
    by_key = {r.key: r for r in roles}
    open_ones = [m for m in milestones if m.status in OPEN]
    late = [m for m in open_ones if m.due_on and m.due_on < today]
    upcoming = sorted(
        (m for m in open_ones if not (m.due_on and m.due_on < today)),
        key=lambda m: (m.due_on is None, m.due_on or today, m.position),
    )
    chosen = late + upcoming[:1]
    rows = []
    for milestone in chosen:
        if milestone.responsible is not None:
            actors = [milestone.responsible.get_full_name() or milestone.responsible.email]
        else:
            actors = _task_holders(milestone, by_key)
        waiting: list[str] = []
        for later in milestones:
            if later.position <= milestone.position or later.status not in OPEN:
                continue
            for task in later.tasks or []:
                role = by_key.get(str(task.get("role", "")))
                label = role.name if role else str(task.get("role", ""))
                if role and _holders(role):
                    label = f"{role.name} ({_holders(role)})"
                if label and label not in waiting:
                    waiting.append(label)
        rows.append(
            Waiting(
                milestone=milestone,
                late=milestone in late,
                actors=actors,
                waiting=waiting,
            )
        )
    return rows


def _task_holders(milestone: Milestone, by_key: dict[str, ProcessRole]) -> list[str]:
    holders: list[str] = []
    for task in milestone.tasks or []:
        role = by_key.get(str(task.get("role", "")))
        if role is None:
            continue
        label = f"{role.name} ({_holders(role)})" if _holders(role) else role.name
        if label not in holders:
            holders.append(label)
    return holders


# --- A milestone ---------------------------------------------------------------------------


@dataclass
class MilestonePage:
    actors: list[dict[str, str]]
    guides: list[object]
    competences: list[object]
    tools: list[ProcessSheet]
    late: bool


def milestone_page(milestone: Milestone, *, today: date | None = None) -> MilestonePage:
    """Who does what (names resolved), guides, competences and the milestone's shared tools."""
    roles = list(roles_of(milestone.process))
    tool_ids = list(milestone.tools.values_list("pk", flat=True))
    sheets = list(sheets_of(milestone.process).filter(tool_id__in=tool_ids))
    return MilestonePage(
        actors=role_actors(milestone, roles),
        guides=list(milestone.guides.order_by("code")),
        competences=list(milestone.competences.order_by("name")),
        tools=sheets,
        late=bool(
            milestone.status in OPEN
            and milestone.due_on
            and milestone.due_on < (today or timezone.localdate())
        ),
    )


# --- Venter på mig -------------------------------------------------------------------------


def waiting_for(user: User, *, today: date | None = None) -> QuerySet[Milestone]:
    """Open milestones of running processes where the person is responsible, or where a role
    they hold has a task and nobody is responsible — late ones (earliest due) first.
    """
    held = list(
        ProcessRole.objects.filter(
            person_id=user.pk, process__status=ProcessStatus.ACTIVE
        ).values_list("process_id", "key")
    )
    keys_by_process: dict[int, set[str]] = {}
    for process_id, key in held:
        keys_by_process.setdefault(process_id, set()).add(key)
    unassigned = Milestone.objects.filter(
        process_id__in=list(keys_by_process), responsible__isnull=True, status__in=OPEN
    ).values_list("pk", "process_id", "tasks")
    via_role = [
        pk
        for pk, process_id, tasks in unassigned
        if any(str(t.get("role")) in keys_by_process[process_id] for t in tasks or [])
    ]
    return (
        Milestone.objects.filter(
            Q(responsible_id=user.pk) | Q(pk__in=via_role),
            status__in=OPEN,
            process__status=ProcessStatus.ACTIVE,
        )
        .annotate(
            is_late=ExpressionWrapper(
                Q(due_on__lt=today or timezone.localdate()), output_field=BooleanField()
            )
        )
        .select_related("process", "process__organisation", "phase", "responsible")
        .order_by(Coalesce("due_on", Value(date.max)), "process_id", "position")
    )


@dataclass(frozen=True)
class WaitingOverview:
    """The start page's panel: the first open milestones waiting for the person, and counts."""

    milestones: list[Milestone]
    count: int
    late: int


def waiting_overview(
    user: User, *, today: date | None = None, limit: int = 5
) -> WaitingOverview | None:
    """None when nothing waits for the person; else the first ``limit`` milestones (late first)
    and how many wait and are late, in a fixed number of queries."""
    today = today or timezone.localdate()
    waiting = waiting_for(user, today=today)
    milestones = list(waiting[:limit])
    if not milestones:
        return None
    late = Count("pk", filter=Q(due_on__lt=today))
    counts = waiting.order_by().aggregate(count=Count("pk"), late=late)
    return WaitingOverview(milestones=milestones, count=counts["count"], late=counts["late"])
