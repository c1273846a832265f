"""The processes app's personal data: every field declared, exported and erased.

Erasing a person named in a process leaves the process (the organisation's record) and empties
every link to the person; documents they uploaded stay, without the uploader or original name;
reminders to them go.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import privacy
from organisations.models import User
from privacy import erasure
from privacy.export import about_person
from processes import models
from processes.models import (
    Milestone,
    MilestoneDecision,
    MilestoneDocument,
    MilestoneReminder,
    Process,
    ProcessEvent,
    ProcessRole,
    ReminderKind,
)
from processes.services.documents import decision_add, document_add
from processes.services.milestones import milestone_plan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_every_field_of_the_app_is_classified() -> None:
    from django.apps import apps

    mine = list(apps.get_app_config("processes").get_models())
    assert not privacy.unclassified(mine)
    assert all(privacy.declaration_for(model) is not None for model in mine)
    assert "processes" in __import__("django.conf").conf.settings.LMS_PRIVACY_APPS


@pytest.fixture
def named(alice: User, bob: User, milestone: Milestone) -> Milestone:
    """Bob: a role (fixture), responsible for milestone 1, a decision, a document, a reminder."""
    milestone_plan(actor=alice, milestone=milestone, responsible=bob, due_on=date(2026, 3, 1))
    decision_add(actor=bob, milestone=milestone, decided_on=date(2026, 2, 1), text="Besluttet.")
    document_add(
        actor=bob,
        milestone=milestone,
        file=SimpleUploadedFile("bob-hansens-referat.pdf", PDF),
        title="Referat",
    )
    MilestoneReminder.objects.create(
        milestone=milestone, kind=ReminderKind.UPCOMING, due_on=date(2026, 3, 1), recipient=bob
    )
    return milestone


def _rows(model: type, person: User) -> int:
    declaration = privacy.declaration_for(model)
    assert declaration is not None
    rows = about_person(declaration, person)
    return 0 if rows is None else rows.count()


def test_the_export_finds_the_persons_rows(bob: User, named: Milestone) -> None:
    assert _rows(ProcessRole, bob) == 1
    assert _rows(Milestone, bob) == 1
    assert _rows(MilestoneDecision, bob) == 1
    assert _rows(MilestoneDocument, bob) == 1
    assert _rows(MilestoneReminder, bob) == 1
    assert _rows(ProcessEvent, bob) == 2  # the decision and the document


def test_erasure_keeps_the_process_and_forgets_the_person(
    alice: User, bob: User, named: Milestone, django_capture_on_commit_callbacks
) -> None:
    document = MilestoneDocument.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        erasure.person_erase(person=bob, erased_by=alice)
    process = Process.objects.get(pk=named.process_id)
    role = process.roles.get(key="driftschef")
    assert role.person is None
    named.refresh_from_db()
    assert named.responsible is None
    decision = MilestoneDecision.objects.get()
    assert decision.recorded_by is None and decision.text == "Besluttet."
    document.refresh_from_db()
    assert document.uploaded_by is None
    assert document.original_name != "bob-hansens-referat.pdf"
    assert document.file.storage.exists(document.file.name)  # the organisation's record stays
    assert not MilestoneReminder.objects.exists()
    assert not ProcessEvent.objects.filter(actor=bob).exists()
    assert ProcessEvent.objects.filter(process=process).exists()


def test_the_starter_is_forgotten_but_the_process_stays(
    alice: User, process: Process, django_capture_on_commit_callbacks
) -> None:
    from tests.factories import person

    hr = person("hanne@fjordbo.example", process.organisation, ["staff", "hr"], "Hanne", totp=True)
    with django_capture_on_commit_callbacks(execute=True):
        erasure.person_erase(person=alice, erased_by=hr)
    process.refresh_from_db()
    assert process.created_by is None
    assert models.Process.objects.filter(pk=process.pk).exists()
