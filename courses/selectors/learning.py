"""Reads for a person's learning: the course page, their enrolments with waitlist places and
progress, the requests an approver decides, and the colleagues and sessions to enrol them on.
Who sees which rows is ``courses.access``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import QuerySet

from courses import access
from courses.models import (
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    ModulePage,
    ModuleProgress,
)
from courses.models.enrolments import CourseSessionQuerySet
from courses.tree import STEPLEN
from organisations.models import Membership

if TYPE_CHECKING:
    from organisations.access import AnyUser
    from organisations.models import User


# Requests that have not reached the provider's seat count yet: the organisation still decides.
PENDING_STATUSES = (EnrolmentStatus.REQUESTED, EnrolmentStatus.AWAITING_APPROVAL)


def upcoming_sessions(course: CoursePage) -> QuerySet[CourseSession]:
    """The course's sessions that have not started, with seats left, soonest first."""
    sessions: CourseSessionQuerySet = course.sessions.upcoming().with_seats()
    return sessions.order_by("starts_at")


def module_progress(user: AnyUser, course: CoursePage) -> tuple[set[int], int, int]:
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


def course_page_context(*, course: CoursePage, user: AnyUser) -> dict[str, Any]:
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


def my_enrolments(user: User) -> QuerySet[Enrolment]:
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


def pending_approvals(user: AnyUser) -> QuerySet[Enrolment]:
    """Requests waiting for ``user`` to decide, oldest first: those of the people they look
    after (HR: the organisation; a manager: their department), never their own."""
    return access.requests_to_decide_for(user).for_listing().order_by("created_at")


def with_waitlist_positions(enrolments: list[Enrolment]) -> list[Enrolment]:
    """Set ``waitlist_position`` on each waitlisted enrolment, in one query for them all."""
    session_ids = {e.session_id for e in enrolments if e.status == EnrolmentStatus.WAITLISTED}
    queue = (
        Enrolment.objects.filter(session_id__in=session_ids, status=EnrolmentStatus.WAITLISTED)
        .order_by("session_id", "waitlisted_at", "pk")
        .values_list("pk", "session_id")
    )
    positions: dict[int, int] = {}
    counters: dict[int, int] = {}
    for pk, session_id in queue:
        counters[session_id] = counters.get(session_id, 0) + 1
        positions[pk] = counters[session_id]
    for enrolment in enrolments:
        enrolment.waitlist_position = positions.get(enrolment.pk)  # type: ignore[attr-defined]
    return enrolments


def with_progress(user: User, enrolments: list[Enrolment]) -> list[Enrolment]:
    """Set ``progress_percent`` (modules done) on each enrolment, in two queries in all."""
    course_paths = {e.course.path: e for e in enrolments}
    if not course_paths:
        return enrolments
    modules = (
        ModulePage.objects.live()
        .filter(
            models.Q(
                *[models.Q(path__startswith=path) for path in course_paths], _connector=models.Q.OR
            )
        )
        .values_list("pk", "path")
    )
    done = set(
        ModuleProgress.objects.filter(
            user=user, module_id__in=[pk for pk, _ in modules]
        ).values_list("module_id", flat=True)
    )
    totals: dict[str, list[int]] = {path: [0, 0] for path in course_paths}
    for pk, path in modules:
        parent = path[:-STEPLEN]
        if parent in totals:
            totals[parent][1] += 1
            totals[parent][0] += pk in done
    for path, enrolment in course_paths.items():
        finished, total = totals[path]
        enrolment.progress_percent = 100 * finished // total if total else 0  # type: ignore[attr-defined]
    return enrolments


def attach_memberships(enrolments: Iterable[Enrolment]) -> None:
    """Give each enrolment the person's membership (job function) in its organisation; one query."""
    enrolments = list(enrolments)
    keys = {(e.user_id, e.organisation_id) for e in enrolments}
    memberships = Membership.objects.filter(
        user_id__in={u for u, _ in keys}, organisation_id__in={o for _, o in keys}
    ).select_related("job_function", "department")
    by_key: dict[tuple[int, int | None], Membership] = {
        (m.user_id, m.organisation_id): m for m in memberships
    }
    for enrolment in enrolments:
        key = (enrolment.user_id, enrolment.organisation_id)
        enrolment.membership = by_key.get(key)  # type: ignore[attr-defined]


def follows_course(user: AnyUser, course: CoursePage) -> bool:
    """Whether ``user`` holds a place in ``course`` (booked, attended or done): the people whose
    module progress counts. Someone awaiting approval, waitlisted or not enrolled may read a
    module but not mark it done."""
    if not user.is_authenticated:
        return False
    return Enrolment.objects.holding_seats().filter(user=user, course=course).exists()


def bookable_sessions() -> CourseSessionQuerySet:
    """Upcoming sessions of live courses, for enrolling a colleague."""
    return CourseSession.objects.upcoming().filter(course__live=True).select_related("course")


def colleagues_to_enrol(user: AnyUser) -> QuerySet[Membership]:
    """The people the person may enrol (those they look after), by organisation and name."""
    return (
        access.colleagues_to_enrol(user)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__first_name", "user__last_name")
    )
