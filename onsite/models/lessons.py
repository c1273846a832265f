"""Lessons for the whole sector: approved log entries that a project leader publishes.

The network of learning project leaders (seed 000, Aktivitet 3) shares what it learned. A lesson
names no people; it names the organisation only when that organisation has agreed
(``LessonSharing``). Network editors may feature lessons on the home page.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections, models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

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


# The text search configuration of the lessons' vector; the trigger in migration 0004 names
# the same one (a change means a migration that rewrites the trigger and the vectors).
SEARCH_CONFIG = "danish"
SEARCH_TEXTS = ("title", "what_we_learned", "summary", "do_differently")
# How many of a search's newest hits are ranked: one more than the list pages through
# (``onsite.pagination.COUNT_CAP``), so the list can still tell that there are more.
RANKED_AT_MOST = 1_001


def _any_text_contains(word: str) -> Q:
    return reduce(or_, (Q(**{f"{field}__icontains": word}) for field in SEARCH_TEXTS))


class LessonQuerySet(models.QuerySet["Lesson"]):
    def published(self) -> LessonQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def featured(self) -> LessonQuerySet:
        return self.published().filter(is_featured=True)

    def for_listing(self) -> LessonQuerySet:
        return (
            self.select_related("guide", "organisation")
            .prefetch_related("competences")
            .defer("search_vector")  # only the database reads it
            .order_by("-published_at", "-pk")
        )

    def matching(self, text: str, *, ranked: bool = True) -> LessonQuerySet:
        """Lessons whose texts hold every word of ``text``, best match first (unless not
        ``ranked``: then in the order they had).

        PostgreSQL: Danish full text over the stored vector (GIN index), so "byggemøder" finds
        "byggemøde"; a visitor's quotes, OR and -word work as in a web search engine, and a
        title match ranks above one in the summary (of the newest ``RANKED_AT_MOST`` hits).
        Other databases: each word as a substring
        of one of the texts, newest first (development and the SQLite test run).
        """
        if connections[self.db].vendor == "postgresql":
            query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
            found = self.filter(search_vector=query)
            if not ranked:
                return found
            # Ranking reads every hit's vector; a common word has thousands. Only the newest
            # RANKED_AT_MOST hits are ranked, so the cost stops growing with the archive.
            newest = found.order_by("-published_at", "-pk").values("pk")[:RANKED_AT_MOST]
            return (
                self.filter(pk__in=newest)
                .annotate(rank=SearchRank(F("search_vector"), query))
                .order_by("-rank", "-published_at", "-pk")
            )
        words = text.split()
        if not words:
            return self
        return self.filter(reduce(and_, (_any_text_contains(word) for word in words)))


class LessonSource(models.TextChoices):
    """Where a lesson comes from: an approved log entry, or an erfaringsgruppe's insight."""

    LOG = "log", _("Logbog")
    GROUP = "group", _("Erfaringsgruppe")


class Lesson(models.Model):
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
    # The Danish full-text search vector of the four texts (PostgreSQL only; NULL on SQLite).
    # A trigger (migration 0004) writes it on every insert and on every update of a text, so
    # bulk inserts (the scale data set, tests) are searchable without going through a service.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("delt erfaring")
        verbose_name_plural = _("delte erfaringer")
        ordering = ["-published_at", "-pk"]
        indexes = [
            # Created only on PostgreSQL (concurrently); SQLite searches with icontains.
            GinIndex(fields=["search_vector"], name="onsite_lesson_search"),
            # The public list: published lessons, newest first.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(withdrawn_at__isnull=True),
                name="onsite_lesson_published",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=LessonSource.LOG) | Q(entry__isnull=False),
                name="onsite_lesson_log_has_entry",
            ),
        ]

    def __str__(self) -> str:
        return self.title
