"""Reads of shared lessons (public) and of the approved entries a lesson is made from."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from wagtail.search.backends import get_search_backend

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
    """Published lessons after every filter, newest first.

    Free text goes through Wagtail search (Danish stemming on PostgreSQL) and is then combined
    with the other filters as a set of ids, so the query count does not grow with the hits.
    """
    lessons = Lesson.objects.published().for_listing()
    if filters.guide:
        lessons = lessons.filter(guide__code__iexact=filters.guide)
    if filters.competence:
        lessons = lessons.filter(competences__code=filters.competence)
    if filters.effect_category:
        lessons = lessons.filter(effect_category=filters.effect_category)
    if filters.q:
        backend = get_search_backend()
        hits = backend.search(filters.q, Lesson.objects.published(), operator="and")
        lessons = lessons.filter(pk__in=[lesson.pk for lesson in hits])
    return lessons


def featured_lessons(limit: int = 3) -> list[Lesson]:
    """Up to ``limit`` lessons the network editors featured, newest first, in one query."""
    lessons = Lesson.objects.featured().select_related("guide", "organisation")
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
    entries = (
        project.entries.filter(status=EntryStatus.APPROVED)
        .filter(Q(lesson__isnull=True) | Q(lesson__withdrawn_at__isnull=False))
        .order_by("-occurred_on", "-pk")
    )
    return list(entries[:limit])


def project_lessons(project: BuildingProject) -> list[Lesson]:
    """The project's published lessons, newest first."""
    return list(
        Lesson.objects.published().filter(entry__project=project).order_by("-published_at", "-pk")
    )


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
    return Lesson.objects.select_related("guide", "organisation").order_by("-published_at")


def lessons_in_state(lessons: LessonQuerySet, state: str) -> LessonQuerySet:
    """``lessons`` that are "published" or "withdrawn" (any other ``state``: all of them)."""
    if state == "published":
        return lessons.filter(withdrawn_at__isnull=True)
    if state == "withdrawn":
        return lessons.filter(withdrawn_at__isnull=False)
    return lessons
