"""The public catalogue: /api/v1/guides/, /courses/, /sessions/ — no token, live courses only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import CoursePage, CourseSession, EnrolmentStatus
from tests.api.conftest import client_for
from tests.factories import CoursePageFactory, CourseSessionFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

GUIDES = "/api/v1/guides/"
COURSES = "/api/v1/courses/"
SESSIONS = "/api/v1/sessions/"


@pytest.fixture
def course(akademi, a3):
    return CoursePageFactory.create(parent=akademi.course_section, guide=a3, title="Fremtid")


@pytest.fixture
def draft(akademi, a3):
    page = CoursePageFactory.create(parent=akademi.course_section, guide=a3, title="Kladde")
    page.unpublish()
    return CoursePage.objects.get(pk=page.pk)


def test_guides_are_public(a3):
    body = client_for(None).get(GUIDES).json()
    codes = [g["code"] for g in body["results"]]
    assert "A3" in codes
    one = client_for(None).get(f"{GUIDES}{a3.pk}/").json()
    assert one["title"] == a3.title and one["series"] == "A"


def test_a_course_row(course, akademi):
    row = client_for(None).get(f"{COURSES}{course.pk}/").json()
    assert row["title"] == "Fremtid" and row["guide"]["code"] == "A3"
    assert row["provider"] == {"id": akademi.pk, "name": "Almen Akademi"}
    assert row["format"] == "attendance" and row["hours"] == 7.0 and row["price"] == 2500.0
    assert row["url"].startswith("http://testserver/") and row["url"].endswith("/")
    assert row["updated_at"]


def test_drafts_are_not_in_the_catalogue(course, draft):
    titles = [c["title"] for c in client_for(None).get(COURSES).json()["results"]]
    assert titles == ["Fremtid"]
    assert client_for(None).get(f"{COURSES}{draft.pk}/").status_code == 404


def test_sessions_show_seats_left(course):
    session = CourseSessionFactory.create(course=course, capacity=5)
    for _ in range(2):
        EnrolmentFactory.create(session=session, status=EnrolmentStatus.BOOKED)
    EnrolmentFactory.create(session=session, status=EnrolmentStatus.WAITLISTED)
    EnrolmentFactory.create(session=session, status=EnrolmentStatus.CANCELLED)
    row = client_for(None).get(f"{SESSIONS}{session.pk}/").json()
    assert row["seats_left"] == 3 and row["waitlist_count"] == 1 and row["capacity"] == 5
    assert row["course"] == {"id": course.pk, "title": "Fremtid"}
    assert row["place"] == "Kursusgade 3, 2100 København"
    assert "online_url" not in row  # for participants, not the public


def test_ended_sessions_and_drafts_sessions_are_left_out(course, draft):
    ended = CourseSessionFactory.create(course=course, days=-10)
    draft_session = CourseSessionFactory.create(course=draft)
    cancelled = CourseSessionFactory.create(course=course, status="cancelled")
    ids = {s["id"] for s in client_for(None).get(SESSIONS).json()["results"]}
    assert ids == {cancelled.pk}  # a cancelled one stays, so that a sync learns of it
    assert client_for(None).get(f"{SESSIONS}{ended.pk}/").status_code == 404
    assert client_for(None).get(f"{SESSIONS}{draft_session.pk}/").status_code == 404


def test_updated_since_on_sessions_and_courses(course):
    session = CourseSessionFactory.create(course=course)
    CourseSession.objects.filter(pk=session.pk).update(
        updated_at=timezone.now() - timedelta(days=5)
    )
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert client_for(None).get(SESSIONS, {"updated_since": since}).json()["results"] == []
    recent = client_for(None).get(COURSES, {"updated_since": since}).json()["results"]
    assert [c["id"] for c in recent] == [course.pk]
    later = (timezone.now() + timedelta(days=1)).isoformat()
    assert client_for(None).get(COURSES, {"updated_since": later}).json()["results"] == []


def test_a_token_is_not_needed_but_does_no_harm(course, fjordbo_read):
    _token, key = fjordbo_read
    assert client_for(key).get(COURSES).status_code == 200
    assert client_for("alm_nonsense").get(COURSES).status_code == 200


def _queries(url):
    client_for(None).get(url)  # warm: Wagtail's site root paths are cached per process
    with CaptureQueriesContext(connection) as queries:
        response = client_for(None).get(url)
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("url", [GUIDES, COURSES, SESSIONS])
def test_lists_cost_the_same_for_5_and_60_rows(akademi, a3, url):
    def grow(count):
        for _ in range(count):
            page = CoursePageFactory.create(
                parent=akademi.course_section, guide=a3, title=f"K{CoursePage.objects.count()}"
            )
            CourseSessionFactory.create(course=page)
            EnrolmentFactory.create(session=CourseSession.objects.filter(course=page).get())

    grow(5)
    few, few_rows = _queries(f"{url}?page_size=500")
    grow(55)
    many, many_rows = _queries(f"{url}?page_size=500")
    assert few == many, (few, many)
    if url != GUIDES:
        assert many_rows == few_rows + 55
