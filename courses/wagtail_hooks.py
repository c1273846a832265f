from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import URLResolver, include, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from courses import access
from courses.views import admin as admin_views


@hooks.register("register_admin_urls")
def register_courses_admin_urls() -> list[URLResolver]:
    urls = [path("", admin_views.provider_list, name="providers")]
    return [path("kursusudbydere/", include((urls, "courses_admin")))]


class NetworkEditorMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return access.can_onboard_providers(request.user)


@hooks.register("register_admin_menu_item")
def register_provider_menu_item() -> MenuItem:
    return NetworkEditorMenuItem(
        _("Kursusudbydere"), reverse("courses_admin:providers"), icon_name="group", order=250
    )


@hooks.register("insert_global_admin_css")
def admin_listing_css() -> SafeString:
    # Listings on a phone: whole words in titles, tables that scroll within themselves.
    return format_html('<link rel="stylesheet" href="{}">', static("courses/admin_listings.css"))


@hooks.register("register_log_actions")
def register_courses_log_actions(actions: Any) -> None:
    actions.register_action(
        "lms.provider.onboard", _("Kursusudbyder oprettet"), _("Kursusudbyder oprettet")
    )
    actions.register_action(
        "lms.trial_evaluation.save",
        _("Evaluering af prøvehold gemt som kladde"),
        _("Evaluering af prøvehold gemt som kladde"),
    )
    actions.register_action(
        "lms.trial_evaluation.submit",
        _("Evaluering af prøvehold afleveret"),
        _("Evaluering af prøvehold afleveret"),
    )
    actions.register_action("lms.badge.issue", _("Open Badge udstedt"), _("Open Badge udstedt"))
    actions.register_action(
        "lms.badge_key.create",
        _("Signeringsnøgle til Open Badges oprettet"),
        _("Signeringsnøgle til Open Badges oprettet"),
    )
    actions.register_action(
        "lms.badge_key.retire",
        _("Signeringsnøgle til Open Badges udfaset"),
        _("Signeringsnøgle til Open Badges udfaset"),
    )


@hooks.register("register_admin_viewset")
def register_sessions_viewsets() -> ViewSetGroup:
    # Imported here: the admin's modules load Wagtail's admin views and register the sessions'
    # permission policy (``courses.permissions``) on import.
    from courses.admin.menu import SessionsAdminGroup

    return SessionsAdminGroup()
