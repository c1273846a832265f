"""The HR import's pages: upload, preview (with row fixes), progress and report.

Thin views: the organisation and the import come from ``organisations.access`` (404 for anyone
but the organisation's HR and superusers), rows from ``people_import.selectors``, every write
through ``people_import.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from core.views import service_refusal
from organisations import access
from organisations.access import me
from organisations.models import Organisation, PersonImport, PersonImportAction, PersonImportStatus
from organisations.people_import import selectors, services, template
from organisations.people_import.forms import PersonImportRowForm, PersonImportUploadForm

PAGE_SIZE = 50
HISTORY_SIZE = 20
POLL_SECONDS = 2
FORMATS = ("csv", "xlsx")
RUNNING = (PersonImportStatus.QUEUED, PersonImportStatus.APPLYING)


def _import(request: HttpRequest, pk: int, import_pk: int) -> tuple[Organisation, PersonImport]:
    organisation = access.get_organisation_for_importer(request.user, pk)
    return organisation, access.get_person_import_for(request.user, organisation, import_pk)


@login_required
def import_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file (it is read and previewed; nothing changes yet) and see earlier imports."""
    organisation = access.get_organisation_for_importer(request.user, pk)
    posted = request.method == "POST"
    form = PersonImportUploadForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            person_import = services.person_import_create(
                organisation=organisation,
                uploaded_by=me(request),
                file=form.cleaned_data["file"],
                full_list=form.cleaned_data["full_list"],
            )
        if not refused:
            return redirect("organisations:import_detail", organisation.pk, person_import.pk)
    history = selectors.organisation_imports(organisation)
    page = Paginator(history, HISTORY_SIZE).get_page(request.GET.get("side"))
    context = {"organisation": organisation, "form": form, "page": page}
    return render(request, "organisations/import/import_list.html", context)


@login_required
def import_detail(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """The preview, the progress while it is applied, and then the report."""
    organisation, person_import = _import(request, pk, import_pk)
    action = request.GET.get("handling", "")
    rows = selectors.import_rows(person_import, action)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {
        "organisation": organisation,
        "person_import": person_import,
        "page": page,
        "rows": selectors.row_views(page.object_list),
        "action": action if action in PersonImportAction.values else "",
        "actions": PersonImportAction.choices,
        "counts": _counts(person_import),
        "poll_seconds": POLL_SECONDS,
        "running": person_import.status in RUNNING,
    }
    return render(request, "organisations/import/import_detail.html", context)


def _counts(person_import: PersonImport) -> list[tuple[str, str, int]]:
    counts = person_import.counts or {}
    return [
        (value, str(label), counts.get(value, 0)) for value, label in PersonImportAction.choices
    ]


@login_required
def import_status(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """The progress bar (htmx polls it); once the import is no longer running the page reloads
    to show the report."""
    organisation, person_import = _import(request, pk, import_pk)
    context = {
        "organisation": organisation,
        "person_import": person_import,
        "poll_seconds": POLL_SECONDS,
        "running": person_import.status in RUNNING,
    }
    response = render(request, "organisations/import/_status.html", context)
    if getattr(request, "htmx", False) and person_import.status not in RUNNING:
        response["HX-Refresh"] = "true"
    return response


@login_required
def import_row_fix(request: HttpRequest, pk: int, import_pk: int, row_pk: int) -> HttpResponse:
    """Correct one row of the preview; the file is planned again and the row's errors (if any
    remain) are shown beside the fields, with what was typed."""
    organisation, person_import = _import(request, pk, import_pk)
    row = access.get_person_import_row_for(request.user, person_import, row_pk)
    if person_import.status != PersonImportStatus.PREVIEW or row.row_number is None:
        raise Http404
    columns = list((row.values or {}).keys()) or ["email"]
    # Bound on GET too (to the row's values), so that its errors can stand beside the fields.
    data = request.POST if request.method == "POST" else dict(row.values or {})
    form = PersonImportRowForm(data, columns=columns)
    if form.is_valid() and request.method == "POST":
        with service_refusal(form) as refused:
            row = services.person_import_row_fix(
                row=row, values=form.cleaned_data, actor=me(request)
            )
        if not refused and not row.errors:
            messages.success(request, _("Linje %(line)s er rettet.") % {"line": row.row_number})
            return redirect("organisations:import_detail", organisation.pk, person_import.pk)
    if not form.errors:
        for name, errors in selectors.field_errors(row).items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    context = {
        "organisation": organisation,
        "person_import": person_import,
        "row": row,
        "form": form,
    }
    return render(request, "organisations/import/row_fix.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    organisation, person_import = _import(request, pk, import_pk)
    with service_refusal(request) as refused:
        services.person_import_confirm(person_import=person_import, actor=me(request))
    if not refused:
        messages.success(request, _("Importen er sat i gang."))
    return redirect("organisations:import_detail", organisation.pk, person_import.pk)


@login_required
@require_POST
def import_cancel(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    organisation, person_import = _import(request, pk, import_pk)
    with service_refusal(request) as refused:
        services.person_import_cancel(person_import=person_import, actor=me(request))
    if not refused:
        messages.success(request, _("Importen er annulleret. Intet er ændret."))
    return redirect("organisations:imports", organisation.pk)


@login_required
@require_POST
def import_resume(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    organisation, person_import = _import(request, pk, import_pk)
    with service_refusal(request) as refused:
        services.person_import_resume(person_import=person_import, actor=me(request))
    if not refused:
        messages.success(request, _("Importen fortsætter, hvor den stoppede."))
    return redirect("organisations:import_detail", organisation.pk, person_import.pk)


@login_required
def import_report(request: HttpRequest, pk: int, import_pk: int, fmt: str) -> HttpResponse:
    """The rows with errors, as CSV or XLSX: fix them in the sheet and upload it again."""
    _organisation, person_import = _import(request, pk, import_pk)
    if fmt not in FORMATS:
        raise Http404
    header = selectors.report_header()
    lines = selectors.report_lines(person_import)
    stamp = timezone.localtime(person_import.created_at).strftime("%Y-%m-%d")
    name = f"personimport-fejl-{stamp}"
    if fmt == "xlsx":
        body = template.xlsx_bytes(header, lines, title=_("Fejl"))
        return _download(body, XLSX_CONTENT_TYPE, f"{name}.xlsx")
    return _download(template.csv_bytes(header, lines), CSV_CONTENT_TYPE, f"{name}.csv")


def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The import file's template with three example people (open to all: it holds no data)."""
    if fmt not in FORMATS:
        raise Http404
    header = template.template_header()
    if fmt == "xlsx":
        body = template.xlsx_bytes(header, template.TEMPLATE_ROWS, title=_("Personer"))
        return _download(body, XLSX_CONTENT_TYPE, "personimport-skabelon.xlsx")
    body = template.csv_bytes(header, template.TEMPLATE_ROWS)
    return _download(body, CSV_CONTENT_TYPE, "personimport-skabelon.csv")


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
