"""Effect indicators (effektmål) of a building project and their measurements over time."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _

from core.formats import long_date
from onsite.models.log import EffectCategory

# Months after handover at which the indicators are followed up (Celery beat sends reminders).
FOLLOW_UP_MONTHS = (3, 6, 12)


def follow_up_due_on(handover_on: date, months: int) -> date:
    """The day the ``months`` follow-up falls due: the same day of the month, or the month's
    last day when it has fewer days (31 January + 3 months = 30 April)."""
    due: date = handover_on + relativedelta(months=months)
    return due


class Direction(models.TextChoices):
    LOWER = "lower", _("Lavere er bedre")
    HIGHER = "higher", _("Højere er bedre")


class EffectIndicator(models.Model):
    """An effektmål: e.g. antal ændringsordrer, budgetafvigelse %, beboertilfredshed 1–5."""

    project = models.ForeignKey(
        "onsite.BuildingProject",
        verbose_name=_("byggesag"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("navn"), max_length=150)
    category = models.CharField(_("effektområde"), max_length=10, choices=EffectCategory.choices)
    unit = models.CharField(_("enhed"), max_length=40, help_text=_("Fx antal, %, dage, 1–5."))
    baseline = models.DecimalField(_("udgangspunkt"), max_digits=12, decimal_places=2)
    target = models.DecimalField(_("mål"), max_digits=12, decimal_places=2)
    direction = models.CharField(
        _("retning"), max_length=6, choices=Direction.choices, default=Direction.LOWER
    )
    note = models.TextField(_("sådan måler vi"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("effektmål")
        verbose_name_plural = _("effektmål")
        ordering = ["project_id", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"],
                name="onsite_indicator_unique",
                violation_error_message=_("Byggesagen har allerede et effektmål med det navn."),
            ),
            models.CheckConstraint(
                condition=Q(category__in=EffectCategory.values),
                name="onsite_indicator_category_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Measurement(models.Model):
    """A måling of an indicator on a date."""

    indicator = models.ForeignKey(
        EffectIndicator,
        verbose_name=_("effektmål"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    measured_on = models.DateField(_("dato"))
    value = models.DecimalField(_("værdi"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registreret af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registreret"), auto_now_add=True)

    class Meta:
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        ordering = ["indicator_id", "measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="onsite_measurement_once_a_day",
                violation_error_message=_("Der er allerede en måling på den dato."),
            ),
        ]

    def __str__(self) -> str:
        # Shown in the admin and the audit log: Danish number and date, like the pages.
        return f"{self.indicator}: {localize(self.value)} ({long_date(self.measured_on)})"


class FollowUpReminder(models.Model):
    """That the 3-, 6- or 12-month follow-up reminder of a project was sent (sent once)."""

    project = models.ForeignKey(
        "onsite.BuildingProject",
        verbose_name=_("byggesag"),
        on_delete=models.CASCADE,
        related_name="follow_up_reminders",
    )
    months = models.PositiveSmallIntegerField(_("måneder efter aflevering"))
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)

    class Meta:
        verbose_name = _("opfølgningspåmindelse")
        verbose_name_plural = _("opfølgningspåmindelser")
        constraints = [
            models.UniqueConstraint(fields=["project", "months"], name="onsite_followup_once"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.months}"
