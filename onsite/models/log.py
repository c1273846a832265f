"""The learning log (læringslog) of a building project.

    draft ─▶ submitted ─▶ approved  (by a project leader who is not the author)
               │                │
               ▼                ▼ changed after approval: a new revision, back to draft
            returned

Approval freezes the entry into a ``LogEntryRevision`` and records competence evidence for its
participants through ``competencies.services``. An approved entry that changes gets a new
revision; the evidence of the old revision is withdrawn, visibly and with a reason, only when the
new revision is approved — evidence never changes silently.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from competencies.models import POSITIVE_LEVEL_CHOICES
from core.events import StatusEvent
from core.storage import private_storage


class EntryKind(models.TextChoices):
    OBSERVATION = "observation", _("Observation")
    LESSON = "lesson", _("Erfaring til næste gang")
    TRAINING = "training", _("Oplæring på pladsen")
    ERFA = "erfa", _("Erfaringsgruppemøde")
    MILESTONE = "milestone", _("Milepæl")
    PROBLEM = "problem", _("Problem løst")


class EffectCategory(models.TextChoices):
    """The four effects of seed 000: better social frame, building, economy or process."""

    SOCIAL = "social", _("Sociale rammer")
    PHYSICAL = "physical", _("Fysisk byggeri")
    ECONOMY = "economy", _("Økonomi")
    PROCESS = "process", _("Byggeproces")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SUBMITTED = "submitted", _("Indsendt")
    RETURNED = "returned", _("Sendt retur")
    APPROVED = "approved", _("Godkendt")


class LogEntryQuerySet(models.QuerySet["LogEntry"]):
    def approved(self) -> LogEntryQuerySet:
        return self.filter(status=EntryStatus.APPROVED)

    def for_timeline(self) -> LogEntryQuerySet:
        """Author, guide and project on the row; parties, participants, competences and
        attachments prefetched: a page of the timeline costs the same at 20 and 2,000 entries."""
        return (
            self.select_related("author", "guide", "project", "approved_by")
            .prefetch_related(
                "parties",
                "participants__user",
                "competences__competence",
                "attachments",
            )
            .order_by("-occurred_on", "-pk")
        )


class LogEntry(models.Model):
    """One entry of the learning log: what happened, what we learned, what we will change."""

    project = models.ForeignKey(
        "onsite.BuildingProject",
        verbose_name=_("byggesag"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet af"),
        on_delete=models.PROTECT,
        related_name="log_entries",
    )
    occurred_on = models.DateField(_("dato"))
    kind = models.CharField(_("type"), max_length=12, choices=EntryKind.choices)
    title = models.CharField(_("overskrift"), max_length=200)
    what_happened = models.TextField(_("hvad skete der"))
    what_we_learned = models.TextField(_("hvad lærte vi"), blank=True)
    do_differently = models.TextField(_("hvad gør vi anderledes"), blank=True)
    guide = models.ForeignKey(
        "competencies.Guide",
        verbose_name=_("AlmenVejledning anvendt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="log_entries",
    )
    tool = models.CharField(
        _("værktøj anvendt"),
        max_length=200,
        blank=True,
        help_text=_("Fx erfaringsgruppe, forankringsplan eller samdriftens drejebog."),
    )
    effect_category = models.CharField(
        _("effektområde"), max_length=10, choices=EffectCategory.choices, blank=True
    )
    parties = models.ManyToManyField(
        "onsite.ProjectParty",
        verbose_name=_("deltagende parter"),
        blank=True,
        related_name="entries",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkendt af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("logindlæg")
        verbose_name_plural = _("læringslog")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["project", "-occurred_on", "-id"], name="onsite_entry_timeline"),
            models.Index(fields=["project", "status"], name="onsite_entry_status"),
            # The project page's figures (counts by status, by guide, the approved ids its
            # party counts join) read from this index alone, not from 20,000 rows of text.
            models.Index(
                fields=["project", "status", "guide", "author", "id"], name="onsite_entry_figures"
            ),
            # The organisation report's entries per month: each project's last twelve months.
            models.Index(fields=["project", "occurred_on", "status"], name="onsite_entry_months"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EntryStatus.values), name="onsite_entry_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EntryKind.values), name="onsite_entry_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(effect_category="") | Q(effect_category__in=EffectCategory.values),
                name="onsite_entry_effect_valid",
            ),
            # Said in the service; held here too: nobody approves their own entry.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("author")),
                name="onsite_entry_not_self_approved",
                violation_error_message=_("Du kan ikke godkende dit eget logindlæg."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EntryParticipant(models.Model):
    """A person who took part; they may co-sign (medunderskrive) the entry."""

    entry = models.ForeignKey(
        LogEntry, verbose_name=_("logindlæg"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="log_participations",
    )
    co_signed_at = models.DateTimeField(_("medunderskrevet"), null=True, blank=True)

    class Meta:
        verbose_name = _("deltager")
        verbose_name_plural = _("deltagere")
        ordering = ["entry_id", "user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="onsite_participant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.entry}"


class EntryCompetence(models.Model):
    """A competence the participants exercised, and at what level."""

    entry = models.ForeignKey(
        LogEntry, verbose_name=_("logindlæg"), on_delete=models.CASCADE, related_name="competences"
    )
    competence = models.ForeignKey(
        "competencies.Competence",
        verbose_name=_("kompetence"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("niveau"), choices=POSITIVE_LEVEL_CHOICES)

    class Meta:
        verbose_name = _("kompetence i logindlæg")
        verbose_name_plural = _("kompetencer i logindlæg")
        ordering = ["entry_id", "competence__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "competence"], name="onsite_entrycompetence_unique"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4), name="onsite_entrycompetence_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence}: {self.level}"


class LogEntryRevision(models.Model):
    """An approved version of an entry, frozen; its evidence points here."""

    entry = models.ForeignKey(
        LogEntry, verbose_name=_("logindlæg"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    snapshot = models.JSONField(_("indhold"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkendt af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkendt"))

    class Meta:
        verbose_name = _("godkendt revision")
        verbose_name_plural = _("godkendte revisioner")
        ordering = ["entry_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="onsite_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} r{self.number}"

    @property
    def evidence_ref(self) -> str:
        """The source_ref of the evidence this revision recorded."""
        return f"logentry-revision:{self.pk}"


class EntryEvent(StatusEvent):
    """One step in an entry's history (status change, co-signature or comment)."""

    subject_field = "entry"

    entry = models.ForeignKey(
        LogEntry, verbose_name=_("logindlæg"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("fra"), max_length=10, blank=True)
    to_status = models.CharField(_("til"), max_length=10, choices=EntryStatus.choices)

    class Meta(StatusEvent.Meta):
        verbose_name = _("hændelse i logindlæg")
        verbose_name_plural = _("hændelser i logindlæg")


def attachment_upload_to(instance: LogAttachment, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"onsite/{uuid.uuid4().hex}/bilag{suffix}"


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Foto")
    DOCUMENT = "document", _("Dokument")


class LogAttachment(models.Model):
    """A photo (scaled down, without location data) or a document on an entry."""

    entry = models.ForeignKey(
        LogEntry, verbose_name=_("logindlæg"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("type"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("fil"), storage=private_storage, upload_to=attachment_upload_to)
    content_type = models.CharField(_("filtype"), max_length=100)
    size = models.PositiveIntegerField(_("størrelse (bytes)"))
    original_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    caption = models.CharField(_("billedtekst"), max_length=200, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploadet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploadet"), auto_now_add=True)

    class Meta:
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")
        ordering = ["entry_id", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.get_kind_display()
