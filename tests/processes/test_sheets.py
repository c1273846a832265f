"""Shared tools in a process: fill in together, a version per save (who changed what), earlier
versions viewable, the stale-version refusal with the input kept, PDF, and flat queries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from organisations.models import User
from processes.models import Process, ProcessEvent, ProcessSheet
from processes.services.sheets import process_sheet_save
from tools.models import SheetVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(process: Process) -> ProcessSheet:
    return process.sheets.select_related("sheet", "tool", "milestone").get()


def _ids(shared: ProcessSheet) -> tuple[str, str]:
    text, choice = (field["id"] for field in shared.sheet.schema)
    return text, choice


def _url(shared: ProcessSheet, name: str = "processes:sheet", **extra: Any) -> str:
    return reverse(name, kwargs={"pk": shared.process_id, "sheet_pk": shared.pk, **extra})


def _post(shared: ProcessSheet, text: str, choice: str, base: int) -> dict[str, Any]:
    text_id, choice_id = _ids(shared)
    return {f"f-{text_id}": text, f"f-{choice_id}": choice, "base_version": base}


def test_the_list_shows_the_process_tools(client, bob: User, shared: ProcessSheet) -> None:
    client.force_login(bob)
    response = client.get(reverse("processes:sheets", kwargs={"pk": shared.process_id}))
    assert response.status_code == 200
    assert shared.tool.title in response.content.decode()
    assert _url(shared) in response.content.decode()


def test_a_person_of_the_process_saves_a_version(client, bob: User, shared: ProcessSheet) -> None:
    client.force_login(bob)
    response = client.post(_url(shared), _post(shared, "Beboerne og kommunen", "Stor", 0))
    assert response.status_code == 302
    shared.sheet.refresh_from_db()
    text_id, choice_id = _ids(shared)
    assert shared.sheet.version == 1
    assert shared.sheet.data[choice_id] == "Stor"
    version = SheetVersion.objects.get(sheet=shared.sheet)
    assert version.saved_by == bob and set(version.changed) == {text_id, choice_id}
    event = ProcessEvent.objects.get(action="sheet_saved")
    assert event.actor == bob and "version 1" in event.comment
    assert "Hvor stor er deres indflydelse?" in event.comment  # who changed what, by label


def test_a_wrong_type_is_refused_beside_the_field(
    client, alice: User, shared: ProcessSheet
) -> None:
    client.force_login(alice)
    response = client.post(_url(shared), _post(shared, "Noget", "Kæmpestor", 0))
    assert response.status_code == 400
    _text_id, choice_id = _ids(shared)
    assert response.context["form"].errors[f"f-{choice_id}"]
    assert response.context["form"][f"f-{_text_id}"].value() == "Noget"
    shared.sheet.refresh_from_db()
    assert shared.sheet.version == 0
    assert not ProcessEvent.objects.filter(action="sheet_saved").exists()


def test_a_wrong_type_is_refused_by_the_service_too(alice: User, shared: ProcessSheet) -> None:
    from django.core.exceptions import ValidationError

    _text_id, choice_id = _ids(shared)
    with pytest.raises(ValidationError) as error:
        process_sheet_save(
            actor=alice, process_sheet=shared, answers={choice_id: 42}, base_version=0
        )
    assert f"f-{choice_id}" in error.value.message_dict


def test_a_concurrent_edit_is_refused_and_the_input_kept(
    client, alice: User, bob: User, shared: ProcessSheet
) -> None:
    text_id, _choice_id = _ids(shared)
    process_sheet_save(
        actor=alice, process_sheet=shared, answers={text_id: "Alices svar"}, base_version=0
    )
    client.force_login(bob)
    response = client.post(_url(shared), _post(shared, "Bobs svar", "Lille", 0))
    assert response.status_code == 400
    form = response.context["form"]
    assert "nyere version" in " ".join(form.non_field_errors())
    assert form[f"f-{text_id}"].value() == "Bobs svar"  # input kept
    assert form["base_version"].value() == "1"  # saving again replaces Alice's, on purpose
    assert "Alices svar" in response.content.decode()  # her version is shown beside it
    shared.sheet.refresh_from_db()
    assert shared.sheet.data[text_id] == "Alices svar"
    assert shared.sheet.version == 1
    # Saving again, having seen it, works.
    assert client.post(_url(shared), _post(shared, "Bobs svar", "Lille", 1)).status_code == 302


def test_earlier_versions_are_viewable(
    client, alice: User, bob: User, shared: ProcessSheet
) -> None:
    text_id, _choice_id = _ids(shared)
    process_sheet_save(
        actor=alice, process_sheet=shared, answers={text_id: "Først"}, base_version=0
    )
    process_sheet_save(actor=bob, process_sheet=shared, answers={text_id: "Siden"}, base_version=1)
    client.force_login(bob)
    page = client.get(_url(shared)).content.decode()
    assert _url(shared, "processes:sheet_version", number=1) in page
    assert "Alice" in page and "Bob" in page
    old = client.get(_url(shared, "processes:sheet_version", number=1))
    assert old.status_code == 200
    assert "Først" in old.content.decode() and "Siden" not in old.content.decode()
    assert client.get(_url(shared, "processes:sheet_version", number=9)).status_code == 404


def test_the_pdf_of_the_filled_tool(client, alice: User, shared: ProcessSheet) -> None:
    text_id, _choice_id = _ids(shared)
    process_sheet_save(
        actor=alice,
        process_sheet=shared,
        answers={text_id: "Afdelingsbestyrelserne"},
        base_version=0,
    )
    client.force_login(alice)
    response = client.get(_url(shared, "processes:sheet_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Afdelingsbestyrelserne" in text
    assert "Forløb" in text and shared.process.title in text
    assert "Milepæl" in text


def test_outsiders_get_404_everywhere(
    client, charlie_with_totp: User, dorte: User, shared: ProcessSheet
) -> None:
    urls = [
        reverse("processes:sheets", kwargs={"pk": shared.process_id}),
        _url(shared),
        _url(shared, "processes:sheet_version", number=1),
        _url(shared, "processes:sheet_pdf"),
    ]
    for user in (charlie_with_totp, dorte):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(_url(shared), _post(shared, "x", "Stor", 0)).status_code == 404


def test_another_process_sheet_id_is_404(
    client, alice: User, fjordbo, shared: ProcessSheet
) -> None:
    from tests.factories.processes import ProcessFactory

    other = ProcessFactory.create(actor=alice, organisation=fjordbo)
    client.force_login(alice)
    url = reverse("processes:sheet", kwargs={"pk": other.pk, "sheet_pk": shared.pk})
    assert client.get(url).status_code == 404


def test_the_tool_page_runs_flat_queries(
    client, alice: User, shared: ProcessSheet, django_assert_num_queries
) -> None:
    text_id, _choice_id = _ids(shared)

    def save(count: int) -> None:
        for _ in range(count):
            sheet = shared.sheet
            sheet.refresh_from_db()
            process_sheet_save(
                actor=alice,
                process_sheet=shared,
                answers={text_id: f"Svar {sheet.version + 1}"},
                base_version=sheet.version,
            )

    client.force_login(alice)
    save(2)
    client.get(_url(shared))
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(shared)).status_code == 200
    save(198)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(_url(shared)).status_code == 200


def test_the_list_runs_flat_queries(
    client, alice: User, process: Process, django_assert_num_queries
) -> None:
    from tests.factories.processes import make_tool
    from tools.models import Sheet

    def add(count: int) -> None:
        for _ in range(count):
            tool = make_tool(title="Implementeringsplan")
            sheet = Sheet.objects.create(tool=tool, title=tool.title, schema=tool.schema())
            ProcessSheet.objects.create(process=process, tool=tool, sheet=sheet)

    url = reverse("processes:sheets", kwargs={"pk": process.pk})
    client.force_login(alice)
    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(48)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["sheets"]) == 50
