from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolsConfig(AppConfig):
    """Fillable tools (værktøjer): the network's forms of typed blocks and their filled sheets."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "tools"
    verbose_name = _("Værktøjer")
    # The network secretariat edits and publishes the tools; applied by
    # organisations.services.network_editors_group. Provider editors only choose them.
    network_editor_permissions = tuple(
        f"tools.{action}_tool"
        for action in ("add", "change", "delete", "view", "publish", "lock", "unlock")
    )
