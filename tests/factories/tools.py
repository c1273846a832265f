"""Factories for fillable tools: a published tool with a field of every kind, and its sheets.

``ToolFactory()`` is live (published) with six questions: a text, a single choice, a scale, a
checklist, a table and a matrix, each with a fixed block id so tests can name the answers
(``"f-text"`` …). ``SheetFactory(tool=tool)`` is an empty sheet of it (version 0).
"""

from __future__ import annotations

import json
from typing import Any

import factory
from factory.django import DjangoModelFactory

from tools.models import Sheet, Tool, ToolKind


def tool_fields() -> list[dict[str, Any]]:
    """Raw StreamField data with one question of every kind (ids = the kind's name)."""
    return [
        {
            "type": "text",
            "id": "text",
            "value": {
                "label": "Hvad er formålet?",
                "help_text": "Skriv kort.",
                "required": True,
                "multiline": True,
            },
        },
        {
            "type": "choice",
            "id": "choice",
            "value": {
                "label": "Hvilken model?",
                "help_text": "",
                "required": False,
                "options": ["Civilsamfund", "Kommune", "Marked", "Partnerskab"],
                "multiple": False,
            },
        },
        {
            "type": "scale",
            "id": "scale",
            "value": {
                "label": "Hvor klar er afdelingen?",
                "help_text": "",
                "required": False,
                "minimum": 1,
                "maximum": 5,
                "low_label": "Slet ikke",
                "high_label": "Helt klar",
            },
        },
        {
            "type": "checklist",
            "id": "checklist",
            "value": {
                "label": "Før mødet",
                "help_text": "",
                "required": False,
                "items": ["Indkald parterne", "Send dagsorden", "Book lokale"],
            },
        },
        {
            "type": "table",
            "id": "table",
            "value": {
                "label": "Interessenter",
                "help_text": "",
                "required": False,
                "columns": ["Part", "Interesse", "Indflydelse"],
                "rows": 3,
            },
        },
        {
            "type": "matrix",
            "id": "matrix",
            "value": {
                "label": "Funktion og partner",
                "help_text": "",
                "required": False,
                "row_labels": ["Boligsocial", "Drift"],
                "column_labels": ["Myndigheder", "Foreninger"],
            },
        },
    ]


class ToolFactory(DjangoModelFactory[Tool]):
    """A published tool with a question of every kind."""

    class Meta:
        model = Tool

    title = factory.Sequence(lambda n: f"Interessentanalyse {n}")
    slug = factory.Sequence(lambda n: f"interessentanalyse-{n}")
    kind = ToolKind.PROCESS
    source = "Drejebog for samdrift, bilag 2"
    introduction = "Find ud af, hvem der har interesser i samdriften."
    fields = factory.LazyFunction(lambda: json.dumps(tool_fields()))
    live = True


class SheetFactory(DjangoModelFactory[Sheet]):
    """An empty sheet (version 0) of a tool (``SheetFactory(tool=tool)``)."""

    class Meta:
        model = Sheet

    tool = factory.SubFactory(ToolFactory)
    title = factory.LazyAttribute(lambda o: o.tool.title if o.tool else "Svar")
    schema = factory.LazyAttribute(lambda o: o.tool.schema() if o.tool else [])
