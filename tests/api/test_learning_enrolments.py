"""/api/v1/enrolments/ and /api/v1/completions/: Fjordbo's token (Alice, HR) reads Fjordbo's
enrolments and certificates and enrols Fjordbo's people through the enrolment service; Nordlys'
rows are 404 to it, and Nordlys' token (Charlie) never sees Fjordbo's.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from courses import services as course_services
from courses.models import CoursePage, CourseSession, Enrolment, EnrolmentEvent, EnrolmentStatus
from organisations.models import Organisation, User
from tests.api.conftest import client_for
from tests.factories import (
    CertificateFactory,
    CoursePageFactory,
    CourseSessionFactory,
    EnrolmentFactory,
    person,
)

pytestmark = pytest.mark.django_db

ENROLMENTS = "/api/v1/enrolments/"
COMPLETIONS = "/api/v1/completions/"


@pytest.fixture
def course(akademi: Organisation, a3: Any) -> CoursePage:
    return CoursePageFactory.create(
        parent=akademi.course_section, guide=a3, title="Fremtidsanalyse", publish=True
    )


@pytest.fixture
def session(course: CoursePage) -> CourseSession:
    return CourseSessionFactory.create(course=course, capacity=2)


@pytest.fixture
def nina(nordlys: Organisation) -> User:
    """Staff of Nordlys: Fjordbo's token must never see or enrol her."""
    return person("nina@nordlys.example", nordlys, ["staff"], "Nina", "Nielsen")


@pytest.fixture
def bob_booked(bob: User, alice: User, fjordbo: Organisation, session: CourseSession) -> Enrolment:
    """Bob, enrolled by Alice (HR) through the service: booked at once."""
    return course_services.enrolment_create(
        user=bob, course=session.course, session=session, requested_by=alice, organisation=fjordbo
    )


@pytest.fixture
def nina_booked(
    nina: User, charlie: User, nordlys: Organisation, session: CourseSession
) -> Enrolment:
    return course_services.enrolment_create(
        user=nina,
        course=session.course,
        session=session,
        requested_by=charlie,
        organisation=nordlys,
    )


def fjordbo_client(token: tuple[Any, str]) -> APIClient:
    return client_for(token[1])


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def all_pages(client: APIClient, url: str) -> list[dict[str, Any]]:
    """Every row of a list, following ``next`` to the end."""
    rows: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        body = client.get(next_url).json()
        rows.extend(body["results"])
        next_url = body["next"]
    return rows


def queries_of(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


# --- Reading enrolments ------------------------------------------------------------------------


class TestEnrolmentList:
    def test_it_lists_the_organisations_enrolments_with_their_dates(
        self, fjordbo_read, bob, bob_booked, nina_booked, session
    ):
        (row,) = results(fjordbo_client(fjordbo_read).get(ENROLMENTS))
        assert row["id"] == bob_booked.pk
        assert row["person"] == {"id": bob.pk, "email": bob.email, "name": bob.name}
        assert row["course"] == {
            "id": session.course_id,
            "title": "Fremtidsanalyse",
            "guide": "A3",
        }
        assert row["session"]["id"] == session.pk
        assert row["status"] == "booked" and row["status_label"] == "Booket"
        assert row["requested_at"] and row["approved_at"] and row["updated_at"]
        assert row["completed_at"] is None

    def test_nordlys_token_sees_only_nordlys(self, nordlys_read, nina, bob_booked, nina_booked):
        rows = results(client_for(nordlys_read[1]).get(ENROLMENTS))
        assert [row["person"]["id"] for row in rows] == [nina.pk]

    def test_approved_at_waits_for_the_approver(self, fjordbo_read, fjordbo, alice, bob, session):
        fjordbo.requires_enrolment_approval = True
        fjordbo.save(update_fields=["requires_enrolment_approval"])
        enrolment = course_services.enrolment_create(
            user=bob, course=session.course, session=session, requested_by=bob
        )
        client = fjordbo_client(fjordbo_read)
        (row,) = results(client.get(ENROLMENTS))
        assert row["status"] == "awaiting_approval" and row["approved_at"] is None
        course_services.enrolment_approve(enrolment=enrolment, actor=alice)
        (row,) = results(client.get(ENROLMENTS))
        event = EnrolmentEvent.objects.get(enrolment=enrolment, to_status="booked")
        assert row["status"] == "booked"
        assert datetime.fromisoformat(row["approved_at"]) == event.created_at

    def test_it_filters_by_status_and_person(self, fjordbo_read, fjordbo, alice, bob, bob_booked):
        other = person("karen@fjordbo.example", fjordbo, ["staff"], "Karen")
        EnrolmentFactory.create(
            user=other, session=bob_booked.session, organisation=fjordbo, status="cancelled"
        )
        client = fjordbo_client(fjordbo_read)
        assert len(results(client.get(ENROLMENTS))) == 2
        (row,) = results(client.get(ENROLMENTS, {"status": "cancelled"}))
        assert row["person"]["id"] == other.pk
        (row,) = results(client.get(ENROLMENTS, {"person": bob.pk}))
        assert row["id"] == bob_booked.pk

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"status": "done"}, "status"),
            ({"person": "bob"}, "person"),
            ({"person": "-3"}, "person"),
            ({"person": "99999999999999999999"}, "person"),
            ({"person": "²"}, "person"),
            ({"updated_since": "i går"}, "updated_since"),
        ],
    )
    def test_bad_filters_are_refused_in_danish(self, fjordbo_read, bob_booked, params, field):
        response = fjordbo_client(fjordbo_read).get(ENROLMENTS, params)
        assert response.status_code == 400
        (message,) = response.json()[field]
        assert any(word in message for word in ("Angiv", "Ukendt"))

    def test_updated_since(self, fjordbo_read, bob_booked, fjordbo, session):
        karen = person("karen@fjordbo.example", fjordbo, ["staff"], "Karen")
        old = EnrolmentFactory.create(user=karen, session=session, organisation=fjordbo)
        long_ago = timezone.now() - timedelta(days=30)
        Enrolment.objects.filter(pk=old.pk).update(updated_at=long_ago)
        since = (long_ago + timedelta(days=1)).isoformat()
        rows = results(fjordbo_client(fjordbo_read).get(ENROLMENTS, {"updated_since": since}))
        assert [row["id"] for row in rows] == [bob_booked.pk]

    def test_cursor_pages_through_every_row_once(self, fjordbo_read, fjordbo, session):
        made = [
            EnrolmentFactory.create(
                user=person(f"p{i}@fjordbo.example", fjordbo), session=session, organisation=fjordbo
            )
            for i in range(7)
        ]
        # Several rows share one updated_at: the cursor must still not skip or repeat any.
        Enrolment.objects.filter(pk__in=[e.pk for e in made[:4]]).update(
            updated_at=timezone.now() - timedelta(hours=1)
        )
        rows = all_pages(fjordbo_client(fjordbo_read), f"{ENROLMENTS}?page_size=2")
        assert sorted(row["id"] for row in rows) == sorted(e.pk for e in made)

    def test_query_count_is_flat(self, fjordbo_read, fjordbo, session, django_assert_num_queries):
        client = fjordbo_client(fjordbo_read)

        def enrol(count: int) -> None:
            for _ in range(count):
                someone = person(f"{Enrolment.objects.count()}@fjordbo.example", fjordbo)
                EnrolmentFactory.create(user=someone, session=session, organisation=fjordbo)

        enrol(3)
        client.get(ENROLMENTS)  # the token's first use is recorded once
        small = queries_of(client, ENROLMENTS)
        enrol(40)
        with django_assert_num_queries(small):
            assert len(results(client.get(ENROLMENTS))) == 43


class TestEnrolmentDetail:
    def test_it_shows_one_of_the_organisations(self, fjordbo_read, bob_booked):
        response = fjordbo_client(fjordbo_read).get(f"{ENROLMENTS}{bob_booked.pk}/")
        assert response.status_code == 200
        assert response.json()["id"] == bob_booked.pk

    def test_it_validates_ownership(self, fjordbo_read, nordlys_read, bob_booked, nina_booked):
        assert fjordbo_client(fjordbo_read).get(f"{ENROLMENTS}{nina_booked.pk}/").status_code == 404
        assert client_for(nordlys_read[1]).get(f"{ENROLMENTS}{bob_booked.pk}/").status_code == 404

    def test_an_unknown_id_is_404(self, fjordbo_read):
        assert fjordbo_client(fjordbo_read).get(f"{ENROLMENTS}999999/").status_code == 404

    def test_without_a_token_it_is_401(self, bob_booked):
        assert client_for(None).get(f"{ENROLMENTS}{bob_booked.pk}/").status_code == 401


# --- Requesting an enrolment -------------------------------------------------------------------


class TestEnrolmentCreate:
    def test_a_read_token_is_refused(self, fjordbo_read, bob, session):
        response = fjordbo_client(fjordbo_read).post(
            ENROLMENTS, {"person": bob.pk, "session": session.pk}, format="json"
        )
        assert response.status_code == 403
        assert "Læse og skrive" in response.json()["detail"]
        assert not Enrolment.objects.exists()

    def test_hr_books_a_seat_through_the_service(self, fjordbo_write, alice, bob, session):
        fjordbo = alice.memberships.get().organisation
        fjordbo.requires_enrolment_approval = True  # HR is the approver: no wait for approval
        fjordbo.save(update_fields=["requires_enrolment_approval"])
        response = fjordbo_client(fjordbo_write).post(
            ENROLMENTS, {"person": bob.pk, "session": session.pk}, format="json"
        )
        assert response.status_code == 201, response.content
        body = response.json()
        enrolment = Enrolment.objects.get()
        assert body["id"] == enrolment.pk and body["status"] == "booked"
        assert body["person"]["id"] == bob.pk and body["approved_at"]
        assert enrolment.requested_by == alice and enrolment.organisation == fjordbo
        first = enrolment.events.order_by("pk").first()
        assert first is not None and first.reason == "Tilmeldt via API-nøglen »Lønsystemet«"

    def test_a_full_session_puts_the_person_on_the_waitlist(
        self, fjordbo_write, fjordbo, bob, session
    ):
        for i in range(session.capacity):
            EnrolmentFactory.create(
                user=person(f"fuld{i}@fjordbo.example", fjordbo), session=session
            )
        response = fjordbo_client(fjordbo_write).post(
            ENROLMENTS, {"person": bob.pk, "session": session.pk, "reason": "Fra lønsystemet"},
            format="json",
        )  # fmt: skip
        assert response.status_code == 201
        assert response.json()["status"] == "waitlisted"
        assert Enrolment.objects.get(user=bob).events.first().reason == "Fra lønsystemet"

    def test_a_person_of_another_organisation_is_refused(self, fjordbo_write, nina, session):
        response = fjordbo_client(fjordbo_write).post(
            ENROLMENTS, {"person": nina.pk, "session": session.pk}, format="json"
        )
        assert response.status_code == 400
        assert "organisationens aktive medlemmer" in response.json()["person"][0]
        assert not Enrolment.objects.exists()

    def test_a_session_not_open_is_refused(self, fjordbo_write, bob, session, course):
        session.status = "cancelled"
        session.save(update_fields=["status"])
        past = CourseSessionFactory.create(course=course, days=-3)
        client = fjordbo_client(fjordbo_write)
        for session_id in (session.pk, past.pk, 999999):
            response = client.post(
                ENROLMENTS, {"person": bob.pk, "session": session_id}, format="json"
            )
            assert response.status_code == 400
            assert "ikke åbent for tilmelding" in response.json()["session"][0]
        assert not Enrolment.objects.exists()

    def test_the_services_refusal_is_a_400_by_the_field(self, fjordbo_write, bob, bob_booked):
        response = fjordbo_client(fjordbo_write).post(
            ENROLMENTS, {"person": bob.pk, "session": bob_booked.session_id}, format="json"
        )
        assert response.status_code == 400
        assert response.json() == {"session": ["Du er allerede tilmeldt dette hold."]}
        assert Enrolment.objects.count() == 1

    def test_a_passed_deadline_is_refused(self, fjordbo_write, bob, session):
        CourseSession.objects.filter(pk=session.pk).update(
            registration_deadline=timezone.now() - timedelta(hours=1)
        )
        response = fjordbo_client(fjordbo_write).post(
            ENROLMENTS, {"person": bob.pk, "session": session.pk}, format="json"
        )
        assert response.status_code == 400
        assert "Tilmeldingsfristen" in response.json()["session"][0]

    @pytest.mark.parametrize(
        ("body", "fields"),
        [
            ({}, {"person", "session"}),
            ({"person": "Bob", "session": None}, {"person", "session"}),
            ({"person": 1, "session": 1, "reason": "x" * 501}, {"reason"}),
            ({"person": 10**20, "session": 10**20}, {"person", "session"}),
            ({"person": "1", "session": 1.0, "reason": 7}, {"person", "session", "reason"}),
            ({"person": True, "session": [1]}, {"person", "session"}),
        ],
    )
    def test_bad_input_is_explained_by_field(self, fjordbo_write, bob, body, fields):
        response = fjordbo_client(fjordbo_write).post(ENROLMENTS, body, format="json")
        assert response.status_code == 400
        assert fields <= set(response.json())
        assert not Enrolment.objects.exists()

    def test_malformed_json_is_a_400(self, fjordbo_write):
        response = fjordbo_client(fjordbo_write).post(
            ENROLMENTS, '{"person": 1,', content_type="application/json"
        )
        assert response.status_code == 400
        assert "JSON" in response.json()["detail"]


# --- Completions and certificates -------------------------------------------------------------


def complete(enrolment: Enrolment) -> Any:
    """Complete ``enrolment`` and issue its certificate, as the provider's marking does."""
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status=EnrolmentStatus.COMPLETED, completed_at=timezone.now()
    )
    enrolment.refresh_from_db()
    return CertificateFactory.create(enrolment=enrolment, hours=Decimal("7.5"))


class TestCompletions:
    def test_a_completion_with_its_certificate(self, fjordbo_read, bob, bob_booked, nina_booked):
        certificate = complete(bob_booked)
        complete(nina_booked)
        (row,) = results(fjordbo_client(fjordbo_read).get(COMPLETIONS))
        assert row["id"] == bob_booked.pk and row["person"]["email"] == bob.email
        assert row["completed_at"]
        cert = row["certificate"]
        assert cert["code"] == certificate.code
        assert cert["hours"] == 7.5 and cert["guide"] == "A3"
        assert cert["revoked"] is False and cert["valid"] is True and cert["revoked_at"] is None
        assert cert["verification_url"] == f"http://testserver/bevis/{certificate.code}/"
        assert "badge" not in str(row).lower()

    def test_enrolments_not_completed_are_left_out(self, fjordbo_read, bob_booked):
        assert results(fjordbo_client(fjordbo_read).get(COMPLETIONS)) == []
        response = fjordbo_client(fjordbo_read).get(f"{COMPLETIONS}{bob_booked.pk}/")
        assert response.status_code == 404

    def test_a_revoked_certificate_is_an_update(self, fjordbo_read, sofie, bob_booked):
        certificate = complete(bob_booked)
        long_ago = timezone.now() - timedelta(days=10)
        Enrolment.objects.filter(pk=bob_booked.pk).update(updated_at=long_ago)
        client = fjordbo_client(fjordbo_read)
        since = {"updated_since": (long_ago + timedelta(days=1)).isoformat()}
        assert results(client.get(COMPLETIONS, since)) == []
        course_services.certificate_revoke(certificate=certificate, actor=sofie, reason="Fejl")
        (row,) = results(client.get(COMPLETIONS, since))
        assert row["certificate"]["revoked"] is True and row["certificate"]["valid"] is False
        revoked_at = datetime.fromisoformat(row["certificate"]["revoked_at"])
        assert datetime.fromisoformat(row["updated_at"]) == revoked_at

    def test_it_validates_ownership(self, fjordbo_read, nordlys_read, bob_booked, nina_booked):
        complete(bob_booked)
        complete(nina_booked)
        assert fjordbo_client(fjordbo_read).get(f"{COMPLETIONS}{bob_booked.pk}/").status_code == 200
        assert (
            fjordbo_client(fjordbo_read).get(f"{COMPLETIONS}{nina_booked.pk}/").status_code == 404
        )
        assert client_for(nordlys_read[1]).get(f"{COMPLETIONS}{bob_booked.pk}/").status_code == 404

    def test_query_count_is_flat(self, fjordbo_read, fjordbo, session, django_assert_num_queries):
        client = fjordbo_client(fjordbo_read)

        def completed(count: int) -> None:
            for _ in range(count):
                someone = person(f"c{Enrolment.objects.count()}@fjordbo.example", fjordbo)
                complete(
                    EnrolmentFactory.create(user=someone, session=session, organisation=fjordbo)
                )

        completed(2)
        client.get(COMPLETIONS)
        small = queries_of(client, COMPLETIONS)
        completed(25)
        with django_assert_num_queries(small):
            assert len(results(client.get(COMPLETIONS))) == 27
