"""Sæt et godt hold (seed 003): the team grid from approved evidence only, the gaps and what
closes them, the matrix link, bad input, 404s, and flat queries at 2 and 200."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from competencies.models import Competence, EvidenceStatus
from competencies.models.framework import LEVEL_RANGE_MESSAGE
from onsite.models import BuildingProject
from organisations.models import Organisation, User
from processes.forms_anchoring import NO_SUCH_COMPETENCE
from processes.models import CompetenceScope, Process, ProcessEvent, ProcessKind, TeamNeed
from processes.selectors_team import MATRIX_SLUG, team_grid
from processes.services.team import team_need_save
from tests.factories import BuildingProjectFactory, person
from tests.factories.competencies import CompetenceFactory, EvidenceFactory, competence
from tests.factories.onsite import ProjectMemberFactory, ProjectPartyFactory
from tests.factories.processes import ProcessFactory, TemplateFactory, make_tool

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(fjordbo: Organisation) -> BuildingProject:
    return BuildingProjectFactory.create(organisation=fjordbo, name="Fjordparken renovering")


def _team_process(alice: User, project: BuildingProject, **template: Any) -> Process:
    template_row = TemplateFactory.create(
        kind=ProcessKind.TEAM, needs_project=True, title="Sæt et godt hold", **template
    )
    created: Process = ProcessFactory.create(
        actor=alice, organisation=project.organisation, template=template_row, project=project
    )
    return created


@pytest.fixture
def process(alice: User, project: BuildingProject) -> Process:
    return _team_process(alice, project)


def _url(process: Process, tail: str = "") -> str:
    return f"/forloeb/{process.pk}/hold/{tail}"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _need(process: Process, alice: User, skill: Competence, level: int = 2) -> TeamNeed:
    return team_need_save(
        actor=alice,
        process=process,
        competence=skill,
        scope=CompetenceScope.PROFESSIONAL,
        level=level,
    )


def test_it_answers_404_to_outsiders_and_for_other_kinds(
    process: Process, alice: User, charlie_with_totp: User, fjordbo: Organisation
) -> None:
    assert _client(charlie_with_totp).get(_url(process)).status_code == 404
    forankring = ProcessFactory.create(
        actor=alice,
        organisation=fjordbo,
        template=TemplateFactory.create(kind=ProcessKind.FORANKRING),
    )
    assert _client(alice).get(_url(forankring)).status_code == 404


def test_the_grid_counts_approved_evidence_only(
    process: Process, project: BuildingProject, alice: User, bob: User
) -> None:
    party = ProjectPartyFactory.create(project=project, name="Driften", organisation=None)
    ProjectMemberFactory.create(project=project, user=bob, party=party)
    planning, building = CompetenceFactory.create(name="Genhusning"), competence("fremtidsanalyse")
    EvidenceFactory.create(user=bob, competence=planning, level=3)
    EvidenceFactory.create(user=bob, competence=building, level=4, status=EvidenceStatus.PENDING)
    EvidenceFactory.create(user=bob, competence=building, level=4, status=EvidenceStatus.REJECTED)
    EvidenceFactory.create(user=bob, competence=building, level=4, status=EvidenceStatus.WITHDRAWN)
    _need(process, alice, planning, level=3)
    _need(process, alice, building, level=2)

    grid = team_grid(process)
    row = next(r for r in grid.rows if r.member.user == bob)
    levels = {cell.need.competence_id: cell.level for cell in row.cells}
    assert levels == {planning.pk: 3, building.pk: 0}
    assert "Driften" in row.member.labels
    assert [s.need.competence for s in grid.gaps] == [building]

    page = _client(alice).get(_url(process)).content.decode()
    assert "3 – anvender" in page and "0 – ingen" in page  # the level as text
    assert "når behovet" in page and "under behovet" in page
    assert "Ingen på holdet når niveauet." in page


def test_role_holders_are_on_the_team(process: Process, alice: User, bob: User) -> None:
    from processes.services.processes import role_assign

    role_assign(actor=alice, process=process, role=process.roles.get(key="driftschef"), person=bob)
    member = next(m for m in team_grid(process).rows if m.member.user == bob).member
    assert member.labels == ["Driftschef"]


def test_leaders_edit_needs_and_others_read(process: Process, alice: User, bob: User) -> None:
    from processes.services.processes import role_assign

    skill = competence("fremtidsanalyse")
    response = _client(alice).post(
        _url(process, "behov/ny/"), {"competence": skill.pk, "scope": "general", "level": "3"}
    )
    assert response.status_code == 302
    assert TeamNeed.objects.get(process=process).level == 3
    assert ProcessEvent.objects.filter(process=process, action="team.need").exists()
    role_assign(
        actor=alice, process=process, role=process.roles.get(key="projektleder"), person=bob
    )
    client = _client(bob)
    response = client.get(_url(process))
    assert response.status_code == 200 and "form" not in response.context
    assert client.post(_url(process, "behov/ny/"), {}).status_code == 403
    with pytest.raises(ValidationError):
        _need(process, bob, CompetenceFactory.create())


def test_bad_input_is_refused_beside_the_field(process: Process, alice: User) -> None:
    client = _client(alice)
    skill = competence("fremtidsanalyse")
    response = client.post(
        _url(process, "behov/ny/"), {"competence": skill.pk, "scope": "general", "level": "5"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["level"] == [str(LEVEL_RANGE_MESSAGE)]
    response = client.post(
        _url(process, "behov/ny/"), {"competence": "999999", "scope": "general", "level": "2"}
    )
    assert response.context["form"].errors["competence"] == [str(NO_SUCH_COMPETENCE)]
    _need(process, alice, skill)
    response = client.post(
        _url(process, "behov/ny/"), {"competence": skill.pk, "scope": "general", "level": "2"}
    )
    assert "allerede" in response.context["form"].errors["competence"][0]
    assert TeamNeed.objects.count() == 1


def test_the_matrix_is_linked_when_the_process_has_it(
    alice: User, project: BuildingProject
) -> None:
    matrix = make_tool("Funktion × partner-matrix", slug=MATRIX_SLUG)
    process = _team_process(alice, project, tool=matrix)
    grid = team_grid(process)
    assert grid.matrix_sheet is not None
    page = _client(alice).get(_url(process)).content.decode()
    assert "Udfyld matrixen" in page
    assert f"/forloeb/{process.pk}/vaerktoejer/{grid.matrix_sheet.pk}/" in page


# --- Performance ---------------------------------------------------------------------------


def _fill(process: Process, project: BuildingProject, fjordbo: Organisation, size: int) -> None:
    skills = [CompetenceFactory.create() for _ in range(size)]
    TeamNeed.objects.bulk_create(
        TeamNeed(process=process, competence=skill, scope="general", level=2) for skill in skills
    )
    for n in range(size):
        user = person(f"p{size}-{n}@fjordbo.example", fjordbo)
        ProjectMemberFactory.create(project=project, user=user)
        EvidenceFactory.create(user=user, competence=skills[n], level=1)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_queries_for_2_and_200(alice: User, fjordbo: Organisation) -> None:
    small_project = BuildingProjectFactory.create(organisation=fjordbo)
    large_project = BuildingProjectFactory.create(organisation=fjordbo)
    small, large = _team_process(alice, small_project), _team_process(alice, large_project)
    _fill(small, small_project, fjordbo, 2)
    _fill(large, large_project, fjordbo, 200)
    client = _client(alice)
    _count(client, _url(small))
    assert _count(client, _url(small)) == _count(client, _url(large))


def test_a_gap_shows_the_courses_and_sessions_that_close_it(
    process: Process, alice: User, akademi: Organisation
) -> None:
    from decimal import Decimal

    from tests.factories.courses import CoursePageFactory, CourseSessionFactory

    course = CoursePageFactory.create(
        parent=akademi.course_section, title="Fremtidsanalyse i praksis", price=Decimal("2500")
    )
    CourseSessionFactory.create(course=course, city="Aalborg")
    _need(process, alice, competence("fremtidsanalyse"), level=3)

    gap = team_grid(process).gaps[0]
    assert [offer["guide"].code for offer in gap.offers] == ["A3"]
    page = _client(alice).get(_url(process)).content.decode()
    assert "Huller – og det, der lukker dem" in page
    assert "Fremtidsanalyse i praksis" in page
    assert "Aalborg" in page
