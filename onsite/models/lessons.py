"""Lessons for the whole sector: approved log entries that a project leader publishes.

The network of learning project leaders (seed 000, Aktivitet 3) shares what it learned. A lesson
names no people; it names the organisation only when that organisation has agreed
(``LessonSharing``). Network editors may feature lessons on the home page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from onsite.models.log import EffectCategory


class LessonSharing(models.Model):
    """An organisation's consent to be named on the lessons its projects publish."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="lesson_sharing",
    )
    name_in_lessons = models.BooleanField(
        _("vis organisationens navn på delte erfaringer"), default=False
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besluttet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besluttet"), auto_now=True)

    class Meta:
        verbose_name = _("deling af erfaringer")
        verbose_name_plural = _("deling af erfaringer")

    def __str__(self) -> str:
        return str(self.organisation)


class LessonQuerySet(models.QuerySet["Lesson"]):
    def published(self) -> LessonQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def featured(self) -> LessonQuerySet:
        return self.published().filter(is_featured=True)

    def for_listing(self) -> LessonQuerySet:
        return (
            self.select_related("guide", "organisation")
            .prefetch_related("competences")
            .order_by("-published_at", "-pk")
        )


class LessonSource(models.TextChoices):
    """Where a lesson comes from: an approved log entry, or an erfaringsgruppe's insight."""

    LOG = "log", _("Logbog")
    GROUP = "group", _("Erfaringsgruppe")


class Lesson(index.Indexed, models.Model):
    """A published lesson: the entry's (or the group's) learning, without people's names."""

    # A lesson from an erfaringsgruppe has no log entry; one from the log always has (the
    # constraint below).
    entry = models.OneToOneField(
        "onsite.LogEntry",
        verbose_name=_("logindlæg"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lesson",
    )
    revision = models.ForeignKey(
        "onsite.LogEntryRevision",
        verbose_name=_("revision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(
        _("kilde"), max_length=8, choices=LessonSource.choices, default=LessonSource.LOG
    )
    # A neutral label of the source ("Erfaringsgruppe"), never the group's own name, which
    # could point at the people in it.
    source_title = models.CharField(_("kildens betegnelse"), max_length=120, blank=True)
    title = models.CharField(_("overskrift"), max_length=200)
    summary = models.TextField(_("hvad skete der"))
    what_we_learned = models.TextField(_("hvad lærte vi"))
    do_differently = models.TextField(_("hvad gør vi anderledes"), blank=True)
    guide = models.ForeignKey(
        "competencies.Guide",
        verbose_name=_("AlmenVejledning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    competences = models.ManyToManyField(
        "competencies.Competence", verbose_name=_("kompetencer"), blank=True, related_name="+"
    )
    effect_category = models.CharField(
        _("effektområde"), max_length=10, choices=EffectCategory.choices, blank=True
    )
    project_kind = models.CharField(_("type byggesag"), max_length=12, blank=True)
    project_phase = models.CharField(_("fase"), max_length=1, blank=True)
    # Kept for access and withdrawal; shown only when ``show_organisation`` is set.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    show_organisation = models.BooleanField(_("vis organisationens navn"), default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delt af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("delt"), auto_now_add=True)
    is_featured = models.BooleanField(_("fremhævet på forsiden"), default=False)
    withdrawn_at = models.DateTimeField(_("trukket tilbage"), null=True, blank=True)

    objects = LessonQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary"),
        index.SearchField("what_we_learned", boost=2),
        index.SearchField("do_differently"),
        index.AutocompleteField("title"),
        index.FilterField("guide_id"),
        index.FilterField("effect_category"),
        index.FilterField("withdrawn_at"),
    ]

    class Meta:
        verbose_name = _("delt erfaring")
        verbose_name_plural = _("delte erfaringer")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=LessonSource.LOG) | Q(entry__isnull=False),
                name="onsite_lesson_log_has_entry",
            ),
        ]

    def __str__(self) -> str:
        return self.title
