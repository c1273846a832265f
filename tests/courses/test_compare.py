"""Issue 18, fault 10: "Sammenlign" on /kurser/ works, and the catalogue and guide pages work on
a phone (the browser journey is tests/e2e/test_compare_journey.py).
"""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from core import formats
from courses.models import CourseSession, Enrolment, EnrolmentStatus, Evaluation
from organisations.models import User
from tests.courses.conftest import make_course, make_session

pytestmark = pytest.mark.django_db
COMPARE = reverse("course_compare")


@pytest.fixture
def trio(akademi, byggelaering):
    a3 = make_course(akademi, "A3", "Fremtidsanalyse grundkursus", price=Decimal("3000"))
    online = make_course(
        byggelaering, "A3", "Fremtidsanalyse online", format="online", price=Decimal("1500")
    )
    a5 = make_course(akademi, "A5", "Forankring i praksis", format="blended", price=0)
    return a3, online, a5


def compare(client, *values):
    response = client.get(COMPARE, {"sammenlign": list(values)})
    assert response.status_code == 200
    return response, BeautifulSoup(response.content.decode(), "html.parser")


def table(soup) -> dict[str, list[str]]:
    """The comparison as {row heading: [cell text per course]}, plus "Kurser" for the columns."""
    rows = {"Kurser": [th.a.get_text(strip=True) for th in soup.select("table thead th")]}
    for tr in soup.select("table tbody tr"):
        rows[tr.th.get_text(strip=True)] = [
            " ".join(td.get_text(" ").split()) for td in tr.find_all("td")
        ]
    return rows


def rate(course, session, *ratings):
    for n, rating in enumerate(ratings):
        user = User.objects.create(email=f"r{course.pk}-{n}@example.dk", first_name="R")
        enrolment = Enrolment.objects.create(
            user=user, course=course, session=session, status=EnrolmentStatus.COMPLETED
        )
        Evaluation.objects.create(enrolment=enrolment, rating=rating)


class TestComparePage:
    def test_two_courses_side_by_side_in_the_order_chosen(self, client, trio):
        a3, online, _a5 = trio
        session = make_session(online, capacity=12)
        rate(online, session, 4, 5)
        _response, soup = compare(client, online.pk, a3.pk)
        rows = table(soup)
        assert rows["Kurser"] == ["Fremtidsanalyse online", "Fremtidsanalyse grundkursus"]
        assert rows["Udbyder"] == ["ByggeLæring", "Almen Akademi"]
        assert rows["Kursusform"] == ["Online", "Fremmøde"]
        assert rows["Varighed"] == ["7 timer", "7 timer"]
        assert rows["Næste hold"] == [formats.long_date(session.starts_at), "Ingen planlagt"]
        # Two of twelve seats went to the people who rated it (completed enrolments hold seats).
        assert rows["Ledige pladser"] == ["10", "–"]
        prices = [formats.money(1500), formats.money(3000)]
        assert rows["Pris ekskl. moms"] == [price.replace("\xa0", " ") for price in prices]
        assert rows["Bedømmelse"] == ["4,5 af 5 (2 evalueringer)", "Ingen endnu"]
        assert "Fremtidsanalyse (niveau 3)" in rows["Kompetencer"][0]

    def test_the_table_is_a_scroll_box_with_row_headings(self, client, trio):
        _response, soup = compare(client, trio[0].pk, trio[1].pk, trio[2].pk)
        box = soup.select_one(".compare-scroll")
        assert box["role"] == "region" and box["tabindex"] == "0"
        assert box.table.caption.get_text(strip=True) == "3 kurser side om side"
        assert {th["scope"] for th in soup.select("tbody th")} == {"row"}
        assert len(soup.select("thead th[scope=col]")) == 3

    def test_remove_keeps_the_others(self, client, trio):
        a3, online, a5 = trio
        _response, soup = compare(client, a3.pk, online.pk, a5.pk)
        remove = soup.select("thead th a")[1::2]
        assert remove[0]["href"] == f"{COMPARE}?sammenlign={online.pk}&sammenlign={a5.pk}"

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ((), "Vælg mindst 2 kurser i kataloget"),
            (("abc", "1.5"), "Et af de valgte kurser findes ikke"),
            (("-3", "0"), "Et af de valgte kurser findes ikke"),
            (("99999999999999999999999",), "Et af de valgte kurser findes ikke"),
            (("424242",), "Et af de valgte kurser findes ikke"),
        ],
    )
    def test_bad_input_gets_a_danish_message(self, client, trio, values, message):
        _response, soup = compare(client, *values)
        assert message in soup.select_one("[data-testid=compare-errors]").get_text()
        assert soup.select_one("table") is None

    def test_a_good_course_beside_bad_ids_is_kept(self, client, trio):
        a3, online, _a5 = trio
        _response, soup = compare(client, "x", a3.pk, a3.pk, online.pk, "424242")
        assert table(soup)["Kurser"] == ["Fremtidsanalyse grundkursus", "Fremtidsanalyse online"]
        assert "findes ikke" in soup.select_one("[data-testid=compare-errors]").get_text()

    def test_more_than_four_shows_the_first_four(self, client, akademi):
        courses = [make_course(akademi, "A1", f"Kursus {n}") for n in range(5)]
        _response, soup = compare(client, *[c.pk for c in courses])
        assert table(soup)["Kurser"] == [f"Kursus {n}" for n in range(4)]
        assert "højst 4 kurser" in soup.select_one("[data-testid=compare-errors]").get_text()

    def test_an_unpublished_course_is_never_shown(self, client, akademi, trio):
        draft = make_course(akademi, "A2", "Hemmelig kladde", publish=False)
        response, soup = compare(client, draft.pk, trio[0].pk)
        assert "Hemmelig kladde" not in response.content.decode()
        assert "Vælg mindst 2 kurser" in soup.select_one("[data-testid=compare-errors]").get_text()

    @pytest.mark.parametrize("sessions", [1, 40])
    def test_the_query_count_is_flat(self, client, akademi, sessions, django_assert_num_queries):
        courses = [make_course(akademi, "A1", f"Kursus {n}") for n in range(4)]
        first = make_session(courses[0])
        CourseSession.objects.bulk_create(
            CourseSession(**{**_fields(first), "course": course})
            for course in courses
            for _ in range(sessions)
        )
        for course in courses:
            rate(course, first, *([4] * sessions))
        values = {"sammenlign": [c.pk for c in courses]}
        client.get(COMPARE, values)
        with django_assert_num_queries(COMPARE_QUERIES):
            response = client.get(COMPARE, values)
        assert len(response.context["courses"]) == 4


def _fields(session):
    names = ["provider", "starts_at", "ends_at", "capacity", "price", "address", "region"]
    names += ["registration_deadline", "cancellation_deadline", "postcode", "city"]
    return {name: getattr(session, name) for name in names}


# What every public page reads (site, settings, navigation), then the catalogue page for the
# breadcrumb, the courses with their ratings, their next sessions and the guides' competences.
COMPARE_QUERIES = 9


class TestCatalogue:
    def test_every_card_has_a_compare_checkbox_in_a_get_form(self, client, trio):
        soup = BeautifulSoup(client.get("/kurser/").content.decode(), "html.parser")
        form = soup.select_one("form.compare-form")
        assert form["method"] == "get" and form["action"] == COMPARE
        boxes = form.select("input[type=checkbox][name=sammenlign]")
        assert sorted(int(box["value"]) for box in boxes) == sorted(c.pk for c in trio)
        for box in boxes:  # each has a label that names the course for a screen reader
            label = soup.select_one(f"label[for={box['id']}]").get_text(" ", strip=True)
            assert label.startswith("Sammenlign ")

    def test_the_filters_fold_behind_filtrer_and_count_the_active_ones(self, client, trio):
        soup = BeautifulSoup(
            client.get("/kurser/?guide=A3&format=online").content.decode(), "html.parser"
        )
        details = soup.select_one("details#catalogue-filters")
        assert details.summary.get_text(" ", strip=True).startswith("Filtrér 2")
        assert details.select_one("form.catalogue-filters") is not None

    def test_the_guide_pages_cards_show_the_rating(self, client, trio):
        online = trio[1]
        rate(online, make_session(online), 3, 4)
        soup = BeautifulSoup(client.get("/vejledninger/A3/").content.decode(), "html.parser")
        cards = {
            card.h3.get_text(strip=True): card.select_one("dl").get_text(" ", strip=True)
            for card in soup.select(".course-card")
        }
        assert "Bedømmelse 3,5 af 5 (2 evalueringer)" in cards["Fremtidsanalyse online"]
        assert "Bedømmelse Ingen endnu" in cards["Fremtidsanalyse grundkursus"]
