"""Exports and reports: a project's xAPI statements, and each organisation's report on its
building projects (page and XLSX).

The xAPI file names people, so only the project's leaders and members get it; the report is
for HR, managers and project leaders of the organisation. Everybody else gets 404.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.charts import Chart, Series, bar_chart
from core.formats import month
from core.jobs.views import export_page
from onsite import access, export_jobs, exports, selectors
from onsite.models import ProjectPhase

INDICATORS_PER_PAGE = 50
PROJECTS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def xapi_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The statements as JSON, built in the background (``onsite.export_jobs``, whose access
    check is the project's leaders and members): POST starts it, GET shows the button."""
    project = access.get_project_for(request.user, pk)
    if not access.actions_for(request.user, project).can_export:
        raise Http404  # the statements name people: only the project's leaders and members
    return export_page(request, kind=export_jobs.XAPI, parameters={"project": project.pk})


@login_required
def report(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = access.get_report_organisation_for(request.user, org_pk)
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
        "actions": access.actions_for(request.user, organisation),
        "projects": projects,
        "indicators": indicators,
        "indicator_rows": selectors.with_progress(indicators.object_list),
        "entries_chart": entries_chart(data.entries_per_month),
        "evidence_chart": evidence_chart(data.evidence_per_month),
    }
    return render(request, "onsite/reports/report.html", context)


@login_required
def report_export(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = access.get_report_organisation_for(request.user, org_pk)
    today = timezone.localdate()
    content = exports.report_xlsx(organisation, today)
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
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


urlpatterns = [
    path("byggesager/<int:pk>/xapi.json", xapi_export, name="xapi"),
    path("byggesager/rapport/<int:org_pk>/", report, name="report"),
    path("byggesager/rapport/<int:org_pk>/rapport.xlsx", report_export, name="report_export"),
]
