"""Reads of tools: tools to choose from, a sheet's versions, and answers in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from tools.answers import answers_for_display
from tools.models import Sheet, SheetVersion, Tool, ToolQuerySet
from tools.schema import field_labels

__all__ = [
    "answers_for_display",
    "history_rows",
    "live_tools",
    "sheet_version",
    "sheet_versions",
]


def live_tools() -> ToolQuerySet:
    """The published tools, by title."""
    return Tool.objects.live().order_by("title")


def sheet_versions(sheet: Sheet) -> QuerySet[SheetVersion]:
    """The sheet's saved versions, newest first, with who saved each."""
    return SheetVersion.objects.filter(sheet=sheet).select_related("saved_by").order_by("-number")


def sheet_version(sheet: Sheet, number: int) -> SheetVersion | None:
    """One saved version of the sheet, or None."""
    return (
        SheetVersion.objects.filter(sheet=sheet, number=number).select_related("saved_by").first()
    )


def history_rows(
    sheet: Sheet,
    versions: QuerySet[SheetVersion] | list[SheetVersion],
    url: Callable[[int], str] | None,
) -> list[dict[str, Any]]:
    """The rows ``tools/includes/sheet_history.html`` shows: ``url(number)`` links a version.

    ``changed_labels`` names the questions the save changed, by their label in the sheet.
    """
    labels = field_labels(sheet.schema)
    rows = []
    for version in versions:
        rows.append(
            {
                "number": version.number,
                "saved_by": version.saved_by.name if version.saved_by else "",
                "saved_at": version.saved_at,
                "changed_labels": [labels.get(field_id, field_id) for field_id in version.changed],
                "url": url(version.number) if url else "",
            }
        )
    return rows
