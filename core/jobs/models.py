"""The export job: one file a person asked for, built by a Celery task (``core.jobs``)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


class JobStatus(models.TextChoices):
    """Where a job is. Values are stored; keep them stable."""

    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Dannes")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Fejlet")
    EXPIRED = "expired", _("Udløbet")


# A job still being worked on: the page polls it, and a second request for the same file joins it.
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class ExportJobQuerySet(models.QuerySet["ExportJob"]):
    def of(self, user: Any) -> ExportJobQuerySet:
        """The jobs a person asked for, newest first (only they may see or fetch them)."""
        return self.filter(requested_by=user).order_by("-created_at", "-pk")

    def active(self) -> ExportJobQuerySet:
        """Jobs not yet finished."""
        return self.filter(status__in=ACTIVE)


class ExportJob(models.Model):
    """One export a person asked for: its kind and parameters, progress, and the file once made.

    The kernel imports no app, so the organisation the export is about is kept as its id (for
    HR's export of a person's data, ``core.privacy``) with a readable ``scope_label``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt af"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation_id = models.PositiveBigIntegerField(_("organisation"), null=True, blank=True)
    scope_label = models.CharField(_("omfang"), max_length=300, blank=True)
    # The page the export was asked for from (the job's page links back to it).
    back_url = models.CharField(max_length=300, blank=True)
    # Ids and filter values only (JSON); the kind's build function reads them.
    parameters = models.JSONField(_("parametre"), default=dict, blank=True)
    # kind + parameters, hashed: the same export asked for twice joins the running job.
    fingerprint = models.CharField(max_length=64)
    language = models.CharField(_("sprog"), max_length=8, default="da")
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus, default=JobStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # Times a worker has claimed the job; the beat gives up after core.jobs.services.MAX_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField(_("filnavn"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    # What the file holds, as ids (the people whose certificates a ZIP holds): the download
    # writes an access-log entry per person from it.
    contents = models.JSONField(default=dict, blank=True)
    # Shown to the person (Danish msgid, translated when it was written).
    error = models.TextField(_("fejl"), blank=True)
    created_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written when the job is enqueued and while a worker builds it: a job that has not been
    # touched for a while was lost (a worker killed, a task dropped) and the beat enqueues it again.
    touched_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("eksport")
        verbose_name_plural = _("eksporter")
        indexes = [
            # "Mine eksporter" and the search for a running twin of a new job.
            models.Index(fields=["requested_by", "fingerprint"], name="core_job_requester"),
            # The beat's sweeps: lost jobs, and done ones past their expiry.
            models.Index(fields=["status", "touched_at"], name="core_job_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")),
                name="core_job_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        # No names: the row says what was exported, not about whom.
        return f"{self.kind} {self.uuid} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)
