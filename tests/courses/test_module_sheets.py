"""Learners' own answers in a module: checklist, reflection and fillable tool blocks save per
learner with history and a PDF; only someone with a place in the course saves; another
learner's answers are a 404; the module page's queries do not grow with its blocks."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import ModuleSheet
from courses.services.module_sheets import module_sheet_save
from tests.courses.conftest import make_course, make_learner, make_module
from tests.factories.tools import ToolFactory
from tests.pdf_structure import read_pdf
from tools.models import Sheet

pytestmark = pytest.mark.django_db

CHECKLIST = {
    "type": "checklist",
    "id": "tjek",
    "value": {"title": "Før mødet", "items": ["Indkald parterne", "Send dagsorden"]},
}
REFLECTION = {
    "type": "reflection",
    "id": "refl",
    "value": {"title": "Refleksion", "questions": ["Hvad lærte du?", "Hvad gør du nu?"]},
}


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def ole(nordlys):
    return make_learner("ole@nordlys.example", nordlys, first_name="Ole")


@pytest.fixture
def tove(nordlys):
    return make_learner("tove@nordlys.example", nordlys, first_name="Tove")


@pytest.fixture
def tool():
    return ToolFactory(title="Interessentanalyse")


@pytest.fixture
def module(akademi, tool):
    course = make_course(akademi, "A3", "A5 i praksis", format="self_paced")
    tool_block = {"type": "fillable_tool", "id": "vaerk", "value": {"tool": tool.pk, "intro": ""}}
    return make_module(course, "Modul 1", body=[CHECKLIST, REFLECTION, tool_block])


def enrol(user, module):
    services.enrolment_create(user=user, course=module.get_parent().specific, requested_by=user)


def sheet_url(module, block_id: str) -> str:
    return reverse("module_sheet", args=[module.pk, block_id])


def test_a_learner_saves_and_sees_the_answers_after_a_reload(client, ole, module):
    enrol(ole, module)
    client.force_login(ole)
    page = soup(client.get(module.url))
    form = page.find("form", action=sheet_url(module, "tjek"))
    assert form is not None and form.find("input", {"name": "blok-tjek-f-tjek", "value": "1"})
    response = client.post(
        sheet_url(module, "tjek"), {"blok-tjek-base_version": "0", "blok-tjek-f-tjek": ["1"]}
    )
    assert response.status_code == 302 and response.url == f"{module.url}#blok-tjek"
    client.post(
        sheet_url(module, "refl"),
        {"blok-refl-base_version": "0", "blok-refl-f-refl-0": "At lytte til beboerne"},
    )
    page = soup(client.get(module.url))
    ticked = page.find("input", {"name": "blok-tjek-f-tjek", "value": "1"})
    assert ticked.has_attr("checked")
    assert not page.find("input", {"name": "blok-tjek-f-tjek", "value": "0"}).has_attr("checked")
    assert page.find("textarea", {"name": "blok-refl-f-refl-0"}).get_text().strip() == (
        "At lytte til beboerne"
    )
    own = ModuleSheet.objects.get(user=ole, block_id="tjek")
    assert own.sheet.data == {"tjek": [1]} and own.sheet.owner == ole


def test_a_fillable_tool_saves_with_history_and_pdf(client, ole, module):
    enrol(ole, module)
    client.force_login(ole)
    url = sheet_url(module, "vaerk")
    base = {"blok-vaerk-f-text": "Samdrift", "blok-vaerk-f-table-0-0": "Beboerne"}
    client.post(url, {**base, "blok-vaerk-base_version": "0"})
    client.post(url, {**base, "blok-vaerk-base_version": "1", "blok-vaerk-f-scale": "4"})
    own = ModuleSheet.objects.get(user=ole, block_id="vaerk")
    assert own.sheet.version == 2 and own.sheet.data["table"] == [["Beboerne", "", ""]]
    page = soup(client.get(url))
    history = page.find("table", class_="sheet-history").get_text()
    assert "Version 2" in history and "Hvor klar er afdelingen?" in history
    old = client.get(reverse("module_sheet_version", args=[own.pk, 1]))
    assert old.status_code == 200 and "Ikke besvaret" in old.content.decode()
    pdf = client.get(reverse("module_sheet_pdf", args=[own.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in read_pdf(pdf.content).pages)
    assert "Interessentanalyse" in text and "Samdrift" in text and "Ole Test" in text
    earlier = client.get(reverse("module_sheet_pdf", args=[own.pk]) + "?version=1")
    assert "4 på en skala" not in " ".join(
        p.extract_text() for p in read_pdf(earlier.content).pages
    )


def test_wrong_answers_are_refused_beside_the_field_and_kept(client, ole, module):
    enrol(ole, module)
    client.force_login(ole)
    response = client.post(
        sheet_url(module, "vaerk"),
        {"blok-vaerk-base_version": "0", "blok-vaerk-f-text": "", "blok-vaerk-f-choice": "Kaos"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["f-text"] == ["Feltet skal udfyldes."]
    assert form.errors["f-choice"] == ["»Kaos« er ikke en af svarmulighederne."]
    assert not Sheet.objects.exists()


def test_the_service_refuses_a_wrong_type(ole, module):
    enrol(ole, module)
    with pytest.raises(ValidationError) as refused:
        module_sheet_save(
            user=ole, module=module, block_id="tjek", answers={"tjek": ["ja"]}, base_version=0
        )
    assert refused.value.message_dict["f-tjek"] == [
        "Svaret skal være en liste af afkrydsede punkter."
    ]
    with pytest.raises(ValidationError):
        module_sheet_save(user=ole, module=module, block_id="intet", answers={}, base_version=0)


def test_a_stale_form_is_refused_with_the_answers_kept(client, ole, module):
    enrol(ole, module)
    module_sheet_save(
        user=ole, module=module, block_id="refl", answers={"refl-0": "Først"}, base_version=0
    )
    client.force_login(ole)
    response = client.post(
        sheet_url(module, "refl"),
        {"blok-refl-base_version": "0", "blok-refl-f-refl-0": "Fra en gammel fane"},
    )
    content = response.content.decode()
    assert "Nogen har gemt en nyere version" in content and "Fra en gammel fane" in content
    assert ModuleSheet.objects.get(user=ole).sheet.data == {"refl-0": "Først"}


def test_someone_not_enrolled_reads_the_questions_and_cannot_save(client, ole, module):
    client.force_login(ole)
    page = soup(client.get(module.url))
    assert page.find("form", action=sheet_url(module, "tjek")) is None
    text = page.find("main").get_text()
    assert "Indkald parterne" in text and "Hvad lærte du?" in text
    assert "dine svar gemmes først, når du er tilmeldt kurset" in text
    response = client.post(
        sheet_url(module, "tjek"), {"blok-tjek-base_version": "0", "blok-tjek-f-tjek": ["0"]}
    )
    assert "Du skal være tilmeldt kurset for at gemme dine svar" in response.content.decode()
    assert not ModuleSheet.objects.exists() and not Sheet.objects.exists()


def test_an_anonymous_visitor_is_told_to_log_in(client, module):
    text = soup(client.get(module.url)).find("main").get_text()
    assert "Log ind og tilmeld dig kurset for at gemme dine svar." in text
    assert client.get(sheet_url(module, "tjek")).status_code == 302  # to the login page


def test_another_learners_answers_are_a_404(client, ole, tove, module):
    enrol(ole, module)
    enrol(tove, module)
    own = module_sheet_save(
        user=ole, module=module, block_id="tjek", answers={"tjek": [0]}, base_version=0
    )
    client.force_login(tove)
    assert client.get(reverse("module_sheet_version", args=[own.pk, 1])).status_code == 404
    assert client.get(reverse("module_sheet_pdf", args=[own.pk])).status_code == 404
    # Tove's own page for the block shows her (empty) answers, never Ole's.
    page = client.get(sheet_url(module, "tjek"))
    assert page.context["sheet_block"].own is None
    assert client.get(sheet_url(module, "findes-ikke")).status_code == 404


def test_an_unpublished_tool_is_not_offered(client, ole, module, tool):
    tool.live = False
    tool.save()
    enrol(ole, module)
    client.force_login(ole)
    assert "Interessentanalyse" not in soup(client.get(module.url)).find("main").get_text()
    assert client.get(sheet_url(module, "vaerk")).status_code == 404


def test_the_downloadable_tool_block_still_renders(client, akademi):
    course = make_course(akademi, "A3", "Gammelt indhold", format="self_paced")
    block = {
        "type": "tool",
        "value": {"kind": "steering", "title": "Tidsplan", "description": "<p>Brug den.</p>"},
    }
    module = make_module(course, body=[block])
    text = soup(client.get(module.url)).find("main").get_text()
    assert "Tidsplan" in text and "Styringsværktøj" in text


def _module_page_queries(client, learner, akademi, tool, size: int) -> int:
    course = make_course(akademi, "A3", f"Kursus {size}", format="self_paced")
    body: list[dict[str, Any]] = []
    for n in range(size):
        body.append({**CHECKLIST, "id": f"tjek{n}"})
        body.append({"type": "fillable_tool", "id": f"v{n}", "value": {"tool": tool.pk}})
    module = make_module(course, body=body)
    enrol(learner, module)
    for n in range(size):
        module_sheet_save(
            user=learner,
            module=module,
            block_id=f"tjek{n}",
            answers={f"tjek{n}": [0]},
            base_version=0,
        )
    client.force_login(learner)
    client.get(module.url)  # warm the caches (site root, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(module.url)
    assert response.status_code == 200
    assert len(soup(response).find_all("form", class_="sheet-form")) == 2 * size
    return len(queries)


def test_module_page_queries_do_not_grow_with_blocks(client, ole, akademi, tool):
    """The learner's answers for every block come in one query (2 and 20 blocks of each)."""
    assert _module_page_queries(client, ole, akademi, tool, 2) == _module_page_queries(
        client, ole, akademi, tool, 20
    )
