from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Arrangementer: workshops, seminars, temadage, dialog and network meetings with sign-up."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Arrangementer")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from core import ical
        from events import calendar, signals
        from events.models import EventRegistration

        # A person's confirmed seats appear in the calendar feed they already subscribe to.
        ical.register_feed_source(calendar.FEED_SOURCE, calendar.feed_source)
        post_delete.connect(
            signals.registration_deleted,
            sender=EventRegistration,
            dispatch_uid="events.registration_deleted",
        )
        from events import cache_purge  # noqa: F401  (seats purge cached pages)
