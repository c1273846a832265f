"""The process pages through their URLs: list, start, process page, roles, milestone, mine —
bad input kept with the message beside the field, and flat query counts at two sizes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.models import Membership, Organisation, User
from processes.models import Milestone, Process
from processes.services.milestones import milestone_plan, milestone_set_status
from processes.services.processes import role_assign
from tests.factories import BuildingProjectFactory, person
from tests.factories.processes import ProcessFactory, TemplateFactory

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# --- Start ---------------------------------------------------------------------------------


def test_start_shows_the_live_templates_as_cards(alice: User, fjordbo: Organisation) -> None:
    live = TemplateFactory.create(title="Samdrift mellem almene boligafdelinger")
    TemplateFactory.create(title="Kladde", live=False)
    response = _client(alice).get(reverse("processes:start"))
    html = response.content.decode()
    assert live.title in html and "Kladde" not in html


def test_start_form_starts_a_process(alice: User, fjordbo: Organisation) -> None:
    template = TemplateFactory.create()
    department = fjordbo.departments.get()
    client = _client(alice)
    assert client.get(reverse("processes:start"), {"drejebog": template.pk}).status_code == 200
    response = client.post(
        reverse("processes:start"),
        {
            "template": template.pk,
            "organisation": fjordbo.pk,
            "title": "Samdrift i Fjordparken",
            "departments": [department.pk],
            "starts_on": "2026-01-05",
        },
    )
    process = Process.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("processes:detail", args=[process.pk])


@pytest.mark.parametrize("field", ["departments", "project", "template", "organisation"])
def test_another_organisations_id_is_refused_beside_the_field(
    alice: User, fjordbo: Organisation, nordlys: Organisation, field: str
) -> None:
    template = TemplateFactory.create()
    data: dict[str, object] = {
        "template": template.pk,
        "organisation": fjordbo.pk,
        "title": "Mit forløb",
        "starts_on": "2026-01-05",
    }
    foreign = {
        "departments": [nordlys.departments.get().pk],
        "project": BuildingProjectFactory.create(organisation=nordlys).pk,
        "template": TemplateFactory.create(live=False).pk,
        "organisation": nordlys.pk,
    }
    data[field] = foreign[field]
    response = _client(alice).post(reverse("processes:start"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'value="Mit forløb"' in response.content.decode()  # input kept
    assert not Process.objects.exists()


def test_a_missing_project_is_refused_beside_the_field(alice: User, fjordbo: Organisation) -> None:
    template = TemplateFactory.create(needs_project=True)
    response = _client(alice).post(
        reverse("processes:start"),
        {
            "template": template.pk,
            "organisation": fjordbo.pk,
            "title": "Godt hold",
            "starts_on": "2026-01-05",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["project"] == [
        "Denne drejebog hører til en byggesag. Vælg byggesagen."
    ]
    assert not Process.objects.exists()


def test_staff_may_not_start(bob: User) -> None:
    assert _client(bob).get(reverse("processes:start")).status_code == 403


# --- Process page, list, milestone ---------------------------------------------------------


@pytest.fixture
def process(alice: User, fjordbo: Organisation) -> Process:
    return ProcessFactory.create(
        actor=alice, organisation=fjordbo, departments=[fjordbo.departments.get()]
    )


def test_the_process_page_shows_timeline_table_and_waiting(
    alice: User, bob: User, process: Process
) -> None:
    role_assign(actor=alice, process=process, role=process.roles.get(key="driftschef"), person=bob)
    first = process.milestones.get(position=1)
    milestone_plan(actor=alice, milestone=first, responsible=bob, due_on=date(2026, 1, 10))
    response = _client(alice).get(reverse("processes:detail", args=[process.pk]))
    html = response.content.decode()
    assert "Hvem venter på hvem" in html
    assert "<caption>" in html and "Overskredet" in html
    assert "Bob Berg" in html
    assert "Skab ejerskab" in html  # the project leader's advice
    assert response.context["page"].waiting[0].milestone == first


def test_the_list_filters_and_counts(alice: User, fjordbo: Organisation, process: Process) -> None:
    milestone_set_status(
        actor=alice, milestone=process.milestones.get(position=1), status="reached"
    )
    other = ProcessFactory.create(actor=alice, organisation=fjordbo, starts_on=date.today())
    client = _client(alice)
    response = client.get(reverse("processes:list"))
    html = response.content.decode()
    assert "1 af 6 milepæle nået" in html
    response = client.get(reverse("processes:list"), {"late": "on"})
    titles = [p.title for p, _next in response.context["rows"]]
    assert titles == [process.title]  # started in January 2026: its early milestones are late
    response = client.get(reverse("processes:list"), {"department": fjordbo.departments.get().pk})
    assert [p.pk for p, _n in response.context["rows"]] == [process.pk]
    assert other.pk not in [p.pk for p, _n in response.context["rows"]]


def test_milestone_page_status_form_keeps_input(alice: User, process: Process) -> None:
    milestone = process.milestones.get(position=2)
    url = reverse("processes:milestone_status", args=[process.pk, milestone.pk])
    response = _client(alice).post(url, {"status": "skipped", "note": "Min bemærkning"})
    assert response.status_code == 400
    assert response.context["status_form"].errors["skip_reason"] == [
        "Skriv hvorfor milepælen springes over."
    ]
    assert "Min bemærkning" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.status == "not_started"


def test_milestone_plan_due_before_start(alice: User, process: Process) -> None:
    milestone = process.milestones.get(position=2)
    url = reverse("processes:milestone_plan", args=[process.pk, milestone.pk])
    response = _client(alice).post(url, {"due_on": "2025-12-01"})
    assert response.status_code == 400
    assert "due_on" in response.context["plan_form"].errors
    assert 'value="2025-12-01"' in response.content.decode()


def test_milestone_page_renders(alice: User, process: Process) -> None:
    milestone = process.milestones.get(position=1)
    response = _client(alice).get(reverse("processes:milestone", args=[process.pk, milestone.pk]))
    html = response.content.decode()
    assert "Hvem gør hvad" in html and "Projektleder" in html and "Interessentanalyse" in html


def test_roles_page_assigns_and_refuses(
    alice: User, bob: User, charlie: User, process: Process
) -> None:
    client = _client(alice)
    role = process.roles.get(key="driftschef")
    assert client.get(reverse("processes:roles", args=[process.pk])).status_code == 200
    url = reverse("processes:role_assign", args=[process.pk, role.pk])
    response = client.post(url, {f"r{role.pk}-person": charlie.pk, f"r{role.pk}-party": "X"})
    assert response.status_code == 400
    role.refresh_from_db()
    assert role.person is None
    response = client.post(url, {f"r{role.pk}-person": bob.pk, f"r{role.pk}-party": ""})
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.person == bob


def test_waiting_for_me(alice: User, bob: User, process: Process) -> None:
    role_assign(actor=alice, process=process, role=process.roles.get(key="driftschef"), person=bob)
    own = process.milestones.get(position=4)
    milestone_plan(actor=alice, milestone=own, responsible=bob, due_on=own.due_on)
    someone_else = process.milestones.get(position=5)
    milestone_plan(actor=alice, milestone=someone_else, responsible=alice)
    response = _client(bob).get(reverse("processes:mine"))
    shown = [m.position for m in response.context["page_obj"]]
    # every open milestone has a driftschef task; 5 has someone else responsible
    assert shown == [1, 2, 3, 4, 6]


# --- Query counts at two sizes -------------------------------------------------------------


def test_list_queries_are_flat(alice: User, fjordbo: Organisation) -> None:
    template = TemplateFactory.create(tool=None, phase_count=1, per_phase=2)
    client = _client(alice)
    for _ in range(2):
        ProcessFactory.create(actor=alice, organisation=fjordbo, template=template)
    client.get(reverse("processes:list"))  # warm caches (content types, site)
    small = _queries(client, reverse("processes:list"))
    for _ in range(198):
        ProcessFactory.create(actor=alice, organisation=fjordbo, template=template)
    assert _queries(client, reverse("processes:list")) == small


def test_process_page_queries_are_flat(alice: User, fjordbo: Organisation) -> None:
    client = _client(alice)
    small = ProcessFactory.create(
        actor=alice,
        organisation=fjordbo,
        template=TemplateFactory.create(phase_count=1, per_phase=2),
    )
    large = ProcessFactory.create(
        actor=alice,
        organisation=fjordbo,
        template=TemplateFactory.create(phase_count=3, per_phase=67),
    )
    assert Milestone.objects.filter(process=large).count() == 201
    for milestone in Milestone.objects.filter(process=large, position__lte=50):
        milestone_plan(actor=alice, milestone=milestone, responsible=alice, due_on=large.starts_on)
    client.get(reverse("processes:detail", args=[small.pk]))
    assert _queries(client, reverse("processes:detail", args=[small.pk])) == _queries(
        client, reverse("processes:detail", args=[large.pk])
    )


def test_waiting_queries_are_flat(alice: User, bob: User, fjordbo: Organisation) -> None:
    client = _client(bob)
    template = TemplateFactory.create()
    first = ProcessFactory.create(actor=alice, organisation=fjordbo, template=template)
    role_assign(actor=alice, process=first, role=first.roles.get(key="driftschef"), person=bob)
    client.get(reverse("processes:mine"))
    small = _queries(client, reverse("processes:mine"))
    for _ in range(4):
        more = ProcessFactory.create(
            actor=alice, organisation=fjordbo, template=template, starts_on=date.today()
        )
        role_assign(actor=alice, process=more, role=more.roles.get(key="driftschef"), person=bob)
        milestone_plan(
            actor=alice,
            milestone=more.milestones.get(position=1),
            responsible=bob,
            due_on=date.today() + timedelta(days=3),
        )
    assert _queries(client, reverse("processes:mine")) == small


def test_a_leader_of_two_organisations_chooses_one(
    fjordbo: Organisation, nordlys: Organisation
) -> None:
    leader = person("lene@fjordbo.example", fjordbo, ["staff", "hr"], "Lene")
    Membership.objects.create(user=leader, organisation=nordlys, role_staff=True, role_hr=True)
    template = TemplateFactory.create()
    client = _client(leader)
    form = client.get(reverse("processes:start"), {"drejebog": template.pk}).context["form"]
    assert form.several_organisations
    response = client.post(
        reverse("processes:start"),
        {
            "template": template.pk,
            "organisation": fjordbo.pk,
            "title": "Samdrift",
            "departments": [nordlys.departments.get().pk],
            "starts_on": "2026-01-05",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["departments"] == [
        "Vælg kun afdelinger i organisationen."
    ]
    assert not Process.objects.exists()
