"""Issue 11's journey: a person downloads their export from Mine data, then asks to be erased;
HR (with two-factor) sees what erasure will do and confirms, and the person can no longer log in.

The export is built by Celery. Browser tests are not marked ``redis``, so tests/conftest.py runs
tasks eagerly in both CI passes (in the live server's request thread, once the request commits);
the test still waits for the download link as it would for a real worker, with a generous
timeout, so it does not depend on that.

Mine data and the erasure request page are checked on a 375 px phone (no horizontal scroll)
and with axe (WCAG 2.1 AA, no serious or critical violations).
"""

import json
import re
import time
import zipfile
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    axe_serious_violations,
    log_in_demo_person,
    new_guarded_context,
)

pytestmark = pytest.mark.browser

PERSON = "karen@fjordbo.example"
HR = "hanne@fjordbo.example"
# A real worker on a busy 2-core CI machine may take a while to pick the export up.
EXPORT_TIMEOUT_MS = 90_000


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def on_a_phone_accessible(page: Page, name: str) -> None:
    """At 375 px the page does not scroll sideways, and axe finds nothing serious."""
    page.set_viewport_size(PHONE)
    # Measured once the page has loaded: before its stylesheet applies, any page is too wide.
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        # Name the elements that stick out, so that a failure says where to look.
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > limit + 1)
                .slice(0, 5)
                .map((el) => el.tagName + '.' + el.className + ' ' + el.textContent.slice(0, 40))""",
            PHONE["width"],
        )
        raise AssertionError(f"{name} is {width}px wide on a {PHONE['width']}px phone: {wide}")
    serious, report = axe_serious_violations(page)
    assert not serious, report
    shot(page, name)
    page.set_viewport_size(DESKTOP)


def reload_until(page: Page, done: Callable[[], bool]) -> None:
    """Reload the page until ``done()``, for at most the time a worker may need."""
    deadline = time.monotonic() + EXPORT_TIMEOUT_MS / 1000
    while not done() and time.monotonic() < deadline:
        page.wait_for_timeout(1000)
        page.reload()


def fill_login(page: Page, email: str) -> None:
    from organisations.demo import DEMO_PASSWORD

    page.goto("/konto/login/")
    page.get_by_label(re.compile("e-mail", re.I)).fill(email)
    page.get_by_label(re.compile("adgangskode", re.I)).fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Log ind").click()


def test_a_person_downloads_their_data_asks_to_be_erased_hr_confirms_and_they_cannot_log_in(
    browser, live_server, demo_site
):
    from organisations.models import User
    from privacy import export as exports

    contexts = []

    def person(email: str) -> Page:
        context, guard = new_guarded_context(browser, live_server.url)
        contexts.append((context, guard))
        page = context.new_page()
        log_in_demo_person(page, email)
        return page

    karen_user = User.objects.get(email=PERSON)
    areas_with_data = {area for area, count in exports.area_counts(karen_user).items() if count}
    others = set(User.objects.exclude(pk=karen_user.pk).values_list("email", flat=True))
    assert {"konto", "organisationer"} <= areas_with_data, areas_with_data
    assert others, "the demo has other people, whose e-mails must not be in Karen's export"

    # 1. Karen opens Mine data from Min side and from the header, and asks for her data.
    karen = person(PERSON)
    karen.get_by_role("link", name="Min side", exact=True).click()
    karen.get_by_role("link", name="Gå til Mine data").click()
    expect(karen.get_by_role("heading", level=1)).to_have_text("Mine data")
    karen.goto("/")
    karen.get_by_role("button", name=re.compile("Konto")).click()  # the header's account menu
    karen.get_by_role("link", name="Mine data", exact=True).click()
    expect(karen.get_by_role("heading", level=1)).to_have_text("Mine data")
    karen.get_by_role("button", name="Hent mine data").click()
    expect(karen.get_by_text("Vi samler dine data")).to_be_visible()

    # The status fragment polls until the export is made (eagerly here, or by a worker).
    link = karen.get_by_role("link", name="Download dine data")
    expect(link).to_be_visible(timeout=EXPORT_TIMEOUT_MS)
    expect(karen.get_by_test_id("export-status")).to_contain_text("Dit udtræk er klar")
    on_a_phone_accessible(karen, "privacy-1-my-data-phone")

    with karen.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("mine-data-")
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(download.path()) as archive:
        names = set(archive.namelist())
        texts = {
            name: archive.read(name).decode("utf-8")
            for name in names
            if name.endswith((".json", ".txt"))
        }
    assert "LÆSMIG.txt" in names
    missing = {f"{area}.json" for area in areas_with_data} - names
    assert not missing, f"areas Karen has data in, missing from her export: {missing}"
    for area in areas_with_data:
        assert json.loads(texts[f"{area}.json"])["område"] == area
    assert PERSON in texts["konto.json"]
    leaked = {email: name for name, text in texts.items() for email in others if email in text}
    assert not leaked, f"other people's e-mails in Karen's export: {leaked}"

    # 2. Karen asks to be erased, from Mine data; the form insists she confirms she understands.
    karen.goto("/mine-data/")
    karen.get_by_test_id("erasure-section").get_by_role("link", name="Anmod om sletning").click()
    expect(karen.get_by_role("heading", level=1)).to_contain_text("sletning")
    on_a_phone_accessible(karen, "privacy-2-erasure-request-phone")
    karen.get_by_label(re.compile("Begrundelse")).fill("Jeg er stoppet")
    karen.get_by_role("button", name="Send anmodning om sletning").click()
    expect(karen.get_by_text("Bekræft, at du forstår")).to_be_visible()
    on_a_phone_accessible(karen, "privacy-2-erasure-request-error-phone")
    expect(karen.get_by_label(re.compile("Begrundelse"))).to_have_value("Jeg er stoppet")
    karen.get_by_label(re.compile("Jeg forstår")).check()
    karen.get_by_role("button", name="Send anmodning om sletning").click()
    expect(karen.get_by_text("Din anmodning om sletning er sendt")).to_be_visible()

    # 3. Hanne (HR, two-factor) opens the queue, sees what will happen, and confirms.
    hanne = person(HR)
    hanne.goto("/sletning/")
    queue = hanne.get_by_test_id("erasure-queue")
    queue.get_by_role("link", name=re.compile("Karen")).click()
    preview = hanne.get_by_test_id("erasure-preview")
    expect(preview).to_contain_text("person")
    serious, report = axe_serious_violations(hanne)
    assert not serious, report
    shot(hanne, "privacy-3-erasure-confirm")
    hanne.get_by_role("button", name="Bekræft sletning").click()
    expect(hanne.get_by_text("Sletningen er bekræftet")).to_be_visible()
    # The erasure itself is a task: done by now when eager; with a worker, the queue (which
    # does not poll) shows it once reloaded after the worker has finished.
    reload_until(hanne, lambda: "Gennemført" in hanne.get_by_test_id("erasure-queue").inner_text())
    expect(hanne.get_by_test_id("erasure-queue")).to_contain_text("Gennemført")
    expect(hanne.get_by_test_id("erasure-queue")).not_to_contain_text("Karen")

    # 4. Karen is gone: her session no longer works, and she cannot log in again.
    karen.goto("/")
    expect(karen.get_by_test_id("current-user")).to_have_count(0)
    fill_login(karen, PERSON)
    expect(karen.get_by_test_id("current-user")).to_have_count(0)
    assert not User.objects.filter(email=PERSON).exists()

    for context, guard in contexts:
        context.close()
        guard.assert_no_foreign_requests()
