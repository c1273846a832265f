"""Reads for the import pages: the history, the rows (errors first), and how a row reads.

Each list is one query for its page of rows whatever the size of the file (the rows carry what
the page shows in their JSON: no join per row).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from organisations.models import (
    Organisation,
    PersonImport,
    PersonImportAction,
    PersonImportRow,
)
from organisations.people_import.parse import DANISH_HEADINGS, FIELD_LABELS

Action = PersonImportAction


def organisation_imports(organisation: Organisation) -> QuerySet[PersonImport]:
    """The organisation's imports, newest first, with who uploaded them."""
    return PersonImport.objects.filter(organisation=organisation).select_related("uploaded_by")


def import_rows(person_import: PersonImport, action: str = "") -> QuerySet[PersonImportRow]:
    """The rows of an import, the errors first, then by line (deactivations last)."""
    rows = person_import.rows.all()
    if action in Action.values:
        rows = rows.filter(action=action)
    return rows.annotate(
        error_first=Case(
            When(action=Action.ERROR, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("error_first", F("row_number").asc(nulls_last=True), "pk")


def error_rows(person_import: PersonImport) -> QuerySet[PersonImportRow]:
    return import_rows(person_import, Action.ERROR)


@dataclass(frozen=True)
class RowView:
    """A row as the table shows it."""

    row: PersonImportRow
    name: str
    details: list[str]
    errors: list[str]

    @property
    def is_error(self) -> bool:
        return self.row.action == Action.ERROR


def row_view(row: PersonImportRow) -> RowView:
    values = row.values or {}
    name = values.get("name") or " ".join(
        part for part in (values.get("first_name", ""), values.get("last_name", "")) if part
    )
    changes = row.changes if isinstance(row.changes, dict) else {}
    details = [
        _("%(field)s: %(old)s → %(new)s")
        % {"field": FIELD_LABELS.get(key, key), "old": old or "–", "new": new or "–"}
        for key, (old, new) in (changes.get("fields") or {}).items()
    ]
    details += [str(note) for note in changes.get("notes") or []]
    errors = [
        _("%(field)s: %(message)s")
        % {
            "field": FIELD_LABELS.get(e.get("field", ""), e.get("field", "")),
            "message": e["message"],
        }
        for e in row.errors or []
    ]
    return RowView(row=row, name=name, details=details, errors=errors)


def row_views(rows: Iterable[PersonImportRow]) -> list[RowView]:
    return [row_view(row) for row in rows]


def field_errors(row: PersonImportRow) -> dict[str, list[str]]:
    """The row's errors by field, for the correcting form."""
    found: dict[str, list[str]] = {}
    for error in row.errors or []:
        found.setdefault(error.get("field", ""), []).append(error["message"])
    return found


# The report's columns: the file's own headings (Danish), then the line and the reasons.
REPORT_COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "name",
    "employee_number",
    "department",
    "job_function",
    "manager_email",
    "roles",
]


def report_header() -> list[str]:
    return [_("linje"), *(DANISH_HEADINGS[name] for name in REPORT_COLUMNS), _("fejl")]


def report_lines(person_import: PersonImport) -> Iterable[list[object]]:
    """The error rows as the file had them, with why: fix the lines and upload them again."""
    for row in error_rows(person_import).iterator(chunk_size=1000):
        values = row.values or {}
        reasons = " ".join(row_view(row).errors)
        yield [row.row_number, *(values.get(name, "") for name in REPORT_COLUMNS), reasons]
