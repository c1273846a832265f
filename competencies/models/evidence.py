"""Evidence (dokumentation): what a person's level in a competence rests on.

A level is never typed in: it follows from evidence through one rule,
``competencies.levels.current_level``. Evidence comes from a completed course, an approved
on-site log entry, prior learning that HR approves, or a manager's assessment.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competencies.models.framework import POSITIVE_LEVEL_CHOICES, level_between_1_and_4
from core.storage import private_storage


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    # A random folder: the stored name reveals nothing and never collides.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{uuid.uuid4().hex}/dokumentation{suffix}"


class EvidenceSource(models.TextChoices):
    COURSE = "course", _("Gennemført kursus")
    ONSITE = "onsite", _("Læringslog på byggeriet")
    PRIOR_LEARNING = "prior_learning", _("Tidligere læring")
    ASSESSMENT = "assessment", _("Lederens vurdering")


class EvidenceStatus(models.TextChoices):
    PENDING = "pending", _("Afventer godkendelse")
    APPROVED = "approved", _("Godkendt")
    REJECTED = "rejected", _("Afvist")
    WITHDRAWN = "withdrawn", _("Trukket tilbage")


def counts_on(on: date, prefix: str = "") -> Q:
    """Which evidence counts on ``on``: approved, achieved by then and not yet expired.

    The condition half of the level rule (``competencies.levels``). ``prefix`` applies it to
    evidence reached through a join (``"ev__"``), so that every query uses this one condition.
    """
    return Q(**{f"{prefix}status": EvidenceStatus.APPROVED, f"{prefix}achieved_on__lte": on}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gt": on})
    )


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def valid_on(self, on: date | None = None) -> EvidenceQuerySet:
        """Evidence that counts on ``on`` (today): approved, achieved by then, not expired."""
        return self.filter(counts_on(on or timezone.localdate()))

    def pending(self) -> EvidenceQuerySet:
        """Prior learning waiting for HR."""
        return self.filter(status=EvidenceStatus.PENDING)

    def for_listing(self) -> EvidenceQuerySet:
        """With person, competence, area and guide, newest first."""
        return self.select_related("user", "competence__area", "guide", "organisation").order_by(
            "-achieved_on", "-pk"
        )


class Evidence(models.Model):
    """One piece of documentation that a person masters a competence at a level."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    competence = models.ForeignKey(
        "competencies.Competence",
        verbose_name=_("kompetence"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    level = models.PositiveSmallIntegerField(_("niveau"), choices=POSITIVE_LEVEL_CHOICES)
    source = models.CharField(_("kilde"), max_length=20, choices=EvidenceSource.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=EvidenceStatus.choices, default=EvidenceStatus.APPROVED
    )
    achieved_on = models.DateField(_("dato"))
    expires_on = models.DateField(_("udløber"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=300)
    note = models.TextField(_("beskrivelse"), blank=True)
    guide = models.ForeignKey(
        "competencies.Guide",
        verbose_name=_("AlmenVejledning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
    )
    # The organisation in whose name it was recorded: its HR decides on prior learning.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What produced it ("enrolment:12", "logentry-revision:7"): recording twice changes nothing.
    source_ref = models.CharField(_("kildereference"), max_length=64, blank=True)
    document = models.FileField(
        _("dokument"), storage=private_storage, upload_to=evidence_upload_to, blank=True
    )
    document_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    document_type = models.CharField(_("filtype"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registreret af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registreret"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgjort af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)
    decision_comment = models.TextField(_("begrundelse"), blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokumentation")
        verbose_name_plural = _("dokumentation")
        ordering = ["-achieved_on", "-pk"]
        indexes = [
            # The level rule reads (person, competence) → highest valid level.
            models.Index(
                fields=["user", "competence", "status", "-level"], name="competencies_ev_level"
            ),
            models.Index(fields=["organisation", "status"], name="competencies_ev_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=level_between_1_and_4("level"), name="competencies_evidence_level"
            ),
            models.CheckConstraint(
                condition=Q(source__in=EvidenceSource.values), name="competencies_evidence_source"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EvidenceStatus.values), name="competencies_evidence_status"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("achieved_on")),
                name="competencies_evidence_expires_after",
                violation_error_message=_("Udløbsdatoen skal ligge efter datoen."),
            ),
            models.CheckConstraint(
                condition=~Q(source=EvidenceSource.PRIOR_LEARNING) | ~Q(document=""),
                name="competencies_evidence_prior_has_document",
                violation_error_message=_("Tidligere læring skal dokumenteres med en fil."),
            ),
            models.UniqueConstraint(
                fields=["user", "competence", "source", "source_ref"],
                condition=~Q(source_ref=""),
                name="competencies_evidence_once_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.competence}: {self.level} ({self.get_source_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on <= timezone.localdate()

    @property
    def counts(self) -> bool:
        """Whether it counts towards the person's level today."""
        return self.status == EvidenceStatus.APPROVED and not self.is_expired
