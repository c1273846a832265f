"""The form engine: one Django form built from a sheet's schema.

Field names are ``f-<id>`` (a table's or matrix's cells ``f-<id>-<row>-<column>``, by index,
with a hidden ``f-<id>`` beside them that carries the grid's own errors), plus the hidden
``base_version`` the sheet had when the form was shown. The form checks types (a choice that
is not offered, a value outside the scale, a required field left empty) with Danish messages
beside the field; the service checks the same again (``tools.answers``), so a POST that
bypasses the form is refused as well.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tools.answers import (
    CELL_MAX_LENGTH,
    TABLE_MAX_ROWS,
    TEXT_MAX_LENGTH,
    answer_errors,
    normalise_answers,
    table_rows,
)

REQUIRED = gettext_lazy("Feltet skal udfyldes.")
NOT_OFFERED = gettext_lazy("»%(value)s« er ikke en af svarmulighederne.")


def field_name(field_id: str) -> str:
    return f"f-{field_id}"


def cell_name(field_id: str, row: int, column: int) -> str:
    return f"f-{field_id}-{row}-{column}"


def cell_label(row: str | int, column: str) -> str:
    """The accessible label of one cell: "Række 2, Kolonne Part"."""
    return _("Række %(row)s, Kolonne %(column)s") % {"row": row, "column": column}


class SheetForm(forms.Form):
    """A sheet's questions as a form; ``answers()`` gives them back in the stored shape."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        schema: list[dict[str, Any]],
        data: Any = None,
        *,
        initial_answers: dict[str, Any] | None = None,
        base_version: int = 0,
        prefix: str | None = None,
    ) -> None:
        self.schema = schema
        initial_answers = initial_answers or {}
        initial: dict[str, Any] = {"base_version": base_version}
        super().__init__(data, initial=initial, prefix=prefix)
        self.table_shape: dict[str, int] = {}
        for field in schema:
            self._add(field, initial_answers.get(field["id"]))

    # --- building ------------------------------------------------------------------------------

    def _add(self, field: dict[str, Any], value: Any) -> None:
        name, kind = field_name(field["id"]), field["kind"]
        common = {
            "label": field.get("label", ""),
            "help_text": field.get("help_text", ""),
            "required": bool(field.get("required")),
            "error_messages": {"required": REQUIRED},
        }
        if kind == "text":
            widget = (
                forms.Textarea(attrs={"rows": 4})
                if field.get("multiline", True)
                else forms.TextInput
            )
            self.fields[name] = forms.CharField(max_length=TEXT_MAX_LENGTH, widget=widget, **common)
            self.initial[name] = value or ""
        elif kind == "choice":
            self._add_choice(name, field, value, common)
        elif kind == "scale":
            self._add_scale(name, field, value, common)
        elif kind == "checklist":
            choices = [(str(i), item) for i, item in enumerate(field.get("items", []))]
            self.fields[name] = forms.TypedMultipleChoiceField(
                choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
            )
            self.fields[name].error_messages["invalid_choice"] = _(
                "Punkt %(value)s findes ikke på tjeklisten."
            )
            self.initial[name] = [str(i) for i in value or []]
        elif kind == "table":
            self._add_table(name, field, value, common)
        elif kind == "matrix":
            self._add_matrix(name, field, value, common)

    def _add_choice(self, name: str, field: dict[str, Any], value: Any, common: dict) -> None:
        choices = [(option, option) for option in field.get("options", [])]
        if field.get("multiple"):
            self.fields[name] = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
            self.initial[name] = value or []
        else:
            self.fields[name] = forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, **common
            )
            self.initial[name] = value or ""
        self.fields[name].error_messages["invalid_choice"] = NOT_OFFERED

    def _add_scale(self, name: str, field: dict[str, Any], value: Any, common: dict) -> None:
        minimum, maximum = int(field.get("minimum", 1)), int(field.get("maximum", 5))
        # The ends' words sit on the end buttons themselves: "1 – Slet ikke" … "5 – I høj grad".
        ends = {minimum: field.get("low_label", ""), maximum: field.get("high_label", "")}
        choices = [
            (str(number), f"{number} – {ends[number]}" if ends.get(number) else str(number))
            for number in range(minimum, maximum + 1)
        ]
        self.fields[name] = forms.TypedChoiceField(
            choices=choices,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
        self.fields[name].error_messages["invalid_choice"] = _(
            "Vælg en værdi fra %(minimum)s til %(maximum)s."
        ) % {"minimum": minimum, "maximum": maximum}
        self.initial[name] = "" if value is None else str(value)

    def _grid_anchor(self, name: str, common: dict) -> None:
        # Carries the grid's own errors (required, shape) beside the grid.
        self.fields[name] = forms.CharField(
            required=False, widget=forms.HiddenInput, label=common["label"]
        )

    def _add_table(self, name: str, field: dict[str, Any], value: Any, common: dict) -> None:
        self._grid_anchor(name, common)
        rows = table_rows(field, value)
        if self.is_bound:
            rows = max(rows, self._posted_rows(name))
        self.table_shape[field["id"]] = rows
        value = value if isinstance(value, list) else []
        for row in range(rows):
            for column, heading in enumerate(field.get("columns", [])):
                cell = cell_name(field["id"], row, column)
                self.fields[cell] = forms.CharField(
                    required=False, max_length=CELL_MAX_LENGTH, label=cell_label(row + 1, heading)
                )
                if row < len(value) and column < len(value[row]):
                    self.initial[cell] = value[row][column]

    def _posted_rows(self, name: str) -> int:
        """Rows a bound form received (a table may have grown since the form was shown)."""
        start, rows = f"{self.add_prefix(name)}-", 0
        for key in self.data:
            if key.startswith(start):
                head = key[len(start) :].split("-", 1)[0]
                if head.isdigit():
                    rows = max(rows, int(head) + 1)
        return min(rows, TABLE_MAX_ROWS)

    def _add_matrix(self, name: str, field: dict[str, Any], value: Any, common: dict) -> None:
        self._grid_anchor(name, common)
        value = value if isinstance(value, dict) else {}
        for row, row_label in enumerate(field.get("row_labels", [])):
            for column, column_label in enumerate(field.get("column_labels", [])):
                cell = cell_name(field["id"], row, column)
                self.fields[cell] = forms.CharField(
                    required=False,
                    max_length=CELL_MAX_LENGTH,
                    label=cell_label(row_label, column_label),
                )
                self.initial[cell] = value.get(row_label, {}).get(column_label, "")

    # --- reading -------------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if any(name.startswith("f-") for name in self.errors):
            return cleaned
        # The grids' shape and required rules, and anything the fields cannot see, in the one
        # validator the service uses too.
        for field_id, message in answer_errors(self.schema, self.answers()).items():
            name = field_name(field_id) if field_id else None
            if name is None or name in self.fields:
                self.add_error(name, message)
        return cleaned

    def _raw_answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        data = self.cleaned_data
        for field in self.schema:
            field_id, kind = field["id"], field["kind"]
            if kind == "table":
                columns = len(field.get("columns", []))
                answers[field_id] = [
                    [data.get(cell_name(field_id, row, c), "") for c in range(columns)]
                    for row in range(self.table_shape.get(field_id, 0))
                ]
            elif kind == "matrix":
                answers[field_id] = {
                    row_label: {
                        column_label: data.get(cell_name(field_id, r, c), "")
                        for c, column_label in enumerate(field.get("column_labels", []))
                    }
                    for r, row_label in enumerate(field.get("row_labels", []))
                }
            else:
                answers[field_id] = data.get(field_name(field_id))
        return answers

    def answers(self) -> dict[str, Any]:
        """The answers in the stored shape (call after ``is_valid()``)."""
        return normalise_answers(self.schema, self._raw_answers())

    # --- rendering -----------------------------------------------------------------------------

    def groups(self) -> list[dict[str, Any]]:
        """One entry per question for the template: the schema field, its bound field (or, for
        a grid, its heading row and rows of bound cells) and its errors."""
        groups = []
        for field in self.schema:
            field_id, kind = field["id"], field["kind"]
            bound = self[field_name(field_id)]
            group: dict[str, Any] = {"field": field, "kind": kind, "bound": bound}
            if kind == "table":
                columns = field.get("columns", [])
                group["columns"] = columns
                group["rows"] = [
                    (row + 1, [self[cell_name(field_id, row, c)] for c in range(len(columns))])
                    for row in range(self.table_shape.get(field_id, 0))
                ]
            elif kind == "matrix":
                columns = field.get("column_labels", [])
                group["columns"] = columns
                group["rows"] = [
                    (label, [self[cell_name(field_id, r, c)] for c in range(len(columns))])
                    for r, label in enumerate(field.get("row_labels", []))
                ]
            elif kind == "scale":
                group["low_label"] = field.get("low_label", "")
                group["high_label"] = field.get("high_label", "")
            groups.append(group)
        return groups
