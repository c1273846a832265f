"""Spreadsheets of the privacy pages: the access log as XLSX.

(The person's own data export, the ZIP of Mine data, is ``privacy.export``.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from competencies import exports as workbooks
from core.models import AccessEvent
from organisations.models import Organisation
from privacy.audit_selectors import object_label, person_label

# Rows stream from the database in chunks of this size.
CHUNK = 2000


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


def access_log_response(events: Any, *, organisation: Organisation) -> HttpResponse:
    """The (filtered) access log of ``organisation`` as an XLSX download (a write-only
    workbook: rows stream from the database)."""
    workbook = workbooks.new_workbook()
    sheet = workbook.create_sheet(title=_("Persondatalog")[:31])
    heading = [_("Tidspunkt"), _("Hændelse"), _("Udført af"), _("Hvis data"), _("Type"), _("Id")]
    sheet.append([_cell(sheet, value, bold=True) for value in heading])
    for row in _rows(events.iterator(chunk_size=CHUNK)):
        sheet.append([_cell(sheet, value) for value in row])
    return workbooks.response(workbook, name=_("persondatalog"), organisation=organisation)
