"""Who may see and change building projects, built on ``organisations.access``.

- HR, managers and project leaders of the owning organisation see all its projects;
- anyone on a project's member list (an invited contractor's person too) sees that project;
- a project's leaders (members with ``is_leader``) run it: parties, invitations, approvals,
  indicators; so do the owning organisation's project leaders;
- everybody else gets 404 for the project and everything under it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from onsite.models import BuildingProject, ProjectMember
from organisations import access
from organisations.access import AnyUser
from organisations.models import Role

OVERSIGHT_ROLES = (Role.HR, Role.MANAGER, Role.PROJECT_LEADER)


def projects_for(user: AnyUser) -> QuerySet[BuildingProject]:
    """Projects the person may see."""
    if not user.is_authenticated:
        return BuildingProject.objects.none()
    overseen = access.organisation_ids_with_any_role(user, OVERSIGHT_ROLES)
    member = ProjectMember.objects.filter(project=OuterRef("pk"), user=user)
    return BuildingProject.objects.filter(Q(organisation_id__in=overseen) | Exists(member))


def get_project_for_user(user: AnyUser, pk: int) -> BuildingProject:
    return get_object_or_404(projects_for(user), pk=pk)


def is_project_leader(user: AnyUser, project: BuildingProject) -> bool:
    """A leader of this project, or a project leader of the owning organisation."""
    if not user.is_authenticated:
        return False
    if access.has_role(user, Role.PROJECT_LEADER, project.organisation_id):
        return True
    return ProjectMember.objects.filter(project=project, user=user, is_leader=True).exists()


def can_create_project(user: AnyUser) -> list[int]:
    """Organisations (housing) in which the person may create projects: as project leader."""
    return access.organisation_ids_with_any_role(user, (Role.PROJECT_LEADER,))
