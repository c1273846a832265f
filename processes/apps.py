from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    """The seeds' working methods run as processes: templates, forløb, milestones, team."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "processes"
    verbose_name = _("Forløb")
    # The network secretariat edits the drejebøger (drafts, revisions, publishing) in the
    # Wagtail admin; nobody else. Applied by organisations.services.network_editors_group.
    network_editor_permissions = tuple(
        f"processes.{action}_processtemplate"
        for action in ("add", "change", "delete", "view", "publish", "lock", "unlock")
    )

    def ready(self) -> None:
        from wagtail.signals import published

        from processes.services.templates import on_template_published

        # Publishing a drejebog counts its version up (a running process keeps its own).
        published.connect(on_template_published, dispatch_uid="processes_template_version")
