"""The site's one money format and one set of date formats (core.formats, ``{% load danish %}``).

Issue 18, faults 1 and 6: "1,500,00 kr." next to "1.500 kr."; "25. Dec 2026", "05.10.2026" and
"4. december 2026 05:38" side by side; ``<time datetime>`` values with microseconds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import timezone, translation

from core import formats
from tests.core.html_dates import MOMENT

NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture(autouse=True)
def _danish():
    with translation.override("da"), timezone.override("Europe/Copenhagen"):
        yield


def render(source: str, **context: object) -> str:
    return engines["django"].from_string("{% load danish %}" + source).render(context)


# --- Money ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0,00 kr."),
        (Decimal("0"), "0,00 kr."),
        (1, "1,00 kr."),
        (1500, "1.500,00 kr."),
        (Decimal("1500"), "1.500,00 kr."),
        (Decimal("1500.00"), "1.500,00 kr."),
        (1500.5, "1.500,50 kr."),
        (Decimal("375"), "375,00 kr."),
        (Decimal("1875"), "1.875,00 kr."),
        (Decimal("999.999"), "1.000,00 kr."),  # rounded half up to whole øre, as on an invoice
        (Decimal("2.005"), "2,01 kr."),
        (Decimal("2.004"), "2,00 kr."),
        (Decimal("1234567.89"), "1.234.567,89 kr."),
        (1234567.89, "1.234.567,89 kr."),
        (Decimal("-1500"), "-1.500,00 kr."),
        (Decimal("-0.001"), "0,00 kr."),  # never "-0,00 kr."
        ("2900.00", "2.900,00 kr."),
        (10**9, "1.000.000.000,00 kr."),
    ],
)
def test_money_is_danish_with_two_decimals_and_a_no_break_space(value, expected):
    assert formats.money(value) == expected.replace(" kr.", f"{NBSP}kr.")


@pytest.mark.parametrize("value", [None, "", "abc", float("nan"), float("inf"), True])
def test_money_of_nothing_or_not_a_number_is_empty(value):
    assert formats.money(value) == ""


def test_the_money_filter_matches_the_function_and_is_not_escaped_twice():
    assert render("{{ p|money }}", p=Decimal("1500")) == f"1.500,00{NBSP}kr."
    assert render("{{ p|money }}", p=None) == ""
    assert render("{{ p|money|default:'Gratis' }}", p=None) == "Gratis"


def test_money_follows_the_active_language():
    with translation.override("en"):
        assert formats.money(Decimal("1500")) == f"1,500.00{NBSP}kr."


# --- Dates ---------------------------------------------------------------------------------

# 4 December 2026, 04:38:12.345678 UTC = 05:38 in Copenhagen (winter time).
MOMENT_UTC = datetime(2026, 12, 4, 4, 38, 12, 345678, tzinfo=UTC)
SUMMER_UTC = datetime(2027, 7, 1, 7, 0, tzinfo=UTC)  # 09:00 in Copenhagen (summer time)

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]  # fmt: skip


def test_long_date_is_day_month_name_year():
    assert formats.long_date(date(2026, 12, 25)) == "25. december 2026"
    assert formats.long_date(date(2027, 1, 1)) == "1. januar 2027"
    assert [formats.long_date(date(2027, m, 5)) for m in range(1, 13)] == [
        f"5. {name} 2027" for name in MONTHS
    ]


def test_long_date_of_a_moment_is_its_date_in_copenhagen():
    # 23:30 UTC on 31 December is already New Year's Day in Denmark.
    assert formats.long_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "1. januar 2027"


def test_short_date_uses_danish_lower_case_abbreviations():
    assert formats.short_date(date(2026, 12, 25)) == "25. dec. 2026"
    assert formats.short_date(date(2026, 10, 5)) == "5. okt. 2026"
    assert formats.short_date(date(2026, 5, 5)) == "5. maj 2026"
    for month in range(1, 13):
        text = formats.short_date(date(2026, month, 1))
        assert text == text.lower(), text  # never "Dec", "Oct"
        assert not any(english in text for english in ("Dec", "Oct", "May", "Mar"))


def test_month_is_for_chart_axes():
    assert formats.month(date(2026, 12, 31)) == "dec. 2026"
    assert formats.month(date(2026, 3, 31)) == "marts 2026"


def test_long_datetime_says_kl_with_a_full_stop_in_local_time():
    assert formats.long_datetime(MOMENT_UTC) == "4. december 2026 kl. 05.38"
    assert formats.long_datetime(SUMMER_UTC) == "1. juli 2027 kl. 09.00"
    assert formats.clock(MOMENT_UTC) == "05.38"


def test_django_s_own_rendering_agrees_through_the_format_module():
    # A bare {{ moment }} (e.g. a Wagtail listing column) and |date without a format.
    assert render("{{ m }}", m=MOMENT_UTC) == "4. december 2026 kl. 05.38"
    assert render("{{ d|date }}", d=date(2026, 12, 25)) == "25. december 2026"


def test_time_span_names_the_weekday_for_a_session():
    start = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # Monday 09.00 in Copenhagen
    same_day = start.replace(hour=15)
    assert formats.time_span(start, same_day) == "mandag 4. januar 2027 kl. 09.00–16.00"
    next_day = datetime(2027, 1, 5, 15, 0, tzinfo=UTC)
    assert formats.time_span(start, next_day) == (
        "mandag 4. januar 2027 kl. 09.00 til tirsdag 5. januar 2027 kl. 16.00"
    )
    assert formats.time_span(start) == "mandag 4. januar 2027 kl. 09.00"


def test_the_date_filters_match_the_functions():
    assert render("{{ d|long_date }}", d=date(2026, 12, 25)) == "25. december 2026"
    assert render("{{ d|short_date }}", d=date(2026, 12, 25)) == "25. dec. 2026"
    assert render("{{ m|long_datetime }}", m=MOMENT_UTC) == "4. december 2026 kl. 05.38"
    assert render("{{ m|clock }}", m=MOMENT_UTC) == "05.38"
    assert render("{{ m|time_span:e }}", m=SUMMER_UTC, e=SUMMER_UTC.replace(hour=14)) == (
        "torsdag 1. juli 2027 kl. 09.00–16.00"
    )
    assert render("{{ d|long_date }}", d=None) == ""


def test_no_english_month_names_in_danish():
    text = " ".join(
        f(date(2026, month, 25))
        for month in range(1, 13)
        for f in (formats.long_date, formats.short_date, formats.month, formats.long_datetime)
    )
    for english in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                    "Nov", "Dec"):  # fmt: skip
        assert english not in text


# --- Machine-readable values for <time datetime> ------------------------------------------------


def test_iso_datetime_is_a_valid_html_moment_without_microseconds():
    value = formats.iso_datetime(MOMENT_UTC)
    assert value == "2026-12-04T05:38+01:00"
    assert MOMENT.fullmatch(value)
    assert datetime.fromisoformat(value) == MOMENT_UTC.replace(second=0, microsecond=0)
    assert formats.iso_datetime(SUMMER_UTC) == "2027-07-01T09:00+02:00"


def test_iso_datetime_of_a_date_is_the_date_only():
    assert formats.iso_datetime(date(2026, 12, 25)) == "2026-12-25"
    assert formats.iso_date(date(2026, 12, 25)) == "2026-12-25"
    assert formats.iso_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "2027-01-01"


def test_iso_datetime_of_a_naive_moment_takes_the_site_s_time_zone():
    assert formats.iso_datetime(datetime(2026, 12, 4, 5, 38, 59, 999999)) == (
        "2026-12-04T05:38+01:00"
    )


def test_the_iso_filters_render_in_an_attribute():
    html = render(
        '<time datetime="{{ m|iso_datetime }}">{{ m|long_datetime }}</time>', m=MOMENT_UTC
    )
    assert html == '<time datetime="2026-12-04T05:38+01:00">4. december 2026 kl. 05.38</time>'
    assert render("{{ d|iso_date }}", d=date(2026, 12, 25)) == "2026-12-25"
    assert render("{{ d|iso_datetime }}", d=None) == ""
