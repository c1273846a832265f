"""XLSX exports of the HR dashboard, the gap analysis and a Læringspilen strategy (openpyxl).

The workbooks are written in openpyxl's write-only mode, so that the list of every person's
gaps streams from the database into the file without holding all rows in memory. Text from
users (names, titles) is always written as text: a name that starts with "=" never becomes a
formula in the reader's spreadsheet.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from competencies.gaps import Coverage
from core.slugs import danish_slugify

if TYPE_CHECKING:
    from competencies.models import LearningStrategy, StrategyGoal, TargetGroup
    from competencies.selectors import StrategyPlan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)


# openpyxl writes a text that starts with "=" as a formula; these are forced to be text.
FORMULA_START = ("=", "+", "-", "@")


def _cell(sheet: WriteOnlyWorksheet, value: Any, *, bold: bool = False) -> Any:
    """A value for ``sheet.append``: plain where that is safe (fast), else a text cell."""
    if value is None:
        value = ""
    elif not isinstance(value, str | int | float | Decimal | date):
        value = str(value)  # lazy translations, model instances
    risky = isinstance(value, str) and value.startswith(FORMULA_START)
    if not (risky or bold):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    if bold:
        cell.font = BOLD
    return cell


def _sheet(
    workbook: Workbook, title: str, heading: Iterable[Any], rows: Iterable[Iterable[Any]]
) -> None:
    sheet = workbook.create_sheet(title=title[:31])  # Excel's limit on sheet names
    sheet.append([_cell(sheet, value, bold=True) for value in heading])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _coverage_cells(coverage: Coverage | None) -> list[Any]:
    if coverage is None:
        return ["", "", ""]
    return [coverage.required, coverage.met, coverage.percent]


def coverage_heading() -> list[str]:
    return [_("Krav"), _("Opfyldt"), _("Dækning (%)")]


def response(workbook: Workbook, *, name: str, organisation: Any) -> HttpResponse:
    """The workbook as a download named after the organisation and today's date."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    stem = f"{danish_slugify(name)}-{danish_slugify(organisation.name)}"
    filename = f"{stem}-{timezone.localdate():%Y-%m-%d}.xlsx"
    reply = HttpResponse(buffer.getvalue(), content_type=XLSX)
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def dashboard_workbook(*, organisation: Any, figures: dict[str, Any]) -> Workbook:
    """Every block of the dashboard on a sheet of its own.

    ``figures`` holds what the dashboard view shows: ``total``, ``people``, ``heatmap``,
    ``plan_counts``, ``awaiting``, ``learning``, ``over_time`` and ``pending_prior_learning``.
    """
    workbook = new_workbook()
    heatmap, people = figures["heatmap"], figures["people"]
    _sheet(
        workbook,
        _("Nøgletal"),
        [_("Nøgletal"), _("Værdi")],
        [
            [_("Organisation"), organisation.name],
            [_("Opgjort"), timezone.localdate()],
            [_("Personer med en kompetenceprofil"), people["people"]],
            [_("Personer med gab"), people["with_gap"]],
            [_("Krav i alt"), figures["total"].required],
            [_("Dækning (%)"), figures["total"].percent],
            [_("Tidligere læring, der venter på HR"), figures["pending_prior_learning"]],
        ],
    )
    _heatmap_sheet(workbook, heatmap)
    _sheet(
        workbook,
        _("Kompetenceplaner"),
        [_("Status"), _("Antal")],
        [[label, count] for _status, label, count in figures["plan_counts"]],
    )
    _sheet(
        workbook,
        _("Venter på godkendelse"),
        [_("Person"), _("Plan"), _("Indsendt")],
        [
            [plan.user.name, plan.title, timezone.localtime(plan.submitted_at).date()]
            if plan.submitted_at
            else [plan.user.name, plan.title, ""]
            for plan in figures["awaiting"]
        ],
    )
    learning = figures["learning"]
    _sheet(
        workbook,
        _("Timer og budget"),
        [_("År %(year)s") % {"year": learning["year"]}, _("Timer"), _("Kroner")],
        [
            [_("Planlagt i Læringspilen"), learning["planned"].hours, learning["planned"].money],
            [_("Brugt på gennemførte kurser"), learning["spent"].hours, learning["spent"].money],
            [_("Timesats (kr.)"), "", learning["rate"]],
        ],
    )
    _sheet(
        workbook,
        _("Dækning over tid"),
        [_("Dato"), *coverage_heading()],
        [[day, *_coverage_cells(coverage)] for day, coverage in figures["over_time"]],
    )
    return workbook


def _heatmap_sheet(workbook: Workbook, heatmap: Any) -> None:
    heading = [_("Kompetence"), _("Kompetenceområde")]
    for column in heatmap.columns:
        heading += [
            _("%(function)s: krav") % {"function": column.job_function.name},
            _("%(function)s: dækning (%%)") % {"function": column.job_function.name},
        ]
    rows = []
    for row in heatmap.rows:
        cells: list[Any] = [row.competence.name, row.competence.area.name]
        for cell in row.cells:
            coverage = cell.coverage
            cells += [coverage.required, coverage.percent] if coverage else ["", ""]
        rows.append(cells)
    people = [_("Personer"), ""]
    for column in heatmap.columns:
        people += [column.people, column.coverage.percent]
    _sheet(workbook, _("Funktion × kompetence"), heading, [*rows, people])


def gaps_workbook(
    *, organisation: Any, analysis: Any, people: dict[str, int], gap_rows: Iterable[dict]
) -> Workbook:
    """The gap analysis: totals, coverage per job function, department and competence, and
    every gap of every person in scope (``gap_rows`` from ``gaps.gap_listing``)."""
    workbook = new_workbook()
    total = analysis.total
    _sheet(
        workbook,
        _("Nøgletal"),
        [_("Nøgletal"), _("Værdi")],
        [
            [_("Organisation"), organisation.name],
            [_("Opgjort"), timezone.localdate()],
            [_("Personer med en kompetenceprofil"), people["people"]],
            [_("Personer med gab"), people["with_gap"]],
            [_("Krav i alt"), total.required],
            [_("Opfyldte krav"), total.met],
            [_("Dækning (%)"), total.percent],
        ],
    )
    for title, first, pairs in (
        (_("Funktioner"), _("Funktion"), analysis.by_job_function()),
        (_("Afdelinger"), _("Afdeling"), analysis.by_department()),
        (_("Kompetencer"), _("Kompetence"), analysis.by_competence()),
    ):
        _sheet(
            workbook,
            title,
            [first, *coverage_heading()],
            [
                [str(item) if item else _("Uden afdeling"), *_coverage_cells(cov)]
                for item, cov in pairs
            ],
        )
    _sheet(
        workbook,
        _("Personer med gab"),
        [
            _("Fornavn"),
            _("Efternavn"),
            _("E-mail"),
            _("Afdeling"),
            _("Funktion"),
            _("Kompetence"),
            _("Krævet niveau"),
            _("Nuværende niveau"),
        ],
        (
            [
                row["first_name"],
                row["last_name"],
                row["email"],
                " ".join(filter(None, [row["department_number"], row["department_name"]])),
                row["job_function_name"],
                row["competence_name"],
                row["required"],
                row["current"],
            ]
            for row in gap_rows
        ),
    )
    return workbook


# --- Strategies --------------------------------------------------------------------------------
# The strategy's spreadsheet is small (a few dozen lines), so it is an ordinary workbook with
# number formats rather than a write-only one.

KR = '#,##0.00 "kr."'
HOURS = "#,##0.0"


def _append(
    sheet: Any, values: list[Any], *, bold: bool = False, formats: dict[int, str] | None = None
) -> None:
    """Append a row; text is always text (a title starting with "=" is no formula)."""
    sheet.append(values)
    for index, cell in enumerate(sheet[sheet.max_row]):
        if isinstance(cell.value, str):
            cell.data_type = "s"
        if bold:
            cell.font = BOLD
        if formats and index in formats:
            cell.number_format = formats[index]


def _strategy_plan_sheet(sheet: Any, plan: StrategyPlan) -> None:
    _append(
        sheet,
        [
            _("År"),
            _("Målgruppe"),
            _("Gruppe"),
            _("Aktivitet"),
            _("AlmenVejledning"),
            _("Kursus"),
            _("Personer"),
            _("Timer pr. person"),
            _("Timer i alt"),
            _("Gebyr pr. person (kr.)"),
            _("Budget (kr.)"),
        ],
        bold=True,
    )
    formats = {7: HOURS, 8: HOURS, 9: KR, 10: KR}
    for year in plan.years:
        for cell in year.groups:
            for line in cell.lines:
                _append(
                    sheet,
                    [
                        year.year,
                        cell.group.name,
                        cell.group.kind,
                        line.title,
                        line.guide.code if line.guide else "",
                        line.course.title if line.course else "",
                        line.people,
                        line.hours_per_person,
                        line.hours_total,
                        line.fee_per_person,
                        line.budget(plan.rate),
                    ],
                    formats=formats,
                )
        total = _("I alt %(year)s") % {"year": year.year}
        _append(
            sheet,
            [total, "", "", "", "", "", year.people, None, year.hours, None, year.budget],
            bold=True,
            formats=formats,
        )
    period = _("I alt %(start)s–%(end)s") % {
        "start": plan.strategy.starts_year,
        "end": plan.strategy.ends_year,
    }
    _append(
        sheet,
        [period, "", "", "", "", "", plan.people, None, plan.hours, None, plan.budget],
        bold=True,
        formats=formats,
    )


def strategy_workbook(
    strategy: LearningStrategy,
    plan: StrategyPlan,
    *,
    goals: list[StrategyGoal],
    groups: list[TargetGroup],
) -> bytes:
    """The strategy as a spreadsheet: the plan with its sums, the goals and the target groups."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Flerårsplan")
    _strategy_plan_sheet(sheet, plan)
    about = book.create_sheet(_("Strategi"))
    for label, value in (
        (_("Titel"), strategy.title),
        (_("Organisation"), strategy.organisation.name),
        (_("Periode"), f"{strategy.starts_year}–{strategy.ends_year}"),
        (_("Status"), strategy.get_status_display()),
        (_("Timesats (kr.)"), strategy.hourly_rate),
        (_("Formål og fremtidssikringskompetence"), strategy.vision),
    ):
        _append(about, [label, value], formats={1: KR} if label == _("Timesats (kr.)") else None)
    goal_sheet = book.create_sheet(pgettext("goals", "Mål"))
    _append(
        goal_sheet,
        [
            pgettext("goals", "Mål"),
            _("Kompetence"),
            _("Målniveau"),
            _("Måldækning (%)"),
            _("Måling"),
            _("Trin"),
        ],
        bold=True,
    )
    for goal in goals:
        _append(
            goal_sheet,
            [
                goal.title,
                goal.competence.name if goal.competence else "",
                goal.target_level,
                goal.target_coverage,
                goal.measure,
                goal.stage.name,
            ],
        )
    group_sheet = book.create_sheet(_("Målgrupper"))
    _append(
        group_sheet,
        [_("Målgruppe"), _("Gruppe"), _("Funktioner"), _("Afdelinger"), _("Personer")],
        bold=True,
    )
    for group in groups:
        _append(
            group_sheet,
            [
                group.name,
                group.get_kind_display(),
                ", ".join(str(f) for f in group.job_functions.all()),
                ", ".join(str(d) for d in group.departments.all()),
                getattr(group, "people", None),  # counted by selectors.target_groups
            ],
        )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def strategy_response(strategy: LearningStrategy, content: bytes) -> HttpResponse:
    """The strategy's spreadsheet as a download named after the strategy and its period."""
    reply = HttpResponse(content, content_type=XLSX)
    filename = f"laeringsstrategi-{strategy.pk}-{strategy.starts_year}-{strategy.ends_year}.xlsx"
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply
