"""Prices and dates as the learner reads them: one Danish money format, valid ``<time>`` values.

Issue 18, fault 1: the course page printed "1,500,00 kr. … Moms 375,00 kr. · I alt 1,875,00 kr."
while the catalogue said "1.500 kr."; fault 6: "25. Dec 2026" and other mixed date forms.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from courses import services
from tests.core.html_dates import assert_valid_time_elements
from tests.courses.conftest import make_course, make_learner, make_session

pytestmark = pytest.mark.django_db

NBSP = "\N{NO-BREAK SPACE}"
# Any amount with "kr." on a page: the only accepted form is Danish with two decimals.
AMOUNT = re.compile(r"(\d[\d.,]*)\s*kr\.")
DANISH_AMOUNT = re.compile(r"\d{1,3}(\.\d{3})*,\d{2}")
ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


def text_of(response) -> str:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    return re.sub(r"[ \t\n]+", " ", soup.get_text(" "))  # a no-break space stays what it is


def assert_every_amount_is_danish(text: str) -> list[str]:
    amounts = AMOUNT.findall(text)
    for amount in amounts:
        assert DANISH_AMOUNT.fullmatch(amount), f"{amount} kr. is not written as 1.500,00 kr."
    return amounts


@pytest.fixture
def priced(akademi):
    course = make_course(akademi, "A3", "Fremtidsanalyse i praksis", price=Decimal("1500"))
    # A working day from 09.00 to 16.00 local time, whatever the hour the test runs at.
    day = timezone.localdate() + timedelta(days=30)
    starts_at = timezone.make_aware(datetime.combine(day, time(9, 0)))
    make_session(
        course,
        price=Decimal("1500"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=7),
        registration_deadline=starts_at - timedelta(days=7),
        cancellation_deadline=starts_at - timedelta(days=7),
    )
    return course


def test_the_course_page_shows_price_vat_and_total_in_danish(client, priced):
    text = text_of(client.get(priced.url))
    assert f"1.500,00{NBSP}kr. ekskl. moms" in text
    assert f"Moms 375,00{NBSP}kr. · I alt 1.875,00{NBSP}kr." in text
    assert "1,500" not in text and "1,875" not in text
    assert len(assert_every_amount_is_danish(text)) >= 3


def test_the_catalogue_and_the_guide_page_write_the_same_price(client, priced):
    for url in ("/kurser/", reverse("guide_detail", args=["A3"])):
        text = text_of(client.get(url))
        assert f"1.500,00{NBSP}kr." in text, url
        assert_every_amount_is_danish(text)


def test_a_free_course_says_gratis(client, akademi):
    course = make_course(akademi, "A1", "Beboerdemokrati", price=Decimal("0"))
    text = text_of(client.get(course.url))
    assert "Gratis" in text and "0,00" not in text


def test_the_course_page_dates_are_danish_and_machine_readable(client, priced):
    response = client.get(priced.url)
    text = text_of(response)
    assert not ENGLISH_MONTHS.search(text), ENGLISH_MONTHS.search(text)
    assert re.search(r"\b(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d{1,2}\. ", text)
    assert re.search(r"kl\. \d{2}\.\d{2}–\d{2}\.\d{2}", text)  # the session: kl. 09.00–16.00
    session = priced.sessions.get()
    values = assert_valid_time_elements(response.content.decode())
    assert session.starts_at.replace(second=0, microsecond=0) in values


def test_min_side_dates_are_machine_readable(client, priced, fjordbo):
    person = make_learner("sara@fjordbo.example", fjordbo, first_name="Sara")
    fjordbo.requires_enrolment_approval = False
    fjordbo.save(update_fields=["requires_enrolment_approval"])
    services.enrolment_create(
        user=person, course=priced, session=priced.sessions.get(), requested_by=person
    )
    client.force_login(person)
    response = client.get(reverse("min_side"))
    assert_valid_time_elements(response.content.decode())
    assert not ENGLISH_MONTHS.search(text_of(response))


def test_the_admin_session_listing_writes_danish_moments(client, sofie, akademi):
    course = make_course(akademi, "A3", "Akademiets kursus")
    start = timezone.now().replace(month=1, day=15, hour=8, minute=0, second=0, microsecond=0)
    start = start.replace(year=start.year + 1, tzinfo=UTC)  # 09.00 in Copenhagen (winter)
    make_session(
        course,
        starts_at=start,
        ends_at=start + timedelta(hours=7),
        registration_deadline=start - timedelta(days=7),
        cancellation_deadline=start - timedelta(days=7),
    )
    client.force_login(sofie)
    text = text_of(client.get(reverse("hold:index")))
    assert f"15. januar {start.year} kl. 09.00" in text
    assert not ENGLISH_MONTHS.search(text.split("Akademiets kursus", 1)[-1])
