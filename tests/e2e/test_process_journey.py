"""Issue 13's journey: a project leader runs the samdrift drejebog as a process.

Peter (project leader of Fjordbo) starts "Samdrift mellem almene boligafdelinger" for two
departments, names Lars as den driftsansvarlige, fills in the interessentanalyse, marks
milestones 1–3 reached, uploads the signed aftale at milestone 6 and gives milestone 4 to Lars
with a due date; Lars sees on his start page what waits on him; the status PDF downloads. Then
a learner fills in an A5 tool inside the A5 course's module, and the answers survive a reload.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_serious_violations, log_in_demo_person, new_guarded_context
from tests.e2e.test_site_school_journey import no_horizontal_scroll

pytestmark = pytest.mark.browser

TITLE = "Samdrift Fjordparken og Sølyst"
AFTALE = "Underskrevet aftale om samdrift"


def signed_agreement_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def assert_accessible(page: Page) -> None:
    serious, report = axe_serious_violations(page)
    assert not serious, report


def open_milestone(page: Page, process_url: str, number: int) -> None:
    page.goto(process_url)
    page.locator("#tidslinje").locator("xpath=..").get_by_role(
        "link", name=re.compile(rf"^{number}\. ")
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{number}. ")


def mark_reached(page: Page) -> None:
    status = page.locator("section[aria-labelledby=status-form]")
    status.get_by_label("Nået", exact=True).check()
    status.get_by_role("button", name="Gem status").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Nået")


def test_a_project_leader_runs_samdrift_and_the_driftschef_sees_what_waits(
    browser, live_server, demo_site
):
    from organisations.models import User

    lars = User.objects.get(email="lars@fjordbo.example")
    context, guard = new_guarded_context(browser, live_server.url)
    page = context.new_page()
    log_in_demo_person(page, "peter@fjordbo.example")

    # Start the process from the drejebog, for two departments.
    page.goto("/forloeb/")
    page.get_by_role("link", name="Start et forløb").first.click()
    page.get_by_role("link", name="Vælg Samdrift mellem almene boligafdelinger").click()
    page.locator("#id_title").fill(TITLE)
    page.get_by_label(re.compile(r"101 Fjordparken")).check()
    page.get_by_label(re.compile(r"102 ")).check()
    page.locator("#id_starts_on").fill("2026-11-02")
    page.get_by_role("button", name="Start forløbet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("0 af 12 milepæle nået")
    process_url = page.url
    assert_accessible(page)

    # Name the driftsansvarlige.
    page.get_by_role("link", name="Roller").first.click()
    role = page.locator("section", has=page.get_by_role("heading", name="Den driftsansvarlige"))
    role.get_by_label("Person").select_option(str(lars.pk))
    role.get_by_role("button", name=re.compile("Gem")).click()
    expect(page.locator("main")).to_contain_text("er gemt")

    # Fill in the interessentanalyse (bilag 2), a table of the drejebog's columns.
    page.goto(process_url)
    page.locator("#vaerktoejer").locator("xpath=..").get_by_role(
        "link", name=re.compile("Interessentanalyse")
    ).click()
    table = page.locator("form table").first
    table.locator("input, textarea").nth(0).fill("Afdelingsbestyrelsen i Sølyst")
    table.locator("input, textarea").nth(1).fill("Bevare den lokale vicevært")
    page.get_by_role("button", name=re.compile("Gem")).first.click()
    expect(page.locator("main")).to_contain_text("Afdelingsbestyrelsen i Sølyst")
    page.reload()
    expect(table.locator("input, textarea").nth(0)).to_have_value("Afdelingsbestyrelsen i Sølyst")

    # Milestones 1–3 reached, in the drejebog's order.
    for number in (1, 2, 3):
        open_milestone(page, process_url, number)
        mark_reached(page)
    page.goto(process_url)
    expect(page.locator("main")).to_contain_text("3 af 12 milepæle nået")

    # Milestone 4 goes to Lars, due in a week.
    open_milestone(page, process_url, 4)
    plan = page.locator("section[aria-labelledby=plan-form]")
    plan.get_by_label("Ansvarlig").select_option(str(lars.pk))
    due = (live_today() + timedelta(days=7)).isoformat()
    plan.get_by_label("Frist").fill(due)
    plan.get_by_role("button", name="Gem plan").click()
    expect(page.locator("main")).to_contain_text("Lars")

    # The signed aftale at milestone 6, checked by content and kept private.
    open_milestone(page, process_url, 6)
    page.get_by_text("Upload et dokument").click()
    documents = page.locator("section[aria-labelledby=dokumenter]")
    documents.get_by_label("Titel").fill(AFTALE)
    documents.get_by_label(re.compile("Fil")).set_input_files(
        {"name": "aftale.pdf", "mimeType": "application/pdf", "buffer": signed_agreement_pdf()}
    )
    documents.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name=AFTALE)).to_be_visible()
    download = page.request.get(page.get_by_role("link", name=AFTALE).get_attribute("href"))
    assert download.status == 200 and download.body().startswith(b"%PDF")

    # The drejebog status as a PDF.
    page.goto(process_url)
    pdf_url = page.get_by_role("link", name="Status som PDF").get_attribute("href")
    response = page.request.get(pdf_url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # Peter took part in the A5 course's trial session: his answers to the module's
    # organisationsdiagram (one of the network's A5 tools) are his, and survive a reload.
    page.goto(a5_module_url())
    tool = page.locator("section.tool-block", has_text="Organisationsdiagram")
    first_answer = tool.locator("form textarea, form input[type=text]").first
    first_answer.fill("Styregruppe: direktør, driftschef og formand for afdelingsbestyrelsen")
    tool.get_by_role("button", name="Gem værktøjet").click()
    # Saved once, the tool offers its earlier versions and a PDF: wait for that page.
    expect(tool.get_by_role("link", name="Hent som PDF")).to_be_visible()
    page.reload()
    tool = page.locator("section.tool-block", has_text="Organisationsdiagram")
    expect(tool.locator("form textarea, form input[type=text]").first).to_have_value(
        "Styregruppe: direktør, driftschef og formand for afdelingsbestyrelsen"
    )
    context.close()
    guard.assert_no_foreign_requests()

    # Lars, on a phone, sees on his start page what waits on him, and opens it.
    context, guard = new_guarded_context(browser, live_server.url)
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 812})
    log_in_demo_person(page, "lars@fjordbo.example")
    page.goto("/min-side/")
    panel = page.get_by_test_id("panel-processes")
    expect(panel).to_contain_text("Udarbejdelse af plan for inddragelse")
    no_horizontal_scroll(page)
    panel.get_by_role("link", name="Alt, der venter på dig i forløb").click()
    row = page.get_by_role("row", name=re.compile("Udarbejdelse af plan for inddragelse"))
    expect(row).to_contain_text(TITLE)
    no_horizontal_scroll(page)
    assert_accessible(page)
    context.close()
    guard.assert_no_foreign_requests()


def a5_module_url() -> str:
    from courses.models import ModulePage

    module = ModulePage.objects.live().get(title="Organisering og styring")
    return str(module.url)


def live_today():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.localdate()
