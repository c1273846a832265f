"""Mine data leads HR to its privacy duties (the access log and the erasure requests); a
colleague without the HR role sees no such section.

Alice is HR of Fjordbo and Bob works there (tests.competencies.conftest).
"""

# ruff: noqa: F811  (pytest fixtures imported from tests.competencies.conftest)
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.competencies.conftest import alice, bob, fjordbo  # noqa: F401

pytestmark = pytest.mark.django_db


def _duties(client, person):
    client.force_login(person)
    response = client.get(reverse("privacy:my_data"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("[data-testid=privacy-duties]")


def test_hr_finds_the_access_log_and_the_erasure_queue(client, alice, fjordbo):
    section = _duties(client, alice)
    links = {a["href"] for a in section.select("a")}
    assert links == {reverse("audit:index"), reverse("erasure:queue")}
    for href in links:
        assert client.get(href).status_code in (200, 302)


def test_a_colleague_without_hr_sees_no_duties(client, bob, fjordbo):
    assert _duties(client, bob) is None
