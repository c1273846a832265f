"""The learner's and approver's pages through the real URLs."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import Enrolment
from courses.models import EnrolmentStatus as S
from organisations import services as org_services
from tests.courses.conftest import make_course, make_learner, make_session


@pytest.mark.django_db
class TestEnrolViews:
    def test_enrol_from_the_course_page(self, client, karen, course, session):
        client.force_login(karen)
        page = client.get(course.url).content.decode()
        assert "Tilmeld" in page and "2 ledige pladser" in page
        response = client.post(
            reverse("enrol", args=[course.pk]), {"session": session.pk}, follow=True
        )
        assert "sendt til godkendelse" in response.content.decode()
        assert Enrolment.objects.get().status == S.AWAITING_APPROVAL

    def test_enrolling_twice_shows_a_danish_message(self, client, lars, course, session):
        client.force_login(lars)
        client.post(reverse("enrol", args=[course.pk]), {"session": session.pk})
        response = client.post(
            reverse("enrol", args=[course.pk]), {"session": session.pk}, follow=True
        )
        assert "allerede tilmeldt" in response.content.decode()
        assert Enrolment.objects.count() == 1

    def test_a_session_id_of_another_course_is_404(
        self, client, lars, akademi, byggelaering, course
    ):
        other_course = make_course(byggelaering, "A1", "Andet")
        other_session = make_session(other_course)
        client.force_login(lars)
        response = client.post(reverse("enrol", args=[course.pk]), {"session": other_session.pk})
        assert response.status_code == 404
        assert not Enrolment.objects.exists()

    def test_cancel_someone_elses_enrolment_is_404(
        self, client, fjordbo, karen, lars, course, session
    ):
        enrolment = services.enrolment_create(
            user=lars, course=course, session=session, requested_by=lars
        )
        outsider = make_learner(
            "x@nordlys.example", org_services.organisation_create(name="N", kind="housing")
        )
        client.force_login(outsider)
        assert client.post(reverse("enrolment_cancel", args=[enrolment.pk])).status_code == 404
        client.force_login(karen)  # a colleague without the manager role
        assert client.post(reverse("enrolment_cancel", args=[enrolment.pk])).status_code == 404
        enrolment.refresh_from_db()
        assert enrolment.status == S.BOOKED

    def test_evaluation_of_someone_elses_enrolment_is_404(
        self, client, karen, lars, course, session
    ):
        enrolment = services.enrolment_create(
            user=lars, course=course, session=session, requested_by=lars
        )
        client.force_login(karen)
        assert client.get(reverse("enrolment_evaluate", args=[enrolment.pk])).status_code == 404

    def test_a_bad_rating_keeps_the_comment(self, client, sofie, lars, course, session):
        enrolment = services.enrolment_create(
            user=lars, course=course, session=session, requested_by=lars
        )
        services.attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
        client.force_login(lars)
        url = reverse("enrolment_evaluate", args=[enrolment.pk])
        response = client.post(url, {"rating": "9", "comment": "Godt kursus"})
        assert response.context["form"].errors["rating"]
        assert "Godt kursus" in response.content.decode()
        response = client.post(url, {"rating": "5", "comment": "Godt kursus"})
        assert response.status_code == 302

    def test_module_done_updates_the_progress_bar(self, client, lars, akademi):
        from tests.courses.conftest import make_module

        course = make_course(akademi, "A3", "Med moduler", format="self_paced")
        module = make_module(course, "Modul 1", body=[])
        make_module(course, "Modul 2", body=[])
        client.force_login(lars)
        client.post(reverse("enrol", args=[course.pk]))
        client.post(reverse("module_done", args=[module.pk]))
        assert 'aria-valuenow="50"' in client.get(course.url).content.decode()


@pytest.mark.django_db
class TestApprovalQueue:
    def test_the_manager_sees_the_request_with_the_job_function_and_approves(
        self, client, karen, lars, course, session
    ):
        services.enrolment_create(user=karen, course=course, session=session, requested_by=karen)
        client.force_login(lars)
        content = client.get(reverse("approvals")).content.decode()
        assert "Karen" in content and "Projektleder" in content
        enrolment = Enrolment.objects.get()
        client.post(
            reverse("approval_decide", args=[enrolment.pk]),
            {"decision": "approve", "comment": "Ja"},
        )
        enrolment.refresh_from_db()
        assert enrolment.status == S.BOOKED

    def test_reject_without_a_reason_is_refused(self, client, karen, lars, course, session):
        enrolment = services.enrolment_create(
            user=karen, course=course, session=session, requested_by=karen
        )
        client.force_login(lars)
        response = client.post(
            reverse("approval_decide", args=[enrolment.pk]),
            {"decision": "reject", "comment": ""},
            follow=True,
        )
        assert "begrundelse" in response.content.decode()
        enrolment.refresh_from_db()
        assert enrolment.status == S.AWAITING_APPROVAL

    def test_staff_are_not_approvers(self, client, karen):
        client.force_login(karen)
        assert client.get(reverse("approvals")).status_code == 403

    def test_another_organisations_request_is_404(self, client, karen, course, session):
        enrolment = services.enrolment_create(
            user=karen, course=course, session=session, requested_by=karen
        )
        nordlys = org_services.organisation_create(name="Nordlys", kind="housing")
        other_manager = make_learner("m@nordlys.example", nordlys, roles=("staff", "manager"))
        client.force_login(other_manager)
        response = client.post(
            reverse("approval_decide", args=[enrolment.pk]), {"decision": "approve"}
        )
        assert response.status_code == 404

    def test_the_manager_enrols_a_colleague(self, client, karen, lars, course, session):
        from organisations.models import Membership

        client.force_login(lars)
        membership = Membership.objects.get(user=karen)
        response = client.post(
            reverse("enrol_colleague"), {"membership": membership.pk, "session": session.pk}
        )
        assert response.status_code == 302
        assert Enrolment.objects.get(user=karen).status == S.BOOKED


def bulk_enrolments(organisation, course, sessions, count, status):
    from organisations.models import Membership, User

    users = User.objects.bulk_create(
        User(
            email=f"b{organisation.pk}-{status}-{i}@example.dk", first_name="Bulk", last_name=str(i)
        )
        for i in range(count)
    )
    Membership.objects.bulk_create(Membership(user=u, organisation=organisation) for u in users)
    Enrolment.objects.bulk_create(
        Enrolment(
            user=u,
            course=course,
            session=sessions[i % len(sessions)],
            organisation=organisation,
            status=status,
        )
        for i, u in enumerate(users)
    )
    return users


# 13 + the calendar feed link's state (rotate/revoke, issue 11) + the start page's approvals
# count (shared with the header's badge), own plans and the project-leader check (issue 18)
# + what waits for the person in processes: the roles they hold, the milestones (issue 13).
MIN_SIDE_QUERIES = 19
# 13 + the guides' competences for the cards' profile fit + one more read by the site header
# (issue 18).
APPROVALS_QUERIES = 15


@pytest.mark.django_db
class TestQueryCounts:
    @pytest.mark.parametrize("count", [10, 500])
    def test_min_side_is_flat(
        self, client, lars, fjordbo, course, count, django_assert_num_queries
    ):
        from datetime import timedelta

        from django.utils import timezone

        from courses.models import CourseSession

        start = timezone.now() + timedelta(days=30)
        sessions = CourseSession.objects.bulk_create(
            CourseSession(
                course=course,
                provider=course.get_parent().specific.provider,
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                capacity=10,
                price=0,
                online=True,
                online_url="https://example.org",
                registration_deadline=start,
                cancellation_deadline=start,
            )
            for _ in range(count)
        )
        statuses = [S.BOOKED, S.WAITLISTED, S.COMPLETED, S.AWAITING_APPROVAL, S.CANCELLED]
        Enrolment.objects.bulk_create(
            Enrolment(
                user=lars,
                course=course,
                session=session,
                organisation=fjordbo,
                status=statuses[i % len(statuses)],
                waitlisted_at=timezone.now(),
            )
            for i, session in enumerate(sessions)
        )
        client.force_login(lars)
        client.get(reverse("min_side"))
        with django_assert_num_queries(MIN_SIDE_QUERIES):
            response = client.get(reverse("min_side"))
        assert response.status_code == 200
        assert "Nummer 1 på ventelisten" in response.content.decode()

    @pytest.mark.parametrize("count", [10, 500])
    def test_the_approval_queue_is_flat(
        self, client, lars, fjordbo, course, count, django_assert_num_queries
    ):
        sessions = [make_session(course, capacity=1000)]
        bulk_enrolments(fjordbo, course, sessions, count, S.AWAITING_APPROVAL)
        client.force_login(lars)
        client.get(reverse("approvals"))
        with django_assert_num_queries(APPROVALS_QUERIES):
            response = client.get(reverse("approvals"))
        assert response.status_code == 200
