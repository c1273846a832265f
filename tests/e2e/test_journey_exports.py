"""Issue 16's journey: HR starts the gap export, the request answers at once with a page that
shows the progress bar, the bar turns into a download link when the worker is done (the page
asks by itself, no reload), and the download is the workbook — on a phone, accessible."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, SCREENSHOTS, axe_serious_violations, log_in_demo_person
from tests.e2e.test_site_school_journey import no_horizontal_scroll

pytestmark = pytest.mark.browser

HR = "hanne@fjordbo.example"


def check_page(page: Page, shot: str) -> None:
    no_horizontal_scroll(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"exports-{shot}.png", full_page=True)
    serious, report = axe_serious_violations(page)
    assert not serious, report


def test_hr_starts_the_gap_export_follows_the_bar_and_downloads_the_workbook(
    page: Page, live_server, demo_site, monkeypatch
):
    from core.jobs import services, tasks
    from core.jobs.models import ExportJob, JobStatus
    from organisations.models import Organisation

    fjordbo = Organisation.objects.get(name="Boligselskabet Fjordbo")
    # The "worker" is this test: the task is held when enqueued and run when the test says,
    # so the page is seen while the file is still being made.
    held: list[int] = []
    monkeypatch.setattr(
        tasks.run_export, "apply_async", lambda args=(), **options: held.append(args[0])
    )
    page.set_viewport_size(PHONE)
    log_in_demo_person(page, HR)

    # 1. The gap analysis; the export button starts the job and answers at once.
    page.goto(f"/kompetencer/organisation/{fjordbo.pk}/gab/")
    page.get_by_test_id("gaps-export").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kompetencegab som regneark (XLSX)")
    bar = page.get_by_test_id("job-progress")
    expect(bar).to_be_visible()
    expect(page.get_by_test_id("job-status")).to_contain_text("venter på at blive dannet")
    expect(page.get_by_test_id("job-download")).to_have_count(0)
    check_page(page, "1-queued")
    (job_id,) = held

    # 2. The worker builds it; the page, polling, shows the download link without a reload.
    job = services.job_run(job_id=job_id)
    assert job is not None and job.status == JobStatus.DONE, job and job.error
    link = page.get_by_test_id("job-download")
    expect(link).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("job-status")).to_contain_text("Filen er klar")
    check_page(page, "2-done")

    # 3. The download is the workbook of every gap.
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("kompetencegab-boligselskabet-fjordbo-")
    with open(download.path(), "rb") as saved:
        workbook = load_workbook(io.BytesIO(saved.read()))
    assert "Personer med gab" in workbook.sheetnames

    # 4. It is listed under Mine eksporter.
    page.goto("/eksporter/")
    expect(page.get_by_test_id("job-list")).to_contain_text("Kompetencegab som regneark")
    check_page(page, "3-list")

    # 5. An old link to the file shows the button (a GET starts nothing).
    page.goto(f"/kompetencer/organisation/{fjordbo.pk}/gab.xlsx")
    expect(page.get_by_test_id("export-start")).to_be_visible()
    check_page(page, "4-old-link")
    assert ExportJob.objects.filter(requested_by__email=HR).count() == 1
