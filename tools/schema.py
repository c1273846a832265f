"""A tool's fields as a plain schema: a list of JSON-safe dicts, one per question.

Each field has ``id`` (the block's stable id), ``kind`` (text, choice, scale, checklist, table,
matrix), ``label``, ``help_text``, ``required`` and the kind's own keys (``multiline``;
``options``/``multiple``; ``minimum``/``maximum``/``low_label``/``high_label``; ``items``;
``columns``/``rows``; ``row_labels``/``column_labels``). A sheet stores the schema it started
from; the form engine (``tools.forms``) and the renderers read only this shape.
"""

from __future__ import annotations

from typing import Any

from wagtail.blocks import StreamValue

KINDS = ("text", "choice", "scale", "checklist", "table", "matrix")


def _plain(value: Any) -> Any:
    """Block values to JSON-safe Python: lists stay lists, strings and numbers stay."""
    if hasattr(value, "items") and callable(value.items):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple) or type(value).__name__ == "ListValue":
        return [_plain(item) for item in value]
    return value


def schema_from_stream(stream: StreamValue) -> list[dict[str, Any]]:
    """The StreamField of ``tools.blocks.ToolFieldsBlock`` as a schema."""
    fields: list[dict[str, Any]] = []
    for child in stream:
        value = _plain(child.value)
        fields.append({"id": str(child.id), "kind": child.block_type, **value})
    return fields


def checklist_schema(*, block_id: str, title: str, items: list[str]) -> list[dict[str, Any]]:
    """A module's checklist block as a one-field schema (the field's id is the block's)."""
    return [
        {
            "id": block_id,
            "kind": "checklist",
            "label": title,
            "help_text": "",
            "required": False,
            "items": [str(item) for item in items],
        }
    ]


def reflection_schema(*, block_id: str, questions: list[str]) -> list[dict[str, Any]]:
    """A module's reflection questions as one multi-line text field per question."""
    return [
        {
            "id": f"{block_id}-{index}",
            "kind": "text",
            "label": str(question),
            "help_text": "",
            "required": False,
            "multiline": True,
        }
        for index, question in enumerate(questions)
    ]


def field_labels(schema: list[dict[str, Any]]) -> dict[str, str]:
    """Each field's id → its label (for "changed" lists in the history)."""
    return {str(field["id"]): str(field.get("label", "")) for field in schema}
