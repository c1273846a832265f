"""Writes of processes (forløb): starting one from a drejebog, naming people in its roles,
changing its header, closing and reopening it.

Starting copies the template's published content into the process's own rows (roles, phases,
milestones, advice) and keeps ``template_version``: a later edit of the drejebog never changes
a running process. Every write checks the policy (``processes.access``), runs in one
transaction, writes Wagtail's audit log and records a ``ProcessEvent``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competencies.models import Competence
from onsite.models import BuildingProject
from organisations.models import Department, Organisation, User
from processes import access
from processes.models import (
    Milestone,
    Process,
    ProcessEvent,
    ProcessPhase,
    ProcessRole,
    ProcessSheet,
    ProcessStatus,
    ProcessTemplate,
)
from tools.models import Tool
from tools.services import sheet_create


def process_event(
    *,
    process: Process,
    actor: User | None,
    action: str,
    comment: str,
    milestone: Milestone | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
) -> ProcessEvent:
    """Append one step to the process's history (who, when, what in Danish).

    Without statuses the step is a comment on the process's current status. Other services of
    ``processes`` (documents, sheets, anchoring, team) record their events through this too.
    """
    current = process.status if milestone is None else milestone.status
    return ProcessEvent.objects.create(
        process=process,
        milestone=milestone,
        action=action,
        from_status=current if from_status is None else from_status,
        to_status=current if to_status is None else to_status,
        actor=actor,
        comment=comment,
    )


def check_running(process: Process) -> None:
    """Refuse changes to a completed or stopped process (a leader reopens it first)."""
    if process.status != ProcessStatus.ACTIVE:
        raise ValidationError(_("Forløbet er afsluttet. Genåbn det for at ændre i det."))


def check_leads(actor: User, process: Process) -> None:
    if not access.leads(actor, process):
        raise ValidationError(
            _("Kun HR, ledere og projektledere i organisationen kan styre forløbet.")
        )


# --- Start ---------------------------------------------------------------------------------


def process_start(
    *,
    actor: User,
    template: ProcessTemplate,
    organisation: Organisation,
    title: str,
    starts_on: date | None,
    departments: Sequence[Department] = (),
    project: BuildingProject | None = None,
    description: str = "",
) -> Process:
    """Start a process of ``organisation`` from the published version of ``template``.

    Refused with field errors, nothing saved: a template that is not published, an
    organisation the actor does not lead, departments or a project of another organisation, a
    missing project where the drejebog needs one, a missing start date.
    """
    _check_start(actor, template, organisation, starts_on, departments, project)
    assert starts_on is not None
    with transaction.atomic():
        process = Process(
            organisation=organisation,
            template=template,
            template_version=template.version,
            kind=template.kind,
            title=title.strip(),
            description=description.strip(),
            project=project,
            starts_on=starts_on,
            milestones_in_order=template.milestones_in_order,
            advice=[
                {"title": str(block.value["title"]), "text": str(block.value["text"] or "")}
                for block in template.advice
            ],
            created_by=actor,
        )
        process.full_clean()
        process.save()
        process.departments.set(list(departments))
        _copy_roles(process, template)
        milestones = _copy_phases(process, template)
        _create_sheets(process, milestones)
        process_event(
            process=process,
            actor=actor,
            action="started",
            from_status="",
            to_status=ProcessStatus.ACTIVE,
            comment=_("Forløbet blev startet fra »%(template)s«, version %(version)s.")
            % {"template": template.title, "version": template.version},
        )
        log(process, "processes.process.start", user=actor)
    return process


def _check_start(
    actor: User,
    template: ProcessTemplate,
    organisation: Organisation,
    starts_on: date | None,
    departments: Sequence[Department],
    project: BuildingProject | None,
) -> None:
    errors: dict[str, str] = {}
    if not template.live:
        errors["template"] = _("Vælg en udgivet drejebog.")
    if organisation.pk not in access.lead_organisation_ids(actor):
        errors["organisation"] = _(
            "Du kan kun starte forløb i en organisation, hvor du er HR, leder eller projektleder."
        )
    if any(d.organisation_id != organisation.pk for d in departments):
        errors["departments"] = _("Vælg kun afdelinger i organisationen.")
    if project is not None and project.organisation_id != organisation.pk:
        errors["project"] = _("Vælg en byggesag i organisationen.")
    elif project is None and template.needs_project:
        errors["project"] = _("Denne drejebog hører til en byggesag. Vælg byggesagen.")
    if starts_on is None:
        errors["starts_on"] = _("Skriv hvornår forløbet starter.")
    if errors:
        raise ValidationError(errors)


def _copy_roles(process: Process, template: ProcessTemplate) -> None:
    ProcessRole.objects.bulk_create(
        ProcessRole(
            process=process,
            key=str(block.value["key"]),
            name=str(block.value["name"]),
            description=str(block.value["description"] or ""),
            position=index,
        )
        for index, block in enumerate(template.roles, start=1)
    )


def _copy_phases(process: Process, template: ProcessTemplate) -> list[Milestone]:
    """Phases and their milestones, numbered 1..n across the phases, with their relations."""
    milestones: list[Milestone] = []
    relations: list[tuple[list[Any], list[str], list[Any]]] = []
    position = 0
    for index, block in enumerate(template.phases, start=1):
        phase = ProcessPhase.objects.create(
            process=process,
            position=index,
            title=str(block.value["title"]),
            description=str(block.value["description"] or ""),
        )
        for value in block.value["milestones"]:
            position += 1
            milestones.append(_milestone(process, phase, position, value))
            relations.append(
                (
                    [g for g in value["guides"] if g is not None],
                    [str(code) for code in value["competences"]],
                    [t for t in value["tools"] if t is not None],
                )
            )
    Milestone.objects.bulk_create(milestones)
    _set_relations(milestones, relations)
    return milestones


def _milestone(process: Process, phase: ProcessPhase, position: int, value: Any) -> Milestone:
    weeks = value.get("weeks_after_start")
    return Milestone(
        process=process,
        phase=phase,
        position=position,
        title=str(value["title"]),
        purpose=str(value["purpose"] or ""),
        done_when=str(value["done_when"] or ""),
        tasks=[{"role": str(t["role"]), "task": str(t["task"])} for t in value["tasks"]],
        advice=str(value.get("advice") or ""),
        due_on=process.starts_on + timedelta(weeks=weeks) if weeks is not None else None,
    )


def _set_relations(
    milestones: list[Milestone], relations: list[tuple[list[Any], list[str], list[Any]]]
) -> None:
    """Guides, competences (unknown codes are ignored) and tools, in three bulk inserts."""
    codes = {code for _g, cs, _t in relations for code in cs}
    competences = {c.code: c.pk for c in Competence.objects.filter(code__in=codes)}
    guide_rows, competence_rows, tool_rows = [], [], []
    guide_link = Milestone.guides.through
    competence_link = Milestone.competences.through
    tool_link = Milestone.tools.through
    for milestone, (guides, codes_of, tools) in zip(milestones, relations, strict=True):
        for guide_id in dict.fromkeys(g.pk for g in guides):
            guide_rows.append(guide_link(milestone_id=milestone.pk, guide_id=guide_id))
        for competence_id in dict.fromkeys(competences[c] for c in codes_of if c in competences):
            competence_rows.append(
                competence_link(milestone_id=milestone.pk, competence_id=competence_id)
            )
        for tool_id in dict.fromkeys(t.pk for t in tools):
            tool_rows.append(tool_link(milestone_id=milestone.pk, tool_id=tool_id))
    guide_link.objects.bulk_create(guide_rows)
    competence_link.objects.bulk_create(competence_rows)
    tool_link.objects.bulk_create(tool_rows)


def _create_sheets(process: Process, milestones: list[Milestone]) -> None:
    """One shared sheet per distinct published tool; its milestone is the first that names it."""
    first: dict[int, Milestone] = {}
    links = Milestone.tools.through.objects.filter(milestone__in=milestones).order_by(
        "milestone__position", "pk"
    )
    by_pk = {m.pk: m for m in milestones}
    for milestone_id, tool_id in links.values_list("milestone_id", "tool_id"):
        first.setdefault(tool_id, by_pk[milestone_id])
    tools = Tool.objects.live().in_bulk(list(first))
    for tool_id, milestone in first.items():
        tool = tools.get(tool_id)
        if tool is None:
            continue  # a tool withdrawn since the drejebog was published
        sheet = sheet_create(tool=tool, title=tool.title)
        ProcessSheet.objects.create(process=process, tool=tool, milestone=milestone, sheet=sheet)


# --- Roles, header, closing ----------------------------------------------------------------


def check_assignable(process: Process, person: User | None, field: str) -> None:
    """Only active members of the organisation (or of a party to its project) can be named."""
    if person is not None and not access.assignable_people(process).filter(pk=person.pk).exists():
        raise ValidationError(
            {
                field: _(
                    "Vælg en person i organisationen eller hos en part i byggesagen, "
                    "som forløbet hører til."
                )
            }
        )


def role_assign(
    *,
    actor: User,
    process: Process,
    role: ProcessRole,
    person: User | None = None,
    party: str = "",
) -> ProcessRole:
    """Name the person and/or the party that fills a role of the process (leaders only)."""
    check_leads(actor, process)
    check_running(process)
    if role.process_id != process.pk:
        raise ValidationError({"role": _("Rollen hører ikke til forløbet.")})
    check_assignable(process, person, "person")
    with transaction.atomic():
        role = ProcessRole.objects.select_for_update().get(pk=role.pk)
        role.person = person
        role.party = party.strip()
        role.full_clean()
        role.save(update_fields=["person", "party"])
        holder = ", ".join(n for n in (person.get_full_name() if person else "", role.party) if n)
        process_event(
            process=process,
            actor=actor,
            action="role",
            comment=_("Rollen »%(role)s«: %(holder)s.")
            % {"role": role.name, "holder": holder or _("ingen")},
        )
        log(role.process, "processes.role.assign", user=actor, data={"role": role.key})
    return role


def process_update(
    *,
    actor: User,
    process: Process,
    title: str,
    description: str,
    departments: Iterable[Department],
) -> Process:
    """Change a process's title, description and departments (leaders only)."""
    check_leads(actor, process)
    departments = list(departments)
    if any(d.organisation_id != process.organisation_id for d in departments):
        raise ValidationError({"departments": _("Vælg kun afdelinger i organisationen.")})
    with transaction.atomic():
        process.title = title.strip()
        process.description = description.strip()
        process.full_clean()
        process.save(update_fields=["title", "description", "updated_at"])
        process.departments.set(departments)
        process_event(
            process=process, actor=actor, action="updated", comment=_("Forløbet blev rettet.")
        )
        log(process, "processes.process.update", user=actor)
    return process


def process_close(*, actor: User, process: Process, status: str) -> Process:
    """Complete or stop a process, or reopen it (``status`` = active); leaders only."""
    check_leads(actor, process)
    if status not in ProcessStatus.values:
        raise ValidationError({"status": _("Vælg en gyldig status.")})
    with transaction.atomic():
        process = Process.objects.select_for_update().get(pk=process.pk)
        before = process.status
        if before == status:
            return process
        process.status = status
        process.save(update_fields=["status", "updated_at"])
        comments = {
            ProcessStatus.COMPLETED: _("Forløbet blev afsluttet."),
            ProcessStatus.CANCELLED: _("Forløbet blev stoppet."),
            ProcessStatus.ACTIVE: _("Forløbet blev genåbnet."),
        }
        process_event(
            process=process,
            actor=actor,
            action="status",
            from_status=before,
            to_status=status,
            comment=str(comments[ProcessStatus(status)]),
        )
        action = "reopen" if status == ProcessStatus.ACTIVE else "close"
        log(process, f"processes.process.{action}", user=actor)
    return process
