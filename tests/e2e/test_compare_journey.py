"""Issue 18, faults 8 and 10 on a 375 px phone, in the demo.

A visitor opens /kurser/ and sees the first course on the first screen (the filters fold away
behind "Filtrér"), ticks two courses, compares them and reads the table, which scrolls within
itself while its row headings stay put. The guide page's cards show the ratings. A provider's
sessions listing keeps course names whole instead of breaking them mid-word.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, log_in_demo_person


def page_scroll_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_phone_user_compares_two_courses(page: Page, demo_site: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/kurser/")
    first_card = page.locator(".course-card").first
    expect(first_card).to_be_visible()
    assert first_card.bounding_box()["y"] < PHONE["height"], "the first course is below the fold"
    expect(page.locator("#catalogue-filters form")).to_be_hidden()

    toggle = page.locator("#catalogue-filters > summary")
    toggle.click()  # the filters are one tap away
    expect(page.get_by_label("AlmenVejledning")).to_be_visible()
    toggle.click()

    cards = page.locator(".course-card")
    chosen = [cards.nth(0).locator("h3").inner_text(), cards.nth(1).locator("h3").inner_text()]
    cards.nth(0).get_by_role("checkbox").check()
    cards.nth(1).get_by_role("checkbox").check()
    expect(page).to_have_url(re.compile(r"/kurser/$"))  # ticking does not open the course
    page.get_by_role("button", name="Sammenlign valgte").click()

    expect(page).to_have_url(re.compile(r"/kurser/sammenlign/\?sammenlign=\d+&sammenlign=\d+"))
    table = page.get_by_role("table")
    expect(table).to_be_visible()
    headings = table.locator("thead th[scope=col] a").first
    expect(headings).to_have_text(chosen[0])
    expect(table.locator("thead th[scope=col]").nth(1)).to_contain_text(chosen[1])
    expect(table.get_by_role("rowheader", name="Pris ekskl. moms")).to_be_visible()
    # The table is in the DOM before the stylesheet that makes its box scroll has loaded (seen
    # on a loaded CI machine: 502 px): measure the page as it stands once it has loaded.
    page.wait_for_load_state("load")
    assert page_scroll_width(page) <= PHONE["width"], "the page scrolls sideways"

    box = page.locator(".compare-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the table does not scroll"
    row_heading = table.get_by_role("rowheader", name="Udbyder")
    before = row_heading.bounding_box()["x"]
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    page.wait_for_timeout(100)
    assert abs(row_heading.bounding_box()["x"] - before) < 1, "the first column is not sticky"


def test_the_guide_page_shows_ratings_on_a_phone(page: Page, demo_site: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/vejledninger/A2/")
    card = page.locator(".course-card").first
    expect(card).to_be_visible()
    expect(card.locator("dt", has_text="Bedømmelse")).to_be_visible()


WORDS_FIT = """
() => Array.from(document.querySelectorAll("table.listing td.title a")).map((link) => {
    const style = getComputedStyle(link);
    const context = document.createElement("canvas").getContext("2d");
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const words = link.textContent.trim().split(/\\s+/);
    const longest = Math.max(...words.map((word) => context.measureText(word).width));
    return {title: link.textContent.trim(), longest, width: link.getBoundingClientRect().width};
})
"""


def test_a_provider_reads_whole_course_names_on_a_phone(page: Page, demo_site: str) -> None:
    log_in_demo_person(page, "jonas@byggelaering.example")
    page.set_viewport_size(PHONE)
    page.goto("/admin/hold/")
    expect(page.locator("table.listing")).to_be_visible()
    titles = page.evaluate(WORDS_FIT)
    assert titles, "no sessions listed"
    broken = [t["title"] for t in titles if t["longest"] > t["width"] + 1]
    assert not broken, f"course names broken mid-word: {broken}"
    expect(page.get_by_role("columnheader", name="Afventer godkendelse")).to_be_attached()
    assert page_scroll_width(page) <= PHONE["width"]
    box = page.locator(".session-table")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the columns are cut off"
