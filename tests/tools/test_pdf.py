"""A filled tool as a PDF: it opens, it is Danish and tagged, and it prints the answers."""

from __future__ import annotations

import pytest

from organisations.models import User
from tests.factories.tools import SheetFactory
from tests.pdf_structure import assert_accessible_pdf, read_pdf
from tools import services
from tools.pdf import sheet_filename, sheet_pdf

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    return " ".join(page.extract_text() for page in read_pdf(data).pages)


def test_pdf_opens_and_holds_the_danish_answers(bob: User) -> None:
    sheet = SheetFactory(title="Interessentanalyse")
    answers = {
        "text": "Samdrift mellem to afdelinger",
        "choice": "Kommune",
        "scale": 4,
        "checklist": [0],
        "table": [["Beboerne", "Tryghed", "Stor"]],
        "matrix": {"Drift": {"Foreninger": "Fælles aftale"}},
    }
    sheet = services.sheet_save(sheet=sheet, answers=answers, actor=bob, base_version=0)
    data = sheet_pdf(
        sheet=sheet, heading="Interessentanalyse", lines=[("Forløb", "Samdrift i Fjordbo")]
    )
    assert_accessible_pdf(data, title="Interessentanalyse")
    text = text_of(data)
    for words in (
        "Udfyldt værktøj",
        "Forløb",
        "Samdrift i Fjordbo",
        "Samdrift mellem to afdelinger",
        "Kommune",
        "Afkrydset: Indkald parterne",
        "Beboerne",
        "Fælles aftale",
        "Udskrevet",
    ):
        assert words in text, words
    assert sheet_filename(sheet) == f"interessentanalyse-{sheet.pk}.pdf"


def test_pdf_prints_an_earlier_version(bob: User) -> None:
    sheet = SheetFactory()
    sheet = services.sheet_save(sheet=sheet, answers={"text": "Først"}, actor=bob, base_version=0)
    sheet = services.sheet_save(sheet=sheet, answers={"text": "Siden"}, actor=bob, base_version=1)
    text = text_of(sheet_pdf(sheet=sheet, heading="x", lines=[], data={"text": "Først"}))
    assert "Først" in text and "Siden" not in text
    assert "Ikke besvaret" in text
