"""Fetching a file the way a person does now that exports are background jobs (``core.jobs``):
POST to the export's URL, follow to the job's page, and download from it.

With Celery eager (the test settings) the job is built when the request's transaction commits,
so the page already shows the download link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup
from django.http import FileResponse
from django.test import TestCase

from core.jobs.models import ExportJob, JobStatus


@dataclass
class Fetched:
    job: ExportJob
    response: FileResponse
    content: bytes


def start_export(client: Any, path: str) -> ExportJob:
    """POST to an export URL; the answer is a redirect to the job's page, at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        started = client.post(path)
    assert started.status_code == 302, started.status_code
    job = ExportJob.objects.get(uuid=started["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert started["Location"] == f"/eksporter/{job.uuid}/"
    return job


def fetch_export(client: Any, path: str) -> Fetched:
    """Start the export at ``path``, check that its page offers the file, and download it."""
    job = start_export(client, path)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, (job.status, job.error)
    page = BeautifulSoup(client.get(f"/eksporter/{job.uuid}/").content, "html.parser")
    link = page.find(attrs={"data-testid": "job-download"})
    assert link is not None
    response = client.get(link["href"])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    return Fetched(job=job, response=response, content=content)
