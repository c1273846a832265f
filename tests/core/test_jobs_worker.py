"""Export jobs on a real worker (Redis and PostgreSQL pass): the request only enqueues, the
worker builds, the page then offers the file; and a job whose worker was lost (left running,
not heard of for long) is enqueued again by the beat's task and finished."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from core.jobs import services
from core.jobs.models import ExportJob, JobStatus
from core.jobs.tasks import requeue_stale_exports
from tests.competencies.conftest import make_person
from tests.competencies.hr_fixtures import own_profile

WAIT = 60  # seconds: far more than a small workbook takes, short enough to fail a hung run

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gaps(fjordbo: Any) -> None:
    own_profile(fjordbo, "projektleder", {"fremtidsanalyse": 3})
    make_person("ida@fjordbo.example", fjordbo, ["staff"], "Ida", job_function="projektleder")


def _wait_until_done(job: ExportJob, worker: Any) -> ExportJob:
    deadline = time.monotonic() + WAIT
    while True:
        job.refresh_from_db()
        if not job.is_active or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert job.status == JobStatus.DONE, (
        f"Job {job.pk} is {job.status} after {WAIT} s ({job.error!r}). Worker log:\n"
        + worker.log()[-4000:]
    )
    return job


def test_a_job_started_through_the_page_is_built_by_the_worker(
    client, celery_worker, alice, fjordbo, gaps
):
    client.force_login(alice)
    started = client.post(reverse("competencies:gaps_export", kwargs={"org_pk": fjordbo.pk}))
    assert started.status_code == 302
    job = ExportJob.objects.get()
    assert started["Location"] == reverse("jobs:detail", args=[job.uuid])
    job = _wait_until_done(job, celery_worker)
    assert job.attempts == 1 and job.progress_done == job.progress_total
    page = client.get(started["Location"]).content.decode()
    assert reverse("jobs:download", args=[job.uuid]) in page
    response = client.get(reverse("jobs:download", args=[job.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")  # an XLSX is a ZIP


def test_the_beat_re_enqueues_a_job_whose_worker_was_killed(celery_worker, alice, fjordbo, gaps):
    # What a worker killed mid-build leaves behind: claimed, running, silent for long. Its task
    # is gone (acknowledged, or dropped with the worker); nothing else will ever finish it.
    old = timezone.now() - services.STALE_AFTER - timedelta(minutes=1)
    job = ExportJob.objects.create(
        kind="competencies.gaps",
        requested_by=alice,
        organisation_id=fjordbo.pk,
        parameters={"organisation": fjordbo.pk},
        fingerprint=services.fingerprint("competencies.gaps", {"organisation": fjordbo.pk}),
        status=JobStatus.RUNNING,
        attempts=1,
        started_at=old,
        touched_at=old,
    )
    assert requeue_stale_exports.apply().get() == 1  # the beat's task, run here
    job = _wait_until_done(job, celery_worker)
    assert job.attempts == 2 and job.file
