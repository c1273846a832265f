from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    """The newsletter: double opt-in sign-up, topics, issues sent in batches, the archive."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "newsletter"
    verbose_name = _("Nyhedsbrev")
    # The network secretariat composes and sends the issues and keeps the topics; nobody else.
    # Applied by organisations.services.network_editors_group.
    network_editor_permissions = tuple(
        f"newsletter.{action}_{model}"
        for model in ("issue", "topic")
        for action in ("add", "change", "delete", "view")
    )
