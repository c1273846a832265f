"""Who may see and do what with building projects, learning logs, effects and lessons: the one
access policy of ``onsite`` (the shape is described in ``core/access.py``), built on
``organisations.access``.

- HR, managers and project leaders of the owning organisation see all its projects;
- anyone on a project's member list (an invited contractor's person too) sees that project;
- a project's leaders (members with ``is_leader``) run it: parties, invitations, approvals,
  indicators; so do the owning organisation's project leaders;
- everybody else gets 404 for the project and everything under it.

Log entries on a visible project: approved ones for everyone who sees the project; drafts only
for their author; submitted and returned ones for the author, the participants and the
project's leaders. Attachments follow their entry.

One getter per object type raises ``Http404`` for rows outside the person's reach, so another
organisation's row looks exactly like one that does not exist. The leaders' pages of a project
answer 404 to its other members too (a member who does not lead never sees that they exist).

``actions_for(user, obj)`` says what the person may do with a row they see, as a frozen
dataclass the views hand to templates as ``actions``. Services ask the predicates here
(``is_project_leader``, ``is_author`` …) before they write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast, overload

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.permission_policies.base import BasePermissionPolicy

from onsite.models import (
    BuildingProject,
    EffectIndicator,
    EntryParticipant,
    EntryStatus,
    Lesson,
    LogAttachment,
    LogEntry,
    Measurement,
    ProjectInvitation,
    ProjectMember,
    ProjectParty,
)
from onsite.models.log import LogEntryQuerySet
from onsite.models.projects import BuildingProjectQuerySet
from organisations import access
from organisations.models import Membership, Organisation, OrganisationKind, Role, User

if TYPE_CHECKING:
    from organisations.access import AnyUser

OVERSIGHT_ROLES = (Role.HR, Role.MANAGER, Role.PROJECT_LEADER)

# The workflow states in which an entry may be changed, and in which it may be co-signed.
EDITABLE = (EntryStatus.DRAFT, EntryStatus.RETURNED)
COSIGNABLE = (EntryStatus.SUBMITTED, EntryStatus.APPROVED)


# --- Projects ------------------------------------------------------------------------------


def projects_for(user: AnyUser) -> BuildingProjectQuerySet:
    """Projects the person may see."""
    if not user.is_authenticated:
        return BuildingProject.objects.none()
    overseen = access.organisation_ids_with_any_role(user, OVERSIGHT_ROLES)
    member = ProjectMember.objects.filter(project=OuterRef("pk"), user=user)
    return BuildingProject.objects.filter(Q(organisation_id__in=overseen) | Exists(member))


def sees_project(user: AnyUser, project: BuildingProject) -> bool:
    """Whether ``project`` is one the person may see."""
    return projects_for(user).filter(pk=project.pk).exists()


def get_project_for(user: AnyUser, pk: int) -> BuildingProject:
    """A project the person may see; 404 for every other."""
    return get_object_or_404(projects_for(user).select_related("organisation"), pk=pk)


def _leader_organisation_ids(user: AnyUser) -> list[int]:
    return access.organisation_ids_with_any_role(user, (Role.PROJECT_LEADER,))


def is_project_leader(user: AnyUser, project: BuildingProject) -> bool:
    """A leader of this project, or a project leader of the owning organisation."""
    if not user.is_authenticated:
        return False
    if access.has_role(user, Role.PROJECT_LEADER, project.organisation_id):
        return True
    return ProjectMember.objects.filter(project=project, user=user, is_leader=True).exists()


def is_project_member(user: AnyUser, project: BuildingProject) -> bool:
    """On the project's member list (leading it or not)."""
    if not user.is_authenticated:
        return False
    return ProjectMember.objects.filter(project=project, user=user).exists()


def leads_any_project(user: AnyUser) -> bool:
    """A project leader of an organisation (no query), or a leader on some project's list."""
    if not user.is_authenticated:
        return False
    if access.has_role(user, Role.PROJECT_LEADER):
        return True
    return ProjectMember.objects.filter(user_id=user.pk, is_leader=True).exists()


def projects_led_by(user: AnyUser) -> BuildingProjectQuerySet:
    """Projects the person runs (as a leader member or as the owner's project leader)."""
    if not user.is_authenticated:
        return BuildingProject.objects.none()
    led = ProjectMember.objects.filter(project=OuterRef("pk"), user=user, is_leader=True)
    return BuildingProject.objects.filter(
        Q(organisation_id__in=_leader_organisation_ids(user)) | Exists(led)
    )


def get_project_for_leader(user: AnyUser, pk: int) -> BuildingProject:
    """A project the person runs; 404 for every other (also for members who do not lead)."""
    return get_object_or_404(projects_led_by(user).select_related("organisation"), pk=pk)


def can_create_project(user: AnyUser) -> list[int]:
    """Housing organisations in which the person may create projects: as project leader."""
    return list(project_organisations_for(user).values_list("pk", flat=True))


def project_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """The housing organisations a new project may belong to (where the person leads)."""
    ids = _leader_organisation_ids(user)
    if not ids:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.HOUSING).order_by("name")


def can_log(user: AnyUser, project: BuildingProject) -> bool:
    """Members of the project and its leaders write in its log."""
    return is_project_member(user, project) or is_project_leader(user, project)


def can_export_xapi(user: AnyUser, project: BuildingProject) -> bool:
    """The project's leaders and members may download its statements (they name people)."""
    return is_project_leader(user, project) or is_project_member(user, project)


def project_leaders_of(
    project: BuildingProject, *, except_user_id: int | None = None, active_only: bool = False
) -> list[User]:
    """Who runs ``project``, for the e-mails that ask a leader to act: its leader members, or
    else (no leader on the member list) the owning organisation's project leaders.
    ``except_user_id`` leaves one person out (the author of an entry); ``active_only`` leaves
    out deactivated accounts."""
    members = ProjectMember.objects.filter(project_id=project.pk, is_leader=True)
    memberships = (
        Membership.objects.active()
        .with_role(Role.PROJECT_LEADER)
        .filter(organisation_id=project.organisation_id)
    )
    if active_only:
        members = members.filter(user__is_active=True)
        memberships = memberships.filter(user__is_active=True)
    if except_user_id is not None:
        members = members.exclude(user_id=except_user_id)
        memberships = memberships.exclude(user_id=except_user_id)
    leaders = [member.user for member in members.select_related("user")]
    if leaders:
        return leaders
    return [membership.user for membership in memberships.select_related("user")]


# --- Organisations: the report and the consent to be named -----------------------------------


def report_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations whose project report the person reads: HR, managers, project leaders."""
    ids = access.organisation_ids_with_any_role(user, OVERSIGHT_ROLES)
    return Organisation.objects.filter(pk__in=ids)


def get_report_organisation_for(user: AnyUser, pk: int) -> Organisation:
    """An organisation whose report the person reads; 404 for every other."""
    return get_object_or_404(report_organisations_for(user), pk=pk)


def can_read_report(user: AnyUser, organisation: Organisation | int) -> bool:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return org_id in access.organisation_ids_with_any_role(user, OVERSIGHT_ROLES)


def sharing_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations whose consent to be named on lessons the person decides (HR, managers)."""
    return Organisation.objects.filter(pk__in=access.approver_organisation_ids(user))


def get_sharing_organisation_for(user: AnyUser, pk: int) -> Organisation:
    """An organisation whose consent the person decides; 404 for every other."""
    return get_object_or_404(sharing_organisations_for(user), pk=pk)


def can_decide_sharing(user: AnyUser, organisation: Organisation | int) -> bool:
    """HR and managers of the organisation decide whether it is named on lessons."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return org_id in access.approver_organisation_ids(user)


# --- Parties, members and invitations (for the project's leaders) -------------------------


def _require_leader(user: AnyUser, project: BuildingProject) -> None:
    if not is_project_leader(user, project):
        raise Http404


def get_party_for_leader(user: AnyUser, project: BuildingProject, pk: int) -> ProjectParty:
    """A party of a project the person runs (``project`` comes from a leader getter)."""
    _require_leader(user, project)
    return get_object_or_404(ProjectParty.objects.filter(project=project), pk=pk)


def get_member_for_leader(user: AnyUser, project: BuildingProject, pk: int) -> ProjectMember:
    """A member of a project the person runs; 404 for every other."""
    _require_leader(user, project)
    return get_object_or_404(
        ProjectMember.objects.filter(project=project).select_related("user"), pk=pk
    )


def get_invitation_for_leader(
    user: AnyUser, project: BuildingProject, pk: int
) -> ProjectInvitation:
    """An invitation to a project the person runs; 404 for every other."""
    _require_leader(user, project)
    return get_object_or_404(ProjectInvitation.objects.filter(project=project), pk=pk)


def member_candidates(user: AnyUser, project: BuildingProject) -> QuerySet[Membership]:
    """Colleagues a leader may add: active members of the owning organisation not yet on it."""
    _require_leader(user, project)
    on_project = ProjectMember.objects.filter(project=project, user_id=OuterRef("user_id"))
    return (
        Membership.objects.active()
        .filter(organisation_id=project.organisation_id)
        .exclude(Exists(on_project))
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


# --- Log entries and attachments -----------------------------------------------------------


def _entry_visibility(user: AnyUser) -> Q:
    """The condition on ``LogEntry`` that says which entries of a visible project one sees."""
    user_id = cast(int, user.pk)  # only asked for people who are logged in
    participant = EntryParticipant.objects.filter(entry=OuterRef("pk"), user_id=user_id)
    led = ProjectMember.objects.filter(
        project_id=OuterRef("project_id"), user_id=user_id, is_leader=True
    )
    leader = Q(project__organisation_id__in=_leader_organisation_ids(user)) | Exists(led)
    in_review = Q(status__in=[EntryStatus.SUBMITTED, EntryStatus.RETURNED]) & (
        Exists(participant) | leader
    )
    return Q(status=EntryStatus.APPROVED) | Q(author_id=user_id) | in_review


def entries_for(user: AnyUser) -> LogEntryQuerySet:
    """Entries the person may see, on every project they may see."""
    if not user.is_authenticated:
        return LogEntry.objects.none()
    return LogEntry.objects.filter(project__in=projects_for(user)).filter(_entry_visibility(user))


def entries_on(user: AnyUser, project: BuildingProject) -> LogEntryQuerySet:
    """Entries of one project the person may see; ``project`` comes from a project getter.

    The rule of ``_entry_visibility``, with "leads the project" decided once for the project
    instead of per row: a project with 20,000 entries is counted without a subquery per entry.
    """
    if not user.is_authenticated:
        return LogEntry.objects.none()
    in_review = Q(status__in=[EntryStatus.SUBMITTED, EntryStatus.RETURNED])
    if not is_project_leader(user, project):
        participant = EntryParticipant.objects.filter(entry=OuterRef("pk"), user_id=user.pk)
        in_review &= Q(Exists(participant))
    visible = Q(status=EntryStatus.APPROVED) | Q(author_id=user.pk) | in_review
    return LogEntry.objects.filter(project=project).filter(visible)


def get_entry_for(user: AnyUser, pk: int) -> LogEntry:
    """An entry the person may see; 404 for every other."""
    queryset = entries_for(user).select_related(
        "project__organisation", "author", "guide", "approved_by"
    )
    return get_object_or_404(queryset, pk=pk)


def get_entry_for_author(user: AnyUser, pk: int) -> LogEntry:
    """An entry the person wrote (and may see); 404 for every other, as the edit form is
    nobody else's business."""
    entry = get_entry_for(user, pk)
    if not is_author(user, entry):
        raise Http404
    return entry


def get_entry_for_sharing(user: AnyUser, pk: int) -> LogEntry:
    """An approved entry of a project the person runs (to share as a lesson); 404 otherwise."""
    entry = get_entry_for(user, pk)
    if entry.status != EntryStatus.APPROVED or not is_project_leader(user, entry.project):
        raise Http404
    return entry


def get_attachment_for(user: AnyUser, pk: int) -> LogAttachment:
    """An attachment of an entry the person may see; 404 for every other."""
    return get_object_or_404(LogAttachment.objects.filter(entry__in=entries_for(user)), pk=pk)


def is_author(user: AnyUser, entry: LogEntry) -> bool:
    """The person wrote the entry."""
    return user.is_authenticated and entry.author_id == user.pk


# --- Effect indicators ---------------------------------------------------------------------


def get_indicator_for_leader(user: AnyUser, project_pk: int, pk: int) -> EffectIndicator:
    """An indicator of a project the person runs; 404 for every other (another project's
    indicator reached through this one too)."""
    project = get_project_for_leader(user, project_pk)
    indicator = get_object_or_404(EffectIndicator.objects.filter(project=project), pk=pk)
    indicator.project = project
    return indicator


def get_measurement_for_leader(
    user: AnyUser, project_pk: int, indicator_pk: int, pk: int
) -> Measurement:
    """A measurement of an indicator of a project the person runs; 404 for every other."""
    indicator = get_indicator_for_leader(user, project_pk, indicator_pk)
    measurement = get_object_or_404(Measurement.objects.filter(indicator=indicator), pk=pk)
    measurement.indicator = indicator
    return measurement


# --- Lessons ---------------------------------------------------------------------------------


def can_feature_lessons(user: AnyUser) -> bool:
    """Network editors feature lessons on the home page."""
    return access.is_network_editor(user)


def get_lesson_for_leader(user: AnyUser, pk: int) -> Lesson:
    """A published lesson the person may withdraw; 404 otherwise. From the log: a project
    the person runs. From an erfaringsgruppe (no entry): its publisher, or HR and managers of
    its organisation."""
    lessons = Lesson.objects.published().select_related("entry__project")
    if not user.is_authenticated:
        raise Http404
    group = Q(entry__isnull=True) & (
        Q(published_by_id=user.pk) | Q(organisation_id__in=access.approver_organisation_ids(user))
    )
    return get_object_or_404(
        lessons.filter(Q(entry__project__in=projects_led_by(user)) | group), pk=pk
    )


def can_withdraw_lesson(user: AnyUser, lesson: Lesson) -> bool:
    """A log lesson: the project's leaders. A group lesson (no entry): its publisher, or HR
    and managers of its organisation."""
    if lesson.entry is not None:
        return is_project_leader(user, lesson.entry.project)
    if not user.is_authenticated:
        return False
    return lesson.published_by_id == user.pk or can_decide_sharing(user, lesson.organisation_id)


# --- What a person may do with what they see ----------------------------------------------


@dataclass(frozen=True)
class ProjectListActions:
    """The project list: may the person create a project (as project leader somewhere)?"""

    can_create: bool


@dataclass(frozen=True)
class ProjectActions:
    """What the person may do on a project they see."""

    can_lead: bool  # edit it, its parties and members, its indicators; approve entries
    can_invite: bool  # invite partners' people
    can_log: bool  # write in its learning log
    can_export: bool  # download its xAPI statements
    can_report: bool  # read the owning organisation's report
    can_decide_sharing: bool  # decide whether the owner is named on lessons


@dataclass(frozen=True)
class EntryActions:
    """The workflow steps the person may take on a log entry now (for the buttons shown)."""

    can_edit: bool
    can_submit: bool
    can_approve: bool
    can_return: bool
    can_cosign: bool
    can_revise: bool
    can_share: bool  # share it as a lesson (a leader, an approved entry)

    @property
    def any(self) -> bool:
        """Whether there is a button at all (the "Handlinger" section is shown)."""
        return self.can_edit or self.can_approve or self.can_cosign or self.can_revise

    @property
    def steps(self) -> set[str]:
        """The workflow steps as names (``{"edit", "submit"}`` …)."""
        named = {
            "edit": self.can_edit,
            "submit": self.can_submit,
            "approve": self.can_approve,
            "return": self.can_return,
            "cosign": self.can_cosign,
            "revise": self.can_revise,
        }
        return {name for name, allowed in named.items() if allowed}


@dataclass(frozen=True)
class LessonActions:
    """What the person may do with a published lesson."""

    can_withdraw: bool
    can_feature: bool


@dataclass(frozen=True)
class OrganisationActions:
    """What the person may do with an organisation's building-project report."""

    can_report: bool
    can_decide_sharing: bool


def project_list_actions(user: AnyUser) -> ProjectListActions:
    return ProjectListActions(can_create=bool(can_create_project(user)))


def project_actions(user: AnyUser, project: BuildingProject) -> ProjectActions:
    leader = is_project_leader(user, project)
    member = leader or is_project_member(user, project)
    return ProjectActions(
        can_lead=leader,
        can_invite=leader,
        can_log=member,
        can_export=member,
        can_report=can_read_report(user, project.organisation_id),
        can_decide_sharing=can_decide_sharing(user, project.organisation_id),
    )


def entry_actions(user: AnyUser, entry: LogEntry, *, is_leader: bool | None = None) -> EntryActions:
    """What the person may do with ``entry`` now. ``is_leader`` (of the entry's project) saves
    a query when the caller knows it. Co-signing reads ``entry.participants`` (prefetch it)."""
    if is_leader is None:
        is_leader = is_project_leader(user, entry.project)
    author = is_author(user, entry)
    status = entry.status
    cosign = False
    if user.is_authenticated and not author and status in COSIGNABLE:
        signed = [p for p in entry.participants.all() if p.user_id == user.pk]
        cosign = bool(signed) and signed[0].co_signed_at is None
    review = is_leader and not author and status == EntryStatus.SUBMITTED
    return EntryActions(
        can_edit=author and status in EDITABLE,
        can_submit=author and status in EDITABLE,
        can_approve=review,
        can_return=review,
        can_cosign=cosign,
        can_revise=author and status == EntryStatus.APPROVED,
        can_share=is_leader and status == EntryStatus.APPROVED,
    )


def lesson_actions(user: AnyUser, lesson: Lesson) -> LessonActions:
    return LessonActions(
        can_withdraw=can_withdraw_lesson(user, lesson),
        can_feature=can_feature_lessons(user),
    )


def organisation_actions(user: AnyUser, organisation: Organisation) -> OrganisationActions:
    return OrganisationActions(
        can_report=can_read_report(user, organisation),
        can_decide_sharing=can_decide_sharing(user, organisation),
    )


# Lesson first: it is also a (untyped) Wagtail ``index.Indexed``, which mypy lets match any
# parameter type, so it must meet its own overload before the others.
@overload
def actions_for(user: AnyUser, obj: Lesson) -> LessonActions: ...
@overload
def actions_for(user: AnyUser, obj: BuildingProject) -> ProjectActions: ...
@overload
def actions_for(user: AnyUser, obj: LogEntry) -> EntryActions: ...
@overload
def actions_for(user: AnyUser, obj: Organisation) -> OrganisationActions: ...
def actions_for(
    user: AnyUser, obj: BuildingProject | LogEntry | Lesson | Organisation
) -> ProjectActions | EntryActions | LessonActions | OrganisationActions:
    """What ``user`` may do with ``obj`` (a row they see), for the template's ``actions``."""
    if isinstance(obj, BuildingProject):
        return project_actions(user, obj)
    if isinstance(obj, LogEntry):
        return entry_actions(user, obj)
    if isinstance(obj, Lesson):
        return lesson_actions(user, obj)
    return organisation_actions(user, obj)


# --- The Wagtail admin ("Delte erfaringer") --------------------------------------------------


class LessonPermissionPolicy(BasePermissionPolicy):
    """Network editors view and change (feature) lessons; nobody adds or deletes them here —
    project leaders publish and withdraw them on the site."""

    actions = frozenset({"view", "change"})

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        return action in self.actions and can_feature_lessons(user)

    def user_has_any_permission(self, user: AnyUser, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(
        self, user: AnyUser, action: str, instance: Lesson
    ) -> bool:
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(
        self, user: AnyUser, actions: Iterable[str]
    ) -> QuerySet[Lesson]:
        if not self.user_has_any_permission(user, actions):
            return Lesson.objects.none()
        return Lesson.objects.all()

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet[User]:
        if not set(actions) & self.actions:
            return User.objects.none()
        editors = Membership.objects.active().with_role(Role.NETWORK_EDITOR)
        return User.objects.filter(is_active=True, pk__in=editors.values("user_id")) | (
            User.objects.filter(is_active=True, is_superuser=True)
        )


def no_group_permissions() -> QuerySet[Permission]:
    """Roles decide who may do what in onsite's admin views: no group permissions to register."""
    return Permission.objects.none()
