"""The anchoring plan of a forankring process (seed 004): access, bad input, role shift →
competence plan goal (once, through the competencies services), the PDF, query counts."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from competencies.models import CompetencePlan, PlanGoal
from competencies.models.framework import LEVEL_RANGE_MESSAGE
from organisations.models import Organisation, User
from processes.forms_anchoring import NO_SUCH_COMPETENCE, NOT_IN_ORGANISATION
from processes.models import (
    AnchoringActivity,
    AnchoringPlan,
    LearningItem,
    Process,
    ProcessEvent,
    ProcessKind,
    RoleShift,
    RoleShiftKind,
)
from processes.services import anchoring as services
from processes.services.processes import role_assign
from tests.factories import person
from tests.factories.competencies import CompetenceFactory, CompetencePlanFactory, competence
from tests.factories.processes import ProcessFactory, TemplateFactory

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)


@pytest.fixture
def process(alice: User, fjordbo: Organisation) -> Process:
    template = TemplateFactory.create(kind=ProcessKind.FORANKRING, title="Forankring")
    created: Process = ProcessFactory.create(
        actor=alice, organisation=fjordbo, template=template, title="Fra projekt til drift"
    )
    return created


def _url(process: Process, tail: str = "") -> str:
    return f"/forloeb/{process.pk}/forankringsplan/{tail}"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _shift(process: Process, actor: User, **values: Any) -> RoleShift:
    defaults: dict[str, Any] = {
        "kind": RoleShiftKind.CARETAKER_PREVENTER,
        "training_need": "Kursus i social vicevært-rollen",
    }
    defaults.update(values)
    return services.role_shift_save(actor=actor, process=process, **defaults)


# --- Access --------------------------------------------------------------------------------


def test_it_answers_404_to_another_organisation(process: Process, charlie_with_totp: User) -> None:
    client = _client(charlie_with_totp)
    assert client.get(_url(process)).status_code == 404
    assert client.get(f"/forloeb/{process.pk}/forankringsplan.pdf").status_code == 404
    assert client.post(_url(process, "modeller/"), {"strategy": "x"}).status_code == 404


def test_it_answers_404_for_a_process_of_another_kind(alice: User, fjordbo: Organisation) -> None:
    samdrift = ProcessFactory.create(actor=alice, organisation=fjordbo)
    client = _client(alice)
    assert client.get(_url(samdrift)).status_code == 404
    assert client.get(f"/forloeb/{samdrift.pk}/forankringsplan.pdf").status_code == 404


def test_the_process_people_read_and_only_leaders_edit(
    process: Process, alice: User, bob: User
) -> None:
    client = _client(bob)
    assert client.get(_url(process)).status_code == 404  # not named in the process
    role_assign(
        actor=alice, process=process, role=process.roles.get(key="projektleder"), person=bob
    )
    response = client.get(_url(process))
    assert response.status_code == 200
    assert "plan_form" not in response.context
    assert client.post(_url(process, "modeller/"), {"strategy": "x"}).status_code == 403
    with pytest.raises(ValidationError):
        services.anchoring_plan_update(actor=bob, process=process, models_chosen=[], strategy="x")


# --- Editing -------------------------------------------------------------------------------


def test_a_leader_chooses_models_and_writes_the_strategy(process: Process, alice: User) -> None:
    client = _client(alice)
    response = client.post(
        _url(process, "modeller/"),
        {"models_chosen": ["partnership", "civil_society"], "strategy": "Foreningen overtager."},
    )
    assert response.status_code == 302
    plan = AnchoringPlan.objects.get(process=process)
    assert plan.models_chosen == ["civil_society", "partnership"]
    assert plan.strategy == "Foreningen overtager."
    assert ProcessEvent.objects.filter(process=process, action="anchoring.plan").exists()
    page = client.get(_url(process)).content.decode()
    assert "Civilsamfund" in page and "Partnerskab" in page
    assert "Borgerorganiseringer" in page  # the guide's explanation


def test_activities_role_shifts_and_learning_are_events(
    process: Process, alice: User, bob: User
) -> None:
    client = _client(alice)
    response = client.post(
        _url(process, "aktiviteter/ny/"),
        {
            "title": "Lektiecaféen",
            "model": "civil_society",
            "owner": bob.pk,
            "anchored_on": "2026-06-01",
        },
    )
    assert response.status_code == 302
    response = client.post(
        _url(process, "rolleskift/ny/"),
        {
            "kind": "volunteer_coordinator",
            "person_name": "To frivillige fra caféen",
            "training_need": "Ledelse af frivillige",
        },
    )
    assert response.status_code == 302
    response = client.post(
        _url(process, "laering/ny/"),
        {
            "kind": "theme_day",
            "title": "Temadag om forankring",
            "held_on": "2026-03-01",
            "audience": "boligsociale medarbejdere",
        },
    )
    assert response.status_code == 302
    actions = set(ProcessEvent.objects.filter(process=process).values_list("action", flat=True))
    assert {"anchoring.activity", "anchoring.role_shift", "anchoring.learning"} <= actions
    page = client.get(_url(process)).content.decode()
    for text in ("Lektiecaféen", "To frivillige fra caféen", "Temadag om forankring"):
        assert text in page


# --- Bad input -----------------------------------------------------------------------------


def _errors(response: Any, form: str) -> dict[str, list[str]]:
    return dict(response.context[form].errors)


def test_a_date_before_the_start_is_refused_beside_the_field(process: Process, alice: User) -> None:
    client = _client(alice)
    before = (START - timedelta(days=1)).isoformat()
    response = client.post(
        _url(process, "aktiviteter/ny/"),
        {"title": "Lektiecaféen", "owner_name": "Foreningen", "anchored_on": before},
    )
    assert response.status_code == 400
    assert "før forløbets start" in _errors(response, "activity_form")["anchored_on"][0]
    assert response.context["activity_form"]["title"].value() == "Lektiecaféen"  # input kept
    response = client.post(
        _url(process, "laering/ny/"),
        {"kind": "course", "title": "Kursus", "held_on": before},
    )
    assert "før forløbets start" in _errors(response, "learning_form")["held_on"][0]
    response = client.post(
        _url(process, "rolleskift/ny/"),
        {"kind": "other", "person_name": "Ida", "training_need": "x", "due_on": before},
    )
    assert "før forløbets start" in _errors(response, "shift_form")["due_on"][0]
    assert not AnchoringActivity.objects.exists()
    assert not LearningItem.objects.exists()
    assert not RoleShift.objects.exists()


def test_a_person_of_another_organisation_is_refused(
    process: Process, alice: User, charlie: User
) -> None:
    client = _client(alice)
    response = client.post(
        _url(process, "aktiviteter/ny/"), {"title": "Caféen", "owner": charlie.pk}
    )
    assert response.status_code == 400
    assert _errors(response, "activity_form")["owner"] == [str(NOT_IN_ORGANISATION)]
    response = client.post(
        _url(process, "rolleskift/ny/"),
        {"kind": "other", "person": charlie.pk, "training_need": "x"},
    )
    assert _errors(response, "shift_form")["person"] == [str(NOT_IN_ORGANISATION)]
    with pytest.raises(ValidationError) as error:
        _shift(process, alice, person=charlie)
    assert "person" in error.value.message_dict
    assert not RoleShift.objects.exists()


def test_a_level_outside_1_to_4_and_an_unknown_competence_are_refused(
    process: Process, alice: User, bob: User
) -> None:
    client = _client(alice)
    data = {"kind": "other", "person": bob.pk, "training_need": "x"}
    response = client.post(
        _url(process, "rolleskift/ny/"),
        {**data, "competence": competence("fremtidsanalyse").pk, "target_level": "5"},
    )
    assert _errors(response, "shift_form")["target_level"] == [str(LEVEL_RANGE_MESSAGE)]
    response = client.post(_url(process, "rolleskift/ny/"), {**data, "competence": "999999"})
    assert _errors(response, "shift_form")["competence"] == [str(NO_SUCH_COMPETENCE)]
    with pytest.raises(ValidationError) as error:
        _shift(process, alice, person=bob, target_level=7)
    assert error.value.message_dict["target_level"] == [str(LEVEL_RANGE_MESSAGE)]
    assert not RoleShift.objects.exists()


def test_a_shift_needs_someone(process: Process, alice: User) -> None:
    with pytest.raises(ValidationError) as error:
        _shift(process, alice)
    assert "person" in error.value.message_dict


# --- Role shift → competence plan goal ---------------------------------------------------


def test_a_role_shift_becomes_one_goal_in_the_persons_plan(
    process: Process, alice: User, bob: User
) -> None:
    skill = competence("fremtidsanalyse")
    due = date(2027, 6, 1)
    shift = _shift(process, alice, person=bob, competence=skill, target_level=3, due_on=due)
    client = _client(alice)

    response = client.post(_url(process, f"rolleskift/{shift.pk}/maal/"))
    assert response.status_code == 302
    goal = PlanGoal.objects.get()
    assert (goal.plan.user, goal.competence, goal.target_level, goal.due_on) == (bob, skill, 3, due)
    assert goal.plan.organisation_id == process.organisation_id
    assert goal.plan.status == "draft"
    shift.refresh_from_db()
    assert shift.plan_goal == goal
    page = client.get(_url(process)).content.decode()
    assert "Mål i kompetenceplan" in page
    assert f"/kompetencer/planer/{goal.plan_id}/" in page

    client.post(_url(process, f"rolleskift/{shift.pk}/maal/"))  # again: nothing new
    assert PlanGoal.objects.count() == 1
    assert CompetencePlan.objects.count() == 1
    assert ProcessEvent.objects.filter(process=process, action="anchoring.goal").count() == 1


def test_the_goal_goes_into_the_persons_open_plan(
    process: Process, alice: User, bob: User, fjordbo: Organisation
) -> None:
    plan = CompetencePlanFactory.create(
        user=bob,
        organisation=fjordbo,
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    shift = _shift(
        process,
        alice,
        person=bob,
        competence=CompetenceFactory.create(),
        target_level=2,
        due_on=date(2027, 3, 1),
    )
    goal = services.role_shift_make_goal(actor=alice, shift=shift)
    assert goal.plan == plan
    assert CompetencePlan.objects.count() == 1


def test_the_competencies_policy_refusal_is_shown(
    process: Process, fjordbo: Organisation, bob: User
) -> None:
    leader = person("pl@fjordbo.example", fjordbo, roles=("project_leader",))
    shift = _shift(
        process,
        leader,
        person=bob,
        competence=competence("fremtidsanalyse"),
        target_level=2,
        due_on=date(2027, 3, 1),
    )
    response = _client(leader).post(_url(process, f"rolleskift/{shift.pk}/maal/"), follow=True)
    text = response.content.decode()
    assert "Du kan kun oprette planer for dig selv og dine medarbejdere." in text
    assert not CompetencePlan.objects.exists()  # nothing half-saved
    shift.refresh_from_db()
    assert shift.plan_goal is None


def test_a_shift_without_a_competence_cannot_become_a_goal(
    process: Process, alice: User, bob: User
) -> None:
    shift = _shift(process, alice, person=bob)
    with pytest.raises(ValidationError) as error:
        services.role_shift_make_goal(actor=alice, shift=shift)
    assert {"competence", "target_level", "due_on"} <= set(error.value.message_dict)


# --- PDF -----------------------------------------------------------------------------------


def test_the_plan_downloads_as_a_danish_pdf(process: Process, alice: User, bob: User) -> None:
    services.anchoring_plan_update(
        actor=alice, process=process, models_chosen=["municipality"], strategy="Kommunen"
    )
    services.anchoring_activity_save(
        actor=alice, process=process, title="Lektiecaféen", owner=bob, owner_name=""
    )
    _shift(process, alice, person_name="Viceværterne")
    services.learning_item_save(
        actor=alice, process=process, kind="dialogue", title="Dialogmøde om roller"
    )
    response = _client(alice).get(f"/forloeb/{process.pk}/forankringsplan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Forankringsplan",
        "Fra projekt til drift",
        "Kommune",
        "Lektiecaféen",
        "Fra vicevært til forebygger",
        "Viceværterne",
        "Dialogmøde om roller",
    ):
        assert expected in text, expected


# --- Performance ---------------------------------------------------------------------------


def _fill(process: Process, alice: User, bob: User, rows: int) -> None:
    plan, _created = AnchoringPlan.objects.get_or_create(process=process)
    skill = competence("fremtidsanalyse")
    AnchoringActivity.objects.bulk_create(
        AnchoringActivity(plan=plan, title=f"Aktivitet {n}", owner=bob) for n in range(rows)
    )
    RoleShift.objects.bulk_create(
        RoleShift(
            plan=plan,
            kind="other",
            person=bob,
            training_need="x",
            competence=skill,
            target_level=2,
            due_on=date(2027, 1, 1),
        )
        for _n in range(rows)
    )
    LearningItem.objects.bulk_create(
        LearningItem(plan=plan, kind="course", title=f"Kursus {n}") for n in range(rows)
    )


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_queries_for_2_and_200_rows(
    alice: User, bob: User, fjordbo: Organisation
) -> None:
    template = TemplateFactory.create(kind=ProcessKind.FORANKRING)
    small = ProcessFactory.create(actor=alice, organisation=fjordbo, template=template)
    large = ProcessFactory.create(actor=alice, organisation=fjordbo, template=template)
    _fill(small, alice, bob, 2)
    _fill(large, alice, bob, 200)
    client = _client(alice)
    _count(client, _url(small))  # warm caches (site, settings)
    assert _count(client, _url(small)) == _count(client, _url(large))
