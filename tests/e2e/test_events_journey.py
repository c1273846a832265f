"""Issue 14's arrangementer on a phone: a staff person finds a temadag by filtering the list,
signs up, sees the confirmation and takes the event to her calendar (.ics); a colleague signs
up for the demo's full workshop and is put on the venteliste.

Karen holds one of the workshop's three seats in the demo, so the full workshop is tried by
Mikkel, a colleague with no sign-up there (both are staff of Fjordbo without two-factor).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    PHONE,
    axe_serious_violations,
    log_in_demo_person,
    new_guarded_context,
)
from tests.e2e.test_site_school_journey import no_horizontal_scroll

pytestmark = pytest.mark.browser

TEMADAG = "Temadag om A3 Fremtidsanalyse"
WORKSHOP = "Workshop: Sæt et godt hold"


def checked_page(page: Page) -> None:
    """Fits a phone and has no serious accessibility violation."""
    no_horizontal_scroll(page)
    serious, report = axe_serious_violations(page)
    assert not serious, report


def test_staff_sign_up_for_an_event_and_the_full_workshop_puts_them_on_the_waitlist(
    browser, live_server, demo_site
):
    from events.models import EventPage, EventRegistration, RegistrationStatus

    contexts = []

    def phone(email: str) -> Page:
        context, guard = new_guarded_context(browser, live_server.url)
        contexts.append((context, guard))
        page = context.new_page()
        page.set_viewport_size(PHONE)
        log_in_demo_person(page, email)
        return page

    # 1. Karen filters the list of arrangementer by type.
    karen = phone("karen@fjordbo.example")
    karen.goto("/arrangementer/")
    expect(karen.get_by_role("heading", level=1)).to_have_text("Arrangementer")
    coming = karen.locator("main ul.list-group").first
    expect(coming).to_contain_text(TEMADAG)
    expect(coming).to_contain_text(WORKSHOP)
    checked_page(karen)
    karen.get_by_label("Type").select_option(label="Temadag")
    karen.get_by_role("button", name="Vis", exact=True).click()
    expect(karen.get_by_label("Type")).to_have_value("temadag")
    coming = karen.locator("main ul.list-group").first
    expect(coming).to_contain_text(TEMADAG)
    expect(coming).not_to_contain_text(WORKSHOP)
    expect(karen.get_by_role("link", name="Nulstil")).to_be_visible()
    checked_page(karen)

    # 2. She opens the temadag, which has free seats, and signs up.
    coming.get_by_role("link", name=TEMADAG).click()
    expect(karen.get_by_role("heading", level=1)).to_have_text(TEMADAG)
    expect(karen.locator("main dl")).to_contain_text("ledige pladser")
    checked_page(karen)
    signup = karen.locator("section[aria-labelledby=tilmelding]")
    expect(signup).to_contain_text("Du tilmeldes som Karen Madsen.")
    signup.get_by_role("button", name="Tilmeld mig").click()
    expect(karen.locator("main")).to_contain_text(
        "Du er tilmeldt. Vi har sendt en bekræftelse med en kalenderinvitation."
    )
    expect(signup).to_contain_text("Du er tilmeldt.")
    expect(signup.get_by_role("button", name="Afmeld")).to_be_visible()
    temadag = EventPage.objects.get(title=TEMADAG)
    registration = EventRegistration.objects.get(event=temadag, user__email="karen@fjordbo.example")
    assert registration.status == RegistrationStatus.CONFIRMED

    # 3. The event goes to her calendar as an .ics file.
    with karen.expect_download() as download_info:
        karen.get_by_role("link", name="Hent arrangementet til din kalender (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"arrangement-{temadag.pk}.ics"
    with open(download.path(), encoding="utf-8") as ics_file:
        ics = ics_file.read()
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in ics and "A3 Fremtidsanalyse" in ics

    # 4. The workshop is full: Mikkel signs up and is put on the waitlist.
    mikkel = phone("mikkel@fjordbo.example")
    workshop = EventPage.objects.get(title=WORKSHOP)
    mikkel.goto(workshop.url)
    expect(mikkel.get_by_role("heading", level=1)).to_have_text(WORKSHOP)
    expect(mikkel.locator("main dl")).to_contain_text("Fuldt – venteliste")
    waiting_before = workshop.registrations.filter(status=RegistrationStatus.WAITLISTED).count()
    mikkel.get_by_role("button", name="Skriv mig på ventelisten").click()
    expect(mikkel.locator("main")).to_contain_text(
        "Arrangementet er fuldt, så du er skrevet på ventelisten."
    )
    expect(mikkel.locator("section[aria-labelledby=tilmelding]")).to_contain_text(
        f"Du er på ventelisten som nummer {waiting_before + 1}."
    )
    checked_page(mikkel)
    registration = EventRegistration.objects.get(
        event=workshop, user__email="mikkel@fjordbo.example"
    )
    assert registration.status == RegistrationStatus.WAITLISTED

    for context, guard in contexts:
        context.close()
        guard.assert_no_foreign_requests()
