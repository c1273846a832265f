"""Celery tasks of the export jobs: thin adapters that take ids and call ``core.jobs.services``."""

from __future__ import annotations

from celery import shared_task

RETRY = {
    # A lost delivery is harmless twice over: the job is claimed under a row lock (a second
    # delivery does nothing), and the beat enqueues a job nobody finished again.
    "acks_late": True,
    # A certificate ZIP of a large organisation or a gap list of 2,000 people finishes well
    # inside these; the beat takes a job over when its worker stops reporting progress.
    "soft_time_limit": 30 * 60,
    "time_limit": 35 * 60,
}


@shared_task(name="core.run_export", **RETRY)
def run_export(job_id: int) -> str:
    """Build one export job's file; does nothing for a job that is not queued."""
    from core.jobs.services import job_run

    job = job_run(job_id=job_id)
    return job.status if job is not None else "skipped"


@shared_task(name="core.requeue_stale_exports", acks_late=True)
def requeue_stale_exports() -> int:
    """Periodic (Celery beat): enqueue again export jobs whose worker was lost."""
    from core.jobs.services import jobs_requeue_stale

    return jobs_requeue_stale()


@shared_task(name="core.purge_exports", acks_late=True)
def purge_exports() -> int:
    """Nightly (Celery beat): expire old download links, delete old jobs with their files."""
    from core.jobs.services import jobs_purge

    expired, deleted = jobs_purge()
    return expired + deleted
