"""The state of a person's secret calendar feed: which version of the link works, if any."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """A person's calendar feed link: rotating raises ``version``, revoking clears ``enabled``.

    The link carries a signed ``<user id>:<version>``; only the current version of an enabled
    feed is served. A person without a row has version 0, enabled (links made before rotation
    existed carry no version and count as version 0), so no row is written until someone acts.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    enabled = models.BooleanField(_("slået til"), default=True)
    changed_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("kalenderlink")
        verbose_name_plural = _("kalenderlinks")

    def __str__(self) -> str:
        return f"{self.user_id} v{self.version}"
