"""A milestone's documents and decision log: add, download (access-checked), delete.

The milestone page shows both through ``processes/documents/_milestone_documents.html`` and
``_milestone_decisions.html`` (their rows come from the ``process_records`` template tags); the
forms there post here. A refused upload (a file that is not what its name says) is shown again
on its own page, the message beside the field. Files are served only through
``document_download``, which asks the policy first; they are never reachable by URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import require
from core.views import service_refusal
from organisations.access import me
from processes import access
from processes.forms_documents import DecisionForm, DocumentForm
from processes.models import Milestone, MilestoneDocument, Process
from processes.services import documents as services


def _milestone(request: HttpRequest, pk: int, mpk: int) -> tuple[Process, Milestone]:
    """The process and milestone, or 404; 403 for a person who may not add to them."""
    process = access.get_process_for(request.user, pk)
    milestone = access.get_milestone_for(request.user, process, mpk)
    milestone.process = process
    actions = access.milestone_actions(
        request.user, milestone, process_actions=access.actions_for(request.user, process)
    )
    require(actions.can_contribute)
    return process, milestone


def _back(process: Process, milestone: Milestone, anchor: str) -> str:
    url = reverse("processes:milestone", kwargs={"pk": process.pk, "mpk": milestone.pk})
    return f"{url}#{anchor}"


@login_required
def document_add(request: HttpRequest, pk: int, mpk: int) -> HttpResponse:
    process, milestone = _milestone(request, pk, mpk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            document = services.document_add(
                actor=me(request),
                milestone=milestone,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        if not refused:
            messages.success(
                request, _("Dokumentet »%(title)s« er uploadet.") % {"title": document.title}
            )
            return redirect(_back(process, milestone, "dokumenter"))
    context = {"process": process, "milestone": milestone, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "processes/documents/document_form.html", context, status=status)


def _document(request: HttpRequest, pk: int, dpk: int) -> MilestoneDocument:
    document = access.get_document_for(request.user, dpk)
    if document.milestone.process_id != pk:
        raise Http404
    return document


@login_required
def document_download(request: HttpRequest, pk: int, dpk: int) -> FileResponse:
    """The file, only for those who see its process; always a download, never sniffed."""
    document = _document(request, pk, dpk)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.original_name or f"dokument-{document.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int, dpk: int) -> HttpResponse:
    document = _document(request, pk, dpk)
    require(access.document_actions(request.user, document).can_delete)
    milestone = document.milestone
    with service_refusal(request) as refused:
        services.document_delete(actor=me(request), document=document)
    if not refused:
        messages.success(request, _("Dokumentet er slettet."))
    return redirect(_back(milestone.process, milestone, "dokumenter"))


@login_required
def decision_add(request: HttpRequest, pk: int, mpk: int) -> HttpResponse:
    process, milestone = _milestone(request, pk, mpk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.decision_add(actor=me(request), milestone=milestone, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Beslutningen er skrevet i beslutningsloggen."))
            return redirect(_back(process, milestone, "beslutninger"))
    context = {"process": process, "milestone": milestone, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "processes/documents/decision_form.html", context, status=status)


urlpatterns = [
    path("forloeb/<int:pk>/milepaele/<int:mpk>/dokumenter/ny/", document_add, name="document_add"),
    path("forloeb/<int:pk>/dokumenter/<int:dpk>/", document_download, name="document"),
    path("forloeb/<int:pk>/dokumenter/<int:dpk>/slet/", document_delete, name="document_delete"),
    path(
        "forloeb/<int:pk>/milepaele/<int:mpk>/beslutninger/ny/",
        decision_add,
        name="decision_add",
    ),
]
