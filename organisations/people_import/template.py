"""The downloadable template (CSV and XLSX), and the report of error rows in the same shapes.

Both are written by the project's safe writers (``core.exports``): CSV in the Danish dialect
(UTF-8 with a byte-order mark, semicolons, formulas neutralised), XLSX with typed text cells.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from core.exports import BOM, csv_writer, xlsx_cell
from organisations.people_import.parse import DANISH_HEADINGS

TEMPLATE_COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "employee_number",
    "department",
    "job_function",
    "manager_email",
    "roles",
]
# Made-up people of a made-up organisation (example.dk is reserved for examples).
TEMPLATE_ROWS = [
    [
        "lone.madsen@boligselskab.example.dk",
        "Lone",
        "Madsen",
        "1001",
        "",
        "driftschef",
        "",
        "medarbejder, leder",
    ],
    [
        "anders.holm@boligselskab.example.dk",
        "Anders",
        "Holm",
        "1002",
        "101",
        "ejendomsfunktionaer",
        "lone.madsen@boligselskab.example.dk",
        "medarbejder",
    ],
    [
        "sara.nielsen@boligselskab.example.dk",
        "Sara",
        "Nielsen",
        "1003",
        "",
        "administrativ-medarbejder",
        "lone.madsen@boligselskab.example.dk",
        "medarbejder, HR",
    ],
]


def template_header() -> list[str]:
    return [DANISH_HEADINGS[name] for name in TEMPLATE_COLUMNS]


def csv_bytes(header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    stream = io.StringIO()
    stream.write(BOM)
    writer = csv_writer(stream)
    writer.writerow(header)
    writer.writerows(rows)
    return stream.getvalue().encode("utf-8")


def xlsx_bytes(header: list[str], rows: Iterable[Iterable[object]], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    headings = []
    for heading in header:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        headings.append(cell)
    sheet.append(headings)
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
