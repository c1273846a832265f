"""Wagtail admin of events: the registrations (tilmeldinger) of the events an editor may edit,
filtered by event and exported as XLSX/CSV, and the audit-log actions of the services.

The listing is read-only: sign-ups are made and cancelled by the people themselves (through
the services, which keep seats and waitlist right). Who sees which rows is Wagtail's page
permission on the event (``events.access.admin_registrations_for``), not a model permission.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from events import access
from events.log_actions import LOG_ACTIONS
from events.models import EventRegistration

READ_ACTIONS = ("view",)


class RegistrationPermissionPolicy(BasePermissionPolicy):
    """View only, and only the registrations of events whose page the editor may change."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action not in READ_ACTIONS or not user.is_active:
            return False
        # Whether the menu shows: anyone who may change pages at all, from the page permissions
        # Wagtail has already read for the request (no query on every admin page); the listing
        # itself holds only the events whose page the editor may change.
        return bool(user.is_superuser or access.may_edit_pages(user))

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions: Any) -> Any:
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        if action not in READ_ACTIONS:
            return False
        return access.admin_registrations_for(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user: Any, actions: Any) -> Any:
        if not set(actions) & set(READ_ACTIONS):
            return EventRegistration.objects.none()
        return access.admin_registrations_for(user)


register_permission_policy(EventRegistration, RegistrationPermissionPolicy(EventRegistration))


class RegistrationIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[EventRegistration]:
        return access.admin_registrations_for(self.request.user).select_related("event")


class EventRegistrationViewSet(ModelViewSet):
    model = EventRegistration
    index_view_class = RegistrationIndexView
    url_prefix = "tilmeldinger"
    icon = "list-ul"
    menu_label = gettext_lazy("Tilmeldinger")
    menu_order = 230
    add_to_admin_menu = True
    form_fields = ["name"]
    list_display = ["name", "email", "organisation_name", "event", "status", "created_at"]
    list_filter = ["event", "status"]
    search_fields = ["name", "email", "organisation_name"]
    list_export = [
        "event",
        "name",
        "email",
        "organisation_name",
        "status",
        "created_at",
        "confirmed_at",
        "cancelled_at",
    ]
    export_filename = "tilmeldinger"
    ordering = ["event", "created_at"]
    inspect_view_enabled = False
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_registration_viewset() -> ModelViewSet:
    return EventRegistrationViewSet("event_registrations")


@hooks.register("register_log_actions")
def register_event_log_actions(actions: Any) -> None:
    for action, label in LOG_ACTIONS:
        actions.register_action(action, label, label)
