"""Files onsite hands out: the organisation's report on its building projects as a workbook,
and a project's learning records as xAPI statements (JSON).

Who may download them is the views' question (``onsite.access``); these functions only build
the file from rows they are given.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from io import BytesIO
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.exports import xlsx_cell
from onsite import selectors, xapi
from onsite.models import BuildingProject, ProjectPhase
from organisations.models import Organisation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xapi_json(project: BuildingProject) -> str:
    """The project's approved entries as xAPI statements, one JSON document (names people)."""
    statements = xapi.project_statements(project)
    return json.dumps(statements, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)


# --- The organisation's report as XLSX -------------------------------------------------------


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
