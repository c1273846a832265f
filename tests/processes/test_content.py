"""The network's working methods as content: installing the tools and drejebøger."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from organisations.models import User
from processes.content import TEMPLATES, TOOLS
from processes.content.samdrift import SAMDRIFT
from processes.content.tools import FUNKTION_PARTNER, INTERESSENTANALYSE, PROEVEHOLD
from processes.models import ProcessTemplate
from processes.services.library import library_install, template_install, tool_install
from tools.models import Tool

pytestmark = pytest.mark.django_db


def _milestones(template: ProcessTemplate) -> list[dict]:
    return [m for phase in template.phases for m in phase.value["milestones"]]


def test_installing_twice_creates_no_duplicates_and_no_new_revisions() -> None:
    first = library_install()
    assert {r.outcome for r in first} == {"created"}
    revisions = Revision.objects.count()

    second = library_install()

    assert {r.outcome for r in second} == {"unchanged"}
    assert Tool.objects.count() == len(TOOLS)
    assert ProcessTemplate.objects.count() == len(TEMPLATES)
    assert Revision.objects.count() == revisions
    assert ProcessTemplate.objects.get(slug=SAMDRIFT.slug).version == 1


def test_everything_installed_is_live_and_published() -> None:
    library_install()
    assert Tool.objects.live().count() == len(TOOLS)
    assert ProcessTemplate.objects.live().count() == len(TEMPLATES)
    for obj in [*Tool.objects.all(), *ProcessTemplate.objects.all()]:
        assert obj.live_revision is not None
        assert not obj.has_unpublished_changes


def test_samdrift_has_three_phases_twelve_milestones_each_with_purpose_and_tasks() -> None:
    library_install()
    template = ProcessTemplate.objects.get(slug=SAMDRIFT.slug)

    assert [p.value["title"] for p in template.phases] == ["Forarbejde", "Udvikling", "Etablering"]
    milestones = _milestones(template)
    assert len(milestones) == 12
    role_keys = {r.value["key"] for r in template.roles}
    for milestone in milestones:
        assert milestone["purpose"]
        assert milestone["done_when"]
        assert milestone["tasks"]
        assert {task["role"] for task in milestone["tasks"]} <= role_keys
    assert [a.value["title"] for a in template.advice][0] == (
        "Tidlig inddragelse af beboervalgte og den lokale drift"
    )
    assert len(template.advice) == 5
    assert template.milestones_in_order


def test_samdrift_milestones_name_the_bilag_where_the_drejebog_uses_them() -> None:
    library_install()
    template = ProcessTemplate.objects.get(slug=SAMDRIFT.slug)
    tools = [[tool.slug for tool in m["tools"]] for m in _milestones(template)]
    assert tools[1] == ["samdrift-oplaeg-muligheder-udfordringer"]
    assert tools[2] == [INTERESSENTANALYSE.slug, "samdrift-forslag-samdriftsmodel"]
    assert tools[5] == ["samdrift-aftale"]
    assert tools[6] == ["samdrift-implementeringsplan"]


def test_competence_codes_and_guides_exist_in_the_framework() -> None:
    from competencies.models import Competence, Guide

    library_install()
    codes = set(Competence.objects.values_list("code", flat=True))
    for spec in TEMPLATES:
        for milestone in spec.milestones():
            assert set(milestone.competences) <= codes, milestone.title
            assert set(milestone.guides) <= set(Guide.objects.values_list("code", flat=True))
    forankring = ProcessTemplate.objects.get(slug="forankring-fra-projekt-til-drift")
    assert any(m["guides"] for m in _milestones(forankring))


def test_a5_has_one_tool_of_each_kind_and_the_team_template_needs_a_project() -> None:
    library_install()
    kinds = set(Tool.objects.values_list("kind", flat=True))
    assert {"organisational", "steering", "documentation", "evaluation"} <= kinds
    team = ProcessTemplate.objects.get(slug="saet-et-godt-hold")
    assert team.needs_project
    assert team.kind == "team"


def test_tool_schemas_have_stable_ids_and_the_matrix_rows_and_columns() -> None:
    library_install()
    matrix = Tool.objects.get(slug=FUNKTION_PARTNER.slug).schema()[0]
    assert matrix["kind"] == "matrix"
    assert matrix["row_labels"] == [
        "Boligsocial",
        "Drift",
        "Byggeteknisk",
        "Genhusning",
        "Udlejning",
    ]
    assert matrix["column_labels"] == [
        "Myndigheder",
        "Foreninger",
        "Institutioner",
        "Beboernetværk",
    ]
    evaluation = Tool.objects.get(slug=PROEVEHOLD.slug)
    assert evaluation.kind == "evaluation"
    assert [f["id"] for f in evaluation.schema()] == [
        "udbytte",
        "relevans",
        "tempo",
        "virkede",
        "aendres",
    ]
    assert [f["kind"] for f in evaluation.schema()] == ["scale", "scale", "choice", "text", "text"]
    table = Tool.objects.get(slug=INTERESSENTANALYSE.slug).schema()[0]
    assert table["columns"][:2] == ["Interessent", "Interesse i samdriften"]


def test_a_changed_definition_updates_and_republishes(monkeypatch: pytest.MonkeyPatch) -> None:
    library_install()
    from dataclasses import replace

    changed = replace(SAMDRIFT, summary="Ny tekst.")
    result = template_install(spec=changed)
    assert result.outcome == "updated"
    template = ProcessTemplate.objects.get(slug=SAMDRIFT.slug)
    assert template.summary == "Ny tekst."
    assert template.version == 2
    assert template.live


def test_an_edit_in_the_admin_is_kept_unless_overwrite(maria: User) -> None:
    library_install()
    tool = Tool.objects.get(slug=INTERESSENTANALYSE.slug)
    tool.introduction = "Redigeret af netværket."
    tool.save_revision(user=maria).publish(user=maria)

    assert tool_install(spec=INTERESSENTANALYSE).outcome == "skipped"
    tool.refresh_from_db()
    assert tool.introduction == "Redigeret af netværket."

    assert tool_install(spec=INTERESSENTANALYSE, overwrite=True).outcome == "updated"
    tool.refresh_from_db()
    assert tool.introduction == INTERESSENTANALYSE.introduction


def test_the_command_reports_in_danish(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_working_methods")
    call_command("load_working_methods")
    out = capsys.readouterr().out
    assert "Drejebog »Samdrift mellem almene boligafdelinger«: oprettet og udgivet" in out
    assert f"Færdig: 0 oprettet, 0 opdateret, {len(TOOLS) + len(TEMPLATES)} uændret" in out
