"""Starting a process from a drejebog: what is copied, and every refusal (issue 13, bad input)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from organisations.models import Organisation, User
from processes.models import (
    Milestone,
    Process,
    ProcessEvent,
    ProcessSheet,
    ProcessTemplate,
)
from processes.services.processes import process_start
from tests.factories import BuildingProjectFactory, DepartmentFactory, person
from tests.factories.processes import ProcessFactory, TemplateFactory

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)


def _start(
    actor: User, organisation: Organisation, template: ProcessTemplate, **kw: object
) -> Process:
    values: dict[str, object] = {
        "actor": actor,
        "template": template,
        "organisation": organisation,
        "title": "Samdrift i Fjordparken",
        "starts_on": START,
    }
    values.update(kw)
    return process_start(**values)  # type: ignore[arg-type]


def _refusal(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_it_copies_the_published_template(alice: User, fjordbo: Organisation) -> None:
    template = TemplateFactory.create()
    department = fjordbo.departments.get()
    process = _start(alice, fjordbo, template, departments=[department])

    assert process.template_version == template.version
    assert process.kind == template.kind
    assert list(process.departments.all()) == [department]
    assert [r.key for r in process.roles.all()] == ["projektleder", "driftschef", "beboervalgte"]
    assert [p.title for p in process.phases.all()] == ["Forarbejde", "Udvikling"]
    milestones = list(process.milestones.order_by("position"))
    assert [m.position for m in milestones] == [1, 2, 3, 4, 5, 6]
    assert milestones[3].phase.title == "Udvikling"
    assert milestones[0].due_on == START + timedelta(weeks=4)
    assert milestones[0].tasks[0]["role"] == "projektleder"
    assert [c.code for c in milestones[0].competences.all()] == ["fremtidsanalyse"]
    assert process.advice == [
        {"title": "Skab ejerskab", "text": "Inddrag alle."},
        {"title": "Kommuniker", "text": ""},
    ]
    sheets = list(ProcessSheet.objects.filter(process=process))
    assert len(sheets) == 1  # one tool named at milestones 1 and 2: one shared sheet
    assert sheets[0].milestone == milestones[0]
    event = ProcessEvent.objects.get(process=process)
    assert (event.action, event.actor, event.to_status) == ("started", alice, "active")
    assert ModelLogEntry.objects.filter(action="processes.process.start").exists()


def test_a_later_template_edit_leaves_the_process_alone(alice: User, fjordbo: Organisation) -> None:
    process = ProcessFactory.create(actor=alice, organisation=fjordbo)
    template = process.template
    template.phases = []
    template.version = 2
    template.save()
    assert process.milestones.count() == 6
    process.refresh_from_db()
    assert process.template_version == 1


def test_an_unpublished_template_is_refused(alice: User, fjordbo: Organisation) -> None:
    template = TemplateFactory.create(live=False)
    with pytest.raises(ValidationError) as error:
        _start(alice, fjordbo, template)
    assert "template" in _refusal(error)
    assert not Process.objects.exists()


def test_an_organisation_the_actor_does_not_lead_is_refused(
    alice: User, bob: User, fjordbo: Organisation, nordlys: Organisation
) -> None:
    template = TemplateFactory.create()
    with pytest.raises(ValidationError) as error:
        _start(alice, nordlys, template)
    assert "organisation" in _refusal(error)
    with pytest.raises(ValidationError) as error:
        _start(bob, fjordbo, template)
    assert "organisation" in _refusal(error)
    assert not Process.objects.exists()


def test_another_organisations_department_is_refused(
    alice: User, fjordbo: Organisation, nordlys: Organisation
) -> None:
    template = TemplateFactory.create()
    with pytest.raises(ValidationError) as error:
        _start(alice, fjordbo, template, departments=[nordlys.departments.get()])
    assert _refusal(error)["departments"] == ["Vælg kun afdelinger i organisationen."]
    assert not Process.objects.exists()
    assert not Milestone.objects.exists()


def test_project_must_be_the_organisations_and_present_when_needed(
    alice: User, fjordbo: Organisation, nordlys: Organisation
) -> None:
    template = TemplateFactory.create(needs_project=True)
    with pytest.raises(ValidationError) as error:
        _start(alice, fjordbo, template)
    assert "project" in _refusal(error)
    other = BuildingProjectFactory.create(organisation=nordlys)
    with pytest.raises(ValidationError) as error:
        _start(alice, fjordbo, template, project=other)
    assert "project" in _refusal(error)
    own = BuildingProjectFactory.create(organisation=fjordbo)
    assert _start(alice, fjordbo, template, project=own).project == own


def test_a_missing_start_date_is_refused(alice: User, fjordbo: Organisation) -> None:
    with pytest.raises(ValidationError) as error:
        _start(alice, fjordbo, TemplateFactory.create(), starts_on=None)
    assert "starts_on" in _refusal(error)


def test_a_project_leader_starts_one(fjordbo: Organisation) -> None:
    leader = person("pia@fjordbo.example", fjordbo, ["staff", "project_leader"], "Pia")
    second = DepartmentFactory.create(organisation=fjordbo, number="102", name="Fjordhaven")
    process = _start(leader, fjordbo, TemplateFactory.create(), departments=[second])
    assert process.created_by == leader
