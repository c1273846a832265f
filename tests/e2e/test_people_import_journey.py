"""Issue 15's HR import, on a phone: Hanne (HR of Fjordbo in the demo) downloads the template,
uploads a file of 200 people with one wrong line, fixes that line in the preview, confirms,
watches the progress bar and reads the report. Then a new person from the file logs in with
Fjordbo's work accounts: a real OpenID Connect provider on 127.0.0.1 (tests/support), the
authorisation-code flow with PKCE, and she lands on her own Min side as the imported person.

The import is applied by a Celery task. Browser tests run tasks eagerly in the live server's
process (tests/conftest.py), which would finish the import inside the confirming request and
leave no progress to watch; so the journey holds the task back when Hanne confirms, and runs
the import's service itself while her page polls — the page must then follow the progress and
show the report by itself (htmx, then a reload).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, SCREENSHOTS, axe_serious_violations, log_in_demo_person
from tests.e2e.test_site_school_journey import no_horizontal_scroll
from tests.support.oidc_provider import configure_identity_provider, local_oidc_provider

pytestmark = pytest.mark.browser

HR = "hanne@fjordbo.example"
PEOPLE = 200
WRONG_LINE = 101  # the header is line 1: the 100th person


def hr_file() -> bytes:
    lines = ["E-mail;Fornavn;Efternavn;Medarbejdernummer;Afdeling;Funktion;Leders e-mail;Roller"]
    for i in range(PEOPLE):
        department = "999" if i == WRONG_LINE - 2 else ("101", "102", "103")[i % 3]
        manager = "lars@fjordbo.example" if i % 2 else ""
        lines.append(
            f"import{i:03d}@fjordbo.example;Ansat;Nummer {i};{7000 + i};{department};"
            f"ejendomsfunktionaer;{manager};medarbejder"
        )
    return ("\n".join(lines) + "\n").encode("cp1252")  # as a Danish Excel saves a CSV


def check_page(page: Page, shot: str, *, axe: bool = False) -> None:
    """No sideways scrolling at 375 px (and a screenshot); the key pages: no axe findings."""
    no_horizontal_scroll(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"people-import-{shot}.png", full_page=True)
    if axe:
        serious, report = axe_serious_violations(page)
        assert not serious, report


def test_hr_imports_200_people_fixes_a_line_and_follows_the_progress(
    page: Page, browser, live_server, demo_site, monkeypatch
):
    from organisations import tasks
    from organisations.models import Membership, PersonImport
    from organisations.people_import import services

    page.set_viewport_size(PHONE)
    log_in_demo_person(page, HR)

    # 1. From the organisation page to the import page; the template downloads at 375 px.
    page.goto("/organisationer/")
    page.get_by_role("link", name="Boligselskabet Fjordbo").click()
    page.get_by_role("link", name="Importér personer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importér personer")
    # The demo's earlier import is in the history.
    expect(page.get_by_role("link", name="hr-udtraek-fjordbo.csv")).to_be_visible()
    check_page(page, "1-upload", axe=True)
    with page.expect_download() as download_info:
        page.get_by_test_id("template-xlsx").click()
    assert download_info.value.suggested_filename == "personimport-skabelon.xlsx"

    # 2. The file: a preview, nothing changed yet, the wrong line first.
    page.get_by_label(re.compile("Fil med personer")).set_input_files(
        {"name": "hr-udtraek.csv", "mimeType": "text/csv", "buffer": hr_file()}
    )
    page.get_by_role("button", name="Læs filen og vis forhåndsvisning").click()
    expect(page.get_by_test_id("import-state")).to_have_text("Forhåndsvisning")
    expect(page.get_by_test_id("count-create")).to_have_text("Oprettes: 199")
    expect(page.get_by_test_id("count-error")).to_have_text("Fejl: 1")
    first_row = page.get_by_test_id("import-rows").locator(":scope > li").first
    expect(first_row).to_contain_text("Afdelingen “999” findes ikke i organisationen.")
    assert not Membership.objects.filter(user__email__startswith="import").exists()
    check_page(page, "2-preview", axe=True)

    # 3. Hanne fixes the line in the page: first a department that does not exist either (the
    # message stands beside the field, her input kept), then the right one.
    first_row.get_by_role("link", name=re.compile("Ret rækken")).click()
    department = page.locator("main").get_by_label("Afdeling")
    expect(department).to_have_value("999")
    department.fill("998")
    page.get_by_role("button", name="Gem rettelsen").click()
    expect(page.locator("main")).to_contain_text("Afdelingen “998” findes ikke i organisationen.")
    expect(department).to_have_value("998")
    check_page(page, "3-fix", axe=True)
    department.fill("Sølyst")
    page.get_by_role("button", name="Gem rettelsen").click()
    expect(page.locator("main")).to_contain_text(f"Linje {WRONG_LINE} er rettet.")
    expect(page.get_by_test_id("count-create")).to_have_text("Oprettes: 200")
    expect(page.get_by_test_id("count-error")).to_have_text("Fejl: 0")

    # 4. She confirms; the task is held back, so the page shows the import waiting and polls.
    held: list[int] = []
    monkeypatch.setattr(
        tasks.people_import_apply,
        "apply_async",
        lambda args=(), **options: held.append(args[0]),
    )
    page.get_by_role("button", name="Bekræft og indlæs").click()
    expect(page.locator("main")).to_contain_text("Importen er sat i gang.")
    progress = page.get_by_test_id("import-progress")
    expect(progress).to_have_attribute("value", "0")
    expect(progress).to_have_attribute("max", str(PEOPLE))
    expect(page.get_by_test_id("import-status")).to_contain_text(f"0 af {PEOPLE} rækker")
    check_page(page, "4-progress", axe=True)
    (import_id,) = held

    # 5. A worker applies it; the page follows by itself and ends on the report.
    services.person_import_apply(import_id=import_id)
    expect(page.get_by_test_id("import-state")).to_have_text("Færdig", timeout=20_000)
    expect(page.get_by_role("heading", name="Rapport")).to_be_visible()
    expect(page.get_by_test_id("count-create")).to_have_text("Oprettes: 200")
    expect(page.get_by_test_id("import-progress")).to_have_attribute("value", str(PEOPLE))
    check_page(page, "5-report", axe=True)
    with page.expect_download() as download_info:
        page.get_by_test_id("report-csv").click()
    assert download_info.value.suggested_filename.endswith(".csv")

    person_import = PersonImport.objects.get(pk=import_id)
    assert person_import.status == "done"
    fixed = Membership.objects.get(user__email=f"import{WRONG_LINE - 2:03d}@fjordbo.example")
    assert fixed.department.name == "Sølyst"
    assert Membership.objects.filter(user__email__startswith="import").count() == PEOPLE
    assert Membership.objects.get(user__email="import001@fjordbo.example").manager.email == (
        "lars@fjordbo.example"
    )

    # 6. A new person from the file logs in through Fjordbo's identity provider, e-mail first:
    # the imported account (no password yet) is linked, not a second one created.
    from organisations.models import Organisation, User

    newcomer = "import001@fjordbo.example"
    fjordbo = Organisation.objects.get(name="Boligselskabet Fjordbo")
    with local_oidc_provider() as provider:
        configure_identity_provider(fjordbo, provider, ["fjordbo.example"], name="Fjordbo-login")
        provider.add_user("import-001", email=newcomer, email_verified=True)
        context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport=PHONE)
        context.set_default_timeout(15_000)
        # Only the site and the provider: the provider's own page asks a CDN for its styles.
        local = (live_server.url, provider.issuer)
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(local)
                else route.abort("blockedbyclient")
            ),
        )
        sso_page = context.new_page()
        sso_page.goto("/konto/login/")
        sso_page.get_by_label(re.compile("e-mail", re.I)).fill(newcomer)
        sso_page.locator("main").get_by_role("button", name="Log ind").click()
        expect(sso_page).to_have_url(re.compile("^" + re.escape(provider.authorize_endpoint)))
        sso_page.locator("input[name=sub]").fill("import-001")
        sso_page.get_by_role("button", name="Authorize").click()
        expect(sso_page).to_have_url(re.compile(r"/min-side/$"))
        expect(sso_page.get_by_test_id("current-user")).to_contain_text("Ansat Nummer 1")
        context.close()
    assert User.objects.filter(email__iexact=newcomer).count() == 1
