"""Issue 18, fault 8: a provider sees the requests that wait for approval, not only "Booket 0".

The sessions listing and a session's participant page show booked, awaiting approval and
waitlist side by side; the listing's queries stay flat however many sessions and requests.
"""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from courses.models import EnrolmentStatus as S
from tests.courses.conftest import make_course
from tests.courses.test_admin_sessions import (
    PARTICIPANT_LIST_QUERIES,
    SESSION_LIST_QUERIES,
    enrol_many,
    make_session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def akademi_course(akademi):
    return make_course(akademi, title="Akademiets kursus")


def listing_row(html: str, title: str) -> dict[str, str]:
    """The listing's row of the course ``title``, as {column heading: cell text}."""
    soup = BeautifulSoup(html, "html.parser")
    table = soup.select_one("table.listing")
    headings = [" ".join(th.get_text(" ").split()) for th in table.select("thead th")]
    for row in table.select("tbody tr"):
        cells = [" ".join(td.get_text(" ").split()) for td in row.find_all("td", recursive=False)]
        if title in cells[0]:
            return dict(zip(headings, cells, strict=True))
    raise AssertionError(f"No row for {title}")


def session_counts(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    counts = soup.select_one("[data-testid=session-counts]")
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in counts.select("dt")
    }


def test_the_listing_shows_requests_awaiting_approval_beside_booked(client, sofie, akademi_course):
    session = make_session(akademi_course, capacity=10)
    enrol_many(session, 2, status=S.AWAITING_APPROVAL)
    enrol_many(session, 1, status=S.REQUESTED)
    client.force_login(sofie)
    row = listing_row(client.get(reverse("hold:index")).content.decode(), "Akademiets kursus")
    assert row["Booket"] == "0"
    assert row["Afventer godkendelse"] == "3"
    assert row["Venteliste"] == "0"


def test_the_participant_page_shows_booked_pending_waitlist_and_free_seats(
    client, sofie, akademi_course
):
    session = make_session(akademi_course, capacity=2)
    enrol_many(session, 2)
    enrol_many(session, 1, status=S.AWAITING_APPROVAL)
    enrol_many(session, 3, status=S.WAITLISTED)
    enrol_many(session, 4, status=S.CANCELLED)  # gone: counted nowhere
    client.force_login(sofie)
    html = client.get(reverse("hold:participants", args=[session.pk])).content.decode()
    assert session_counts(html) == {
        "Booket": "2 af 2",
        "Afventer godkendelse": "1",
        "Venteliste": "3",
        "Ledige pladser": "0",
    }


def test_another_providers_participant_page_is_404(client, jonas, akademi_course):
    session = make_session(akademi_course)
    enrol_many(session, 1, status=S.AWAITING_APPROVAL)
    client.force_login(jonas)
    assert client.get(reverse("hold:participants", args=[session.pk])).status_code == 404


def test_the_listing_keeps_course_names_whole_on_a_phone(client, sofie, akademi_course):
    """The table sits in its own scroll box with the stylesheet that stops mid-word breaks
    (the browser check is tests/e2e/test_compare_journey.py)."""
    make_session(akademi_course)
    client.force_login(sofie)
    soup = BeautifulSoup(client.get(reverse("hold:index")).content.decode(), "html.parser")
    assert soup.select_one(".session-table table.listing") is not None
    assert soup.select_one('link[href$="courses/admin_listings.css"]') is not None


@pytest.mark.parametrize("count", [2, 20])
def test_the_listing_with_pending_requests_stays_flat(
    client, sofie, akademi_course, django_assert_num_queries, count
):
    for days in range(count):
        session = make_session(akademi_course, days=days + 1)
        enrol_many(session, 1)
        enrol_many(session, 2, status=S.AWAITING_APPROVAL)
    client.force_login(sofie)
    url = reverse("hold:index")
    client.get(url)  # warm up per-process caches
    with django_assert_num_queries(SESSION_LIST_QUERIES):
        response = client.get(url)
    assert {s.pending_count for s in response.context["object_list"]} == {2}


@pytest.mark.parametrize("count", [5, 200])
def test_the_participant_page_with_counts_stays_flat(
    client, sofie, akademi_course, django_assert_num_queries, count
):
    session = make_session(akademi_course, capacity=1000)
    enrol_many(session, count)
    enrol_many(session, count, status=S.AWAITING_APPROVAL)
    client.force_login(sofie)
    url = reverse("hold:participants", args=[session.pk])
    client.get(url)
    with django_assert_num_queries(PARTICIPANT_LIST_QUERIES):
        response = client.get(url)
    assert session_counts(response.content.decode())["Afventer godkendelse"] == str(count)
