"""Helpers for the plan and evidence tests (H5A): plans, uploads, evidence rows, a catalogue.

The people come from ``tests/competencies/conftest.py`` (Alice HR, Mads manager of 101, Bob in
101, Dorte in 102, Charlie HR at Nordlys). Import what a module needs from here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from competencies import services
from competencies.models import (
    Competence,
    CompetencePlan,
    Evidence,
    EvidenceSource,
    EvidenceStatus,
)
from core.uploads import MB
from courses.models import CourseIndexPage, CoursePage, CourseSession
from organisations.models import Organisation, User
from tests.factories import CoursePageFactory, CourseSessionFactory, EvidenceFactory
from tests.factories import courses as course_factories

START, END = date(2027, 1, 1), date(2027, 12, 31)
LEVEL_MESSAGE = "Niveauet skal være mellem 1 (kender) og 4 (leder/underviser)."

# The smallest file that ``filetype`` reads as a PDF, and things that only pretend to be one.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TEXT_BYTES = b"Jeg har taget et kursus i fremtidsanalyse. Tro mig.\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def pdf_upload(name: str = "kursusbevis.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def oversized_upload() -> SimpleUploadedFile:
    """A PDF that says it is 26 MB (the limit is 25): the size check reads ``size``, so no
    26 MB is built."""
    upload = pdf_upload("stor.pdf")
    upload.size = 26 * MB
    return upload


def competence(code: str) -> Competence:
    return Competence.objects.get(code=code)


def make_plan(
    actor: User,
    user: User,
    organisation: Organisation,
    *,
    goals: Iterable[tuple[str, int, date]] = (),
    title: str = "Kompetenceplan 2027",
    **fields: Any,
) -> CompetencePlan:
    """A draft plan with goals given as (competence code, target level, due date)."""
    plan = services.plan_create(
        actor=actor,
        user=user,
        organisation=organisation,
        title=title,
        starts_on=fields.pop("starts_on", START),
        ends_on=fields.pop("ends_on", END),
        **fields,
    )
    for code, level, due in goals:
        services.goal_add(
            actor=actor, plan=plan, competence=competence(code), target_level=level, due_on=due
        )
    return plan


def submitted_plan(
    user: User, organisation: Organisation, actor: User | None = None
) -> CompetencePlan:
    plan = make_plan(
        actor or user, user, organisation, goals=[("fremtidsanalyse", 3, date(2027, 6, 30))]
    )
    return services.plan_submit(actor=actor or user, plan=plan)


def evidence_row(
    user: User, code: str = "fremtidsanalyse", level: int = 2, **fields: Any
) -> Evidence:
    """Evidence written straight to the table (the level rule's tests need every status)."""
    return EvidenceFactory.create(user=user, competence=code, level=level, **fields)


def pending_prior_learning(user: User, organisation: Organisation, **fields: Any) -> Evidence:
    values = {
        "competence": competence("fremtidsanalyse"),
        "level": 3,
        "achieved_on": timezone.localdate() - datetime.timedelta(days=100),
        "title": "Diplommodul i boligsocialt arbejde",
        "document": pdf_upload(),
        **fields,
    }
    return services.prior_learning_submit(user=user, organisation=organisation, **values)


def bulk_evidence(
    user: User, organisation: Organisation, count: int, *, status: str = EvidenceStatus.PENDING
) -> None:
    """``count`` prior-learning rows in one INSERT (the file is never read by listings)."""
    item = competence("fremtidsanalyse")
    today = timezone.localdate()
    Evidence.objects.bulk_create(
        Evidence(
            user=user,
            competence=item,
            level=1 + i % 4,
            source=EvidenceSource.PRIOR_LEARNING,
            status=status,
            achieved_on=today - datetime.timedelta(days=i % 300 + 1),
            title=f"Kursus nr. {i}",
            organisation=organisation,
            document=f"evidence/bulk{i}/dokumentation.pdf",
            document_name=f"bevis-{i}.pdf",
            document_type="application/pdf",
        )
        for i in range(count)
    )


def queries_of(client: Client, url: str, params: dict[str, Any] | None = None) -> int:
    """How many queries a page runs once the site's menus and settings exist.

    List tests take this at the small size and then assert the very same number at the large
    size: the page's own queries must not grow, whatever the site-wide layout costs today.
    """
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


# --- A small catalogue: one provider, one live course on A3 with an upcoming session ------


@pytest.fixture
def catalogue(db: None) -> CourseIndexPage:
    return course_factories.catalogue()


@pytest.fixture
def course(catalogue: CourseIndexPage) -> CoursePage:
    provider = course_factories.provider("Almen Akademi", "11111111")
    return CoursePageFactory.create(
        parent=provider.course_section,
        title="Fremtidsanalyse i praksis",
        duration_hours=Decimal("7.5"),
        price=Decimal("2500"),
    )


@pytest.fixture
def session(course: CoursePage) -> CourseSession:
    starts_at = timezone.now() + datetime.timedelta(days=40)
    return CourseSessionFactory.create(
        course=course,
        starts_at=starts_at,
        capacity=12,
        price=Decimal("3100"),
        registration_deadline=starts_at - datetime.timedelta(days=5),
        cancellation_deadline=starts_at - datetime.timedelta(days=5),
        address="Vestergade 1",
        postcode="9000",
        city="Aalborg",
        region="nordjylland",
    )
