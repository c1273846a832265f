"""HR's API token journey on a phone, and the API's documentation page, in a real browser.

Hanne (demo HR of Fjordbo) opens API-nøgler from the organisation page at 375 px, creates a
read token, sees the key once, calls the API with it, revokes it and sees it refused. The
Swagger page at /api/v1/docs/ loads from the app's own files under the site's
Content-Security-Policy (no inline script, nothing from a CDN).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    PHONE,
    WCAG21AA,
    WIDEST_ELEMENT_JS,
    axe_serious_violations,
    html_problems,
    log_in_demo_person,
)
from tests.e2e.test_csp_journey import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser

HANNE = "hanne@fjordbo.example"


def _fits_and_passes(page: Page) -> None:
    assert page.evaluate(WIDEST_ELEMENT_JS) is None
    assert html_problems(page.content()) == []
    serious, report = axe_serious_violations(page, WCAG21AA)
    assert not serious, report


def test_hr_creates_uses_and_revokes_a_token_on_a_phone(page: Page, demo_site, live_server):
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.set_viewport_size(PHONE)
    log_in_demo_person(page, HANNE)
    page.goto("/organisationer/")
    page.get_by_role("link", name="Boligselskabet Fjordbo").first.click()
    page.get_by_role("link", name="API-nøgler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-nøgler")
    # The demo's tokens are listed by name and the start of their key, never the key.
    expect(page.get_by_role("cell", name="Intranettet (demo)", exact=True)).to_be_visible()
    _fits_and_passes(page)

    page.get_by_label("Navn").fill("Lønsystemet")
    page.get_by_label("Læse", exact=True).check()
    page.get_by_role("button", name="Opret nøgle").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("er oprettet")
    key = page.get_by_label("Nøgle").input_value()
    assert re.fullmatch(r"alm_[A-Za-z0-9_-]{40}", key)
    _fits_and_passes(page)

    headers = {"Authorization": f"Bearer {key}"}
    answer = page.request.get(f"{live_server.url}/api/v1/people/", headers=headers)
    assert answer.status == 200 and answer.json()["results"]

    page.get_by_role("link", name="Tilbage til API-nøglerne").click()
    assert key not in page.content()
    page.get_by_role("link", name=re.compile("Tilbagekald.*Lønsystemet")).click()
    _fits_and_passes(page)
    page.get_by_role("button", name="Ja, tilbagekald nøglen").click()
    expect(page.get_by_text("API-nøglen »Lønsystemet« er tilbagekaldt.")).to_be_visible()
    answer = page.request.get(f"{live_server.url}/api/v1/people/", headers=headers)
    assert answer.status == 401
    assert page.evaluate("window.__cspViolations") == []


def test_the_api_documentation_loads_from_our_own_files(page: Page, demo_site):
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.set_viewport_size(PHONE)
    page.goto("/api/v1/docs/")
    # Swagger UI renders the operations it read from /api/v1/schema/.
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.get_by_text("/api/v1/people/").first).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []
    # With our contrast stylesheet and without deep links (settings), Swagger UI's page
    # passes the same checks as ours, collapsed as it opens.
    _fits_and_passes(page)
