"""Issue 18, fault 11 (onsite): guides in order, an honest approval message, the count of
entries waiting, and a "Ret byggesag" button that does not look disabled."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from competencies.models import Guide
from onsite.services.entries import CompetenceLevel
from tests.onsite.fixtures_log import *  # noqa: F403  (the fixtures)
from tests.onsite.fixtures_log import make_entry

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_every_guide_list_is_in_the_sectors_order():
    codes = list(Guide.objects.in_order().values_list("code", flat=True))
    assert codes[:5] == ["A1", "A2", "A3", "A4", "A5"]
    series = [code[0] for code in codes]
    assert series == sorted(series)


def test_a10_comes_after_a9():
    for number in (9, 10):
        Guide.objects.create(code=f"A{number}", title=f"Test {number}", series="A", summary="x")
    codes = list(Guide.objects.filter(series="A").in_order().values_list("code", flat=True))
    assert codes.index("A9") < codes.index("A10")
    assert codes.index("A5") < codes.index("A9")


def test_the_log_entry_form_lists_the_guides_in_order(client, lars, project):
    client.force_login(lars)
    page = soup(client.get(reverse("onsite:entry_create", args=[project.pk])))
    options = [o.get_text(strip=True) for o in page.find("select", {"name": "guide"}) if o.name]
    codes = [text.split()[0] for text in options[1:]]
    assert codes[:5] == ["A1", "A2", "A3", "A4", "A5"]


def _approve(client, peter, entry):
    client.force_login(peter)
    response = client.post(reverse("onsite:entry_approve", args=[entry.pk]), follow=True)
    return " ".join(m.message for m in response.context["messages"])


def test_approving_an_entry_without_participants_says_nothing_was_documented(
    client, peter, lars, project, erfa, django_capture_on_commit_callbacks
):
    entry = make_entry(project, lars, competences=[CompetenceLevel(erfa, 3)], submit=True)
    assert not entry.participants.exists()
    with django_capture_on_commit_callbacks(execute=True):
        message = _approve(client, peter, entry)
    assert "godkendt" in message
    assert "ingen deltagere" in message and "deltagernes kompetencer er dokumenteret" not in message
    approved_mail = [m for m in mail.outbox if "godkendt" in m.subject][-1]
    assert "ingen deltagere" in approved_mail.body


def test_approving_an_entry_with_participants_says_for_how_many(
    client, peter, lars, kim, project, erfa
):
    entry = make_entry(
        project,
        lars,
        participants=[lars, kim],
        competences=[CompetenceLevel(erfa, 3)],
        submit=True,
    )
    assert "dokumenteret for 2 deltagere" in _approve(client, peter, entry)


def test_approving_an_entry_without_competences_says_so(client, peter, lars, project):
    entry = make_entry(project, lars, participants=[lars], submit=True)
    message = _approve(client, peter, entry)
    assert "ingen kompetencer" in message


def test_til_godkendelse_shows_the_count(client, peter, lars, project):
    make_entry(project, lars, submit=True)
    make_entry(project, lars, submit=True, title="Andet indlæg")
    make_entry(project, lars, title="Kladde")  # a draft does not wait for the leader
    client.force_login(peter)
    page = soup(client.get(reverse("onsite:project_detail", args=[project.pk])))
    button = page.find(attrs={"data-testid": "submitted-count"})
    assert button.get_text(" ", strip=True).startswith("Til godkendelse 2")


def test_ret_byggesag_is_a_real_button(client, peter, project):
    client.force_login(peter)
    page = soup(client.get(reverse("onsite:project_detail", args=[project.pk])))
    button = page.find("a", string="Ret byggesag")
    classes = set(button["class"])
    assert "btn-outline-primary" in classes
    assert not classes & {"disabled", "btn-outline-secondary", "btn-light", "btn-link"}
    assert button.get("aria-disabled") is None
