"""Reads for the catalogue, guide and comparison pages: QuerySets that already carry what
course cards show (guide, provider, next session with its seats)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, F, FloatField, OrderBy, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce, NullIf
from django.shortcuts import get_object_or_404
from wagtail.search.backends import get_search_backend

from competencies.models import Guide, GuideCompetence
from courses.models import (
    CourseIndexPage,
    CoursePage,
    CourseSession,
    ModulePage,
    ProviderSectionPage,
)
from courses.tree import section_of_course

SORTS = {
    "titel": ["title"],
    "pris": ["price", "title"],
    "varighed": ["duration_hours", "title"],
    "nyeste": ["-first_published_at", "title"],
}


def course_cards() -> QuerySet[CoursePage]:
    """Live courses with guide, provider name and id, in one query."""
    sections = section_of_course()
    cards: QuerySet[CoursePage] = (
        CoursePage.objects.live()
        .select_related("guide", "image")
        .annotate(
            provider_id=Subquery(sections.values("provider_id")[:1]),
            provider_name=Subquery(sections.values("provider__name")[:1]),
        )
    )
    return cards


@dataclass(frozen=True)
class CatalogueFilters:
    guide: str = ""
    series: str = ""
    provider: int | None = None
    format: str = ""
    job_function: str = ""
    q: str = ""
    sort: str = ""


def course_catalogue(filters: CatalogueFilters) -> QuerySet[CoursePage]:
    """The catalogue's courses after combining every filter; ordered by ``filters.sort``.

    Free text goes through Wagtail search (so it is Danish-stemmed on PostgreSQL) and is then
    combined with the other filters as a set of ids, which keeps the query count fixed.
    """
    courses = course_cards()
    if filters.guide:
        courses = courses.filter(guide__code__iexact=filters.guide)
    if filters.series:
        courses = courses.filter(guide__series=filters.series)
    if filters.provider:
        courses = courses.filter(provider_id=filters.provider)
    if filters.format:
        courses = courses.filter(format=filters.format)
    if filters.job_function:
        courses = courses.filter(target_job_functions__code=filters.job_function)
    if filters.q:
        backend = get_search_backend()
        hits = backend.search(filters.q, CoursePage.objects.live(), operator="and")
        courses = courses.filter(pk__in=[page.pk for page in hits])
    ordering = SORTS.get(filters.sort) or SORTS["titel"]
    return courses.order_by(*ordering)


def provider_sections() -> QuerySet[ProviderSectionPage]:
    """Live provider sections with their organisations, for filters and listings."""
    sections: QuerySet[ProviderSectionPage] = ProviderSectionPage.objects.live()
    return sections.select_related("provider").order_by("title")


GUIDE_SORTS: dict[str, list[str | OrderBy]] = {
    "pris": [F("price").asc(), "title"],
    "bedoemmelse": [F("rating_avg").desc(nulls_last=True), "title"],
    "titel": ["title"],
}


def courses_for_guide(guide_id: int, *, format: str = "", sort: str = "") -> QuerySet[CoursePage]:
    """Every provider's live course on one guide, cheapest first (or by ``sort``), with its
    rating from the course's summary row (``rating_avg``, ``rating_count``): no enrolment is
    read."""
    courses: QuerySet[CoursePage] = (
        course_cards()
        .filter(guide_id=guide_id)
        .annotate(
            rating_count=Coalesce(F("figures__rating_count"), 0),
            rating_avg=Cast(F("figures__rating_sum"), FloatField())
            / NullIf(F("figures__rating_count"), 0),
        )
    )
    if format:
        courses = courses.filter(format=format)
    return courses.order_by(*(GUIDE_SORTS.get(sort) or GUIDE_SORTS["pris"]))


def attach_next_sessions(courses: Iterable[CoursePage]) -> None:
    """Set ``next_session`` (with ``seats_left``) on each course, in one query."""
    courses = list(courses)
    first = next_sessions_by_course([course.pk for course in courses])
    for course in courses:
        course.next_session = first.get(course.pk)


def next_sessions_by_course(course_ids: list[int]) -> dict[int, CourseSession]:
    """The next upcoming session of each course, with seats left, in one query."""
    sessions = (
        CourseSession.objects.upcoming()
        .filter(course_id__in=course_ids)
        .with_seats()
        .order_by("course_id", "starts_at")
    )
    first: dict[int, CourseSession] = {}
    for session in sessions:
        first.setdefault(session.course_id, session)
    return first


def guides_with_course_counts() -> QuerySet[Guide]:
    """Every guide in the sector's order, with how many live courses it has."""
    guides: QuerySet[Guide] = Guide.objects.annotate(
        course_count=Count("courses", filter=models.Q(courses__live=True))
    ).in_order()
    return guides


def get_guide(code: str) -> Guide:
    """One guide by its code, in any case (``a3`` is ``A3``), with its job functions; or 404."""
    return get_object_or_404(
        Guide.objects.prefetch_related("target_job_functions"), code__iexact=code
    )


def guide_competences(guide: Guide) -> QuerySet[GuideCompetence]:
    """The competences the guide builds, with the level, in framework order (Open Badges align
    courses to them by their place on the guide's page)."""
    return (
        GuideCompetence.objects.filter(guide=guide)
        .select_related("competence")
        .order_by("competence__sort_order", "competence__name")
    )


def catalogue_page() -> CourseIndexPage | None:
    """The live course catalogue page (there is at most one)."""
    page: CourseIndexPage | None = CourseIndexPage.objects.live().first()
    return page


def get_live_course(pk: int) -> CoursePage:
    """A published course; 404 for a draft or an unknown id."""
    live: QuerySet[CoursePage] = CoursePage.objects.live()
    return get_object_or_404(live, pk=pk)


def get_live_module(pk: int) -> ModulePage:
    """A published module; 404 for a draft or an unknown id."""
    live: QuerySet[ModulePage] = ModulePage.objects.live()
    return get_object_or_404(live, pk=pk)


def get_session_of_course(course: CoursePage, pk: int) -> CourseSession:
    """One of the course's sessions with its seats; another course's (or provider's) is a 404."""
    return get_object_or_404(CourseSession.objects.with_seats().filter(course=course), pk=pk)
