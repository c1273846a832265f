"""Issue 11's erasure test: a demo person who touched every area is erased, and nothing of
them is left in any text column of any table, or in any file under MEDIA_ROOT."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from privacy import erasure

pytestmark = pytest.mark.django_db

EMAIL = "peter@fjordbo.example"


def _media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def _terms(person) -> list[str]:
    terms = [person.get_full_name(), person.email]
    if getattr(person, "phone", ""):
        terms.append(person.phone)
    # JSON columns store non-ASCII letters escaped (\u00f8) on SQLite.
    return terms + [json.dumps(term)[1:-1] for term in terms if json.dumps(term)[1:-1] != term]


def _found_in_database(terms: list[str]) -> list[str]:
    """``table.column`` for every column of every table whose text holds one of ``terms``."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                condition = " OR ".join(
                    f"LOWER(CAST({connection.ops.quote_name(column)} AS TEXT)) LIKE %s"
                    for _term in terms
                )
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} WHERE {condition}",  # noqa: S608
                    [f"%{term.lower()}%" for term in terms],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column}")
    return found


def _touch_every_area(person) -> None:
    """What the demo does not already give the person: a pending invitation, a stored e-mail,
    evidence with a document naming them, a comment about them by someone else."""
    from competencies.models import Evidence
    from core.mail.models import OutboundEmail
    from organisations.models import Invitation, Organisation

    nordlys = Organisation.objects.exclude(memberships__user=person).filter(kind="housing").first()
    Invitation.objects.create(organisation=nordlys, email=person.email, first_name="Peter")
    OutboundEmail.objects.create(
        subject=f"Hej {person.get_full_name()}",
        from_email="lms@example.org",
        to=[person.email],
        body=f"Kære {person.get_full_name()}",
    )
    template = Evidence.objects.filter(user=person).first()
    evidence = Evidence.objects.get(pk=template.pk)
    evidence.pk = None
    evidence.source_ref = "erasure-test"
    evidence.document_name = "cv.txt"
    evidence.document.save(
        "cv.txt",
        ContentFile(f"CV for {person.get_full_name()}, {person.email}".encode()),
        save=False,
    )
    evidence.save()


def test_an_erased_demo_person_leaves_nothing_behind(django_capture_on_commit_callbacks):
    from wagtail.models import ModelLogEntry

    from competencies.models import CompetencePlan, Evidence
    from courses.models import Certificate, Enrolment
    from onsite.models import LogEntry, Measurement
    from organisations.models import Membership, User

    before = _media_files()
    call_command("seed_demo", stdout=io.StringIO())
    person = User.objects.get(email=EMAIL)
    hanne = User.objects.get(email="hanne@fjordbo.example")
    with django_capture_on_commit_callbacks(execute=True):
        _touch_every_area(person)
    terms = _terms(person)
    authored = list(LogEntry.objects.filter(author=person).values_list("pk", flat=True))
    # Every area is touched before the erasure.
    assert Membership.objects.filter(user=person).exists()
    assert Certificate.objects.filter(enrolment__user=person).exists()
    assert CompetencePlan.objects.filter(user=person).exists()
    assert Evidence.objects.filter(user=person).exclude(document="").exists()
    assert authored and Measurement.objects.filter(recorded_by=person).exists()
    assert ModelLogEntry.objects.filter(user_id=person.pk).exists()
    new_files = _media_files() - before
    assert any(path.read_bytes().find(EMAIL.encode()) >= 0 for path in new_files)
    assert _found_in_database(terms)  # the search itself finds them before

    request = erasure.erasure_request_create(person=person, requested_by=person)
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erasure_request_confirm(request=request, decided_by=hanne)

    assert _found_in_database(terms) == []
    leftovers = [
        str(path)
        for path in _media_files() - before
        if any(term.encode() in path.read_bytes() for term in terms)
    ]
    assert leftovers == []
    # Authorship that must stay is shown as "Slettet bruger"; the log entries are still there.
    for entry in LogEntry.objects.filter(pk__in=authored).select_related("author"):
        assert entry.author.name == "Slettet bruger"
    request.refresh_from_db()
    assert request.status == "done"
    assert not any(term.lower() in json.dumps(request.report).lower() for term in terms)
    assert not Enrolment.objects.filter(user__email=EMAIL).exists()

    # A second run finds nothing more to do.
    again = erasure.person_erase(person=User.objects.get(pk=person.pk), erased_by=hanne)
    assert again["referencer"] == 0 and again["fritekst"] == 0
