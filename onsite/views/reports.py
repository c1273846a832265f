"""Exports and reports: a project's xAPI statements, and each organisation's report on its
building projects (page and XLSX).

The xAPI file names people, so only the project's leaders and members get it; the report is
for HR, managers and project leaders of the organisation. Everybody else gets 404.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from io import BytesIO
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]

from core.charts import Chart, Series, bar_chart
from core.exports import xlsx_cell
from core.formats import month
from onsite import access, selectors, xapi
from onsite.models import ProjectPhase
from onsite.services.lessons import can_decide_sharing
from organisations import access as org_access
from organisations.access import me
from organisations.models import Organisation

INDICATORS_PER_PAGE = 50
PROJECTS_PER_PAGE = 50


@login_required
def xapi_export(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, pk)
    if not selectors.can_export_xapi(request.user, project):
        raise Http404
    statements = xapi.project_statements(project)
    body = json.dumps(statements, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"byggesag-{project.pk}-xapi.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _report_organisation(request: HttpRequest, org_pk: int) -> Organisation:
    """An organisation where the person is HR, a manager or a project leader; 404 otherwise."""
    ids = org_access.organisation_ids_with_any_role(request.user, access.OVERSIGHT_ROLES)
    return get_object_or_404(Organisation.objects.filter(pk__in=ids), pk=org_pk)


@login_required
def report(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = _report_organisation(request, org_pk)
    today = timezone.localdate()
    data = selectors.organisation_report(organisation.pk, today)
    projects = Paginator(data.projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    indicators = Paginator(data.indicators, INDICATORS_PER_PAGE).get_page(
        request.GET.get("effektmaal")
    )
    context = {
        "organisation": organisation,
        "report": data,
        "phase_labels": ProjectPhase.choices,
        "can_decide_sharing": can_decide_sharing(me(request), organisation),
        "projects": projects,
        "indicators": indicators,
        "indicator_rows": selectors.with_progress(indicators.object_list),
        "entries_chart": entries_chart(data.entries_per_month),
        "evidence_chart": evidence_chart(data.evidence_per_month),
    }
    return render(request, "onsite/reports/report.html", context)


@login_required
def report_export(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = _report_organisation(request, org_pk)
    today = timezone.localdate()
    content = report_xlsx(organisation, today)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"byggesager-rapport-{organisation.pk}-{today.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Charts ----------------------------------------------------------------------------------


def _month_label(day: date) -> str:
    return month(day)


def entries_chart(rows: list[selectors.MonthCount]) -> Chart:
    return bar_chart(
        title=_("Logindlæg pr. måned"),
        description=_(
            "Logindlæg på organisationens byggesager i de seneste 12 måneder: i alt %(total)s, "
            "heraf %(approved)s godkendt."
        )
        % {"total": sum(r.total for r in rows), "approved": sum(r.second for r in rows)},
        labels=[_month_label(r.month) for r in rows],
        series=[
            Series(_("Alle logindlæg"), [r.total for r in rows]),
            Series(_("Godkendte"), [r.second for r in rows]),
        ],
        label_heading=_("Måned"),
        chart_id="rapport-logindlaeg",
    )


def evidence_chart(rows: list[selectors.MonthCount]) -> Chart:
    return bar_chart(
        title=_("Dokumentation fra læringsloggen pr. måned"),
        description=_(
            "Kompetencedokumentation, som godkendte logindlæg har givet i de seneste 12 "
            "måneder: %(total)s i alt."
        )
        % {"total": sum(r.total for r in rows)},
        labels=[_month_label(r.month) for r in rows],
        series=[
            Series(_("Dokumentation"), [r.total for r in rows]),
            Series(_("Personer"), [r.second for r in rows]),
        ],
        label_heading=_("Måned"),
        chart_id="rapport-dokumentation",
    )


# --- XLSX ---------------------------------------------------------------------------------


def _sheet(workbook: Workbook, title: str, header: list[Any], rows: Iterable[list[Any]]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(title) for title in header])
    for row in rows:
        # Typed cells; text is a text cell, so "=…" is never read as a formula and shows as typed.
        sheet.append([xlsx_cell(sheet, value) for value in row])


def _project_rows(data: selectors.OrganisationReport) -> Iterator[list[Any]]:
    project: Any  # annotated with its counts
    for project in data.projects.iterator(chunk_size=500):
        yield [
            project.name,
            project.get_kind_display(),
            project.get_status_display(),
            project.get_phase_display(),
            project.starts_on,
            project.handover_on,
            project.entry_count,
            project.approved_count,
            project.indicator_count,
        ]


def _indicator_rows(data: selectors.OrganisationReport) -> Iterator[list[Any]]:
    indicator: Any  # annotated with its latest value and progress
    for indicator in selectors.with_progress(data.indicators):
        yield [
            indicator.project.name,
            indicator.name,
            indicator.get_category_display(),
            indicator.unit,
            indicator.baseline,
            indicator.target,
            indicator.latest_value,
            indicator.latest_on,
            indicator.progress,
            indicator.status_label,
        ]


def report_xlsx(organisation: Organisation, today: date) -> bytes:
    """The report as a workbook: one sheet per table of the page, every row (not paged)."""
    data = selectors.organisation_report(organisation.pk, today)
    workbook = Workbook(write_only=True)
    phases = [label for _value, label in ProjectPhase.choices]
    _sheet(
        workbook,
        _("Status og fase"),
        [_("Status"), *phases, _("I alt")],
        ([row["label"], *row["cells"], row["total"]] for row in data.status_matrix),
    )
    _sheet(
        workbook,
        _("Byggesager"),
        [
            _("Byggesag"), _("Type"), _("Status"), _("Fase"), _("Start"), _("Aflevering"),
            _("Logindlæg"), _("Godkendte logindlæg"), _("Effektmål"),
        ],
        _project_rows(data),
    )  # fmt: skip
    _sheet(
        workbook,
        _("Logindlæg pr. måned"),
        [_("Måned"), _("Alle logindlæg"), _("Godkendte")],
        ([r.month, r.total, r.second] for r in data.entries_per_month),
    )
    _sheet(
        workbook,
        _("Dokumentation pr. måned"),
        [_("Måned"), _("Dokumentation"), _("Personer")],
        ([r.month, r.total, r.second] for r in data.evidence_per_month),
    )
    _sheet(
        workbook,
        _("Effektmål"),
        [
            _("Byggesag"), _("Effektmål"), _("Effektområde"), _("Enhed"), _("Udgangspunkt"),
            _("Mål"), _("Seneste måling"), _("Dato"), _("% af vejen"), _("Status"),
        ],
        _indicator_rows(data),
    )  # fmt: skip
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


urlpatterns = [
    path("byggesager/<int:pk>/xapi.json", xapi_export, name="xapi"),
    path("byggesager/rapport/<int:org_pk>/", report, name="report"),
    path("byggesager/rapport/<int:org_pk>/rapport.xlsx", report_export, name="report_export"),
]
