from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    """The seeds' working methods run as processes: templates, forløb, milestones, team."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "processes"
    verbose_name = _("Forløb")
