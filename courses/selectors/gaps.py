"""For the gap analysis (through ``courses.offers``): the courses that close a gap with their
open sessions, and what an organisation's completed courses took in hours and fees."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, F, QuerySet, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from courses.models import (
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    SessionStatus,
)
from courses.selectors.catalogue import course_cards


def courses_for_guides(
    guide_ids: list[int], *, per_guide: int = 3, sessions_per_course: int = 2
) -> dict[int, list[CoursePage]]:
    """Up to ``per_guide`` live courses on each guide, cheapest first, in two queries.

    Each course gets ``open_sessions``: its next ``sessions_per_course`` sessions that are open
    for enrolment (not started, status open, deadline not passed), with ``seats_left``.
    """
    if not guide_ids:
        return {}
    rank = Window(RowNumber(), partition_by=F("guide_id"), order_by=[F("price").asc(), "title"])
    courses = list(
        course_cards()
        .filter(guide_id__in=guide_ids)
        .annotate(guide_rank=rank)
        .filter(guide_rank__lte=per_guide)
        .order_by("guide_id", "price", "title")
    )
    sessions = open_sessions_by_course([c.pk for c in courses], per_course=sessions_per_course)
    by_guide: dict[int, list[CoursePage]] = {pk: [] for pk in guide_ids}
    for course in courses:
        course.open_sessions = sessions.get(course.pk, [])
        by_guide[course.guide_id].append(course)
    return by_guide


def open_sessions_by_course(
    course_ids: list[int], *, per_course: int = 2
) -> dict[int, list[CourseSession]]:
    """The next ``per_course`` sessions of each course open for enrolment, in one query."""
    if not course_ids:
        return {}
    rank = Window(RowNumber(), partition_by=F("course_id"), order_by=[F("starts_at").asc(), "pk"])
    sessions = (
        CourseSession.objects.upcoming()
        .filter(
            course_id__in=course_ids,
            status=SessionStatus.OPEN,
            registration_deadline__gt=timezone.now(),
        )
        .with_seats()
        .annotate(course_rank=rank)
        .filter(course_rank__lte=per_course)
        .order_by("course_id", "starts_at", "pk")
    )
    result: dict[int, list[CourseSession]] = {}
    for session in sessions:
        result.setdefault(session.course_id, []).append(session)
    return result


def completed_learning(
    *, organisation_id: int, user_ids: QuerySet[Any, Any], year: int
) -> dict[str, Any]:
    """``count``, ``hours`` (the courses' durations) and ``fees`` (the session's price, or the
    course's price when self-paced) of the enrolments through ``organisation_id`` by
    ``user_ids`` (a values QuerySet) completed in ``year``, as Decimals; one query."""
    money: models.DecimalField = models.DecimalField(max_digits=16, decimal_places=2)
    sums = Enrolment.objects.filter(
        organisation_id=organisation_id,
        user_id__in=user_ids,
        status=EnrolmentStatus.COMPLETED,
        completed_at__year=year,
    ).aggregate(
        count=Count("pk"),
        hours=Sum("course__duration_hours"),
        fees=Sum(Coalesce("session__price", "course__price", output_field=money)),
    )
    return {
        "count": sums["count"] or 0,
        "hours": Decimal(sums["hours"] or 0),
        "fees": Decimal(sums["fees"] or 0),
    }
