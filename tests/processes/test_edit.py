"""A leader corrects a running process's title, description and departments; another
organisation's department is refused beside the field with the input kept; others get 403/404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from processes.models import ProcessEvent
from processes.services.processes import role_assign
from tests.factories import DepartmentFactory
from tests.factories.processes import ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(alice, fjordbo):
    return ProcessFactory.create(actor=alice, organisation=fjordbo)


def test_a_leader_edits_title_description_and_departments(client, alice, fjordbo, running):
    department = DepartmentFactory(organisation=fjordbo, number="202", name="Sølyst")
    client.force_login(alice)
    url = reverse("processes:edit", args=[running.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Samdrift Sølyst",
            "description": "To afdelinger",
            "departments": [department.pk],
        },
    )
    assert response.status_code == 302
    running.refresh_from_db()
    assert (running.title, running.description) == ("Samdrift Sølyst", "To afdelinger")
    assert list(running.departments.all()) == [department]
    assert ProcessEvent.objects.filter(process=running, action="updated").exists()


def test_another_organisations_department_is_refused_beside_the_field(
    client, alice, nordlys, running
):
    theirs = DepartmentFactory(organisation=nordlys, number="909", name="Nordlyset")
    client.force_login(alice)
    response = client.post(
        reverse("processes:edit", args=[running.pk]),
        {"title": "Nyt navn", "departments": [theirs.pk]},
    )
    assert response.status_code == 400
    assert "Vælg kun afdelinger i organisationen." in response.content.decode()
    assert 'value="Nyt navn"' in response.content.decode()
    running.refresh_from_db()
    assert running.title != "Nyt navn"


def test_outsiders_get_404_and_non_leaders_403(client, alice, bob, charlie_with_totp, running):
    url = reverse("processes:edit", args=[running.pk])
    client.force_login(charlie_with_totp)
    assert client.get(url).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 404  # not named in the process: he does not see it
    role_assign(actor=alice, process=running, role=running.roles.first(), person=bob)
    assert client.get(url).status_code == 403  # named in a role: he sees it, but does not lead
    assert client.post(url, {"title": "Bobs navn"}).status_code == 403
