from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _crud(*models: str) -> tuple[str, ...]:
    return tuple(
        f"competencies.{action}_{model}"
        for model in models
        for action in ("add", "change", "delete", "view")
    )


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = _("Kompetencer")
    # The network secretariat owns the guides, the competence framework, the network's default
    # role profiles and Læringspilen's stages, and moderates the adviser register (it does not
    # create listings: consultants do). Applied by organisations.services.network_editors_group.
    network_editor_permissions = (
        *_crud("guide", "competencearea", "competence", "roleprofile", "learningstage"),
        "competencies.change_adviserlisting",
        "competencies.delete_adviserlisting",
        "competencies.view_adviserlisting",
    )

    def ready(self) -> None:
        # Register this app's kinds of consent with core.consents (Mine data lists them).
        from competencies import consents  # noqa: F401
        from competencies.signals import connect

        # The gap analysis's stored rows follow every write of evidence, memberships and role
        # profiles (competencies.signals).
        connect()
