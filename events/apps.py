from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Arrangementer: workshops, seminars, temadage, dialog and network meetings with sign-up."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Arrangementer")
