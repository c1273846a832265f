from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisationer")
    # Permissions of the network secretariat's Wagtail group; see services.network_editors_group.
    network_editor_permissions = (
        "wagtailadmin.access_admin",
        "organisations.view_organisation",
        "organisations.add_organisation",
        "organisations.change_organisation",
        "organisations.view_department",
        "organisations.add_department",
        "organisations.change_department",
        "organisations.view_membership",
        "organisations.add_membership",
        "organisations.change_membership",
        "organisations.view_jobfunction",
        "organisations.add_jobfunction",
        "organisations.change_jobfunction",
        "organisations.view_invitation",
    )
