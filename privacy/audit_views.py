"""The access log for HR (/persondatalog/): who logged in, and who saw or fetched the data of the
organisation's people. Filterable, paginated, and exportable as XLSX.

Only HR of the organisation reads it (404 for everyone else, like any other organisation's
page); reading it is not itself logged, exporting it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from competencies import exports
from core.audit import audit_record
from core.models import AccessAction, AccessEvent
from organisations.models import Organisation
from privacy import audit_selectors as selectors
from privacy.audit_forms import AccessLogFilterForm

PAGE_SIZE = 50


def _organisation(request: HttpRequest, org_pk: int) -> Organisation:
    """An organisation where the person is HR; 404 for every other."""
    return get_object_or_404(selectors.hr_organisations(request.user), pk=org_pk)


def object_label(event: AccessEvent) -> str:
    """What kind of thing the event touched, in the reader's language ("kompetenceplan")."""
    if not event.object_type:
        return ""
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        return event.object_type
    return str(model._meta.verbose_name)


def person_label(user: Any, *, nobody: str) -> str:
    return user.name if user is not None else nobody


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The organisations whose log the person reads; straight to it when there is one."""
    organisations = list(selectors.hr_organisations(request.user))
    if not organisations:
        raise Http404
    if len(organisations) == 1:
        return redirect("audit:log", org_pk=organisations[0].pk)
    return render(request, "privacy/audit_index.html", {"organisations": organisations})


def _filtered(request: HttpRequest, organisation: Organisation) -> tuple[AccessLogFilterForm, Any]:
    form = AccessLogFilterForm(
        request.GET or None, people=selectors.organisation_people(organisation)
    )
    events = selectors.events_for_organisation(organisation)
    filters = form.filters()
    if filters is None:
        return form, events.none()
    return form, selectors.narrowed(events, **filters)


@login_required
def log(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk)
    form, events = _filtered(request, organisation)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.object_label = object_label(event)  # type: ignore[attr-defined]
    context = {"organisation": organisation, "form": form, "page_obj": page}
    return render(request, "privacy/audit_log.html", context)


def _cell(sheet: Any, value: Any, *, bold: bool = False) -> Any:
    """Text always as text: a name starting with "=" never becomes a formula (as in
    ``competencies.exports``)."""
    cell = WriteOnlyCell(sheet, value=value if not isinstance(value, Promise) else str(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _rows(events: Iterable[AccessEvent]) -> Iterator[list[Any]]:
    zone = timezone.get_current_timezone()
    for event in events:
        yield [
            timezone.localtime(event.at, zone).replace(tzinfo=None),
            event.get_action_display(),
            person_label(event.actor, nobody=_("Ukendt")),
            person_label(event.subject, nobody=""),
            object_label(event),
            event.object_id,
        ]


@login_required
def log_export(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The filtered log as XLSX (write-only workbook: rows stream from the database)."""
    organisation = _organisation(request, org_pk)
    _form, events = _filtered(request, organisation)
    workbook = exports.new_workbook()
    sheet = workbook.create_sheet(title=_("Persondatalog")[:31])
    heading = [_("Tidspunkt"), _("Hændelse"), _("Udført af"), _("Hvis data"), _("Type"), _("Id")]
    sheet.append([_cell(sheet, value, bold=True) for value in heading])
    for row in _rows(events.iterator(chunk_size=2000)):
        sheet.append([_cell(sheet, value) for value in row])
    audit_record(
        actor=request.user,
        action=AccessAction.HR_EXPORT,
        organisation=organisation,
        request=request,
        detail={"export": "access_log"},
    )
    return exports.response(workbook, name=_("persondatalog"), organisation=organisation)
