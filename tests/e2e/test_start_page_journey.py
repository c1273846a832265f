"""Issue 18's start page on a phone: Karen (staff) and Hanne (HR, two-factor) log in at 375 px,
land on Min side, see their own work, open the header's menu and follow one of their items."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    PHONE,
    SCREENSHOTS,
    WIDEST_ELEMENT_JS,
    axe_serious_violations,
    html_problems,
    log_in_demo_person,
    new_guarded_context,
)

pytestmark = pytest.mark.browser

KAREN = "karen@fjordbo.example"
HANNE = "hanne@fjordbo.example"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def assert_fits_and_is_sound(page: Page) -> None:
    """No horizontal scrolling at 375 px, valid HTML, no serious axe violations."""
    assert page.evaluate(WIDEST_ELEMENT_JS) is None, page.evaluate(WIDEST_ELEMENT_JS)
    problems = html_problems(page.content())
    assert not problems, "\n".join(problems)
    serious, report = axe_serious_violations(page)
    assert not serious, report


def on_a_phone(browser, live_server, contexts) -> Page:  # type: ignore[no-untyped-def]
    context, guard = new_guarded_context(browser, live_server.url)
    contexts.append((context, guard))
    page = context.new_page()
    page.set_viewport_size(PHONE)
    return page


def open_menu(page: Page) -> None:
    toggler = page.get_by_role("button", name="Vis menu")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")


def test_staff_and_hr_land_on_their_own_start_page_on_a_phone(browser, live_server, demo_site):
    from competencies.models import CompetencePlan
    from courses.models import Enrolment

    karens_request = Enrolment.objects.filter(
        user__email=KAREN, status="awaiting_approval"
    ).select_related("course")[0]
    thomas_plan = CompetencePlan.objects.get(
        user__email="thomas@fjordbo.example", status="submitted"
    )
    contexts: list = []

    # 1. Karen logs in and lands on Min side: her request waiting for approval is there.
    karen = on_a_phone(browser, live_server, contexts)
    log_in_demo_person(karen, KAREN)
    expect(karen).to_have_url(re.compile(r"/min-side/$"))
    upcoming = karen.get_by_test_id("panel-upcoming")
    expect(upcoming).to_contain_text(karens_request.course.title)
    expect(upcoming).to_contain_text("Afventer godkendelse")
    expect(karen.get_by_test_id("panel-approvals")).to_have_count(0)
    expect(karen.get_by_test_id("panel-hr")).to_have_count(0)
    assert_fits_and_is_sound(karen)
    shot(karen, "start-page-1-karen-phone")

    # Her menu: her own places first, no approvals or HR; the account menu holds Mine data.
    open_menu(karen)
    own = karen.get_by_role("list", name="Dine steder")
    expect(own.get_by_role("link", name="Min side")).to_have_attribute("aria-current", "page")
    expect(own.get_by_role("link", name="Kompetencer")).to_be_visible()
    expect(own.get_by_role("link", name=re.compile("Godkendelser"))).to_have_count(0)
    assert_fits_and_is_sound(karen)
    shot(karen, "start-page-2-karen-menu-phone")
    karen.get_by_role("button", name=re.compile("Konto")).click()
    expect(karen.get_by_role("link", name="Mine data", exact=True)).to_be_visible()
    expect(karen.get_by_role("button", name="Log ud")).to_be_visible()
    karen.keyboard.press("Escape")

    # She follows her item to the course page.
    upcoming.get_by_role("link", name=karens_request.course.title).click()
    expect(karen.get_by_role("heading", level=1)).to_contain_text(karens_request.course.title)

    # 2. Hanne (HR) logs in with her two-factor code: the plan to review and the key figures.
    hanne = on_a_phone(browser, live_server, contexts)
    log_in_demo_person(hanne, HANNE)
    expect(hanne).to_have_url(re.compile(r"/min-side/$"))
    hr = hanne.get_by_test_id("panel-hr")
    expect(hr).to_contain_text("Boligselskabet Fjordbo")
    expect(hr).to_contain_text(thomas_plan.title)
    expect(hr.get_by_test_id("hr-figures")).to_be_visible()
    expect(hanne.get_by_test_id("panel-approvals")).to_contain_text("Karen Madsen")
    assert_fits_and_is_sound(hanne)
    shot(hanne, "start-page-3-hanne-phone")

    open_menu(hanne)
    own = hanne.get_by_role("list", name="Dine steder")
    expect(own.get_by_role("link", name=re.compile(r"^Godkendelser \d+"))).to_be_visible()
    expect(own.get_by_role("link", name="Kompetenceoverblik")).to_be_visible()
    assert_fits_and_is_sound(hanne)
    shot(hanne, "start-page-4-hanne-menu-phone")

    # She follows the plan to review.
    hr.get_by_role("link", name=re.compile(re.escape(thomas_plan.title))).click()
    expect(hanne).to_have_url(re.compile(rf"/kompetencer/planer/{thomas_plan.pk}/$"))

    for context, guard in contexts:
        context.close()
        guard.assert_no_foreign_requests()
