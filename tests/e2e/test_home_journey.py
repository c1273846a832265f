"""The first journey: from the home page, a demo person logs in and sees their own name."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_serious_violations, new_guarded_context

# The live server makes these tests transactional; tests/conftest.py adds serialized rollback.
pytestmark = pytest.mark.browser

KAREN = "karen@fjordbo.example"


def test_a_demo_person_logs_in_from_the_home_page_and_sees_their_name(page, demo_site, screenshot):
    from organisations.demo import DEMO_PASSWORD

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    screenshot("home")

    page.get_by_role("link", name="Log ind", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    screenshot("login")

    page.get_by_label(re.compile("e-mail", re.IGNORECASE)).fill(KAREN)
    page.get_by_label(re.compile("adgangskode", re.IGNORECASE)).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_test_id("current-user")).to_contain_text("Karen Madsen")
    screenshot("logged-in")


def test_a_wrong_password_is_refused_in_danish_and_keeps_the_email(page, demo_site):
    page.goto("/konto/login/")
    page.get_by_label(re.compile("e-mail", re.IGNORECASE)).fill(KAREN)
    page.get_by_label(re.compile("adgangskode", re.IGNORECASE)).fill("forkert-kodeord")
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_label(re.compile("e-mail", re.IGNORECASE))).to_have_value(KAREN)
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(re.compile("ikke korrekt|forkert", re.I))


@pytest.mark.parametrize("path", ["/", "/konto/login/"], ids=["home", "login"])
def test_the_page_has_no_serious_accessibility_violations(page, demo_site, path):
    page.goto(path)
    serious, report = axe_serious_violations(page)
    assert not serious, f"axe-core found serious or critical violations on {path}:\n{report}"


def test_the_request_guard_blocks_and_reports_other_hosts(browser, live_server):
    context, guard = new_guarded_context(browser, live_server.url)
    page = context.new_page()
    # On about:blank: on one of our pages the Content-Security-Policy (img-src 'self') would
    # stop the foreign image before it became a request the guard could see.
    page.set_content(
        '<img src="https://cdn.example.com/pixel.png" alt="">'
        f'<img src="{live_server.url}/static/img/logo.svg" alt="">'
    )
    page.wait_for_load_state("networkidle")
    context.close()

    assert guard.foreign == ["https://cdn.example.com/pixel.png"]
    with pytest.raises(AssertionError, match="cdn.example.com"):
        guard.assert_no_foreign_requests()
