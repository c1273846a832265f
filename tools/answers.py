"""Answers to a schema: type validation, normalisation and the human-readable form.

Pure functions over the plain schema (``tools.schema``) and a sheet's answers (``Sheet.data``,
``{field_id: value}``): the form engine, the services (which re-validate whatever reaches
them, so a POST that bypasses the form is refused too), the templates and the PDF all read
answers through here.

Value by kind: text → str; choice → str (list[str] when ``multiple``; the option texts);
scale → int; checklist → list[int] (indexes of ticked items); table → list[list[str]] (rows ×
columns, empty trailing rows dropped); matrix → {row label: {column label: str}}.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

TEXT_MAX_LENGTH = 10_000
CELL_MAX_LENGTH = 2_000
# A table starts with the tool's number of empty rows and grows by one free row as it fills,
# up to this many.
TABLE_MAX_ROWS = 100


def is_empty(value: Any) -> bool:
    """Nothing answered: None, blank text, an empty list or mapping."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value
    return False


def table_rows(field: dict[str, Any], value: Any) -> int:
    """How many rows the form shows: the tool's rows, or one free row below the filled ones."""
    filled = len(value) if isinstance(value, list) else 0
    return min(TABLE_MAX_ROWS, max(int(field.get("rows") or 1), filled + 1))


# --- Validation --------------------------------------------------------------------------------


def answer_errors(schema: list[dict[str, Any]], answers: Any) -> dict[str, str]:
    """Danish messages keyed by field id (``""`` for the answers as a whole); empty when valid."""
    if not isinstance(answers, dict):
        return {"": _("Svarene kunne ikke læses.")}
    known = {str(field["id"]) for field in schema}
    errors: dict[str, str] = {}
    if set(map(str, answers)) - known:
        errors[""] = _("Svarene nævner et felt, som værktøjet ikke har.")
    for field in schema:
        value = answers.get(field["id"])
        if is_empty(value):
            if field.get("required"):
                errors[field["id"]] = _("Feltet skal udfyldes.")
            continue
        message = _VALIDATORS[field["kind"]](field, value)
        if message:
            errors[field["id"]] = message
    return errors


def _text_error(field: dict[str, Any], value: Any) -> str:
    if not isinstance(value, str):
        return _("Svaret skal være tekst.")
    if len(value) > TEXT_MAX_LENGTH:
        return _("Svaret må højst være på %(max)s tegn.") % {"max": TEXT_MAX_LENGTH}
    return ""


def _choice_error(field: dict[str, Any], value: Any) -> str:
    options = [str(option) for option in field.get("options", [])]
    if field.get("multiple"):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return _("Svaret skal være en liste af svarmuligheder.")
        chosen = value
    else:
        if not isinstance(value, str):
            return _("Vælg én af svarmulighederne.")
        chosen = [value]
    for item in chosen:
        if item not in options:
            return _("»%(value)s« er ikke en af svarmulighederne.") % {"value": item[:100]}
    return ""


def _scale_error(field: dict[str, Any], value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        return _("Svaret skal være et helt tal.")
    minimum, maximum = int(field.get("minimum", 1)), int(field.get("maximum", 5))
    if not minimum <= value <= maximum:
        return _("Vælg en værdi fra %(minimum)s til %(maximum)s.") % {
            "minimum": minimum,
            "maximum": maximum,
        }
    return ""


def _checklist_error(field: dict[str, Any], value: Any) -> str:
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) for item in value
    ):
        return _("Svaret skal være en liste af afkrydsede punkter.")
    count = len(field.get("items", []))
    for item in value:
        if not 0 <= item < count:
            return _("Punkt %(number)s findes ikke på tjeklisten.") % {"number": item + 1}
    return ""


def _cell_error(cell: Any) -> str:
    if not isinstance(cell, str):
        return _("Hver celle skal være tekst.")
    if len(cell) > CELL_MAX_LENGTH:
        return _("En celle må højst være på %(max)s tegn.") % {"max": CELL_MAX_LENGTH}
    return ""


def _table_error(field: dict[str, Any], value: Any) -> str:
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        return _("Tabellen skal være en liste af rækker.")
    if len(value) > TABLE_MAX_ROWS:
        return _("Tabellen må højst have %(rows)s rækker.") % {"rows": TABLE_MAX_ROWS}
    columns = len(field.get("columns", []))
    for number, row in enumerate(value, start=1):
        if len(row) != columns:
            return _("Række %(row)s skal have %(columns)s kolonner.") % {
                "row": number,
                "columns": columns,
            }
        for cell in row:
            if message := _cell_error(cell):
                return message
    return ""


def _matrix_error(field: dict[str, Any], value: Any) -> str:
    if not isinstance(value, dict) or not all(isinstance(row, dict) for row in value.values()):
        return _("Matrixen skal have rækker med kolonner.")
    row_labels = [str(label) for label in field.get("row_labels", [])]
    column_labels = [str(label) for label in field.get("column_labels", [])]
    for row_label, row in value.items():
        if row_label not in row_labels:
            return _("»%(row)s« er ikke en række i matrixen.") % {"row": str(row_label)[:100]}
        for column_label, cell in row.items():
            if column_label not in column_labels:
                return _("»%(column)s« er ikke en kolonne i matrixen.") % {
                    "column": str(column_label)[:100]
                }
            if message := _cell_error(cell):
                return message
    return ""


_VALIDATORS = {
    "text": _text_error,
    "choice": _choice_error,
    "scale": _scale_error,
    "checklist": _checklist_error,
    "table": _table_error,
    "matrix": _matrix_error,
}


# --- Normalisation -----------------------------------------------------------------------------


def normalise_answers(schema: list[dict[str, Any]], answers: dict[str, Any]) -> dict[str, Any]:
    """Valid answers in their one stored shape, with unanswered fields left out.

    Text is stripped, multiple choices follow the options' order, ticked items are sorted,
    a table loses its empty trailing rows and a matrix its empty cells; so two saves of the
    same answers compare equal and "changed" means changed.
    """
    clean: dict[str, Any] = {}
    for field in schema:
        value = answers.get(field["id"])
        if is_empty(value):
            continue
        value = _NORMALISERS.get(field["kind"], _same)(field, value)
        if not is_empty(value):
            clean[field["id"]] = value
    return clean


def _same(field: dict[str, Any], value: Any) -> Any:
    return value


def _text(field: dict[str, Any], value: str) -> str:
    return value.strip()


def _choice(field: dict[str, Any], value: Any) -> Any:
    if field.get("multiple"):
        return [option for option in field.get("options", []) if option in value]
    return value


def _checklist(field: dict[str, Any], value: list[int]) -> list[int]:
    return sorted(set(value))


def _table(field: dict[str, Any], value: list[list[str]]) -> list[list[str]]:
    rows = [[cell.strip() for cell in row] for row in value]
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _matrix(field: dict[str, Any], value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    clean: dict[str, dict[str, str]] = {}
    for row_label in field.get("row_labels", []):
        row = {
            column: value.get(row_label, {}).get(column, "").strip()
            for column in field.get("column_labels", [])
        }
        row = {column: cell for column, cell in row.items() if cell}
        if row:
            clean[row_label] = row
    return clean


_NORMALISERS = {"text": _text, "choice": _choice, "checklist": _checklist}
_NORMALISERS.update({"table": _table, "matrix": _matrix})


def changed_fields(
    schema: list[dict[str, Any]], before: dict[str, Any], after: dict[str, Any]
) -> list[str]:
    """The ids of the fields whose (normalised) answer differs, in the schema's order."""
    return [field["id"] for field in schema if before.get(field["id"]) != after.get(field["id"])]


# --- Display -----------------------------------------------------------------------------------


def answers_for_display(schema: list[dict[str, Any]], data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each field with its label and its answer in words, for pages and the PDF.

    Every row has ``id``, ``kind``, ``label``, ``help_text``, ``answered`` and ``text`` (one
    readable line, or "Ikke besvaret"); a checklist adds ``items`` ([(item, ticked)]), a table
    and a matrix add ``columns`` (headings) and ``rows`` (cells; a matrix row starts with its
    row label, and ``row_headers`` is true).
    """
    rows = []
    for field in schema:
        value = data.get(field["id"])
        row: dict[str, Any] = {
            "id": field["id"],
            "kind": field["kind"],
            "label": field.get("label", ""),
            "help_text": field.get("help_text", ""),
            "answered": not is_empty(value),
            "text": _("Ikke besvaret"),
        }
        if row["answered"]:
            row.update(_DISPLAY[field["kind"]](field, value))
        elif field["kind"] == "checklist":
            row["items"] = [(item, False) for item in field.get("items", [])]
        rows.append(row)
    return rows


def _display_text(field: dict[str, Any], value: Any) -> dict[str, Any]:
    return {"text": str(value)}


def _display_choice(field: dict[str, Any], value: Any) -> dict[str, Any]:
    return {"text": ", ".join(value) if isinstance(value, list) else str(value)}


def _display_scale(field: dict[str, Any], value: Any) -> dict[str, Any]:
    text = _("%(value)s på en skala fra %(minimum)s til %(maximum)s") % {
        "value": value,
        "minimum": field.get("minimum", 1),
        "maximum": field.get("maximum", 5),
    }
    ends = [label for label in (field.get("low_label"), field.get("high_label")) if label]
    if len(ends) == 2:
        text += f" ({ends[0]} – {ends[1]})"
    return {"text": text}


def _display_checklist(field: dict[str, Any], value: Any) -> dict[str, Any]:
    items = [(item, index in value) for index, item in enumerate(field.get("items", []))]
    ticked = [item for item, done in items if done]
    return {"items": items, "text": "; ".join(ticked)}


def _display_table(field: dict[str, Any], value: Any) -> dict[str, Any]:
    columns = list(field.get("columns", []))
    text = _("%(count)s rækker") % {"count": len(value)}
    return {"columns": columns, "rows": value, "row_headers": False, "text": text}


def _display_matrix(field: dict[str, Any], value: Any) -> dict[str, Any]:
    columns = list(field.get("column_labels", []))
    rows = [
        [row_label, *(value.get(row_label, {}).get(column, "") for column in columns)]
        for row_label in field.get("row_labels", [])
    ]
    filled = sum(len(row) for row in value.values())
    text = _("%(count)s udfyldte felter") % {"count": filled}
    return {"columns": columns, "rows": rows, "row_headers": True, "text": text}


_DISPLAY = {
    "text": _display_text,
    "choice": _display_choice,
    "scale": _display_scale,
    "checklist": _display_checklist,
    "table": _display_table,
    "matrix": _display_matrix,
}
