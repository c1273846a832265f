"""The process status as PDF (Danish, print-ready) and XLSX, and the history page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from organisations.models import User
from processes.models import MilestoneStatus, Process, ProcessEvent
from processes.services.documents import decision_add
from processes.services.milestones import milestone_plan, milestone_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def halfway(alice: User, bob: User, process: Process) -> Process:
    """Milestone 1 reached with a decision, 2 skipped, 3 late (Bob responsible)."""
    first, second, third = process.milestones.order_by("position")[:3]
    decision_add(
        actor=alice, milestone=first, decided_on=date(2026, 1, 20), text="Vi vil samdrift."
    )
    milestone_set_status(actor=alice, milestone=first, status=MilestoneStatus.REACHED)
    milestone_set_status(
        actor=alice,
        milestone=second,
        status=MilestoneStatus.SKIPPED,
        skip_reason="Afdelingerne kender hinanden i forvejen.",
    )
    milestone_plan(actor=alice, milestone=third, responsible=bob, due_on=date(2026, 2, 1))
    return process


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_status_pdf(client, alice: User, halfway: Process) -> None:
    client.force_login(alice)
    response = client.get(reverse("processes:export_pdf", kwargs={"pk": halfway.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    for expected in (
        halfway.title,
        "Status for forløb",
        "Fjordbo",
        "Forarbejde",
        "Udvikling",
        "Nået",
        "Sprunget over",
        "Afdelingerne kender hinanden i forvejen.",
        "Vi vil samdrift.",
        "Fristen er overskredet",
        "Bob Berg",
        "Driftschef",
    ):
        assert expected in text, expected


def test_the_status_pdf_is_tagged_in_danish_with_a_title(
    client, alice: User, halfway: Process
) -> None:
    from tests.pdf_structure import assert_accessible_pdf

    client.force_login(alice)
    response = client.get(reverse("processes:export_pdf", kwargs={"pk": halfway.pk}))
    tags = assert_accessible_pdf(response.content, title=f"Status for forløb: {halfway.title}")
    assert "/H1" in tags and "/Table" in tags


def test_the_status_xlsx(client, bob: User, halfway: Process) -> None:
    client.force_login(bob)
    response = client.get(reverse("processes:export_xlsx", kwargs={"pk": halfway.pk}))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Milepæle", "Beslutninger", "Hændelser"]
    milestones = list(workbook["Milepæle"].values)
    assert milestones[0][:4] == ("Nr.", "Fase", "Milepæl", "Status")
    assert len(milestones) == 1 + halfway.milestones.count()
    assert milestones[1][3] == "Nået"
    assert milestones[2][8] == "Afdelingerne kender hinanden i forvejen."
    assert milestones[3][6] == "Ja"  # late
    decisions = list(workbook["Beslutninger"].values)
    assert decisions[1][2] == "Vi vil samdrift."
    assert decisions[1][1].date() == date(2026, 1, 20)
    events = list(workbook["Hændelser"].values)
    assert len(events) == 1 + ProcessEvent.objects.filter(process=halfway).count()


def test_formulas_in_text_stay_text(client, alice: User, process: Process) -> None:
    first = process.milestones.get(position=1)
    decision_add(actor=alice, milestone=first, decided_on=date(2026, 1, 20), text="=1+1")
    client.force_login(alice)
    response = client.get(reverse("processes:export_xlsx", kwargs={"pk": process.pk}))
    cell = load_workbook(io.BytesIO(response.content))["Beslutninger"]["C2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_outsiders_get_404(client, charlie_with_totp: User, dorte: User, process: Process) -> None:
    for user in (charlie_with_totp, dorte):
        client.force_login(user)
        for name in ("processes:export_pdf", "processes:export_xlsx", "processes:history"):
            assert client.get(reverse(name, kwargs={"pk": process.pk})).status_code == 404, name


def test_the_history_lists_every_event(client, bob: User, halfway: Process) -> None:
    client.force_login(bob)
    response = client.get(reverse("processes:history", kwargs={"pk": halfway.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Afdelingerne kender hinanden" in html or "Sprunget over" in html
    assert "Vi vil samdrift." in html
    assert "Alice Andersen" in html
    assert len(response.context["page_obj"]) == ProcessEvent.objects.filter(process=halfway).count()


def test_the_history_runs_flat_queries(
    client, alice: User, process: Process, django_assert_num_queries
) -> None:
    first = process.milestones.get(position=1)

    def add(count: int) -> None:
        for i in range(count):
            decision_add(actor=alice, milestone=first, decided_on=date(2026, 2, 1), text=f"B{i}")

    url = reverse("processes:history", kwargs={"pk": process.pk})
    client.force_login(alice)
    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(198)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count > 200


def test_a_forankring_process_prints_its_anchoring_plan(client, alice: User, fjordbo) -> None:
    from processes.models import AnchoringPlan, ProcessKind
    from tests.factories.processes import ProcessFactory, TemplateFactory

    template = TemplateFactory.create(kind=ProcessKind.FORANKRING, title="Forankring")
    process = ProcessFactory.create(actor=alice, organisation=fjordbo, template=template)
    AnchoringPlan.objects.get_or_create(
        process=process, defaults={"strategy": "Caféen drives videre af foreningen."}
    )
    client.force_login(alice)
    response = client.get(reverse("processes:export_pdf", kwargs={"pk": process.pk}))
    assert response.status_code == 200
    text = _pdf_text(response.content)
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        get_template("processes/pdf/_anchoring_plan.html")
    except TemplateDoesNotExist:
        pytest.skip("helper D's anchoring partial is not there yet")
    assert "Caféen drives videre af foreningen." in text
