from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses import admin_views
from organisations import access


@hooks.register("register_admin_urls")
def register_courses_admin_urls():  # type: ignore[no-untyped-def]
    urls = [path("", admin_views.provider_list, name="providers")]
    return [path("kursusudbydere/", include((urls, "courses_admin")))]


class NetworkEditorMenuItem(MenuItem):
    def is_shown(self, request):  # type: ignore[no-untyped-def]
        return access.is_network_editor(request.user)


@hooks.register("register_admin_menu_item")
def register_provider_menu_item():  # type: ignore[no-untyped-def]
    return NetworkEditorMenuItem(
        _("Kursusudbydere"), reverse("courses_admin:providers"), icon_name="group", order=250
    )


@hooks.register("insert_global_admin_css")
def admin_listing_css():  # type: ignore[no-untyped-def]
    # Listings on a phone: whole words in titles, tables that scroll within themselves.
    return format_html('<link rel="stylesheet" href="{}">', static("courses/admin_listings.css"))


@hooks.register("register_log_actions")
def register_courses_log_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action(
        "lms.provider.onboard", _("Kursusudbyder oprettet"), _("Kursusudbyder oprettet")
    )


@hooks.register("register_admin_viewset")
def register_sessions_viewsets():  # type: ignore[no-untyped-def]
    # Imported here: the module registers the sessions' permission policy on import.
    from courses.admin_sessions import SessionsAdminGroup

    return SessionsAdminGroup()
