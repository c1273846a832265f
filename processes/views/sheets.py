"""A process's shared tools: the list, one tool to fill in (with its history of versions), an
earlier version, and the filled tool as PDF.

The process's people fill in a tool together; every save is a version (who changed what). A
save made on an older version than the one now stored is refused by the tools engine with a
Danish message, and the form comes back with what the person typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core.access import require
from core.slugs import danish_slugify
from core.views import service_refusal
from organisations.access import me
from processes import access, selectors_records
from processes.models import Process, ProcessSheet
from processes.services.sheets import process_sheet_save
from tools import selectors as tool_selectors
from tools.forms import SheetForm

HISTORY_PAGE_SIZE = 25


def _sheet(request: HttpRequest, pk: int, sheet_pk: int) -> tuple[Process, ProcessSheet]:
    process = access.get_process_for(request.user, pk)
    process_sheet = access.get_sheet_for(request.user, process, sheet_pk)
    process_sheet.process = process
    return process, process_sheet


@login_required
def sheet_list(request: HttpRequest, pk: int) -> HttpResponse:
    process = access.get_process_for(request.user, pk)
    context = {
        "process": process,
        "sheets": list(selectors_records.sheets_with_state(process)),
    }
    return render(request, "processes/sheets/list.html", context)


def _version_url(process: Process, process_sheet: ProcessSheet) -> Any:
    def url(number: int) -> str:
        return reverse(
            "processes:sheet_version",
            kwargs={"pk": process.pk, "sheet_pk": process_sheet.pk, "number": number},
        )

    return url


@login_required
def sheet_detail(request: HttpRequest, pk: int, sheet_pk: int) -> HttpResponse:
    process, process_sheet = _sheet(request, pk, sheet_pk)
    sheet = process_sheet.sheet
    actions = access.sheet_actions_for(request.user, process)
    if request.method == "POST":
        require(actions.can_edit)
    form = SheetForm(
        sheet.schema,
        request.POST or None,
        initial_answers=sheet.data,
        base_version=sheet.version,
    )
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            process_sheet_save(
                actor=me(request),
                process_sheet=process_sheet,
                answers=form.answers(),
                base_version=form.cleaned_data["base_version"],
            )
        if not refused:
            messages.success(request, _("Svarene er gemt."))
            return redirect("processes:sheet", pk=process.pk, sheet_pk=process_sheet.pk)
        # Someone saved in between: the page shows their version beside the typed answers, and
        # saving again (on purpose) replaces it.
        data = request.POST.copy()
        data["base_version"] = str(sheet.version)
        form.data = data
    page = Paginator(tool_selectors.sheet_versions(sheet), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "process": process,
        "process_sheet": process_sheet,
        "sheet": sheet,
        "form": form,
        "actions": actions,
        "rows": tool_selectors.answers_for_display(sheet.schema, sheet.data),
        "history": tool_selectors.history_rows(
            sheet, list(page), _version_url(process, process_sheet)
        ),
        "page_obj": page,
        "action": request.path,
    }
    status = 400 if form.is_bound else 200
    return render(request, "processes/sheets/detail.html", context, status=status)


@login_required
def sheet_version(request: HttpRequest, pk: int, sheet_pk: int, number: int) -> HttpResponse:
    process, process_sheet = _sheet(request, pk, sheet_pk)
    version = tool_selectors.sheet_version(process_sheet.sheet, number)
    if version is None:
        raise Http404
    context = {
        "process": process,
        "process_sheet": process_sheet,
        "sheet": process_sheet.sheet,
        "version": version,
        "rows": tool_selectors.answers_for_display(process_sheet.sheet.schema, version.data),
    }
    return render(request, "processes/sheets/version.html", context)


@login_required
def sheet_pdf_view(request: HttpRequest, pk: int, sheet_pk: int) -> HttpResponse:
    """The filled tool as a Danish PDF; ``?version=n`` prints an earlier version."""
    from tools.pdf import sheet_pdf

    process, process_sheet = _sheet(request, pk, sheet_pk)
    sheet = process_sheet.sheet
    data = None
    number = request.GET.get("version", "")
    if number:
        version = tool_selectors.sheet_version(sheet, int(number)) if number.isdigit() else None
        if version is None:
            raise Http404
        data = version.data
    lines = [
        (_("Forløb"), process.title),
        (_("Organisation"), process.organisation.name),
    ]
    if process_sheet.milestone is not None:
        lines.append((_("Milepæl"), str(process_sheet.milestone)))
    if number:
        lines.append((_("Version"), number))
    content = sheet_pdf(sheet=sheet, heading=process_sheet.tool.title, lines=lines, data=data)
    name = danish_slugify(process_sheet.tool.title) or "vaerktoej"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-{process.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


PREFIX = "forloeb/<int:pk>/vaerktoejer"

urlpatterns = [
    path(f"{PREFIX}/", sheet_list, name="sheets"),
    path(f"{PREFIX}/<int:sheet_pk>/", sheet_detail, name="sheet"),
    path(f"{PREFIX}/<int:sheet_pk>/version/<int:number>/", sheet_version, name="sheet_version"),
    path(f"{PREFIX}/<int:sheet_pk>/pdf/", sheet_pdf_view, name="sheet_pdf"),
]
