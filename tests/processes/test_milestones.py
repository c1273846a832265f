"""Milestones: planning, status (order, skipping), notes, and who may do which."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from organisations.models import Organisation, User
from processes.models import Milestone, MilestoneStatus, Process, ProcessEvent, ProcessStatus
from processes.services.milestones import milestone_note, milestone_plan, milestone_set_status
from processes.services.processes import process_close, role_assign
from tests.factories import BuildingProjectFactory, ProjectPartyFactory, person
from tests.factories.processes import ProcessFactory, TemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(alice: User, fjordbo: Organisation) -> Process:
    return ProcessFactory.create(actor=alice, organisation=fjordbo)


def _m(process: Process, position: int) -> Milestone:
    return process.milestones.get(position=position)


def test_a_due_date_before_the_start_is_refused(alice: User, process: Process) -> None:
    with pytest.raises(ValidationError) as error:
        milestone_plan(actor=alice, milestone=_m(process, 1), due_on=date(2025, 12, 31))
    assert "due_on" in error.value.message_dict
    assert _m(process, 1).due_on == date(2026, 2, 2)


def test_plan_sets_responsible_and_due(alice: User, bob: User, process: Process) -> None:
    milestone_plan(actor=alice, milestone=_m(process, 1), responsible=bob, due_on=date(2026, 3, 1))
    milestone = _m(process, 1)
    assert (milestone.responsible, milestone.due_on) == (bob, date(2026, 3, 1))
    assert ProcessEvent.objects.filter(process=process, action="planned").exists()


def test_an_outsider_cannot_be_responsible(alice: User, charlie: User, process: Process) -> None:
    with pytest.raises(ValidationError) as error:
        milestone_plan(actor=alice, milestone=_m(process, 1), responsible=charlie)
    assert "responsible" in error.value.message_dict


def test_skipping_needs_a_reason(alice: User, process: Process) -> None:
    with pytest.raises(ValidationError) as error:
        milestone_set_status(actor=alice, milestone=_m(process, 1), status="skipped")
    assert "skip_reason" in error.value.message_dict
    assert _m(process, 1).status == MilestoneStatus.NOT_STARTED
    milestone_set_status(
        actor=alice, milestone=_m(process, 1), status="skipped", skip_reason="Ikke relevant."
    )
    assert _m(process, 1).skip_reason == "Ikke relevant."


def test_reached_out_of_order_is_refused_when_the_template_says_so(
    alice: User, fjordbo: Organisation
) -> None:
    process = ProcessFactory.create(
        actor=alice, organisation=fjordbo, template=TemplateFactory.create(milestones_in_order=True)
    )
    with pytest.raises(ValidationError) as error:
        milestone_set_status(actor=alice, milestone=_m(process, 3), status="reached")
    assert "Milepæl 1" in error.value.message_dict["status"][0]
    milestone_set_status(actor=alice, milestone=_m(process, 1), status="reached")
    milestone_set_status(actor=alice, milestone=_m(process, 2), status="skipped", skip_reason="x")
    milestone_set_status(actor=alice, milestone=_m(process, 3), status="reached")
    assert _m(process, 3).reached_on is not None


def test_out_of_order_is_fine_otherwise(alice: User, process: Process) -> None:
    milestone_set_status(actor=alice, milestone=_m(process, 3), status="reached", note="Godt.")
    milestone = _m(process, 3)
    assert milestone.reached_on is not None
    event = ProcessEvent.objects.get(milestone=milestone)
    assert (event.from_status, event.to_status) == ("not_started", "reached")
    assert "Godt." in event.comment
    milestone_set_status(actor=alice, milestone=milestone, status="in_progress")
    assert _m(process, 3).reached_on is None


def test_the_responsible_person_moves_status_but_does_not_plan(
    alice: User, bob: User, process: Process
) -> None:
    milestone_plan(actor=alice, milestone=_m(process, 2), responsible=bob)
    milestone_set_status(actor=bob, milestone=_m(process, 2), status="in_progress")
    assert _m(process, 2).status == "in_progress"
    with pytest.raises(ValidationError):
        milestone_plan(actor=bob, milestone=_m(process, 2), due_on=date(2026, 6, 1))
    with pytest.raises(ValidationError):
        milestone_set_status(actor=bob, milestone=_m(process, 1), status="in_progress")


def test_notes_by_the_process_people(alice: User, bob: User, process: Process) -> None:
    with pytest.raises(ValidationError):
        milestone_note(actor=bob, milestone=_m(process, 1), notes="Hej")
    role = process.roles.get(key="driftschef")
    role_assign(actor=alice, process=process, role=role, person=bob)
    milestone_note(actor=bob, milestone=_m(process, 1), notes="Møde holdt.")
    assert _m(process, 1).notes == "Møde holdt."


def test_role_assign_checks_the_person(
    alice: User, bob: User, charlie: User, process: Process
) -> None:
    role = process.roles.get(key="projektleder")
    with pytest.raises(ValidationError) as error:
        role_assign(actor=alice, process=process, role=role, person=charlie)
    assert "person" in error.value.message_dict
    with pytest.raises(ValidationError):
        role_assign(actor=bob, process=process, role=role, person=bob)
    role_assign(actor=alice, process=process, role=role, person=bob, party="Afdelingsbestyrelsen")
    role.refresh_from_db()
    assert (role.person, role.party) == (bob, "Afdelingsbestyrelsen")


def test_people_of_a_project_party_can_be_named(alice: User, fjordbo: Organisation) -> None:
    project = BuildingProjectFactory.create(organisation=fjordbo)
    party = ProjectPartyFactory.create(project=project)
    contractor = person("kim@entreprenor.example", party.organisation, ["staff"], "Kim")
    process = ProcessFactory.create(actor=alice, organisation=fjordbo, project=project)
    role = process.roles.get(key="driftschef")
    role_assign(actor=alice, process=process, role=role, person=contractor)


def test_a_closed_process_is_read_only_until_reopened(alice: User, process: Process) -> None:
    process_close(actor=alice, process=process, status=ProcessStatus.COMPLETED)
    with pytest.raises(ValidationError):
        milestone_set_status(actor=alice, milestone=_m(process, 1), status="in_progress")
    process_close(actor=alice, process=process, status=ProcessStatus.ACTIVE)
    milestone_set_status(actor=alice, milestone=_m(process, 1), status="in_progress")
