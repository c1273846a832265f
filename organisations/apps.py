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

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_top_up_network_editors, dispatch_uid="lms_top_up_network_editors")


def _top_up_network_editors(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    """After a migration, give an existing network editors' group the permissions new apps ask
    for (``network_editor_permissions``). Runs for each app, so each app's new permissions are
    there when it runs; idempotent and cheap. A fresh installation creates the group later, when
    the first network editor joins."""
    from django.contrib.auth.models import Group

    from organisations.services import NETWORK_EDITORS_GROUP, network_editors_group

    if Group.objects.using(using).filter(name=NETWORK_EDITORS_GROUP).exists():
        network_editors_group()
