"""Reads for the catalogue and guide pages: QuerySets that already carry what cards show."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from wagtail.search.backends import get_search_backend

from courses.models import (
    ACTIVE_STATUSES,
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    ModulePage,
    ModuleProgress,
    ProviderSectionPage,
)

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


# --- Sessions, enrolments and progress -----------------------------------------------------


def upcoming_sessions(course: CoursePage) -> QuerySet[CourseSession]:
    """The course's sessions that have not started, with seats left, soonest first."""
    return course.sessions.upcoming().with_seats().order_by("starts_at")


def module_progress(user, course: CoursePage) -> tuple[set[int], int, int]:  # type: ignore[no-untyped-def]
    """(ids of the modules the person has done, done count, module count)."""
    modules = list(ModulePage.objects.live().child_of(course).values_list("pk", flat=True))
    if not user.is_authenticated or not modules:
        return set(), 0, len(modules)
    done = set(
        ModuleProgress.objects.filter(user=user, module_id__in=modules).values_list(
            "module_id", flat=True
        )
    )
    return done, len(done), len(modules)


def course_page_context(*, course: CoursePage, user) -> dict:  # type: ignore[no-untyped-def]
    """Everything the course page shows beyond the page itself."""
    modules = list(ModulePage.objects.live().child_of(course).specific())
    done, done_count, total = module_progress(user, course)
    enrolments = {}
    if user.is_authenticated:
        for enrolment in Enrolment.objects.active().filter(user=user, course=course):
            enrolments[enrolment.session_id] = enrolment
    return {
        "modules": modules,
        "provider": course.get_parent().specific.provider,
        "sessions": upcoming_sessions(course),
        "my_enrolments": enrolments,
        "my_enrolment": next(iter(enrolments.values()), None),
        "modules_done": done,
        "progress_percent": (100 * done_count // total) if total else 0,
    }


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


def my_enrolments(user) -> QuerySet[Enrolment]:  # type: ignore[no-untyped-def]
    """The person's own enrolments with what "Min side" shows."""
    return Enrolment.objects.filter(user=user).for_listing().order_by("-created_at")


def waitlist_position(enrolment: Enrolment) -> int | None:
    if enrolment.status != EnrolmentStatus.WAITLISTED or enrolment.session_id is None:
        return None
    ahead = Enrolment.objects.filter(
        session_id=enrolment.session_id, status=EnrolmentStatus.WAITLISTED
    ).filter(
        models.Q(waitlisted_at__lt=enrolment.waitlisted_at)
        | models.Q(waitlisted_at=enrolment.waitlisted_at, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1


def pending_approvals(organisation_ids: list[int]) -> QuerySet[Enrolment]:
    """Requests waiting for an approver in these organisations, oldest first."""
    return (
        Enrolment.objects.filter(
            organisation_id__in=organisation_ids, status=EnrolmentStatus.AWAITING_APPROVAL
        )
        .for_listing()
        .order_by("created_at")
    )


def session_participants(session: CourseSession) -> QuerySet[Enrolment]:
    """A session's enrolments for the provider's participant list."""
    return (
        Enrolment.objects.filter(session=session)
        .exclude(status__in=[EnrolmentStatus.CANCELLED, EnrolmentStatus.REJECTED])
        .select_related("user", "organisation", "certificate")
        .order_by("status", "user__first_name", "user__last_name")
    )


ACTIVE = ACTIVE_STATUSES
