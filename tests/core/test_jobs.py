"""The export job mechanism (``core.jobs``): start, build, progress, download, twins, the
beat's re-enqueue of lost jobs, expiry and erasure — with a kind of export of the test's own,
so the kernel is tested without any app's data. The apps' exports: ``test_jobs_exports.py``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.http import Http404, HttpResponse
from django.test import TestCase
from django.urls import path, reverse
from django.utils import timezone

from core.jobs import services
from core.jobs.models import ExportJob, JobStatus
from core.jobs.registry import BuildContext, ExportFile, Progress, Scope, register_export
from core.jobs.views import export_page
from core.privacy import unclassified
from core.storage import private_storage
from tests.core.export_jobs_client import fetch_export, start_export

KIND = "tests.rows"
# People the test kind lets have its file (its "access policy"); each test fills it.
ALLOWED: set[int] = set()
BUILDS: list[int] = []


def _authorise(user: Any, parameters: dict[str, Any]) -> Scope:
    if user.pk not in ALLOWED:
        raise Http404
    return Scope(organisation_id=parameters.get("organisation"), label="Testrækker")


def _build(context: BuildContext) -> ExportFile:
    BUILDS.append(context.job.pk)
    if context.parameters.get("explode"):
        raise RuntimeError("a bug in the build")
    rows = context.parameters.get("rows", 3)
    for done in range(rows + 1):
        context.progress(done, rows)
    return ExportFile(
        content=b"\n".join(b"row" for _ in range(rows)),
        filename="rækker.txt",
        content_type="text/plain",
        contents={"rows": rows},
    )


register_export(KIND, title="Testrækker", authorise=_authorise, build=_build)


def rows_export(request: Any) -> HttpResponse:
    rows = int(request.GET.get("rows", 3))
    return export_page(request, kind=KIND, parameters={"rows": rows, "organisation": 7})


urlpatterns = [path("test-eksport/", rows_export)]


@pytest.fixture(autouse=True)
def _routes(settings: Any) -> None:
    """The test kind's start URL beside the project's (the job pages come from lms.urls)."""
    from lms import urls

    settings.ROOT_URLCONF = __name__
    urlpatterns[1:] = urls.urlpatterns
    ALLOWED.clear()
    BUILDS.clear()


@pytest.fixture
def allowed(alice: Any) -> Any:
    ALLOWED.add(alice.pk)
    return alice


def _stored_files() -> set[str]:
    root = Path(private_storage().path("jobs"))
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _queued(user: Any, **parameters: Any) -> ExportJob:
    """A job started without its task running (the transaction's on_commit never fires)."""
    return services.export_start(user=user, kind=KIND, parameters={"rows": 3, **parameters})


# --- Starting ------------------------------------------------------------------------------


class TestStart:
    def test_a_post_answers_at_once_with_the_jobs_page(self, client, allowed):
        client.force_login(allowed)
        job = start_export(client, "/test-eksport/?rows=5")
        assert job.kind == KIND and job.requested_by == allowed
        assert job.organisation_id == 7 and job.scope_label == "Testrækker"

    def test_a_get_shows_the_button_and_starts_nothing(self, client, allowed):
        client.force_login(allowed)
        response = client.get("/test-eksport/")
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        form = soup.find(attrs={"data-testid": "export-start"}).find_parent("form")
        assert form["method"] == "post" and not form.get("action")  # posts to the same URL
        assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
        assert not ExportJob.objects.exists()

    def test_people_without_access_get_404_and_no_job(self, client, bob):
        client.force_login(bob)
        assert client.get("/test-eksport/").status_code == 404
        assert client.post("/test-eksport/").status_code == 404
        assert not ExportJob.objects.exists()

    def test_the_same_export_twice_joins_the_running_job(self, client, allowed):
        first = _queued(allowed)
        again = _queued(allowed)
        assert again.pk == first.pk
        assert _queued(allowed, rows=4).pk != first.pk  # other parameters: another file

    def test_a_second_click_just_after_it_is_done_gets_the_same_file(self, client, allowed):
        client.force_login(allowed)
        first = start_export(client, "/test-eksport/")
        second = start_export(client, "/test-eksport/")
        assert second.pk == first.pk and BUILDS == [first.pk]
        ExportJob.objects.filter(pk=first.pk).update(
            finished_at=timezone.now() - timedelta(minutes=2)
        )
        assert start_export(client, "/test-eksport/").pk != first.pk


# --- The page and the file -----------------------------------------------------------------


class TestPage:
    def test_the_page_shows_the_bar_then_the_download_link(self, client, allowed):
        client.force_login(allowed)
        job = _queued(allowed, rows=10)
        soup = BeautifulSoup(client.get(f"/eksporter/{job.uuid}/").content, "html.parser")
        status = soup.find(attrs={"data-testid": "job-status"})
        assert status["hx-get"] == reverse("jobs:status", args=[job.uuid])
        assert status["hx-trigger"] == "every 2s" and status["aria-live"] == "polite"
        bar = status.find("progress")
        assert bar["aria-label"] and bar["max"] == "100" and bar.get_text(strip=True)
        # Without JavaScript: an "Opdatér" link, and the page refreshes itself.
        assert status.find("noscript").find("a")["href"] == f"/eksporter/{job.uuid}/"
        assert soup.head.find("noscript")
        assert not soup.find(attrs={"data-testid": "job-download"})
        services.job_run(job_id=job.pk)
        fragment = client.get(reverse("jobs:status", args=[job.uuid]))
        soup = BeautifulSoup(fragment.content, "html.parser")
        status = soup.find(attrs={"data-testid": "job-status"})
        assert not status.has_attr("hx-get")  # done: the page stops asking
        assert status.find("progress")["value"] == "100"
        link = status.find(attrs={"data-testid": "job-download"})
        assert link["href"] == reverse("jobs:download", args=[job.uuid])

    def test_progress_is_written_while_it_builds(self, allowed):
        job = _queued(allowed, rows=4)
        seen: list[tuple[int, int]] = []

        def build(context: BuildContext) -> ExportFile:
            for done in range(5):
                context.progress(done, 4)
                found = ExportJob.objects.get(pk=job.pk)
                seen.append((found.progress_done, found.progress_total))
            return ExportFile(content=b"x", filename="x.txt", content_type="text/plain")

        register_export("tests.watched", title="Set", authorise=_authorise, build=build)
        ExportJob.objects.filter(pk=job.pk).update(kind="tests.watched")
        services.job_run(job_id=job.pk)
        # The first and the last step are always written; between them at most once a second.
        assert seen[0] == (0, 4) and seen[-1] == (4, 4)
        assert ExportJob.objects.get(pk=job.pk).percent == 100

    def test_the_download_is_an_attachment_for_the_requester(self, client, allowed):
        client.force_login(allowed)
        fetched = fetch_export(client, "/test-eksport/?rows=2")
        assert fetched.content == b"row\nrow"
        assert fetched.response["Content-Type"] == "text/plain"
        assert "r%C3%A6kker.txt" in fetched.response["Content-Disposition"]
        assert {"private", "no-store"} <= set(fetched.response["Cache-Control"].split(", "))
        assert fetched.job.contents == {"rows": 2}

    def test_it_validates_ownership(self, client, allowed, bob, charlie_with_totp):
        job = _queued(allowed)
        services.job_run(job_id=job.pk)
        ALLOWED.update({bob.pk, charlie_with_totp.pk})  # even people who may make the same file
        for other in (bob, charlie_with_totp):
            client.force_login(other)
            for name in ("detail", "status", "download"):
                assert client.get(reverse(f"jobs:{name}", args=[job.uuid])).status_code == 404

    def test_access_lost_after_the_file_was_made_means_no_file(self, client, allowed):
        client.force_login(allowed)
        job = start_export(client, "/test-eksport/")
        ALLOWED.clear()
        assert client.get(reverse("jobs:download", args=[job.uuid])).status_code == 404

    def test_mine_eksporter_lists_only_ones_own_jobs(self, client, allowed, bob):
        ALLOWED.add(bob.pk)
        mine = _queued(allowed)
        _queued(bob)
        client.force_login(allowed)
        soup = BeautifulSoup(client.get(reverse("jobs:list")).content, "html.parser")
        links = [a["href"] for a in soup.select("[data-testid=job-list] a")]
        assert links == [f"/eksporter/{mine.uuid}/"]

    def test_mine_eksporter_runs_the_same_queries_for_few_and_many(
        self, client, allowed, django_assert_num_queries
    ):
        client.force_login(allowed)
        client.get(reverse("jobs:list"))  # session and user loaded once, like every request

        def count(jobs: int) -> int:
            ExportJob.objects.all().delete()
            for rows in range(jobs):
                job = _queued(allowed, rows=rows)
                services.job_run(job_id=job.pk)
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("jobs:list")).status_code == 200
            return len(queries.captured_queries)

        few = count(2)
        with django_assert_num_queries(few):
            client.get(reverse("jobs:list"))
        assert count(30) == few


# --- Building: once, as the person, and never lost -----------------------------------------


class TestBuild:
    def test_a_second_delivery_of_the_task_does_nothing(self, allowed):
        job = _queued(allowed)
        assert services.job_run(job_id=job.pk).status == JobStatus.DONE
        name = ExportJob.objects.get(pk=job.pk).file.name
        assert services.job_run(job_id=job.pk) is None
        assert BUILDS == [job.pk]
        assert ExportJob.objects.get(pk=job.pk).file.name == name

    def test_a_job_running_elsewhere_is_left_alone(self, allowed):
        job = _queued(allowed)
        ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
        assert services.job_run(job_id=job.pk) is None and BUILDS == []

    def test_access_is_checked_again_when_the_worker_builds(self, allowed):
        job = _queued(allowed)
        ALLOWED.clear()  # e.g. the HR role removed before the worker got to it
        job = services.job_run(job_id=job.pk)
        assert job.status == JobStatus.FAILED and not job.file and BUILDS == []
        assert job.error == services.NO_ACCESS

    def test_a_deactivated_person_gets_no_file(self, allowed):
        job = _queued(allowed)
        allowed.is_active = False
        allowed.save(update_fields=["is_active"])
        assert services.job_run(job_id=job.pk).status == JobStatus.FAILED

    def test_a_failing_build_fails_with_a_message_for_the_person(self, client, allowed):
        job = _queued(allowed, explode=True)
        job = services.job_run(job_id=job.pk)
        assert job.status == JobStatus.FAILED and job.error == services.BUILD_FAILED
        client.force_login(allowed)
        page = client.get(reverse("jobs:detail", args=[job.uuid])).content.decode()
        assert "Filen kunne ikke dannes" in page
        assert client.get(reverse("jobs:download", args=[job.uuid])).status_code == 404

    def test_the_beat_enqueues_a_job_whose_worker_was_lost(self, allowed):
        job = _queued(allowed)
        # A worker claimed it and was killed: running, last heard of long ago.
        old = timezone.now() - services.STALE_AFTER - timedelta(minutes=1)
        ExportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.RUNNING, attempts=1, touched_at=old
        )
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert services.jobs_requeue_stale() == 1
        job.refresh_from_db()
        assert job.status == JobStatus.DONE and job.attempts == 2 and BUILDS == [job.pk]

    def test_the_beat_enqueues_a_queued_job_whose_task_was_lost(self, allowed):
        job = _queued(allowed)  # its task never ran (on_commit did not fire)
        old = timezone.now() - services.STALE_AFTER - timedelta(minutes=1)
        ExportJob.objects.filter(pk=job.pk).update(touched_at=old)
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.jobs_requeue_stale()
        assert ExportJob.objects.get(pk=job.pk).status == JobStatus.DONE

    def test_the_beat_leaves_live_jobs_alone(self, allowed):
        job = _queued(allowed)
        ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
        assert services.jobs_requeue_stale() == 0
        assert ExportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING

    def test_the_beat_gives_up_after_the_last_attempt(self, allowed):
        job = _queued(allowed)
        old = timezone.now() - services.STALE_AFTER - timedelta(minutes=1)
        ExportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.RUNNING, attempts=services.MAX_ATTEMPTS, touched_at=old
        )
        services.jobs_requeue_stale()
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and job.error == services.GAVE_UP

    def test_a_worker_back_from_the_dead_does_not_overwrite_the_new_claim(self, allowed):
        job = _queued(allowed)
        claimed = services._claim(job.pk)
        assert claimed is not None
        # Meanwhile the beat gave the job to another worker, which claimed it again.
        ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
        services._claim(job.pk)
        before = _stored_files()
        result = ExportFile(content=b"late", filename="sent.txt", content_type="text/plain")
        services._finish(claimed, result)
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING and not job.file
        assert _stored_files() == before  # the late file was removed again


class TestProgress:
    def test_it_writes_at_most_once_an_interval_and_always_the_last_step(self):
        written: list[tuple[int, int]] = []
        progress = Progress(lambda done, total: written.append((done, total)), interval=3600)
        for done in range(1001):
            progress(done, 1000)
        assert written == [(0, 1000), (1000, 1000)]


# --- Retention and erasure -----------------------------------------------------------------


class TestRetention:
    def test_files_expire_after_a_week_and_jobs_go_after_a_month(self, client, allowed):
        done = _queued(allowed)
        services.job_run(job_id=done.pk)
        done.refresh_from_db()
        name = done.file.name
        assert private_storage().exists(name)
        week = timezone.now() + services.EXPIRES_AFTER + timedelta(minutes=1)
        assert services.jobs_purge(now=week) == (1, 0)
        done.refresh_from_db()
        assert done.status == JobStatus.EXPIRED and not done.file
        assert not private_storage().exists(name)
        client.force_login(allowed)
        assert client.get(reverse("jobs:download", args=[done.uuid])).status_code == 404
        page = client.get(reverse("jobs:detail", args=[done.uuid])).content.decode()
        assert "linket er udløbet" in page
        month = timezone.now() + services.ROWS_KEPT + timedelta(minutes=1)
        assert services.jobs_purge(now=month) == (0, 1)
        assert not ExportJob.objects.exists()

    def test_every_field_is_classified_in_the_privacy_registry(self):
        assert unclassified([ExportJob]) == []

    def test_erasing_the_person_deletes_their_jobs_and_files(self, allowed, bob):
        from privacy.erasure import person_erase

        ALLOWED.add(bob.pk)
        mine = _queued(allowed)
        services.job_run(job_id=mine.pk)
        mine.refresh_from_db()
        theirs = _queued(bob)
        with TestCase.captureOnCommitCallbacks(execute=True):
            person_erase(person=allowed, erased_by=None)
        assert not ExportJob.objects.filter(pk=mine.pk).exists()
        assert not private_storage().exists(mine.file.name)
        assert ExportJob.objects.filter(pk=theirs.pk).exists()
