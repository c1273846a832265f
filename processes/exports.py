"""The process status as a workbook: one sheet of milestones, one of decisions, one of events.

Who may download it is the view's question (``processes.access``); this module only builds the
file from the rows the selectors give. Cells are typed (dates as dates) and text is never read
as a formula (``core.exports.xlsx_cell``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.exports import xlsx_cell
from core.slugs import danish_slugify
from processes import selectors_records
from processes.models import Milestone, MilestoneDecision, Process, ProcessEvent


def status_filename(process: Process) -> str:
    """``forloeb-<title>-<pk>`` (without extension)."""
    return f"forloeb-{danish_slugify(process.title) or 'status'}-{process.pk}"


def _sheet(workbook: Workbook, title: str, header: list[Any], rows: Iterable[list[Any]]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(label) for label in header])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])


def _name(person: Any) -> str:
    return str(person.name) if person is not None else ""


def _milestone_rows(milestones: list[Milestone]) -> Iterator[list[Any]]:
    for milestone in milestones:
        yield [
            milestone.position,
            milestone.phase.title,
            milestone.title,
            milestone.get_status_display(),
            _name(milestone.responsible),
            milestone.due_on,
            _("Ja") if getattr(milestone, "is_late", False) else _("Nej"),
            milestone.reached_on,
            milestone.skip_reason,
            milestone.notes,
        ]


def _decision_rows(decisions: Iterable[MilestoneDecision]) -> Iterator[list[Any]]:
    for decision in decisions:
        yield [
            str(decision.milestone),
            decision.decided_on,
            decision.text,
            _name(decision.recorded_by),
            decision.created_at,
        ]


def _event_rows(events: Iterable[ProcessEvent]) -> Iterator[list[Any]]:
    for event in events:
        yield [
            event.created_at,
            _name(event.actor),
            str(event.milestone) if event.milestone is not None else "",
            event.action,
            event.comment,
        ]


def status_xlsx(process: Process) -> bytes:
    """The status workbook of ``process``: every row (not paged), in a fixed number of queries."""
    report = selectors_records.process_status(process, today=timezone.localdate())
    workbook = Workbook(write_only=True)
    _sheet(
        workbook,
        _("Milepæle"),
        [
            _("Nr."), _("Fase"), _("Milepæl"), _("Status"), _("Ansvarlig"), _("Frist"),
            _("Overskredet"), _("Nået den"), _("Begrundelse for at springe over"), _("Noter"),
        ],
        _milestone_rows(report.milestones),
    )  # fmt: skip
    _sheet(
        workbook,
        _("Beslutninger"),
        [_("Milepæl"), _("Besluttet den"), _("Beslutning"), _("Skrevet af"), _("Skrevet")],
        _decision_rows(selectors_records.status_decisions(process).iterator(chunk_size=500)),
    )
    _sheet(
        workbook,
        _("Hændelser"),
        [_("Tidspunkt"), _("Af"), _("Milepæl"), _("Handling"), _("Hvad")],
        _event_rows(
            selectors_records.events_of(process)
            .order_by("created_at", "pk")
            .iterator(chunk_size=500)
        ),
    )
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
