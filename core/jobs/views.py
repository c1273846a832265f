"""The pages of export jobs: start one, follow its progress, fetch the file, list one's own.

A job is its requester's alone: everybody else gets 404 for its page, its progress and its file.
The apps' export URLs call :func:`export_page` after nothing else: the kind's ``authorise`` is
their access policy, so a person who may not have the file gets 404 here as before.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.jobs import selectors, services
from core.jobs.models import ExportJob
from core.jobs.registry import kind_for

# How often the page asks for progress (htmx); the file is usually ready within seconds.
POLL_SECONDS = 2
LISTED = 20


def export_page(
    request: HttpRequest, *, kind: str, parameters: dict[str, Any], back_url: str = ""
) -> HttpResponse:
    """An app's export URL. POST starts the job (or joins its running twin) and redirects to its
    page at once; GET (an old link or bookmark) shows a page with the button, so following a
    link never starts work by itself."""
    entry = kind_for(kind)
    if request.method == "POST":
        job = services.export_start(
            user=request.user,
            kind=kind,
            parameters=parameters,
            language=get_language() or "da",
        )
        return redirect("jobs:detail", job.uuid)
    scope = entry.authorise(request.user, parameters)
    context = {"entry": entry, "scope": scope, "back_url": back_url or scope.back_url}
    return render(request, "core/jobs/start.html", context)


def _job(request: HttpRequest, uuid: UUID) -> ExportJob:
    """The person's own job; 404 for anybody else's."""
    return selectors.own_job(request.user, uuid)


def _context(job: ExportJob) -> dict[str, Any]:
    return {
        "job": job,
        "title": _title(job),
        "downloadable": services.job_is_downloadable(job),
        "poll_seconds": POLL_SECONDS,
    }


def _title(job: ExportJob) -> str:
    try:
        return str(kind_for(job.kind).title)
    except LookupError:
        return job.kind


@never_cache
@login_required
@require_GET
def job_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    job = _job(request, uuid)
    return render(request, "core/jobs/detail.html", _context(job))


@never_cache
@login_required
@require_GET
def job_status(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The progress (htmx polls it every ``POLL_SECONDS``); it stops polling once done."""
    job = _job(request, uuid)
    return render(request, "core/jobs/_status.html", _context(job))


@never_cache
@login_required
@require_GET
def job_download(request: HttpRequest, uuid: UUID) -> FileResponse:
    """The file, for the person who asked, while their access still holds; audited as the
    app's own download was."""
    job = _job(request, uuid)
    if not services.job_is_downloadable(job):
        raise Http404
    entry = kind_for(job.kind)
    entry.authorise(request.user, job.parameters)  # a role removed since: 404
    if entry.downloaded is not None:
        entry.downloaded(job, request)
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=job.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET"])
def job_list(request: HttpRequest) -> HttpResponse:
    """Mine eksporter: the person's recent jobs."""
    jobs = selectors.recent_jobs(request.user, LISTED)
    rows = [_context(job) for job in jobs]
    return render(request, "core/jobs/list.html", {"rows": rows})
