"""The gap export button says what it exports: the filtered people, not "alle gab" (issue 18)."""

import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from openpyxl import load_workbook

from tests.competencies.conftest import department
from tests.core.export_jobs_client import fetch_export

pytestmark = pytest.mark.django_db


def gaps_url(organisation, name="gaps"):
    return reverse(f"competencies:{name}", kwargs={"org_pk": organisation.pk})


def export_button(client, organisation, params):
    soup = BeautifulSoup(client.get(gaps_url(organisation), params).content, "html.parser")
    button = soup.find(attrs={"data-testid": "gaps-export"})
    # The button starts a background export of the page's filter (issue 16): its form's action.
    action = button.find_parent("form")["action"]
    return button.get_text(" ", strip=True).replace("\xa0", " "), action


def texts_in(workbook_bytes: bytes) -> set[str]:
    workbook = load_workbook(io.BytesIO(workbook_bytes), read_only=True)
    return {
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    }


def test_unfiltered_the_button_exports_all_gaps(client, alice, fjordbo, bob, dorte):
    client.force_login(alice)
    label, href = export_button(client, fjordbo, {})
    assert label == "Hent alle gab som regneark (2 personer)"
    assert {"Bob", "Dorte"} <= texts_in(fetch_export(client, href).content)


def test_filtered_the_button_says_it_exports_the_shown_gaps(client, alice, fjordbo, bob, dorte):
    client.force_login(alice)
    dept_102 = department(fjordbo, "102")
    label, href = export_button(client, fjordbo, {"department": dept_102.pk})
    assert label == "Hent de viste gab som regneark (1 person)"
    assert "alle" not in label
    exported = texts_in(fetch_export(client, href).content)
    assert "Dorte" in exported and "Bob" not in exported
