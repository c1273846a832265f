"""The form engine and the sheet services: types, shapes, versions, concurrency."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from organisations.models import User
from tests.factories.tools import SheetFactory, ToolFactory
from tools import services
from tools.forms import SheetForm
from tools.models import Sheet, SheetVersion
from tools.schema import checklist_schema, reflection_schema
from tools.selectors import answers_for_display, history_rows, sheet_version, sheet_versions

pytestmark = pytest.mark.django_db


def post(sheet: Sheet, base_version: int = 0, **values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"base_version": str(base_version), "f-text": "Samdrift"}
    data.update({key.replace("__", "-").replace("_", "-"): value for key, value in values.items()})
    return data


GOOD = {
    "text": "Samdrift",
    "choice": "Kommune",
    "scale": 4,
    "checklist": [0, 2],
    "table": [["Beboere", "Tryghed", "Stor"]],
    "matrix": {"Drift": {"Foreninger": "Fælles aftale"}},
}


# --- schema ------------------------------------------------------------------------------------


def test_tool_schema_has_every_kind() -> None:
    schema = ToolFactory().schema()
    assert [field["kind"] for field in schema] == [
        "text",
        "choice",
        "scale",
        "checklist",
        "table",
        "matrix",
    ]
    assert schema[1]["options"] == ["Civilsamfund", "Kommune", "Marked", "Partnerskab"]
    assert schema[4]["columns"] == ["Part", "Interesse", "Indflydelse"]


def test_module_schemas() -> None:
    checklist = checklist_schema(block_id="b1", title="Før start", items=["A", "B"])
    assert checklist == [
        {
            "id": "b1",
            "kind": "checklist",
            "label": "Før start",
            "help_text": "",
            "required": False,
            "items": ["A", "B"],
        }
    ]
    reflection = reflection_schema(block_id="b2", questions=["Hvorfor?", "Hvordan?"])
    assert [field["id"] for field in reflection] == ["b2-0", "b2-1"]
    assert all(field["kind"] == "text" for field in reflection)


# --- the form ----------------------------------------------------------------------------------


def test_form_reads_every_kind() -> None:
    sheet = SheetFactory()
    data = {
        "base_version": "0",
        "f-text": "  Samdrift ",
        "f-choice": "Kommune",
        "f-scale": "4",
        "f-checklist": ["0", "2"],
        "f-table-0-0": "Beboere",
        "f-table-0-1": "Tryghed",
        "f-table-0-2": "Stor",
        "f-matrix-1-1": "Fælles aftale",
    }
    form = SheetForm(sheet.schema, data)
    assert form.is_valid(), form.errors
    assert form.answers() == GOOD


def test_form_labels_grid_cells_accessibly() -> None:
    form = SheetForm(SheetFactory().schema)
    assert form.fields["f-table-1-0"].label == "Række 2, Kolonne Part"
    assert form.fields["f-matrix-0-1"].label == "Række Boligsocial, Kolonne Foreninger"
    html = str(form["f-scale"])
    assert "1 – Slet ikke" in html and "5 – Helt klar" in html
    assert 'type="radio"' in html
    assert 'type="checkbox"' in str(form["f-checklist"])


def test_form_shows_saved_answers() -> None:
    sheet = SheetFactory()
    form = SheetForm(sheet.schema, initial_answers=GOOD, base_version=3)
    assert form["f-choice"].value() == "Kommune"
    assert form["f-table-0-0"].value() == "Beboere"
    assert form["f-matrix-1-1"].value() == "Fælles aftale"
    assert form["base_version"].value() == 3
    # A filled table gets one free row below its answers (3 rows from the tool).
    assert form.table_shape["table"] == 3


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("f-choice", "Kaos", "»Kaos« er ikke en af svarmulighederne."),
        ("f-scale", "9", "Vælg en værdi fra 1 til 5."),
        ("f-scale", "mange", "Vælg en værdi fra 1 til 5."),
        ("f-checklist", ["7"], "Punkt 7 findes ikke på tjeklisten."),
        ("f-text", "", "Feltet skal udfyldes."),
    ],
)
def test_form_refuses_wrong_answers_beside_the_field(field: str, value: Any, message: str) -> None:
    data = {"base_version": "0", "f-text": "Samdrift", field: value}
    form = SheetForm(SheetFactory().schema, data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_form_requires_a_required_grid() -> None:
    tool = ToolFactory()
    schema = tool.schema()
    schema[4]["required"] = True
    form = SheetForm(schema, {"base_version": "0", "f-text": "x"})
    assert not form.is_valid()
    assert form.errors["f-table"] == ["Feltet skal udfyldes."]


# --- the service: type validation again --------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"text": 5}, "f-text", "Svaret skal være tekst."),
        ({"choice": "Kaos"}, "f-choice", "»Kaos« er ikke en af svarmulighederne."),
        ({"choice": ["Kommune"]}, "f-choice", "Vælg én af svarmulighederne."),
        ({"scale": 0}, "f-scale", "Vælg en værdi fra 1 til 5."),
        ({"scale": "4"}, "f-scale", "Svaret skal være et helt tal."),
        ({"scale": True}, "f-scale", "Svaret skal være et helt tal."),
        ({"checklist": [3]}, "f-checklist", "Punkt 4 findes ikke på tjeklisten."),
        ({"checklist": "0"}, "f-checklist", "Svaret skal være en liste af afkrydsede punkter."),
        ({"table": [["a", "b"]]}, "f-table", "Række 1 skal have 3 kolonner."),
        ({"table": "a"}, "f-table", "Tabellen skal være en liste af rækker."),
        ({"table": [[1, "b", "c"]]}, "f-table", "Hver celle skal være tekst."),
        ({"table": [["a", "b", "c"]] * 101}, "f-table", "Tabellen må højst have 100 rækker."),
        (
            {"matrix": {"Udlejning": {"Myndigheder": "x"}}},
            "f-matrix",
            "»Udlejning« er ikke en række i matrixen.",
        ),
        (
            {"matrix": {"Drift": {"Skolen": "x"}}},
            "f-matrix",
            "»Skolen« er ikke en kolonne i matrixen.",
        ),
        ({"matrix": ["x"]}, "f-matrix", "Matrixen skal have rækker med kolonner."),
        ({"text": ""}, "f-text", "Feltet skal udfyldes."),
    ],
)
def test_save_refuses_a_wrong_type_keyed_to_the_field(
    bob: User, answers: dict[str, Any], field: str, message: str
) -> None:
    sheet = SheetFactory()
    with pytest.raises(ValidationError) as refused:
        services.sheet_save(
            sheet=sheet, answers={"text": "Samdrift", **answers}, actor=bob, base_version=0
        )
    assert refused.value.message_dict[field] == [message]
    sheet.refresh_from_db()
    assert sheet.version == 0 and not SheetVersion.objects.exists()


def test_save_refuses_an_unknown_field(bob: User) -> None:
    sheet = SheetFactory()
    with pytest.raises(ValidationError) as refused:
        services.sheet_save(
            sheet=sheet, answers={"text": "x", "hack": "y"}, actor=bob, base_version=0
        )
    assert "Svarene nævner et felt, som værktøjet ikke har." in refused.value.messages


# --- versions, changes, concurrency ------------------------------------------------------------


def test_versions_record_who_changed_which_fields(bob: User, alice: User) -> None:
    sheet = SheetFactory()
    sheet = services.sheet_save(sheet=sheet, answers=GOOD, actor=bob, base_version=0)
    assert sheet.version == 1 and sheet.data == GOOD and sheet.updated_by == bob
    changed = {**GOOD, "scale": 5, "table": [["Beboere", "Tryghed", "Stor"], ["Drift", "", ""]]}
    sheet = services.sheet_save(sheet=sheet, answers=changed, actor=alice, base_version=1)
    assert sheet.version == 2
    newest, first = list(sheet_versions(sheet))
    assert (newest.number, newest.saved_by, newest.changed) == (2, alice, ["scale", "table"])
    assert first.changed == ["text", "choice", "scale", "checklist", "table", "matrix"]
    assert sheet_version(sheet, 1).data == GOOD  # type: ignore[union-attr]
    assert sheet_version(sheet, 9) is None
    rows = history_rows(sheet, sheet_versions(sheet), lambda n: f"/v/{n}/")
    assert rows[0]["changed_labels"] == ["Hvor klar er afdelingen?", "Interessenter"]
    assert rows[0]["saved_by"] == alice.name and rows[0]["url"] == "/v/2/"


def test_saving_the_same_answers_writes_no_version(bob: User) -> None:
    sheet = services.sheet_save(sheet=SheetFactory(), answers=GOOD, actor=bob, base_version=0)
    again = {**GOOD, "text": "Samdrift  ", "table": [*GOOD["table"], ["", "", ""]]}
    sheet = services.sheet_save(sheet=sheet, answers=again, actor=bob, base_version=1)
    assert sheet.version == 1 and SheetVersion.objects.count() == 1


def test_a_stale_form_is_refused_and_nothing_is_saved(bob: User, alice: User) -> None:
    sheet = services.sheet_save(sheet=SheetFactory(), answers=GOOD, actor=bob, base_version=0)
    with pytest.raises(ValidationError) as refused:
        services.sheet_save(
            sheet=sheet, answers={**GOOD, "text": "Mit"}, actor=alice, base_version=0
        )
    assert "Nogen har gemt en nyere version" in refused.value.messages[0]
    sheet.refresh_from_db()
    assert sheet.version == 1 and sheet.data["text"] == "Samdrift"


def test_create_refuses_a_tool_that_is_not_live() -> None:
    tool = ToolFactory(live=False)
    with pytest.raises(ValidationError) as refused:
        services.sheet_create(tool=tool, title="x")
    assert refused.value.message_dict["tool"] == ["Værktøjet er ikke udgivet."]
    sheet = services.sheet_create(tool=ToolFactory(), title="Interessentanalyse")
    assert len(sheet.schema) == 6 and sheet.version == 0
    own = services.sheet_create(
        tool=None, title="Tjekliste", schema=checklist_schema(block_id="b", title="T", items=["a"])
    )
    assert own.tool is None


def test_delete_takes_the_versions(bob: User) -> None:
    sheet = services.sheet_save(sheet=SheetFactory(), answers=GOOD, actor=bob, base_version=0)
    services.sheet_delete(sheet=sheet)
    assert not Sheet.objects.exists() and not SheetVersion.objects.exists()


# --- display -----------------------------------------------------------------------------------


def test_answers_for_display() -> None:
    rows = answers_for_display(ToolFactory().schema(), GOOD)
    by_id = {row["id"]: row for row in rows}
    assert by_id["text"]["text"] == "Samdrift"
    assert by_id["scale"]["text"] == "4 på en skala fra 1 til 5 (Slet ikke – Helt klar)"
    assert by_id["checklist"]["items"] == [
        ("Indkald parterne", True),
        ("Send dagsorden", False),
        ("Book lokale", True),
    ]
    assert by_id["matrix"]["rows"] == [["Boligsocial", "", ""], ["Drift", "", "Fælles aftale"]]
    empty = answers_for_display(ToolFactory().schema(), {})
    assert not empty[0]["answered"] and empty[0]["text"] == "Ikke besvaret"


def test_a_filled_table_grows_by_one_free_row(bob: User) -> None:
    sheet = SheetFactory()
    rows = [["Part 1", "", ""], ["Part 2", "", ""], ["Part 3", "", ""]]
    form = SheetForm(sheet.schema, initial_answers={"table": rows})
    assert form.table_shape["table"] == 4
    data = {"base_version": "0", "f-text": "x", "f-table-3-0": "Part 4", "f-table-4-0": "Part 5"}
    bound = SheetForm(sheet.schema, data, initial_answers={"table": rows})
    assert bound.is_valid(), bound.errors
    assert bound.answers()["table"][3:] == [["Part 4", "", ""], ["Part 5", "", ""]]
