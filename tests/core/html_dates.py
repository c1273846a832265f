"""Checks shared by the page tests: every ``<time datetime>`` is a valid HTML date or moment."""

from __future__ import annotations

import re
from datetime import date, datetime

from bs4 import BeautifulSoup

# HTML's "valid date string" and "valid global date and time string" as this site writes them:
# a date, or a moment to the minute with its offset. No seconds fractions, no naive moments.
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}")


def time_values(html: str) -> list[str]:
    """The ``datetime`` attribute of every ``<time>`` on the page (``""`` where one is empty)."""
    return [tag.get("datetime", "") for tag in BeautifulSoup(html, "html.parser").find_all("time")]


def assert_valid_time_elements(html: str, *, expect_at_least: int = 1) -> list[date | datetime]:
    """Every ``<time datetime>`` parses strictly; returns the parsed values."""
    values = time_values(html)
    assert len(values) >= expect_at_least, f"expected <time> elements, found {values}"
    parsed: list[date | datetime] = []
    for value in values:
        if DATE.fullmatch(value):
            parsed.append(date.fromisoformat(value))
        elif MOMENT.fullmatch(value):
            moment = datetime.fromisoformat(value)
            assert moment.tzinfo is not None
            parsed.append(moment)
        else:
            raise AssertionError(f"<time datetime={value!r}> is not a valid HTML date or moment")
    return parsed
