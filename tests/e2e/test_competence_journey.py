"""Issue 5's journey: HR sees the A3 gap among project leaders, returns a plan with a comment,
the person edits and resubmits, HR approves, the person completes an A3 course and the gap
shrinks on the dashboard."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    SCREENSHOTS,
    axe_serious_violations,
    log_in_demo_person,
    new_guarded_context,
)

pytestmark = pytest.mark.browser

A3_COURSE = "Fremtidsanalyse for boligafdelinger"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def heatmap_cell(page: Page, competence: str, job_function: str):  # type: ignore[no-untyped-def]
    """The heatmap cell of one competence (row) and job function (column)."""
    heatmap = page.get_by_test_id("heatmap")
    headers = heatmap.locator("thead th").all_inner_texts()
    column = next(i for i, text in enumerate(headers) if text.strip().startswith(job_function))
    row = heatmap.locator("tbody tr", has=page.locator("th", has_text=competence))
    # The row's first cell is its <th>; the columns after it are <td>s.
    return row.locator("td").nth(column - 1)


def assert_accessible(page: Page) -> None:
    serious, report = axe_serious_violations(page)
    assert not serious, report


def test_hr_returns_and_approves_a_plan_and_the_a3_gap_shrinks(browser, live_server, demo_site):
    from competencies.models import CompetencePlan
    from courses.models import Enrolment
    from organisations.models import Organisation

    fjordbo = Organisation.objects.get(name="Boligselskabet Fjordbo")
    plan = CompetencePlan.objects.get(user__email="thomas@fjordbo.example", status="submitted")
    held = Enrolment.objects.get(user__email="thomas@fjordbo.example", course__title=A3_COURSE)
    dashboard = f"/kompetencer/organisation/{fjordbo.pk}/"
    contexts = []

    def person(email: str) -> Page:
        context, guard = new_guarded_context(browser, live_server.url)
        contexts.append((context, guard))
        page = context.new_page()
        log_in_demo_person(page, email)
        return page

    # 1. HR opens the dashboard: one of three project leaders has fremtidsanalyse (A3) at 3.
    hanne = person("hanne@fjordbo.example")
    hanne.goto(dashboard)
    expect(hanne.get_by_role("heading", level=1)).to_contain_text("Kompetenceoversigt")
    gap = heatmap_cell(hanne, "Fremtidsanalyse", "Projektleder")
    expect(gap).to_contain_text("1 af 3")
    expect(gap).to_contain_text("33")
    assert_accessible(hanne)
    shot(hanne, "competence-1-dashboard-gap")

    # 2. She opens Thomas's submitted plan from the dashboard and returns it with a comment.
    hanne.locator("main").get_by_role("link", name=plan.title).first.click()
    expect(hanne.get_by_test_id("plan-status")).to_contain_text("Indsendt")
    hanne.get_by_role("textbox", name="Kommentar").fill(
        "Vælg holdet i Aalborg, og skriv hvad I aftalte ved MUS."
    )
    hanne.get_by_role("button", name="Send retur").click()
    expect(hanne.get_by_test_id("plan-status")).to_contain_text("Sendt retur")
    assert_accessible(hanne)
    shot(hanne, "competence-2-plan-returned")

    # 3. Thomas reads the comment, edits the plan and submits it again.
    thomas = person("thomas@fjordbo.example")
    thomas.goto(f"/kompetencer/planer/{plan.pk}/")
    expect(thomas.locator("main")).to_contain_text("Vælg holdet i Aalborg")
    thomas.get_by_role("link", name="Redigér plan").click()
    thomas.get_by_label(re.compile("Aftaler fra udviklingssamtalen")).fill(
        "Fremtidsanalysen på Fjordparken i foråret; holdet i Aalborg er valgt."
    )
    thomas.locator("main form").get_by_role("button", name=re.compile("^Gem")).click()
    expect(thomas.locator("main")).to_contain_text("holdet i Aalborg er valgt")
    thomas.get_by_role("textbox", name="Kommentar").fill("Rettet som aftalt.")
    thomas.get_by_role("button", name="Indsend").click()
    expect(thomas.get_by_test_id("plan-status")).to_contain_text("Indsendt")
    shot(thomas, "competence-3-plan-resubmitted")

    # 4. HR approves.
    hanne.goto(f"/kompetencer/planer/{plan.pk}/")
    hanne.get_by_role("button", name="Godkend").click()
    expect(hanne.get_by_test_id("plan-status")).to_contain_text("Godkendt")
    expect(hanne.get_by_test_id("history")).to_contain_text("Rettet som aftalt.")
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approved_by.email == "hanne@fjordbo.example"

    # 5. Thomas completes the A3 course: the provider marks him present on the held session.
    sofie = person("sofie@almenakademi.example")
    sofie.goto(f"/admin/hold/{held.session_id}/deltagere/")
    sofie.locator("tr", has_text="Thomas Lund").get_by_role("button", name="Mødt").click()
    expect(sofie.locator(".messages")).to_be_visible()
    held.refresh_from_db()
    assert held.status == "completed"

    # 6. The gap shrinks on the dashboard: two of three project leaders now.
    hanne.goto(dashboard)
    expect(heatmap_cell(hanne, "Fremtidsanalyse", "Projektleder")).to_contain_text("2 af 3")
    shot(hanne, "competence-4-dashboard-gap-shrunk")

    # Thomas sees the new level on his own page.
    thomas.goto("/kompetencer/")
    expect(thomas.locator("main")).to_contain_text(A3_COURSE)

    for context, guard in contexts:
        context.close()
        guard.assert_no_foreign_requests()
