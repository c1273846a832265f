"""A process's history (every change: who, when, what) and its status exports: the drejebog
status as a print-ready Danish PDF and as a workbook (milestones, decisions, events)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from core.access import require
from core.exports import XLSX_CONTENT_TYPE
from processes import access, selectors_records
from processes.exports import status_filename, status_xlsx
from processes.pdf import status_pdf

PAGE_SIZE = 50


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    process = access.get_process_for(request.user, pk)
    page = Paginator(selectors_records.events_of(process), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "processes/history/history.html", {"process": process, "page_obj": page})


@login_required
def export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The drejebog status (and a forankring process's anchoring plan) as a Danish PDF."""
    process = access.get_process_for(request.user, pk)
    require(access.actions_for(request.user, process).can_export)
    content = status_pdf(selectors_records.process_status(process))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{status_filename(process)}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The status as a workbook: milestones, decisions and events, one sheet each."""
    process = access.get_process_for(request.user, pk)
    require(access.actions_for(request.user, process).can_export)
    response = HttpResponse(status_xlsx(process), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{status_filename(process)}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("forloeb/<int:pk>/historik/", history, name="history"),
    path("forloeb/<int:pk>/status.pdf", export_pdf, name="export_pdf"),
    path("forloeb/<int:pk>/status.xlsx", export_xlsx, name="export_xlsx"),
]
