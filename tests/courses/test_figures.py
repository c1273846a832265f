"""The session counters (seats taken, waitlist) and the course summary (ratings) stay equal to
what the enrolments and evaluations say, through every kind of change (courses.services.figures).
"""

from __future__ import annotations

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from courses import services
from courses.models import CoursePage, CourseSession, CourseSummary, Enrolment, Evaluation
from courses.models import EnrolmentStatus as S
from organisations.models import Organisation, User
from privacy.erasure import person_erase
from tests.courses.conftest import make_course, make_learner, make_session
from tests.factories import EnrolmentFactory


def assert_figures_are_counted() -> None:
    """Every session's counters and every course's summary equal a count from scratch."""
    counted = CourseSession.objects.with_counted_seats().values_list(
        "pk", "counted_seats", "counted_waitlist"
    )
    kept = CourseSession.objects.values_list("pk", "seats_taken", "waitlist_length")
    assert sorted(kept) == sorted(counted)
    ratings = {
        row["enrolment__course_id"]: (row["n"], row["total"])
        for row in Evaluation.objects.values("enrolment__course_id")
        .order_by()
        .annotate(n=Count("pk"), total=Sum("rating"))
    }
    summaries = {
        row.course_id: (row.rating_count, row.rating_sum)
        for row in CourseSummary.objects.exclude(rating_count=0)
    }
    assert summaries == ratings


def enrol(user: User, course: CoursePage, session: CourseSession | None = None) -> Enrolment:
    return services.enrolment_create(user=user, course=course, session=session, requested_by=user)


@pytest.fixture
def people(akademi: Organisation) -> list[User]:
    housing = Organisation.objects.create(name="Nordlys", kind="housing", cvr="44444444")
    return [make_learner(f"p{i}@nordlys.example", housing) for i in range(4)]


@pytest.mark.django_db
class TestEveryChangeKeepsTheCount:
    def test_enrol_waitlist_cancel_and_move_up(self, course, session, people):
        first, second, third = (enrol(person, course, session) for person in people[:3])
        assert [e.status for e in (first, second, third)] == [S.BOOKED, S.BOOKED, S.WAITLISTED]
        session.refresh_from_db()
        assert (session.seats_taken, session.waitlist_length) == (2, 1)
        assert_figures_are_counted()

        services.enrolment_cancel(enrolment=first, actor=people[0])  # third moves up
        session.refresh_from_db()
        assert (session.seats_taken, session.waitlist_length) == (2, 0)
        assert_figures_are_counted()

    def test_approval_and_rejection(self, karen, lars, course, session):
        enrolment = enrol(karen, course, session)
        assert_figures_are_counted()
        services.enrolment_approve(enrolment=enrolment, actor=lars)
        session.refresh_from_db()
        assert session.seats_taken == 1
        assert_figures_are_counted()

    def test_attendance_completion_and_a_rating(self, course, session, people, sofie):
        enrolment = enrol(people[0], course, session)
        services.attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
        enrolment.refresh_from_db()
        assert enrolment.status == S.COMPLETED
        assert_figures_are_counted()
        services.evaluation_submit(enrolment=enrolment, user=people[0], rating=4)
        summary = CourseSummary.objects.get(course=course)
        assert (summary.rating_count, summary.rating_avg) == (1, 4.0)
        assert_figures_are_counted()

    def test_a_larger_capacity_books_from_the_waitlist(self, course, session, people):
        for person in people[:4]:
            enrol(person, course, session)
        session.refresh_from_db()
        assert (session.seats_taken, session.waitlist_length) == (2, 2)
        services.session_update(session=session, capacity=3)
        session.refresh_from_db()
        assert (session.seats_taken, session.waitlist_length) == (3, 1)
        assert_figures_are_counted()

    def test_a_cancelled_session_frees_every_seat(self, course, session, people, sofie):
        for person in people[:3]:
            enrol(person, course, session)
        services.session_cancel(session=session, actor=sofie, reason="Sygdom")
        session.refresh_from_db()
        assert (session.seats_taken, session.waitlist_length) == (0, 0)
        assert_figures_are_counted()

    def test_erasure_of_a_person(self, course, session, people, sofie):
        past = make_session(course, capacity=3, days=-30, status="held")
        done = EnrolmentFactory.create(user=people[0], session=past, status=S.COMPLETED)
        Evaluation.objects.create(enrolment=done, rating=5)
        enrol(people[0], course, session)
        enrol(people[1], course, session)
        enrol(people[2], course, session)  # waitlisted; moves up when people[0] is erased
        person_erase(person=people[0], erased_by=None)
        session.refresh_from_db()
        past.refresh_from_db()
        assert (session.seats_taken, session.waitlist_length) == (2, 0)
        assert past.seats_taken == 0
        assert_figures_are_counted()

    def test_rows_saved_outside_the_services(self, course, session, people):
        enrolment = EnrolmentFactory.create(user=people[0], session=session)
        EnrolmentFactory.create(user=people[1], session=session, status=S.WAITLISTED)
        assert_figures_are_counted()
        enrolment.status = S.CANCELLED
        enrolment.save()
        assert_figures_are_counted()
        enrolment.delete()
        assert_figures_are_counted()


@pytest.mark.django_db
def test_the_rebuild_recounts_what_bulk_writes_left_behind(akademi, people):
    """The scale generator inserts in bulk (no signals) and then calls the rebuild."""
    course = make_course(akademi, "A3", "Bulk")
    sessions = [make_session(course, capacity=3), make_session(course, capacity=3, days=40)]
    Enrolment.objects.bulk_create(
        Enrolment(
            user=person, course=course, session=sessions[i % 2], status=status, requested_by=person
        )
        for i, (person, status) in enumerate(
            zip(people, [S.BOOKED, S.WAITLISTED, S.COMPLETED, S.CANCELLED], strict=True)
        )
    )
    rated = Enrolment.objects.get(status=S.COMPLETED)
    Evaluation.objects.bulk_create([Evaluation(enrolment=rated, rating=3)])
    CourseSession.objects.update(seats_taken=9, waitlist_length=9)  # drifted

    services.course_figures_rebuild()

    assert_figures_are_counted()
    assert CourseSummary.objects.get(course=course).rating_sum == 3


@pytest.mark.django_db
def test_a_listing_reads_the_counters_not_the_enrolments(course, session, people):
    enrol(people[0], course, session)
    listed = CourseSession.objects.with_seats().get(pk=session.pk)
    assert (listed.booked_count, listed.seats_left, listed.waitlist_count) == (1, 1, 0)
    assert "courses_enrolment" not in str(CourseSession.objects.with_seats().query)
    assert timezone.now() < listed.starts_at
