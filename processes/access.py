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
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from onsite.models import BuildingProject, ProjectParty
from organisations import access
from organisations.models import Department, Membership, Organisation, Role, User
from processes.models import (
    AnchoringActivity,
    LearningItem,
    Milestone,
    MilestoneDocument,
    Process,
    ProcessKind,
    ProcessQuerySet,
    ProcessRole,
    ProcessSheet,
    ProcessStatus,
    RoleShift,
    TeamNeed,
)

if TYPE_CHECKING:
    from organisations.access import AnyUser

_Row = TypeVar("_Row", bound=Model)

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
    milestone = (
        Milestone.objects.filter(process=process, pk=pk)
        .select_related("phase", "responsible")
        .first()
    )
    if milestone is None:
        raise Http404
    milestone.process = process
    return milestone


def get_role_for(user: AnyUser, process: Process, pk: int) -> ProcessRole:
    """A role of a process the person sees (the caller got ``process`` from the policy)."""
    role = ProcessRole.objects.filter(process=process, pk=pk).first()
    if role is None:
        raise Http404
    return role


def lead_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations in which the person may start processes, by name."""
    return Organisation.objects.filter(pk__in=lead_organisation_ids(user)).order_by("name")


def startable_departments_in(organisation_ids: list[int]) -> QuerySet[Department]:
    """The departments of the organisations the person leads (a process picks its own)."""
    return (
        Department.objects.filter(organisation_id__in=organisation_ids)
        .select_related("organisation")
        .order_by("organisation__name", "number")
    )


def startable_projects_in(organisation_ids: list[int]) -> QuerySet[BuildingProject]:
    """The building projects of the organisations the person leads."""
    return (
        BuildingProject.objects.filter(organisation_id__in=organisation_ids)
        .select_related("organisation")
        .order_by("name")
    )


def assignable_people(process: Process) -> QuerySet[User]:
    """Who may be named in a process's roles and as a milestone's responsible person.

    Active members of the process's organisation, and — when the process belongs to a building
    project — of the organisations that are parties to that project.
    """
    organisations = Q(memberships__organisation_id=process.organisation_id)
    if process.project_id is not None:
        parties = ProjectParty.objects.filter(
            project_id=process.project_id, organisation__isnull=False
        ).values("organisation_id")
        organisations |= Q(memberships__organisation_id__in=parties)
    return (
        User.objects.filter(organisations, memberships__is_active=True, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def may_change_status(user: AnyUser, milestone: Milestone, process: Process) -> bool:
    """Leaders change any milestone; the responsible person changes their own."""
    own = milestone.responsible_id is not None and milestone.responsible_id == user.pk
    return leads(user, process) or own


def may_contribute(user: AnyUser, process: Process) -> bool:
    """The process's people (and its leaders) add notes, documents, decisions and answers."""
    return leads(user, process) or is_process_person(user, process)


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
    """A closed process is read-only until a leader reopens it."""
    own = milestone.responsible_id is not None and milestone.responsible_id == user.pk
    running = milestone.process.status == ProcessStatus.ACTIVE
    return MilestoneActions(
        can_change_status=running and (process_actions.can_lead or own),
        can_plan=running and process_actions.can_lead,
        can_contribute=running and process_actions.can_contribute,
    )


# --- The anchoring plan (forankring) and the team (Sæt et godt hold) ------------------------


def get_anchoring_process_for(user: AnyUser, pk: int) -> Process:
    """A forankring process the person sees (its anchoring plan's page), or 404."""
    process = get_process_for(user, pk)
    if process.kind != ProcessKind.FORANKRING:
        raise Http404
    return process


def get_team_process_for(user: AnyUser, pk: int) -> Process:
    """A "Sæt et godt hold" process the person sees, or 404."""
    process = get_process_for(user, pk)
    if process.kind != ProcessKind.TEAM:
        raise Http404
    return process


def organisation_people(process: Process) -> QuerySet[User]:
    """The active members of the process's organisation: who may own an activity or shift role."""
    members = Membership.objects.active().filter(organisation_id=process.organisation_id)
    return User.objects.filter(pk__in=members.values("user_id")).order_by(
        "first_name", "last_name", "email"
    )


def is_organisation_person(person: User, process: Process) -> bool:
    """Whether ``person`` is an active member of the process's organisation."""
    return organisation_people(process).filter(pk=person.pk).exists()


def _row_of(rows: QuerySet[_Row], pk: int) -> _Row:
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def get_anchoring_activity_for(user: AnyUser, process: Process, pk: int) -> AnchoringActivity:
    """An activity of the process's anchoring plan (``process`` comes from the policy), or 404."""
    return _row_of(AnchoringActivity.objects.filter(plan__process=process), pk)


def get_role_shift_for(user: AnyUser, process: Process, pk: int) -> RoleShift:
    """A role shift of the process's anchoring plan, or 404."""
    shifts = RoleShift.objects.filter(plan__process=process).select_related(
        "person", "competence", "plan_goal"
    )
    return _row_of(shifts, pk)


def get_learning_item_for(user: AnyUser, process: Process, pk: int) -> LearningItem:
    """A part of the process's local learning programme, or 404."""
    return _row_of(LearningItem.objects.filter(plan__process=process), pk)


def get_team_need_for(user: AnyUser, process: Process, pk: int) -> TeamNeed:
    """A competence need of the team of ``process``, or 404."""
    return _row_of(TeamNeed.objects.filter(process=process).select_related("competence"), pk)


@dataclass(frozen=True)
class AnchoringActions:
    can_edit: bool  # models, strategy, activities, role shifts, learning programme
    can_make_goals: bool  # turn a role shift into a goal in a competence plan


@dataclass(frozen=True)
class TeamActions:
    can_edit: bool  # the competences the team needs


def anchoring_actions_for(user: AnyUser, process: Process) -> AnchoringActions:
    """Leaders edit the anchoring plan; the process's people read it."""
    lead = leads(user, process)
    return AnchoringActions(can_edit=lead, can_make_goals=lead)


def team_actions_for(user: AnyUser, process: Process) -> TeamActions:
    """Leaders edit the team's needs; the process's people read them."""
    return TeamActions(can_edit=leads(user, process))


# --- Documents (C2) --------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentActions:
    can_delete: bool  # the uploader or a leader, while the process runs


def document_actions(user: AnyUser, document: MilestoneDocument) -> DocumentActions:
    """The uploader or a leader deletes a document; the process's people download it."""
    process = document.milestone.process
    own = document.uploaded_by_id is not None and document.uploaded_by_id == user.pk
    running = process.status == ProcessStatus.ACTIVE
    return DocumentActions(can_delete=running and (own or leads(user, process)))


def documents_actions(
    user: AnyUser, process: Process, documents: list[MilestoneDocument]
) -> dict[int, DocumentActions]:
    """``document_actions`` for a page of documents of one process, deciding "leads" once."""
    lead = leads(user, process)
    running = process.status == ProcessStatus.ACTIVE
    return {
        document.pk: DocumentActions(
            can_delete=running
            and (
                lead or (document.uploaded_by_id is not None and document.uploaded_by_id == user.pk)
            )
        )
        for document in documents
    }


@dataclass(frozen=True)
class SheetActions:
    can_edit: bool  # fill in and save the shared tool (the process's people, while it runs)


def sheet_actions_for(user: AnyUser, process: Process) -> SheetActions:
    running = process.status == ProcessStatus.ACTIVE
    return SheetActions(can_edit=running and may_contribute(user, process))
