"""Learners' own answers in a module, and the trial course (prøvehold) → adjustment loop.

A module's checklist, reflection questions and fillable tools are saved per learner as a
``tools.Sheet`` (``ModuleSheet``), the same way a process saves a shared tool. A trial session's
participants each fill its evaluation tool (``TrialEvaluation``); the provider records what the
course was adjusted with afterwards (``CourseAdjustment``), and the course page says "afprøvet
og justeret".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleSheet(models.Model):
    """A learner's answers to one block (checklist, reflection or tool) of a module."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltager"),
        on_delete=models.CASCADE,
        related_name="module_sheets",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("modul"),
        on_delete=models.CASCADE,
        related_name="sheets",
    )
    block_id = models.CharField(_("blok"), max_length=64)
    sheet = models.OneToOneField(
        "tools.Sheet", verbose_name=_("svar"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("svar i modul")
        verbose_name_plural = _("svar i moduler")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "block_id"], name="courses_modulesheet_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.module_id}/{self.block_id}"


class TrialEvaluation(models.Model):
    """A participant's structured evaluation of a trial session."""

    enrolment = models.OneToOneField(
        "courses.Enrolment",
        verbose_name=_("tilmelding"),
        on_delete=models.CASCADE,
        related_name="trial_evaluation",
    )
    sheet = models.OneToOneField(
        "tools.Sheet", verbose_name=_("svar"), on_delete=models.CASCADE, related_name="+"
    )
    submitted_at = models.DateTimeField(_("afleveret"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluering af prøvehold")
        verbose_name_plural = _("evalueringer af prøvehold")

    def __str__(self) -> str:
        return str(self.enrolment_id)


class CourseAdjustment(models.Model):
    """What the provider changed in the course after a trial session, and why."""

    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("kursus"),
        on_delete=models.CASCADE,
        related_name="adjustments",
    )
    session = models.ForeignKey(
        "courses.CourseSession",
        verbose_name=_("prøvehold"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adjustments",
    )
    adjusted_on = models.DateField(_("justeret den"))
    finding = models.TextField(_("hvad evalueringen viste"))
    change = models.TextField(_("hvad er ændret"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)

    class Meta:
        verbose_name = _("justering af kursus")
        verbose_name_plural = _("justeringer af kurser")
        ordering = ["course_id", "-adjusted_on", "pk"]

    def __str__(self) -> str:
        return self.change[:60]
