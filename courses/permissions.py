"""The sessions' Wagtail permission policy: our roles, asked through ``courses.access``.

Wagtail's generic admin views ask a permission policy whether to show the add, edit and delete
buttons and whether to let a request through. Provider editors add, change, view and delete
their providers' sessions; network editors every session. A session with enrolments is
cancelled, never deleted. Registered for ``CourseSession`` when this module is imported (by
``courses.admin.sessions``, which the admin's viewset hook loads).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from courses import access
from courses.models import CourseSession
from organisations.models import Membership, Role, User

if TYPE_CHECKING:
    from organisations.access import AnyUser


class SessionPermissionPolicy(BasePermissionPolicy):
    """Roles decide, not Django's model permissions (``courses.access``)."""

    actions = frozenset({"add", "change", "view", "delete"})

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        return action in self.actions and access.can_manage_sessions(user)

    def user_has_any_permission(self, user: AnyUser, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(
        self, user: AnyUser, action: str, instance: CourseSession
    ) -> bool:
        if action not in self.actions or not access.can_manage_provider(user, instance.provider_id):
            return False
        # Only a delete asks whether anybody is enrolled: listings stay at one query.
        return action != "delete" or access.session_actions_for(user, instance).can_delete

    def instances_user_has_any_permission_for(
        self, user: AnyUser, actions: Iterable[str]
    ) -> QuerySet[CourseSession]:
        if not set(actions) & self.actions:
            return CourseSession.objects.none()
        return access.sessions_for(user)

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet[User]:
        if not set(actions) & self.actions:
            return User.objects.none()
        editors = Membership.objects.active().with_any_role(
            [Role.PROVIDER_EDITOR, Role.NETWORK_EDITOR]
        )
        return User.objects.filter(is_active=True, pk__in=editors.values("user_id")) | (
            User.objects.filter(is_active=True, is_superuser=True)
        )


session_permission_policy = SessionPermissionPolicy(CourseSession)
register_permission_policy(CourseSession, session_permission_policy)


def no_model_permissions() -> QuerySet[Permission]:
    """Roles decide who manages sessions: there are no group permissions to hand out."""
    return Permission.objects.none()
