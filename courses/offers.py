"""The courses pillar's side of ``competencies.offers``: what the catalogue offers the
competencies pages (the courses and sessions that close a gap, the course pages a strategy or a
plan may name, the hours and fees of completed courses).

Registered in ``CoursesConfig.ready()``; every answer comes from this app's selectors, so the
competencies pages run the same queries as when they called them directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from wagtail.models import Page

from competencies.offers import CompletedLearning
from courses import selectors
from courses.models import CoursePage, CourseSession


class CourseCatalogue:
    """``competencies.offers.Catalogue`` answered from the course catalogue."""

    def courses_for_guides(self, guide_ids: list[int]) -> dict[int, list[Any]]:
        return dict(selectors.courses_for_guides(guide_ids))

    def completed_learning(
        self, *, organisation_id: int, user_ids: QuerySet[Any], year: int
    ) -> CompletedLearning:
        done = selectors.completed_learning(
            organisation_id=organisation_id, user_ids=user_ids, year=year
        )
        return CompletedLearning(count=done["count"], hours=done["hours"], fees=done["fees"])

    def course_pages(self) -> QuerySet[Page]:
        meta = CoursePage._meta
        pages: QuerySet[Page] = (
            Page.objects.live()
            .filter(content_type__app_label=meta.app_label, content_type__model=meta.model_name)
            .order_by("title")
        )
        return pages

    def course_cards(self) -> QuerySet[Any]:
        return selectors.course_cards()

    def courses_by_id(self, ids: Iterable[int]) -> dict[int, Any]:
        wanted = set(ids)
        if not wanted:
            return {}
        return {course.pk: course for course in selectors.course_cards().filter(pk__in=wanted)}

    def sessions_by_id(self, ids: Iterable[int]) -> dict[int, Any]:
        wanted = set(ids)
        if not wanted:
            return {}
        return {session.pk: session for session in CourseSession.objects.filter(pk__in=wanted)}

    def session_choices(self, course: Any, keep: int | None = None) -> QuerySet[Any]:
        if course is None:
            return CourseSession.objects.none()
        sessions = selectors.upcoming_sessions(course)
        if keep:
            sessions = course.sessions.filter(
                Q(pk__in=sessions.values("pk")) | Q(pk=keep)
            ).with_seats()
        return sessions.order_by("starts_at")

    def first_session(self, course_id: int) -> Any | None:
        return CourseSession.objects.filter(course_id=course_id).first()
