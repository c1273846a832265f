"""The plan page and its PDF write dates and amounts the one Danish way (issue 18, faults 1 and 6).

The plan page's history had ``<time datetime="2026-12-04T05:38:12.345678+01:00">``: microseconds
are not a valid HTML date-time.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from competencies import services
from competencies.models import ActivityKind
from tests.competencies.plans_fixtures import make_plan
from tests.core.html_dates import assert_valid_time_elements

pytestmark = pytest.mark.django_db

NBSP = "\N{NO-BREAK SPACE}"
ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
# A chart's month on the axis and in its table: "dec. 2026", "marts 2026", "maj 2026".
DANISH_MONTH = re.compile(
    r"(jan\.|feb\.|marts|april|maj|juni|juli|aug\.|sept\.|okt\.|nov\.|dec\.) \d{4}"
)


@pytest.fixture
def plan(fjordbo, bob):
    plan = make_plan(bob, bob, fjordbo, goals=[("fremtidsanalyse", 3, date(2027, 6, 30))])
    services.activity_add(
        actor=bob,
        plan=plan,
        kind=ActivityKind.ONSITE,
        title="Læringslog på byggesagen",
        cost=Decimal("1500"),
        planned_on=date(2027, 12, 25),
    )
    return plan


def test_the_plan_page_history_has_valid_time_values_and_danish_dates(client, bob, plan):
    client.force_login(bob)
    html = client.get(reverse("competencies:plan_detail", args=[plan.pk])).content.decode()
    assert_valid_time_elements(html)
    assert "1. januar 2027 – 31. december 2027" in html
    assert "Planlagt 25. december 2027" in html
    assert f"1.500,00{NBSP}kr." in html
    assert not ENGLISH_MONTHS.search(html.split("<main", 1)[-1])


def test_the_plan_list_has_no_english_month_abbreviations(client, bob, plan):
    client.force_login(bob)
    html = client.get(reverse("competencies:plan_list")).content.decode()
    assert "1. jan. 2027–31. dec. 2027" in html
    assert not ENGLISH_MONTHS.search(html.split("<main", 1)[-1])


def test_the_hr_dashboard_charts_name_months_in_danish(client, fjordbo, alice):
    client.force_login(alice)
    response = client.get(reverse("competencies:dashboard", kwargs={"org_pk": fjordbo.pk}))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    coverage = soup.select("figure.lms-chart")[-1]
    months = [row.th.get_text() for row in coverage.select("tbody tr")][:-1]  # the last: "I dag"
    assert len(months) == 12
    for label in months:
        assert DANISH_MONTH.fullmatch(label), label
    assert not ENGLISH_MONTHS.search(soup.get_text(" "))
