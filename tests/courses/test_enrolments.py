"""The enrolment state machine through its services: approval, seats, waitlist, completion."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses import services
from courses.models import (
    CourseSession,
    Enrolment,
    EnrolmentEvent,
    SessionStatus,
)
from courses.models import (
    EnrolmentStatus as S,
)
from organisations import services as org_services
from tests.courses.conftest import make_course, make_learner, make_module, make_session


def enrol(user, course, session=None, by=None):
    return services.enrolment_create(
        user=user, course=course, session=session, requested_by=by or user
    )


@pytest.fixture
def nordlys(db):
    return org_services.organisation_create(name="Nordlys", kind="housing", cvr="44444444")


def learners(organisation, count, prefix="p"):
    return [
        make_learner(f"{prefix}{i}@{organisation.pk}.example", organisation) for i in range(count)
    ]


@pytest.mark.django_db
class TestApproval:
    def test_a_request_waits_for_the_manager_when_the_organisation_requires_it(
        self, karen, course, session
    ):
        enrolment = enrol(karen, course, session)
        assert enrolment.status == S.AWAITING_APPROVAL
        assert [e.to_status for e in enrolment.events.all()] == [S.REQUESTED, S.AWAITING_APPROVAL]

    def test_the_manager_approves_with_a_comment_and_a_seat_is_booked(
        self, karen, lars, course, session
    ):
        enrolment = enrol(karen, course, session)
        services.enrolment_approve(
            enrolment=enrolment, actor=lars, comment="God idé før byggesagen"
        )
        enrolment.refresh_from_db()
        assert enrolment.status == S.BOOKED
        last = enrolment.events.last()
        assert (last.actor, last.reason) == (lars, "God idé før byggesagen")

    def test_rejection_needs_a_reason(self, karen, lars, course, session):
        enrolment = enrol(karen, course, session)
        with pytest.raises(ValidationError) as excinfo:
            services.enrolment_reject(enrolment=enrolment, actor=lars, comment=" ")
        assert "begrundelse" in str(excinfo.value)
        services.enrolment_reject(enrolment=enrolment, actor=lars, comment="Budgettet er brugt")
        enrolment.refresh_from_db()
        assert enrolment.status == S.REJECTED

    def test_nobody_approves_their_own_or_another_organisations_request(
        self, fjordbo, nordlys, lars, course, session
    ):
        own = enrol(lars, course, session)
        assert own.status == S.BOOKED  # an approver's own request needs no approval
        other = make_learner("ole@nordlys.example", nordlys, roles=("staff", "manager"))
        karen = make_learner("k2@fjordbo.example", fjordbo)
        request = enrol(karen, course, session)
        with pytest.raises(ValidationError):
            services.enrolment_approve(enrolment=request, actor=other)
        with pytest.raises(ValidationError):
            services.enrolment_approve(enrolment=request, actor=karen)

    def test_a_manager_enrols_a_colleague_without_a_separate_approval(
        self, karen, lars, course, session
    ):
        enrolment = enrol(karen, course, session, by=lars)
        assert enrolment.status == S.BOOKED
        assert enrolment.requested_by == lars

    def test_a_colleague_cannot_enrol_another(self, fjordbo, karen, course, session):
        bob = make_learner("bob@fjordbo.example", fjordbo)
        with pytest.raises(ValidationError):
            enrol(karen, course, session, by=bob)
        assert not Enrolment.objects.exists()


@pytest.mark.django_db
class TestSeatsAndWaitlist:
    def test_booked_never_exceeds_capacity_and_the_rest_wait(self, nordlys, course, session):
        people = learners(nordlys, 4)
        statuses = [enrol(p, course, session).status for p in people]
        assert statuses == [S.BOOKED, S.BOOKED, S.WAITLISTED, S.WAITLISTED]
        session.refresh_from_db()
        assert session.status == SessionStatus.FULL

    def test_a_cancellation_books_the_first_in_line(self, nordlys, course, session):
        a, b, c, d = learners(nordlys, 4)
        first = enrol(a, course, session)
        enrol(b, course, session)
        third = enrol(c, course, session)
        fourth = enrol(d, course, session)
        services.enrolment_cancel(enrolment=first, actor=a)
        third.refresh_from_db()
        fourth.refresh_from_db()
        assert third.status == S.BOOKED and fourth.status == S.WAITLISTED
        assert third.events.last().reason == "Rykket op fra ventelisten"

    def test_more_seats_book_the_waitlist(self, nordlys, sofie, course, session):
        people = learners(nordlys, 4)
        for person in people:
            enrol(person, course, session)
        services.session_update(session=session, actor=sofie, capacity=3)
        assert Enrolment.objects.filter(status=S.BOOKED).count() == 3

    def test_capacity_below_the_booked_count_is_refused(self, nordlys, sofie, course, session):
        for person in learners(nordlys, 2):
            enrol(person, course, session)
        with pytest.raises(ValidationError) as excinfo:
            services.session_update(session=session, actor=sofie, capacity=1)
        assert "capacity" in excinfo.value.message_dict
        assert CourseSession.objects.get(pk=session.pk).capacity == 2

    def test_the_database_allows_one_active_enrolment_per_person_and_session(
        self, nordlys, course, session
    ):
        person = learners(nordlys, 1)[0]
        enrol(person, course, session)
        with pytest.raises(ValidationError) as excinfo:
            enrol(person, course, session)
        assert "allerede tilmeldt" in str(excinfo.value)
        with pytest.raises(IntegrityError), transaction.atomic():
            Enrolment.objects.create(
                user=person, course=course, session=session, status=S.WAITLISTED
            )

    def test_after_cancelling_one_may_enrol_again(self, nordlys, course, session):
        person = learners(nordlys, 1)[0]
        first = enrol(person, course, session)
        services.enrolment_cancel(enrolment=first, actor=person)
        assert enrol(person, course, session).status == S.BOOKED


@pytest.mark.django_db
class TestDeadlinesAndBadInput:
    def test_enrolling_after_the_deadline_is_refused(self, nordlys, course):
        late = make_session(course, days=3)  # deadline was 7 days before the start
        person = learners(nordlys, 1)[0]
        with pytest.raises(ValidationError) as excinfo:
            enrol(person, course, late)
        assert "Tilmeldingsfristen" in str(excinfo.value)
        assert not Enrolment.objects.exists()

    def test_the_learner_cannot_cancel_after_the_deadline_but_the_provider_can(
        self, nordlys, sofie, course, session
    ):
        person = learners(nordlys, 1)[0]
        enrolment = enrol(person, course, session)
        CourseSession.objects.filter(pk=session.pk).update(
            cancellation_deadline=timezone.now() - timedelta(hours=1)
        )
        with pytest.raises(ValidationError) as excinfo:
            services.enrolment_cancel(enrolment=enrolment, actor=person)
        assert "Afmeldingsfristen" in str(excinfo.value)
        services.enrolment_cancel(enrolment=enrolment, actor=sofie, reason="Sygdom hos underviser")
        enrolment.refresh_from_db()
        assert enrolment.status == S.CANCELLED

    @pytest.mark.parametrize(
        "fields,field",
        [
            ({"capacity": 0}, "capacity"),
            ({"price": -1}, "price"),
            ({"ends_at_offset": -1}, "ends_at"),
        ],
    )
    def test_a_bad_session_is_refused(self, course, fields, field):
        if "ends_at_offset" in fields:
            start = timezone.now() + timedelta(days=30)
            fields = {"starts_at": start, "ends_at": start - timedelta(hours=1)}
        with pytest.raises(ValidationError) as excinfo:
            make_session(course, **fields)
        assert field in excinfo.value.message_dict
        assert not CourseSession.objects.exists()

    def test_a_session_of_another_course_is_refused(self, nordlys, akademi, course, session):
        other = make_course(akademi, "A1", "Andet kursus")
        with pytest.raises(ValidationError):
            enrol(learners(nordlys, 1)[0], other, session)

    def test_a_cancelled_session_takes_no_enrolments(self, nordlys, sofie, course, session):
        services.session_cancel(session=session, actor=sofie, reason="For få tilmeldte")
        with pytest.raises(ValidationError):
            enrol(learners(nordlys, 1)[0], course, session)


@pytest.mark.django_db
class TestCompletion:
    def test_attendance_completes_and_issues_a_certificate(self, nordlys, sofie, course, session):
        person = learners(nordlys, 1)[0]
        enrolment = enrol(person, course, session)
        services.attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
        enrolment.refresh_from_db()
        assert enrolment.status == S.COMPLETED and enrolment.completed_at
        certificate = enrolment.certificate
        assert (certificate.person_name, certificate.guide_code, certificate.provider_name) == (
            person.name,
            "A3",
            "Almen Akademi",
        )

    def test_a_no_show_is_recorded_and_gets_no_certificate(self, nordlys, sofie, course, session):
        enrolment = enrol(learners(nordlys, 1)[0], course, session)
        services.attendance_mark(enrolment=enrolment, attended=False, actor=sofie)
        enrolment.refresh_from_db()
        assert enrolment.status == S.NO_SHOW
        assert not hasattr(enrolment, "certificate") or enrolment.certificate is None

    def test_only_the_provider_marks_attendance(self, nordlys, jonas, course, session):
        person = learners(nordlys, 1)[0]
        enrolment = enrol(person, course, session)
        for actor in (person, jonas):
            with pytest.raises(ValidationError):
                services.attendance_mark(enrolment=enrolment, attended=True, actor=actor)

    def test_a_rule_with_quiz_waits_for_the_quiz(self, nordlys, sofie, akademi):
        course = make_course(akademi, "A5", "Forankring", completion_requires_quiz=True)
        module = make_module(course)
        session = make_session(course)
        person = learners(nordlys, 1)[0]
        enrolment = enrol(person, course, session)
        services.attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
        enrolment.refresh_from_db()
        assert enrolment.status == S.ATTENDED
        quiz_id = next(b.id for b in module.body if b.block_type == "quiz")
        services.quiz_attempt_record(
            user=person, module=module, quiz_id=quiz_id, score=40, passed=False, answers={}
        )
        enrolment.refresh_from_db()
        assert enrolment.status == S.ATTENDED
        services.quiz_attempt_record(
            user=person, module=module, quiz_id=quiz_id, score=100, passed=True, answers={}
        )
        enrolment.refresh_from_db()
        assert enrolment.status == S.COMPLETED

    def test_a_self_paced_course_is_enrolled_directly_and_completed_by_its_modules(
        self, nordlys, akademi
    ):
        course = make_course(
            akademi,
            "A3",
            "Selvstudium",
            format="self_paced",
            completion_requires_attendance=False,
            completion_requires_modules=True,
        )
        modules = [make_module(course, f"Modul {i}", body=[]) for i in range(2)]
        person = learners(nordlys, 1)[0]
        enrolment = enrol(person, course)
        assert enrolment.status == S.BOOKED and enrolment.session is None
        services.module_complete(user=person, module=modules[0])
        enrolment.refresh_from_db()
        assert enrolment.status == S.BOOKED
        services.module_complete(user=person, module=modules[1])
        enrolment.refresh_from_db()
        assert enrolment.status == S.COMPLETED

    def test_a_course_with_sessions_needs_a_session(self, nordlys, course):
        with pytest.raises(ValidationError) as excinfo:
            enrol(learners(nordlys, 1)[0], course)
        assert "session" in excinfo.value.message_dict

    def test_evaluation_once_after_completion_rating_1_to_5(self, nordlys, sofie, course, session):
        person = learners(nordlys, 1)[0]
        enrolment = enrol(person, course, session)
        with pytest.raises(ValidationError):
            services.evaluation_submit(enrolment=enrolment, user=person, rating=5)
        services.attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
        enrolment.refresh_from_db()
        with pytest.raises(ValidationError):
            services.evaluation_submit(enrolment=enrolment, user=person, rating=6)
        services.evaluation_submit(enrolment=enrolment, user=person, rating=4, comment="Brugbart")
        with pytest.raises(ValidationError):
            services.evaluation_submit(enrolment=enrolment, user=person, rating=5)

    def test_every_transition_records_who_when_and_why(self, karen, lars, course, session):
        enrolment = enrol(karen, course, session)
        services.enrolment_approve(enrolment=enrolment, actor=lars, comment="OK")
        events = list(
            EnrolmentEvent.objects.filter(enrolment=enrolment).values_list(
                "from_status", "to_status", "actor__email", "reason"
            )
        )
        assert events == [
            ("", S.REQUESTED, "karen@fjordbo.example", ""),
            (S.REQUESTED, S.AWAITING_APPROVAL, "karen@fjordbo.example", ""),
            (S.AWAITING_APPROVAL, S.BOOKED, "lars@fjordbo.example", "OK"),
        ]
