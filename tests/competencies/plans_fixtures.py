"""Helpers for the plan and evidence tests (H5A): plans, uploads, evidence rows, a catalogue.

The people come from ``tests/competencies/conftest.py`` (Alice HR, Mads manager of 101, Bob in
101, Dorte in 102, Charlie HR at Nordlys). Import what a module needs from here.
"""

from __future__ import annotations

import datetime
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from competencies import services
from competencies.models import Competence, Evidence, EvidenceSource, EvidenceStatus
from core.uploads import MB

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


def make_plan(actor, user, organisation, *, goals=(), title="Kompetenceplan 2027", **fields):  # type: ignore[no-untyped-def]
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


def submitted_plan(user, organisation, actor=None):  # type: ignore[no-untyped-def]
    plan = make_plan(
        actor or user, user, organisation, goals=[("fremtidsanalyse", 3, date(2027, 6, 30))]
    )
    return services.plan_submit(actor=actor or user, plan=plan)


def evidence_row(user, code="fremtidsanalyse", level=2, **fields):  # type: ignore[no-untyped-def]
    """Evidence written straight to the table (the level rule's tests need every status)."""
    values = {
        "source": EvidenceSource.ASSESSMENT,
        "status": EvidenceStatus.APPROVED,
        "achieved_on": timezone.localdate() - datetime.timedelta(days=30),
        "title": "Vurdering",
        **fields,
    }
    return Evidence.objects.create(user=user, competence=competence(code), level=level, **values)


def pending_prior_learning(user, organisation, **fields):  # type: ignore[no-untyped-def]
    values = {
        "competence": competence("fremtidsanalyse"),
        "level": 3,
        "achieved_on": timezone.localdate() - datetime.timedelta(days=100),
        "title": "Diplommodul i boligsocialt arbejde",
        "document": pdf_upload(),
        **fields,
    }
    return services.prior_learning_submit(user=user, organisation=organisation, **values)


def bulk_evidence(user, organisation, count, *, status=EvidenceStatus.PENDING):  # type: ignore[no-untyped-def]
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


def queries_of(client, url: str) -> int:  # type: ignore[no-untyped-def]
    """How many queries a page runs once the site's menus and settings exist.

    List tests take this at the small size and then assert the very same number at the large
    size: the page's own queries must not grow, whatever the site-wide layout costs today.
    """
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- A small catalogue: one provider, one live course on A3 with an upcoming session ------


@pytest.fixture
def catalogue(db):  # type: ignore[no-untyped-def]
    from cms.models import HomePage
    from courses import services as course_services

    root = Page.get_first_root_node()
    home = HomePage(title="Forside", slug="forside", hero_heading="Velkommen")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    return course_services.catalogue_setup(home=home)


@pytest.fixture
def course(catalogue):  # type: ignore[no-untyped-def]
    from courses import services as course_services
    from organisations import services as org_services
    from tests.courses.conftest import make_course

    provider = org_services.organisation_create(
        name="Almen Akademi", kind="provider", cvr="11111111"
    )
    course_services.provider_onboard(organisation=provider)
    provider.refresh_from_db()
    return make_course(
        provider,
        title="Fremtidsanalyse i praksis",
        duration_hours=Decimal("7.5"),
        price=Decimal("2500"),
    )


@pytest.fixture
def session(course):  # type: ignore[no-untyped-def]
    from courses import services as course_services

    starts_at = timezone.now() + datetime.timedelta(days=40)
    return course_services.session_create(
        course=course,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=7),
        capacity=12,
        price=Decimal("3100"),
        registration_deadline=starts_at - datetime.timedelta(days=5),
        cancellation_deadline=starts_at - datetime.timedelta(days=5),
        address="Vestergade 1",
        postcode="9000",
        city="Aalborg",
        region="nordjylland",
    )
