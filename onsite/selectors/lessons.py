"""Reads of shared lessons (public) and of the approved entries a lesson is made from."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from onsite.models import (
    BuildingProject,
    EntryStatus,
    Lesson,
    LessonSharing,
    LogEntry,
)
from onsite.models.lessons import LessonQuerySet
from organisations.models import Organisation

# --- Lessons ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonFilters:
    q: str = ""
    guide: str = ""
    competence: str = ""
    effect_category: str = ""


def lesson_search(filters: LessonFilters) -> QuerySet[Lesson]:
    """Published lessons after every filter: the best match first when there is free text,
    else newest first.

    One query (plus the competences' prefetch) whatever the number of hits: the text is matched
    in the database (``LessonQuerySet.matching``: Danish full text on PostgreSQL), and the
    caller pages with LIMIT (``CappedPaginator``) — no hit is loaded beyond the page shown.
    """
    lessons = Lesson.objects.published().for_listing()
    if filters.guide:
        lessons = lessons.filter(guide__code__iexact=filters.guide)
    if filters.competence:
        lessons = lessons.filter(competences__code=filters.competence)
    if filters.effect_category:
        lessons = lessons.filter(effect_category=filters.effect_category)
    if filters.q:
        lessons = lessons.matching(filters.q)
    return lessons


def featured_lessons(limit: int = 3) -> list[Lesson]:
    """Up to ``limit`` lessons the network editors featured, newest first, in one query."""
    lessons = (
        Lesson.objects.featured().select_related("guide", "organisation").defer("search_vector")
    )
    return list(lessons.order_by("-published_at", "-pk")[:limit])


def get_published_lesson(pk: int) -> Lesson:
    """A published lesson (public); a withdrawn one answers 404."""
    lessons = Lesson.objects.published().for_listing().select_related("entry__project")
    return get_object_or_404(lessons, pk=pk)


# --- Approved entries ----------------------------------------------------------------------


def approved_entries(project: BuildingProject) -> QuerySet[LogEntry]:
    """The project's approved entries with what a statement or a lesson needs."""
    return (
        project.entries.filter(status=EntryStatus.APPROVED)
        .select_related("author", "guide", "approved_by")
        .prefetch_related("participants__user", "competences__competence")
        .order_by("occurred_on", "pk")
    )


def shareable_entries(project: BuildingProject, limit: int = 5) -> list[LogEntry]:
    """The newest approved entries of the project that are not shared as lessons (or whose
    lesson was withdrawn)."""
    # NOT EXISTS rather than an outer join: PostgreSQL walks the timeline index newest first
    # and stops at the fifth, instead of joining every approved entry to its lesson.
    shared = Lesson.objects.filter(entry=OuterRef("pk"), withdrawn_at__isnull=True)
    entries = (
        project.entries.filter(status=EntryStatus.APPROVED)
        .filter(~Exists(shared))
        .order_by("-occurred_on", "-pk")
    )
    return list(entries[:limit])


PROJECT_LESSONS_SHOWN = 10


def project_lessons(project: BuildingProject, limit: int = PROJECT_LESSONS_SHOWN) -> list[Lesson]:
    """The project's newest published lessons: at most ``limit`` plus one (so the page can say
    there are more), never every lesson of a large project."""
    lessons = (
        Lesson.objects.published()
        # The organisation (indexed on the lesson) narrows the lessons before the join to the
        # project's entries; a lesson from the log always carries its project's organisation.
        .filter(organisation_id=project.organisation_id, entry__project=project)
        .only("pk", "title", "is_featured")
        .order_by("-published_at", "-pk")
    )
    return list(lessons[: limit + 1])


def published_lesson_of(entry: LogEntry) -> Lesson | None:
    """The entry's published lesson, if it is shared (and not withdrawn)."""
    return Lesson.objects.published().filter(entry=entry).first()


def lesson_sharing_of(organisation: Organisation) -> LessonSharing | None:
    """The organisation's decision on being named on its lessons, if it has made one."""
    return LessonSharing.objects.filter(organisation=organisation).first()


def names_organisation(organisation_id: int) -> bool:
    """Whether the organisation has agreed to be named on its lessons."""
    return LessonSharing.objects.filter(
        organisation_id=organisation_id, name_in_lessons=True
    ).exists()


def get_lesson(pk: int) -> Lesson:
    """A lesson, published or withdrawn (for the network editors' admin view)."""
    return Lesson.objects.get(pk=pk)


def lessons_for_admin() -> QuerySet[Lesson]:
    """Every lesson, newest first, with guide and organisation on the row."""
    return (
        Lesson.objects.select_related("guide", "organisation")
        .defer("search_vector")
        .order_by("-published_at")
    )


def lessons_in_state(lessons: LessonQuerySet, state: str) -> LessonQuerySet:
    """``lessons`` that are "published" or "withdrawn" (any other ``state``: all of them)."""
    if state == "published":
        return lessons.filter(withdrawn_at__isnull=True)
    if state == "withdrawn":
        return lessons.filter(withdrawn_at__isnull=False)
    return lessons
