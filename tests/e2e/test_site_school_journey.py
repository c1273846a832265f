"""Issue 6's journey, on a phone-sized screen: a project leader creates a building project,
invites a contractor's person, logs an entry with a photo; the contractor's person co-signs;
another project leader approves; the participant's competence evidence appears; a measurement
is added and the chart shows it."""

import io
import re

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    PHONE,
    axe_serious_violations,
    log_in_demo_person,
    new_guarded_context,
)
from tests.e2e.test_competence_journey import shot

pytestmark = pytest.mark.browser

PROJECT = "Tagrenovering Havnefronten"
ENTRY = "Sikkerhedsgennemgang med tagentreprenøren"


def photo_bytes() -> bytes:
    """A small photo as a phone camera would hand it to the browser."""
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (120, 150, 180)).save(buffer, format="JPEG")
    return buffer.getvalue()


def assert_accessible(page: Page) -> None:
    serious, report = axe_serious_violations(page)
    assert not serious, report


def no_horizontal_scroll(page: Page) -> None:
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
        raise AssertionError(f"the page is {width}px wide on a {PHONE['width']}px phone: {wide}")


def test_project_leader_logs_learning_on_a_phone_and_it_becomes_evidence(
    browser, live_server, demo_site
):
    from competencies.models import Evidence
    from onsite.models import BuildingProject, LogEntry

    contexts = []

    def phone(email: str) -> Page:
        context, guard = new_guarded_context(browser, live_server.url)
        contexts.append((context, guard))
        page = context.new_page()
        page.set_viewport_size(PHONE)
        log_in_demo_person(page, email)
        return page

    # 1. Peter creates the project.
    peter = phone("peter@fjordbo.example")
    peter.goto("/byggesager/ny/")
    peter.get_by_label(re.compile(r"Navn")).fill(PROJECT)
    peter.get_by_label("Type").select_option(label="Renovering")
    peter.get_by_label("Fase").select_option(label="C: Udførelse")
    peter.get_by_label("Start").fill("2026-10-01")
    peter.get_by_label(re.compile("103 Havnefronten")).check()
    peter.get_by_label(re.compile("A3 Fremtidsanalyse")).check()
    peter.get_by_role("button", name="Opret byggesag").click()
    expect(peter.get_by_role("heading", level=1)).to_contain_text(PROJECT)
    project = BuildingProject.objects.get(name=PROJECT)
    no_horizontal_scroll(peter)

    # 2. He invites the contractor's site manager, who accepts from the e-mail's link.
    peter.get_by_role("link", name="Invitér").click()
    peter.get_by_label("E-mailadresse").fill("kim@hansen-entreprise.example")
    peter.get_by_role("button", name="Send invitation").click()
    invitation = [m for m in mail.outbox if m.to == ["kim@hansen-entreprise.example"]][-1]
    path = re.search(r"/byggesager/invitation/[^/\s]+/", invitation.body).group(0)
    kim = phone("kim@hansen-entreprise.example")
    kim.goto(path)
    kim.get_by_role("button", name="Acceptér invitationen").click()
    expect(kim.get_by_role("heading", level=1)).to_contain_text(PROJECT)

    # 3. Peter logs what happened, with a photo straight from the camera, and Kim taking part.
    peter.goto(f"/byggesager/{project.pk}/log/ny/")
    expect(peter.get_by_label("Foto")).to_have_attribute("capture", "environment")
    peter.get_by_label("Type").select_option(label="Oplæring på pladsen")
    peter.get_by_label("Overskrift").fill(ENTRY)
    peter.get_by_label("Hvad skete der?").fill(
        "Gennemgang af faldsikring og adgangsveje med tagentreprenøren og driften."
    )
    peter.get_by_label("Foto").set_input_files(
        files=[{"name": "tag.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    peter.locator("main summary", has_text="Deltagere og parter").click()
    peter.get_by_label("Kim Hansen").check()
    peter.locator("main summary", has_text="Kompetencer").click()
    peter.get_by_label("Kompetence 1").select_option(label="Samarbejde med byggeriets parter")
    peter.get_by_label("Niveau 1").select_option("2")
    no_horizontal_scroll(peter)
    assert_accessible(peter)
    shot(peter, "site-1-entry-form-phone")
    peter.get_by_role("button", name="Indsend").click()
    expect(peter.get_by_role("heading", level=1)).to_contain_text(ENTRY)
    entry = LogEntry.objects.get(project=project, title=ENTRY)
    assert entry.status == "submitted"
    assert entry.attachments.get().kind == "image"
    expect(peter.locator("main img").first).to_be_visible()

    # 4. Kim co-signs.
    kim.goto(f"/byggesager/log/{entry.pk}/")
    kim.get_by_role("button", name="Medunderskriv").click()
    expect(kim.locator("main")).to_contain_text("medunderskrevet", ignore_case=True)

    # 5. Another project leader approves (Peter may not approve his own entry).
    thomas = phone("thomas@fjordbo.example")
    thomas.goto(f"/byggesager/log/{entry.pk}/")
    thomas.get_by_role("button", name="Godkend").click()
    expect(thomas.locator("main")).to_contain_text("Godkendt")
    shot(thomas, "site-2-entry-approved-phone")

    # 6. Kim's competence evidence appears on his own page.
    assert Evidence.objects.filter(
        user__email="kim@hansen-entreprise.example",
        source="onsite",
        competence__code="partsinddragelse",
        level=2,
    ).exists()
    kim.goto("/kompetencer/")
    expect(kim.get_by_test_id("evidence-list")).to_contain_text("Samarbejde med byggeriets parter")
    shot(kim, "site-3-evidence-phone")

    # 7. Peter adds an effect indicator and a measurement; the chart shows it.
    peter.goto(f"/byggesager/{project.pk}/effekt/")
    peter.get_by_role("link", name="Nyt effektmål").click()
    peter.get_by_label(re.compile(r"Navn")).fill("Antal ændringsordrer")
    peter.get_by_label("Effektområde").select_option(label="Byggeproces")
    peter.get_by_label("Enhed").fill("antal")
    peter.get_by_label("Udgangspunkt").fill("12")
    peter.get_by_label(re.compile(r"Mål")).fill("6")
    peter.get_by_role("button", name="Gem effektmål").click()
    form = peter.locator("form", has=peter.get_by_role("button", name="Gem måling")).first
    form.get_by_label("Dato").fill("2026-11-20")
    form.get_by_label("Værdi").fill("9,5")
    form.get_by_role("button", name="Gem måling").click()
    chart = peter.locator("main svg[role=img]").first
    expect(chart).to_be_visible()
    expect(peter.locator("main table").first).to_contain_text("9,5")
    no_horizontal_scroll(peter)
    assert_accessible(peter)
    shot(peter, "site-4-effect-chart-phone")

    for context, guard in contexts:
        context.close()
        guard.assert_no_foreign_requests()
