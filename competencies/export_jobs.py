"""The competence pages' exports as background jobs (``core.jobs``): the HR dashboard and the
gap analysis as XLSX, and a Læringspilen strategy's multi-year plan.

Each kind's access check is the one the page uses (``competencies.access``), run as the person
who asked: when the export is started, again in the worker, and again at the download. The
workbooks are the ones ``competencies.exports`` writes; the figures are the pages' own.
"""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from competencies import access, exports, gaps, selectors
from competencies.forms.hr import GapFilterForm
from core.audit import AccessAction, audit_record
from core.jobs.models import ExportJob
from core.jobs.registry import BuildContext, ExportFile, Scope, register_export
from core.slugs import danish_slugify

DASHBOARD = "competencies.dashboard"
GAPS = "competencies.gaps"
STRATEGY = "competencies.strategy"
FILTERS = ("department", "job_function", "competence")
# Gap rows between two progress reports.
ROWS_PER_REPORT = 500


def _int(parameters: dict[str, Any], name: str) -> int:
    value = parameters.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise Http404
    return value


def _workbook_file(workbook: Workbook, *, name: str, organisation: Any) -> ExportFile:
    """The workbook, named as the old download was (``exports.response``)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    stem = f"{danish_slugify(name)}-{danish_slugify(organisation.name)}"
    return ExportFile(
        content=buffer.getvalue(),
        filename=f"{stem}-{timezone.localdate():%Y-%m-%d}.xlsx",
        content_type=exports.XLSX,
    )


def _viewer_scope(user: Any, organisation: Any) -> gaps.Scope:
    # The pages' own scope (a manager: their department), from the view module that defines it;
    # it reads nothing of the request but the person.
    from competencies.views import hr

    return hr._scope(SimpleNamespace(user=user), organisation)  # type: ignore[arg-type]


# --- The HR dashboard ------------------------------------------------------------------------


def dashboard_authorise(user: Any, parameters: dict[str, Any]) -> Scope:
    organisation = access.get_dashboard_organisation_for(user, _int(parameters, "organisation"))
    back = reverse("competencies:dashboard", args=[organisation.pk])
    return Scope(organisation_id=organisation.pk, label=organisation.name, back_url=back)


def dashboard_build(context: BuildContext) -> ExportFile:
    from competencies.views import hr

    organisation_id = _int(context.parameters, "organisation")
    organisation = access.get_dashboard_organisation_for(context.user, organisation_id)
    context.progress(0, 2)
    found = hr._dashboard_figures(_viewer_scope(context.user, organisation))
    context.progress(1, 2)
    workbook = exports.dashboard_workbook(organisation=organisation, figures=found)
    result = _workbook_file(workbook, name=_("kompetenceoversigt"), organisation=organisation)
    context.progress(2, 2)
    return result


# --- The gap analysis ----------------------------------------------------------------------


def gap_parameters(organisation_id: int, filters: dict[str, int | None]) -> dict[str, Any]:
    """A gap export's parameters: the organisation and the page's valid filter choices (ids)."""
    chosen = {name: filters.get(f"{name}_id") for name in FILTERS}
    return {"organisation": organisation_id, **{k: v for k, v in chosen.items() if v}}


def _gap_scope(user: Any, parameters: dict[str, Any]) -> tuple[Any, gaps.Scope]:
    """The organisation and the filtered scope, the choices checked again as the page does (a
    department of another organisation is no choice)."""
    organisation = access.get_dashboard_organisation_for(user, _int(parameters, "organisation"))
    scope = _viewer_scope(user, organisation)
    data = {name: str(parameters[name]) for name in FILTERS if parameters.get(name)}
    form = GapFilterForm(data, departments=selectors.departments_of(scope.memberships))
    if data and not form.is_valid():
        raise Http404
    return organisation, scope.narrowed(**form.filters())


def gaps_authorise(user: Any, parameters: dict[str, Any]) -> Scope:
    organisation, _scope = _gap_scope(user, parameters)
    back = reverse("competencies:gaps", args=[organisation.pk])
    return Scope(organisation_id=organisation.pk, label=organisation.name, back_url=back)


def _counted(rows: Any, context: BuildContext, total: int) -> Any:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % ROWS_PER_REPORT == 0:
            context.progress(done, max(total, done))
    context.progress(max(total, done), max(total, done))


def gaps_build(context: BuildContext) -> ExportFile:
    organisation, scope = _gap_scope(context.user, context.parameters)
    analysis = gaps.Analysis(scope)
    total = analysis.total.gaps
    context.progress(0, total)
    workbook = exports.gaps_workbook(
        organisation=organisation,
        analysis=analysis,
        people=gaps.people_counts(scope),
        gap_rows=_counted(gaps.gap_rows_streamed(scope), context, total),
    )
    return _workbook_file(workbook, name=_("kompetencegab"), organisation=organisation)


def gaps_downloaded(job: ExportJob, request: Any) -> None:
    # Gaps per named person: an export of the organisation's people's data, logged when the
    # file leaves the platform, as the old download did.
    audit_record(
        actor=request.user,
        action=AccessAction.HR_EXPORT,
        organisation=job.organisation_id,
        request=request,
        detail={"export": "gaps", "job": str(job.uuid)},
    )


# --- A Læringspilen strategy ---------------------------------------------------------------


def strategy_authorise(user: Any, parameters: dict[str, Any]) -> Scope:
    strategy = access.get_strategy_for(user, _int(parameters, "strategy"))
    label = f"{strategy.title} ({strategy.starts_year}–{strategy.ends_year})"
    back = reverse("competencies:strategy_detail", args=[strategy.pk])
    return Scope(organisation_id=strategy.organisation_id, label=label, back_url=back)


def strategy_build(context: BuildContext) -> ExportFile:
    strategy = access.get_strategy_for(context.user, _int(context.parameters, "strategy"))
    context.progress(0, 1)
    groups = list(selectors.target_groups(strategy))
    content = exports.strategy_workbook(
        strategy,
        selectors.strategy_plan(strategy, groups),
        goals=list(selectors.strategy_goals(strategy)),
        groups=groups,
    )
    context.progress(1, 1)
    filename = f"laeringsstrategi-{strategy.pk}-{strategy.starts_year}-{strategy.ends_year}.xlsx"
    return ExportFile(content=content, filename=filename, content_type=exports.XLSX)


register_export(
    DASHBOARD,
    title=gettext_lazy("Kompetenceoversigt som regneark (XLSX)"),
    authorise=dashboard_authorise,
    build=dashboard_build,
)
register_export(
    GAPS,
    title=gettext_lazy("Kompetencegab som regneark (XLSX)"),
    authorise=gaps_authorise,
    build=gaps_build,
    downloaded=gaps_downloaded,
)
register_export(
    STRATEGY,
    title=gettext_lazy("Læringspilens flerårsplan (Excel)"),
    authorise=strategy_authorise,
    build=strategy_build,
)
