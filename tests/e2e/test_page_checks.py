"""The page-level HTML check the crawl of test_phone_width.py runs: what it catches and passes.

No browser is needed, but the check lives with the browser tests it serves (and is marked so).
"""

import pytest

from tests.e2e.conftest import html_problems


def page(body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body>{body}</body></html>"
    )


def test_a_valid_page_has_no_problems():
    body = (
        '<main id="main"><h1 id="h">Plan</h1><section aria-labelledby="h">'
        '<label for="f">Navn</label><input id="f" name="f">'
        '<time datetime="2026-12-04T16:14:53.696+01:00">4. dec.</time>'
        '<time datetime="2026-12-04">4. dec.</time><time datetime="2026-12">dec.</time>'
        '<a href="/x"><span>Læs</span></a><button type="button"><svg></svg>Gem</button>'
        "</section></main>"
    )
    assert html_problems(page(body)) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<p id="a">1</p><p id="a">2</p>', 'duplicate id "a"'),
        ('<label for="missing">Navn</label><input id="f">', '<label for="missing">'),
        ('<div aria-labelledby="nope">x</div>', 'aria-labelledby="nope" names no element'),
        ('<input aria-describedby="help">', 'aria-describedby="help" names no element'),
        # Django's isoformat of a datetime: microseconds are not a valid HTML datetime.
        ('<time datetime="2026-12-04T16:14:53.696139+01:00">x</time>', "is not valid"),
        ('<time datetime="4. december 2026">x</time>', "is not valid"),
        ('<a href="/a">Kursus <button type="button">Tilmeld</button></a>', "inside <a"),
        ('<button type="button"><a href="/b">Læs</a></button>', "inside <button"),
        ("<div><p>Uafsluttet</div></span>", "parse error"),
        ('<p title="a" title="b">x</p>', "parse error duplicate-attribute"),
    ],
    ids=[
        "duplicate-id",
        "label-for",
        "labelledby",
        "describedby",
        "microseconds",
        "not-a-date",
        "button-in-link",
        "link-in-button",
        "stray-end-tag",
        "duplicate-attribute",
    ],
)
def test_each_kind_of_fault_is_reported(body, expected):
    problems = html_problems(page(body))
    assert any(expected in problem for problem in problems), problems
