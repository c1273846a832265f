"""Who may see and change building projects, built on ``organisations.access``.

- HR, managers and project leaders of the owning organisation see all its projects;
- anyone on a project's member list (an invited contractor's person too) sees that project;
- a project's leaders (members with ``is_leader``) run it: parties, invitations, approvals,
  indicators; so do the owning organisation's project leaders;
- everybody else gets 404 for the project and everything under it.

Log entries on a visible project: approved ones for everyone who sees the project; drafts only
for their author; submitted and returned ones for the author, the participants and the
project's leaders. Attachments follow their entry.

One getter per object type raises ``Http404`` for rows outside the person's reach, so another
organisation's row looks exactly like one that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from onsite.models import (
    BuildingProject,
    EntryParticipant,
    EntryStatus,
    LogAttachment,
    LogEntry,
    ProjectInvitation,
    ProjectMember,
    ProjectParty,
)
from onsite.models.log import LogEntryQuerySet
from onsite.models.projects import BuildingProjectQuerySet
from organisations import access
from organisations.models import Membership, Organisation, OrganisationKind, Role

if TYPE_CHECKING:
    from organisations.access import AnyUser

OVERSIGHT_ROLES = (Role.HR, Role.MANAGER, Role.PROJECT_LEADER)


# --- Projects ------------------------------------------------------------------------------


def projects_for(user: AnyUser) -> BuildingProjectQuerySet:
    """Projects the person may see."""
    if not user.is_authenticated:
        return BuildingProject.objects.none()
    overseen = access.organisation_ids_with_any_role(user, OVERSIGHT_ROLES)
    member = ProjectMember.objects.filter(project=OuterRef("pk"), user=user)
    return BuildingProject.objects.filter(Q(organisation_id__in=overseen) | Exists(member))


def get_project_for_user(user: AnyUser, pk: int) -> BuildingProject:
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


def projects_led_by(user: AnyUser) -> QuerySet[BuildingProject]:
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
    ids = _leader_organisation_ids(user)
    if not ids:
        return []
    return list(
        Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.HOUSING).values_list(
            "pk", flat=True
        )
    )


def project_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """The housing organisations a new project may belong to (where the person leads)."""
    return Organisation.objects.filter(
        pk__in=_leader_organisation_ids(user), kind=OrganisationKind.HOUSING
    ).order_by("name")


# --- Parties, members and invitations (for the project's leaders) -------------------------


def get_party_for_leader(user: AnyUser, project: BuildingProject, pk: int) -> ProjectParty:
    """A party of a project the person runs (``project`` comes from a leader getter)."""
    _require_leader(user, project)
    return get_object_or_404(ProjectParty.objects.filter(project=project), pk=pk)


def get_member_for_leader(user: AnyUser, project: BuildingProject, pk: int) -> ProjectMember:
    _require_leader(user, project)
    return get_object_or_404(
        ProjectMember.objects.filter(project=project).select_related("user"), pk=pk
    )


def get_invitation_for_leader(
    user: AnyUser, project: BuildingProject, pk: int
) -> ProjectInvitation:
    _require_leader(user, project)
    return get_object_or_404(ProjectInvitation.objects.filter(project=project), pk=pk)


def _require_leader(user: AnyUser, project: BuildingProject) -> None:
    if not is_project_leader(user, project):
        raise Http404


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
    """Entries of one project the person may see; ``project`` comes from a project getter."""
    if not user.is_authenticated:
        return LogEntry.objects.none()
    return LogEntry.objects.filter(project=project).filter(_entry_visibility(user))


def get_entry_for_user(user: AnyUser, pk: int) -> LogEntry:
    queryset = entries_for(user).select_related(
        "project__organisation", "author", "guide", "approved_by"
    )
    return get_object_or_404(queryset, pk=pk)


def get_attachment_for_user(user: AnyUser, pk: int) -> LogAttachment:
    """An attachment of an entry the person may see; 404 for every other."""
    queryset = LogAttachment.objects.filter(entry__in=entries_for(user))
    return get_object_or_404(queryset, pk=pk)


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


def partner_organisations() -> QuerySet[Organisation]:
    """Organisations that can be a party on a project (not course providers or the network)."""
    return Organisation.objects.exclude(
        kind__in=[OrganisationKind.PROVIDER, OrganisationKind.NETWORK]
    ).order_by("name")
