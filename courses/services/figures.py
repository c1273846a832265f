"""The course figures that listings read instead of counting enrolments.

A session keeps ``seats_taken`` and ``waitlist_length``; a course keeps its evaluations' count
and sum in ``CourseSummary``. Each is recounted for the one session or course that changed (an
indexed count of a few dozen rows), never adjusted by +1/−1: a recount cannot drift, whatever
path changed the enrolment (a service, the admin, a person's erasure cascading to their rows).
The recount locks the session row first, like the enrolment services do, so two transactions
that change one session's enrolments write their counts one after the other.

``course_figures_rebuild()`` recounts everything in three statements; the scale generator runs
it after its bulk inserts (which send no signals).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from core import page_cache
from courses.models import CoursePage, CourseSession, CourseSummary, Enrolment, Evaluation
from courses.models.enrolments import SEAT_STATUSES, EnrolmentStatus

CATALOGUE = "catalogue"  # the family of cached pages that show courses (core.page_cache)


def _on_seats_changed() -> None:
    # Cached catalogue pages show seats and ratings: purged once the change is committed.
    transaction.on_commit(page_cache.bump_on_commit(CATALOGUE))


def session_counts_refresh(*, session_id: int) -> None:
    """Recount one session's seats taken and waitlist (under the session's row lock)."""
    with transaction.atomic(savepoint=False):
        current = (
            CourseSession.objects.select_for_update()
            .filter(pk=session_id)
            .values_list("seats_taken", "waitlist_length")
            .first()
        )
        if current is None:  # the session is being deleted with its enrolments
            return
        counts = Enrolment.objects.filter(session_id=session_id).aggregate(
            seats=Count("pk", filter=Q(status__in=SEAT_STATUSES)),
            waitlist=Count("pk", filter=Q(status=EnrolmentStatus.WAITLISTED)),
        )
        fresh = (counts["seats"], counts["waitlist"])
        if fresh != current:
            CourseSession.objects.filter(pk=session_id).update(
                seats_taken=fresh[0], waitlist_length=fresh[1]
            )
            _on_seats_changed()


def course_summary_refresh(*, course_id: int) -> None:
    """Recount one course's evaluations into its summary row (under that row's lock, so two
    evaluations submitted at once are counted one after the other)."""
    if not CoursePage.objects.filter(pk=course_id).exists():
        return  # the course is being deleted
    with transaction.atomic(savepoint=False):
        CourseSummary.objects.get_or_create(course_id=course_id)
        summary = CourseSummary.objects.select_for_update().get(course_id=course_id)
        figures = Evaluation.objects.filter(enrolment__course_id=course_id).aggregate(
            count=Count("pk"), total=Coalesce(Sum("rating"), 0)
        )
        fresh = (figures["count"], figures["total"])
        if fresh != (summary.rating_count, summary.rating_sum):
            summary.rating_count, summary.rating_sum = fresh
            summary.save(update_fields=["rating_count", "rating_sum", "updated_at"])
            _on_seats_changed()


@transaction.atomic
def course_figures_rebuild() -> None:
    """Recount every session's seats and waitlist and every course's ratings from scratch."""
    enrolments = Enrolment.objects.filter(session_id=OuterRef("pk")).order_by().values("session_id")
    seats = enrolments.filter(status__in=SEAT_STATUSES).annotate(n=Count("pk")).values("n")
    waiting = (
        enrolments.filter(status=EnrolmentStatus.WAITLISTED).annotate(n=Count("pk")).values("n")
    )
    CourseSession.objects.update(
        seats_taken=Coalesce(Subquery(seats), 0), waitlist_length=Coalesce(Subquery(waiting), 0)
    )
    ratings = (
        Evaluation.objects.values("enrolment__course_id")
        .order_by()
        .annotate(count=Count("pk"), total=Sum("rating"))
    )
    CourseSummary.objects.all().delete()
    CourseSummary.objects.bulk_create(
        CourseSummary(
            course_id=row["enrolment__course_id"],
            rating_count=row["count"],
            rating_sum=row["total"],
        )
        for row in ratings.iterator()
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics for the planner after bulk work
            cursor.execute("ANALYZE courses_coursesession, courses_coursesummary")
    _on_seats_changed()
