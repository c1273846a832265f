from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    """The newsletter: double opt-in sign-up, topics, issues sent in batches, the archive."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "newsletter"
    verbose_name = _("Nyhedsbrev")
