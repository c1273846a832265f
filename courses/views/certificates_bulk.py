"""Certificate PDFs in bulk: the URLs that start the background job (``courses.export_jobs``).

POST starts the ZIP and answers at once with the job's page (progress bar, then the download
link); GET shows the page with the button. Whoever may not have the certificates gets 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from core.jobs.views import export_page
from courses import access, export_jobs


@login_required
@require_http_methods(["GET", "POST"])
def session_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    """A session's certificates, for those who manage the session."""
    session = access.get_session_for(request.user, pk)
    return export_page(request, kind=export_jobs.SESSION, parameters={"session": session.pk})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_certificates(request: HttpRequest, org_pk: int) -> HttpResponse:
    """An organisation's people's certificates of one year (``?aar=``; this year by default),
    for its HR and managers."""
    parameters = export_jobs.organisation_parameters(org_pk, request.GET.get("aar"))
    return export_page(request, kind=export_jobs.ORGANISATION, parameters=parameters)
