"""Requests a person (or HR on their behalf) makes under the GDPR: a copy of their data, and
erasure. Both are kept as records of what was asked and done, without the person's name."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Under udarbejdelse")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Fejlet")
    EXPIRED = "expired", _("Udløbet")


class ExportRequest(models.Model):
    """A ZIP of everything the platform holds about one person, built by a Celery task."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    # HR who produced it on the person's request; empty when the person asked themselves.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(max_length=16, choices=ExportStatus, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to="exports/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dataudtræk")
        verbose_name_plural = _("dataudtræk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="privacy_export_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        # Never the person's name: the row outlives an erasure of the person.
        return f"Dataudtræk {self.pk} ({self.get_status_display()})"


class ErasureStatus(models.TextChoices):
    REQUESTED = "requested", _("Anmodet")
    CONFIRMED = "confirmed", _("Bekræftet")
    DONE = "done", _("Gennemført")
    REJECTED = "rejected", _("Afvist")
    CANCELLED = "cancelled", _("Trukket tilbage")


class ErasureRequest(models.Model):
    """A person's request to be erased; HR of their organisation or the network confirms it.

    After erasure the request stays as the record that it was done; it refers to the person
    only by the (then anonymised) user row, never by name.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasure_requests",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(max_length=16, choices=ErasureStatus, default=ErasureStatus.REQUESTED)
    reason = models.TextField(blank=True)
    decision_note = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sletningsanmodning")
        verbose_name_plural = _("sletningsanmodninger")
        constraints = [
            # One open request per person at a time.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["requested", "confirmed"]),
                name="privacy_one_open_erasure_per_person",
            )
        ]

    def __str__(self) -> str:
        # Never the person's name: the request is the record that an erasure was done.
        return f"Sletningsanmodning {self.pk} ({self.get_status_display()})"


class RetentionSetting(models.Model):
    """How long an organisation keeps the accounts of people who no longer log in.

    Kept here rather than on ``Organisation``: retention is the privacy app's concern, and an
    organisation without a row gets ``DEFAULT_INACTIVE_MONTHS``.
    """

    DEFAULT_INACTIVE_MONTHS = 36

    organisation = models.OneToOneField(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="retention_setting",
    )
    inactive_account_months = models.PositiveSmallIntegerField(
        _("slet konti uden log ind efter (måneder)"),
        default=DEFAULT_INACTIVE_MONTHS,
        help_text=_(
            "En person, der ikke har logget ind så længe, slettes. Har personen flere "
            "organisationer, gælder den længste periode."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opbevaringsregel")
        verbose_name_plural = _("opbevaringsregler")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(inactive_account_months__gte=6),
                name="privacy_retention_at_least_6_months",
                violation_error_message=_("Perioden skal være mindst 6 måneder."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.inactive_account_months}"
