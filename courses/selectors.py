"""Reads for the catalogue and guide pages: QuerySets that already carry what cards show."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from wagtail.search.backends import get_search_backend

from courses.models import CoursePage, ProviderSectionPage

# Wagtail's tree path: every level adds four characters.
STEPLEN = 4

SORTS = {
    "titel": ["title"],
    "pris": ["price", "title"],
    "varighed": ["duration_hours", "title"],
    "nyeste": ["-first_published_at", "title"],
}


def _section_of_course() -> Subquery:
    # A course's parent is always a provider section (parent_page_types), whose path is the
    # course's path minus its last step.
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - STEPLEN)
    return ProviderSectionPage.objects.filter(path=parent_path)


def course_cards() -> QuerySet[CoursePage]:
    """Live courses with guide, provider name and id, in one query."""
    sections = _section_of_course()
    return (
        CoursePage.objects.live()
        .select_related("guide", "image")
        .annotate(
            provider_id=Subquery(sections.values("provider_id")[:1]),
            provider_name=Subquery(sections.values("provider__name")[:1]),
        )
    )


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
    return ProviderSectionPage.objects.live().select_related("provider").order_by("title")


def courses_for_guide(guide_id: int) -> QuerySet[CoursePage]:
    """Every provider's live course on one guide, cheapest first, for side-by-side comparison."""
    return course_cards().filter(guide_id=guide_id).order_by(F("price").asc(), "title")
