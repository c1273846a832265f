"""The demo processes: Fjordbo's samdrift halfway, forankring with its plan, a team — twice safely."""

from __future__ import annotations

import pytest

from onsite import demo as onsite_demo
from organisations import demo as organisations_demo
from processes import demo
from processes.models import (
    MilestoneStatus,
    Process,
    ProcessEvent,
    ProcessSheet,
    ProcessTemplate,
)
from tests.onsite.fixtures_log import clean_files  # noqa: F401  (the fixture)
from tools.models import SheetVersion

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("clean_files", "mailoutbox")
def test_the_demo_processes_twice() -> None:
    organisations_demo.seed()
    onsite_demo.seed()
    demo.seed()
    counts = (
        Process.objects.count(),
        ProcessEvent.objects.count(),
        SheetVersion.objects.count(),
        ProcessTemplate.objects.count(),
    )

    demo.seed()

    assert counts == (
        Process.objects.count(),
        ProcessEvent.objects.count(),
        SheetVersion.objects.count(),
        ProcessTemplate.objects.count(),
    )

    samdrift = Process.objects.get(title=demo.SAMDRIFT_TITLE)
    assert set(samdrift.departments.values_list("number", flat=True)) == {"102", "103"}
    milestones = list(samdrift.milestones.order_by("position"))
    assert len(milestones) == 12
    assert [m.status for m in milestones[:3]] == [MilestoneStatus.REACHED] * 3
    late = [m for m in milestones if m.due_on and m.due_on < m.updated_at.date() and m.status in {
        MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS}]  # fmt: skip
    assert [m.position for m in late] == [4]
    responsible = milestones[4].responsible
    assert responsible is not None
    assert responsible.email == "lars@fjordbo.example"
    filled = ProcessSheet.objects.filter(process=samdrift, sheet__version__gt=0)
    assert filled.count() == 2
    interessenter = filled.get(tool__slug="samdrift-interessentanalyse").sheet
    assert interessenter.version == 2
    assert len(interessenter.data["interessenter"]) == 6

    forankring = Process.objects.get(title=demo.FORANKRING_TITLE)
    assert forankring.project is not None
    plan = forankring.anchoring_plan
    assert plan.models_chosen == ["civil_society", "municipality"]
    assert plan.activities.count() == 3
    assert plan.role_shifts.count() == 4
    assert plan.role_shifts.filter(plan_goal__isnull=False).count() == 2
    assert plan.learning_items.count() == 3

    team = Process.objects.get(title=demo.TEAM_TITLE)
    assert team.team_needs.count() == 5
    assert ProcessSheet.objects.get(process=team).sheet.data["matrix"]["Boligsocial"]
