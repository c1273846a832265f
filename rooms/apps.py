from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    """The project web: rooms with members, documents, meetings, forum, votes, ERFA agreements."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "rooms"
    verbose_name = _("Projektrum")

    def ready(self) -> None:
        # The room's meetings join the person's calendar feed (served by ``courses``).
        from rooms import calendar

        calendar.register()
