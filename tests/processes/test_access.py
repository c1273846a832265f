"""Who sees what: Charlie (Nordlys) gets 404 on every route of a Fjordbo process and sees none
of them listed; Bob (staff) sees a process only when named in it; the responsible person may
change their milestone's status but not plan it; only leaders name people in roles."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from organisations.models import Organisation, User
from processes import access
from processes.models import Process
from processes.services.milestones import milestone_plan
from processes.services.processes import role_assign
from tests.factories.processes import ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(alice: User, fjordbo: Organisation) -> Process:
    return ProcessFactory.create(actor=alice, organisation=fjordbo)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _routes(process: Process) -> list[tuple[str, str]]:
    milestone = process.milestones.get(position=1)
    role = process.roles.first()
    assert role is not None
    pm = [process.pk, milestone.pk]
    return [
        ("get", reverse("processes:detail", args=[process.pk])),
        ("get", reverse("processes:roles", args=[process.pk])),
        ("post", reverse("processes:role_assign", args=[process.pk, role.pk])),
        ("post", reverse("processes:close", args=[process.pk])),
        ("get", reverse("processes:milestone", args=pm)),
        ("post", reverse("processes:milestone_status", args=pm)),
        ("post", reverse("processes:milestone_plan", args=pm)),
        ("post", reverse("processes:milestone_notes", args=pm)),
    ]


def test_it_validates_ownership(charlie_with_totp: User, process: Process) -> None:
    client = _client(charlie_with_totp)
    for method, url in _routes(process):
        assert getattr(client, method)(url).status_code == 404, url
    response = client.get(reverse("processes:list"))
    assert response.status_code == 200
    assert process.title not in response.content.decode()


def test_bob_sees_a_process_only_when_named(alice: User, bob: User, process: Process) -> None:
    client = _client(bob)
    assert client.get(reverse("processes:detail", args=[process.pk])).status_code == 404
    assert not access.processes_for(bob).exists()
    role_assign(actor=alice, process=process, role=process.roles.get(key="driftschef"), person=bob)
    assert client.get(reverse("processes:detail", args=[process.pk])).status_code == 200
    assert process.title in client.get(reverse("processes:list")).content.decode()
    # a person of the process, but no leader: the roles page answers 403
    assert client.get(reverse("processes:roles", args=[process.pk])).status_code == 403


def test_the_responsible_person_changes_status_but_does_not_plan(
    alice: User, bob: User, process: Process
) -> None:
    milestone = process.milestones.get(position=2)
    milestone_plan(actor=alice, milestone=milestone, responsible=bob, due_on=milestone.due_on)
    client = _client(bob)
    args = [process.pk, milestone.pk]
    page = client.get(reverse("processes:milestone", args=args))
    assert page.context["actions"].can_change_status
    assert not page.context["actions"].can_plan
    response = client.post(reverse("processes:milestone_status", args=args), {"status": "reached"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == "reached"
    response = client.post(reverse("processes:milestone_plan", args=args), {"due_on": ""})
    assert response.status_code == 403
    other = process.milestones.get(position=3)
    response = client.post(
        reverse("processes:milestone_status", args=[process.pk, other.pk]), {"status": "reached"}
    )
    assert response.status_code == 403


def test_the_nav_link(alice: User, bob: User, charlie_with_totp: User, process: Process) -> None:
    url = reverse("processes:list")
    assert f'href="{url}"' in _client(alice).get(reverse("min_side")).content.decode()
    assert f'href="{url}"' not in _client(bob).get(reverse("min_side")).content.decode()
