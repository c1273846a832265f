"""The import's copy of HR's file: purged after its retention, erased with the person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core import privacy
from organisations.models import PersonImport, PersonImportRow
from organisations.people_import import services
from organisations.tasks import people_import_purge
from tests.organisations.people_import_support import csv_text, csv_upload

pytestmark = pytest.mark.django_db


def imported(organisation, uploader, capture, lines) -> PersonImport:
    person_import = services.person_import_create(
        organisation=organisation, uploaded_by=uploader, file=csv_upload(csv_text(lines))
    )
    with capture(execute=True):
        services.person_import_confirm(person_import=person_import, actor=uploader)
    person_import.refresh_from_db()
    return person_import


def test_every_field_is_classified():
    from organisations.models import Membership, User

    assert privacy.unclassified([PersonImport, PersonImportRow, Membership, User]) == []


def test_rows_are_purged_90_days_after_the_import_finished(
    fjordbo, alice, bob, django_capture_on_commit_callbacks
):
    done = imported(
        fjordbo, alice, django_capture_on_commit_callbacks, ["bob@fjordbo.example;;;;;;;"]
    )
    recent = imported(
        fjordbo, alice, django_capture_on_commit_callbacks, ["bob@fjordbo.example;;;;;;;"]
    )
    PersonImport.objects.filter(pk=done.pk).update(finished_at=timezone.now() - timedelta(days=91))
    assert people_import_purge() == {"rows": 1, "previews_cancelled": 0}
    assert not done.rows.exists()
    assert recent.rows.exists()
    done.refresh_from_db()
    assert done.status == "done" and sum(done.counts.values()) == 1  # the history stays


def test_a_preview_nobody_confirmed_is_cancelled_after_14_days(fjordbo, alice):
    person_import = services.person_import_create(
        organisation=fjordbo, uploaded_by=alice, file=csv_upload(csv_text(["n@fjordbo.example"]))
    )
    PersonImport.objects.filter(pk=person_import.pk).update(
        created_at=timezone.now() - timedelta(days=15)
    )
    assert people_import_purge() == {"rows": 1, "previews_cancelled": 1}
    person_import.refresh_from_db()
    assert person_import.status == "cancelled"


def test_erasing_a_person_deletes_the_rows_about_them(
    fjordbo, alice, bob, django_capture_on_commit_callbacks
):
    from privacy.erasure import person_erase

    person_import = imported(
        fjordbo,
        alice,
        django_capture_on_commit_callbacks,
        [
            "bob@fjordbo.example;Bob;Berg;;999;;;",  # an error row: matched, not applied
            "nina@fjordbo.example;Nina;Ny;;;;bob@fjordbo.example;",
        ],
    )
    bob_row = person_import.rows.get(row_number=2)
    assert bob_row.person == bob
    person_erase(person=bob, erased_by=None)
    assert not PersonImportRow.objects.filter(pk=bob_row.pk).exists()
    # Nina's row named Bob as her manager: the free-text pass scrubs his address.
    nina_row = person_import.rows.get(row_number=3)
    assert "bob@fjordbo.example" not in str(nina_row.values)


def test_the_purge_runs_nightly():
    from lms.celery_schedule import CELERY_BEAT_SCHEDULE

    entry = CELERY_BEAT_SCHEDULE["organisations-people-import-purge"]
    assert entry["task"] == people_import_purge.name
