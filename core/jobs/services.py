"""Starting, building, sweeping and purging export jobs.

A job moves queued → running → done (or failed); done jobs expire after ``EXPIRES_AFTER`` (the
file is deleted) and rows go after ``ROWS_KEPT``. The task may be delivered twice (``acks_late``,
a re-enqueue by the beat): only a worker that claims a *queued* job under a row lock builds it,
so a second delivery finds it running or done and does nothing. A worker killed mid-way leaves
the job running with an old ``touched_at``; the beat (:func:`jobs_requeue_stale`) puts it back in
the queue, up to ``MAX_ATTEMPTS`` claims, and then marks it failed with a message for the person.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from core.jobs.models import ACTIVE, ExportJob, JobStatus
from core.jobs.registry import BuildContext, ExportFile, Progress, Scope, kind_for
from core.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

# The download link lives a week (like the person's own data export, privacy.export); the row
# (without its file) a month, so "Mine eksporter" can still say what was made and when.
EXPIRES_AFTER = timedelta(days=7)
ROWS_KEPT = timedelta(days=30)
# A running job whose worker has not reported for this long is taken to be lost. Builds report
# progress at least every few seconds, so a live one is never taken for lost.
STALE_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3
# A second click within a minute of a finished job gets that job rather than a new one.
REUSE_DONE_WITHIN = timedelta(minutes=1)

# Shown to the person; translated in the page's language (msgids, Danish).
NO_ACCESS = gettext_noop("Du har ikke (længere) adgang til disse data, så filen blev ikke dannet.")
BUILD_FAILED = gettext_noop(
    "Filen kunne ikke dannes. Prøv igen, eller kontakt os, hvis det sker igen."
)
GAVE_UP = gettext_noop("Filen kunne ikke dannes efter flere forsøg. Prøv igen senere.")
ACCESS_ERRORS = (Http404, PermissionDenied, ObjectDoesNotExist)


def fingerprint(kind: str, parameters: dict[str, Any]) -> str:
    canonical = json.dumps([kind, parameters], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _twin(user: Any, fingerprint_: str) -> ExportJob | None:
    recent = timezone.now() - REUSE_DONE_WITHIN
    return (
        ExportJob.objects.of(user)
        .filter(fingerprint=fingerprint_)
        .filter(Q(status__in=ACTIVE) | Q(status=JobStatus.DONE, finished_at__gte=recent))
        .first()
    )


@transaction.atomic
def export_start(
    *, user: Any, kind: str, parameters: dict[str, Any], language: str = "da"
) -> ExportJob:
    """Ask for an export; the task is enqueued when the transaction commits.

    The kind's access check runs first (``Http404`` for a person who may not have the file).
    The same export asked for again while it is being made (a double click, a second tab), or
    within a minute of it being done, returns that job instead of building the file twice.
    """
    entry = kind_for(kind)
    scope = entry.authorise(user, parameters)
    found = fingerprint(kind, parameters)
    twin = _twin(user, found)
    if twin is not None:
        return twin
    job = ExportJob.objects.create(
        kind=kind,
        requested_by=user,
        organisation_id=scope.organisation_id,
        scope_label=scope.label[:300],
        back_url=scope.back_url[:300],
        parameters=parameters,
        fingerprint=found,
        language=language[:8] or "da",
        touched_at=timezone.now(),
    )
    _enqueue(job)
    return job


def _enqueue(job: ExportJob) -> None:
    from core.jobs.tasks import run_export

    enqueue_on_commit(run_export, job.pk)


# --- Building ----------------------------------------------------------------------------------


def _claim(job_id: int) -> ExportJob | None:
    """Take a queued job: running, one more attempt. None when it is not queued (done, taken
    by another worker, gone); SKIP LOCKED lets two deliveries of the task never both take it."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, status=JobStatus.QUEUED)
            .first()
        )
        if job is None:
            return None
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.started_at = job.touched_at = now
        job.attempts += 1
        job.progress_done = job.progress_total = 0
        job.error = ""
        job.save(
            update_fields=[
                "status",
                "started_at",
                "touched_at",
                "attempts",
                "progress_done",
                "progress_total",
                "error",
            ]
        )
    return job


def _mine(job: ExportJob) -> Any:
    """Rows of this job as long as this worker's claim holds (the beat has not given it away)."""
    return ExportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)


def _progress(job: ExportJob) -> Progress:
    def write(done: int, total: int) -> None:
        _mine(job).update(progress_done=done, progress_total=total, touched_at=timezone.now())

    return Progress(write)


def job_run(*, job_id: int) -> ExportJob | None:
    """Build a queued job's file as the person who asked for it; safe to call twice."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        with translation.override(job.language):
            entry = kind_for(job.kind)
            scope = _authorise_again(job)
            context = BuildContext(
                job=job,
                user=job.requested_by,
                parameters=job.parameters,
                scope=scope,
                progress=_progress(job),
            )
            result = entry.build(context)
    except ACCESS_ERRORS:
        return _fail(job, NO_ACCESS)
    except Exception:
        logger.exception("Export job %s (%s) failed", job.pk, job.kind)
        return _fail(job, BUILD_FAILED)
    return _finish(job, result)


def _authorise_again(job: ExportJob) -> Scope:
    """The access check once more, now: HR whose role was removed since gets no file."""
    user = job.requested_by
    if not user.is_active:
        raise PermissionDenied
    return kind_for(job.kind).authorise(user, job.parameters)


def _fail(job: ExportJob, message: str) -> ExportJob:
    _mine(job).update(status=JobStatus.FAILED, error=message, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def _finish(job: ExportJob, result: ExportFile) -> ExportJob:
    content = result.content
    upload = ContentFile(content) if isinstance(content, bytes) else File(content)
    try:
        job.file.save(result.filename, upload, save=False)
    finally:
        if not isinstance(content, bytes):
            content.close()
    now = timezone.now()
    with transaction.atomic():
        claimed = bool(list(_mine(job).select_for_update().values_list("pk", flat=True)))
        if claimed:
            _mine(job).update(
                status=JobStatus.DONE,
                file=job.file.name,
                filename=result.filename[:255],
                content_type=result.content_type[:100],
                contents=result.contents,
                finished_at=now,
                touched_at=now,
                expires_at=now + EXPIRES_AFTER,
            )
    if not claimed:
        # The beat gave the job to another worker meanwhile; its file is the one kept.
        job.file.storage.delete(job.file.name)
    job.refresh_from_db()
    return job


# --- The beat ------------------------------------------------------------------------------------


def jobs_requeue_stale(*, now: Any = None) -> int:
    """Periodic: enqueue again jobs nobody has touched for ``STALE_AFTER`` (a lost task, a
    killed worker); a job claimed ``MAX_ATTEMPTS`` times fails with a message instead."""
    now = now or timezone.now()
    cutoff = now - STALE_AFTER
    handled = 0
    with transaction.atomic():
        stale = ExportJob.objects.select_for_update(skip_locked=True).filter(
            status__in=ACTIVE, touched_at__lt=cutoff
        )
        for job in stale:
            handled += 1
            if job.attempts >= MAX_ATTEMPTS:
                job.status = JobStatus.FAILED
                job.error = GAVE_UP
                job.finished_at = now
                job.save(update_fields=["status", "error", "finished_at"])
                logger.warning("Export job %s given up after %s attempts", job.pk, job.attempts)
                continue
            job.status = JobStatus.QUEUED
            job.touched_at = now
            job.save(update_fields=["status", "touched_at"])
            _enqueue(job)
    return handled


def jobs_purge(*, now: Any = None) -> tuple[int, int]:
    """Nightly: delete the files of done jobs past ``expires_at`` (the job says "udløbet") and
    every job older than ``ROWS_KEPT`` with its file. Returns (expired, deleted)."""
    now = now or timezone.now()
    expired = 0
    for job in ExportJob.objects.filter(status=JobStatus.DONE, expires_at__lt=now).iterator():
        _delete_file(job)
        ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.EXPIRED, file="")
        expired += 1
    deleted = 0
    for job in ExportJob.objects.filter(created_at__lt=now - ROWS_KEPT).iterator():
        _delete_file(job)
        ExportJob.objects.filter(pk=job.pk).delete()
        deleted += 1
    return expired, deleted


def _delete_file(job: ExportJob) -> None:
    if job.file:
        job.file.storage.delete(job.file.name)


# --- Fetching -------------------------------------------------------------------------------------


def job_is_downloadable(job: ExportJob, *, now: Any = None) -> bool:
    now = now or timezone.now()
    fresh = job.expires_at is None or job.expires_at > now
    return bool(job.status == JobStatus.DONE and job.file and fresh)
