"""Who may see and do what with processes (forløb), their milestones, documents and shared
tools: the one access policy of ``processes`` (shape in ``core/access.py``), built on
``organisations.access``.

- HR, managers and project leaders of the organisation *lead* its processes: they see all of
  them, start new ones, name the people in the roles, set responsible people and due dates,
  and change any milestone;
- the process's people — whoever holds one of its roles or is responsible for one of its
  milestones, and whoever started it — see it, fill in its shared tools, add documents,
  decisions and notes, and move the milestones they are responsible for;
- everybody else, and every other organisation, gets 404 for the process and all under it.

The network's templates and tools are edited in the Wagtail admin under its own permissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from organisations import access
from organisations.models import Role
from processes.models import (
    Milestone,
    MilestoneDocument,
    Process,
    ProcessQuerySet,
    ProcessRole,
    ProcessSheet,
)

if TYPE_CHECKING:
    from organisations.access import AnyUser

LEAD_ROLES = (Role.HR, Role.MANAGER, Role.PROJECT_LEADER)


def lead_organisation_ids(user: AnyUser) -> list[int]:
    """The organisations in which the person leads processes (and may start them)."""
    return access.organisation_ids_with_any_role(user, LEAD_ROLES)


def _people_of(user: AnyUser) -> Q:
    """Processes in which the person is named: a role, a milestone, or as the one who started."""
    role = ProcessRole.objects.filter(process=OuterRef("pk"), person_id=user.pk)
    milestone = Milestone.objects.filter(process=OuterRef("pk"), responsible_id=user.pk)
    return Q(Exists(role)) | Q(Exists(milestone)) | Q(created_by_id=user.pk)


def processes_for(user: AnyUser) -> ProcessQuerySet:
    """The processes the person may see."""
    if not user.is_authenticated:
        return Process.objects.none()
    return Process.objects.filter(
        Q(organisation_id__in=lead_organisation_ids(user)) | _people_of(user)
    )


def get_process_for(user: AnyUser, pk: int) -> Process:
    """One process the person may see, or 404."""
    process = (
        processes_for(user)
        .select_related("organisation", "template", "project")
        .filter(pk=pk)
        .first()
    )
    if process is None:
        raise Http404
    return process


def leads(user: AnyUser, process: Process) -> bool:
    """Does the person lead this process (HR, manager or project leader of its organisation)?"""
    return bool(access.roles_in(user, process.organisation_id) & set(LEAD_ROLES))


def is_process_person(user: AnyUser, process: Process) -> bool:
    return processes_for(user).filter(pk=process.pk).exists()


def get_milestone_for(user: AnyUser, process: Process, pk: int) -> Milestone:
    """A milestone of a process the person sees (the caller got ``process`` from the policy)."""
    milestone = Milestone.objects.filter(process=process, pk=pk).select_related("phase").first()
    if milestone is None:
        raise Http404
    return milestone


def get_document_for(user: AnyUser, pk: int) -> MilestoneDocument:
    """A milestone document in a process the person sees, or 404."""
    document = (
        MilestoneDocument.objects.filter(pk=pk, milestone__process__in=processes_for(user))
        .select_related("milestone__process")
        .first()
    )
    if document is None:
        raise Http404
    return document


def get_sheet_for(user: AnyUser, process: Process, pk: int) -> ProcessSheet:
    """A shared tool of a process the person sees, or 404."""
    sheet = (
        ProcessSheet.objects.filter(process=process, pk=pk)
        .select_related("tool", "sheet", "milestone")
        .first()
    )
    if sheet is None:
        raise Http404
    return sheet


# --- Actions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessListActions:
    can_start: bool


@dataclass(frozen=True)
class ProcessActions:
    can_lead: bool  # roles, responsible people, due dates, any milestone, stop/complete
    can_contribute: bool  # tools, documents, decisions, notes
    can_export: bool


@dataclass(frozen=True)
class MilestoneActions:
    can_change_status: bool
    can_plan: bool  # responsible person and due date
    can_contribute: bool


def list_actions(user: AnyUser) -> ProcessListActions:
    return ProcessListActions(can_start=bool(lead_organisation_ids(user)))


def actions_for(user: AnyUser, process: Process) -> ProcessActions:
    """What the person may do with a process they see."""
    lead = leads(user, process)
    return ProcessActions(can_lead=lead, can_contribute=True, can_export=True)


def milestone_actions(
    user: AnyUser, milestone: Milestone, *, process_actions: ProcessActions
) -> MilestoneActions:
    own = milestone.responsible_id is not None and milestone.responsible_id == user.pk
    return MilestoneActions(
        can_change_status=process_actions.can_lead or own,
        can_plan=process_actions.can_lead,
        can_contribute=process_actions.can_contribute,
    )
