"""The export (GDPR access): Peter, a demo project leader who touched every area, downloads
his data; Karen, his colleague with rows of her own in the same areas, must not appear in it.

Alice is HR of Fjordbo (may produce Peter's export), Charlie HR of Nordlys (404 for Peter).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from organisations.models import Membership, User
from privacy import export as exports
from privacy.models import ExportRequest, ExportStatus
from tests.factories.organisations import totp_activate

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    call_command("seed_demo", stdout=io.StringIO())


def _with_files(person, label):
    """An evidence document and a log photo for ``person``, naming them in the content."""
    from competencies.models import Evidence
    from onsite.models import LogAttachment, LogEntry

    evidence = Evidence.objects.filter(user=person).first()
    evidence.document.save(f"{label}.txt", ContentFile(f"CV for {label}".encode()), save=True)
    entry = LogEntry.objects.filter(author=person).first()
    if entry is not None:
        attachment = LogAttachment(
            entry=entry, kind="image", content_type="image/jpeg", size=10, uploaded_by=person
        )
        attachment.file.save(f"{label}.jpg", ContentFile(f"FOTO {label}".encode()), save=True)


def _zip(export: ExportRequest) -> zipfile.ZipFile:
    export.refresh_from_db()
    return zipfile.ZipFile(export.file.open("rb"))


def _export_of(person, django_capture_on_commit_callbacks) -> ExportRequest:
    with django_capture_on_commit_callbacks(execute=True):
        export = exports.export_request_create(person=person, requested_by=person)
    export.refresh_from_db()
    return export


def _hr(email, organisation_name):
    from organisations.models import Organisation

    user = User.objects.create_user(email=email, password="Korrekt-Hest-Batteri-9")
    Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(name=organisation_name),
        role_staff=True,
        role_hr=True,
    )
    totp_activate(user)
    return user


def test_the_export_holds_each_area_with_the_persons_rows_only(
    seeded, django_capture_on_commit_callbacks
):
    peter = User.objects.get(email="peter@fjordbo.example")
    karen = User.objects.get(email="karen@fjordbo.example")
    _with_files(peter, "peter-bilag")
    _with_files(karen, "karen-bilag")

    export = _export_of(peter, django_capture_on_commit_callbacks)
    assert export.status == ExportStatus.DONE and export.progress == 100
    archive = _zip(export)
    names = set(archive.namelist())

    # Every area with rows about Peter is in the ZIP, with exactly his rows.
    for area, items in exports._areas():
        data = json.loads(archive.read(f"{area}.json"))
        assert data["område"] == area
        for declaration, table in zip(items, data["tabeller"], strict=True):
            expected = set()
            rows = exports.about_person(declaration, peter)
            if declaration.subject:  # (e-mails are matched by address, checked below)
                expected = {str(pk) for pk in rows.values_list("pk", flat=True)}
                found = {str(row.get("ID", row.get("Id"))) for row in table["rækker"]}
                assert found == expected, (area, declaration.label)
    for area in (
        "konto",
        "organisationer",
        "tilmeldinger",
        "kursusbeviser",
        "kompetenceplaner",
        "dokumentation",
        "læringslog",
        "effektmålinger",
    ):
        rows = sum(len(t["rækker"]) for t in json.loads(archive.read(f"{area}.json"))["tabeller"])
        assert rows, area

    everything = "".join(
        archive.read(name).decode("utf-8", "replace") for name in names if name.endswith(".json")
    )
    assert "Peter" in everything
    assert "karen@fjordbo.example" not in everything and karen.get_full_name() not in everything
    # Readable: Danish labels for choices, ISO dates in Danish time, no secrets.
    enrolments = json.loads(archive.read("tilmeldinger.json"))["tabeller"]
    first = next(table["rækker"][0] for table in enrolments if table["rækker"])
    assert any(
        str(value).endswith("+01:00") or str(value).endswith("+02:00") for value in first.values()
    )
    assert "pbkdf2" not in everything

    # His files, not Karen's; his certificates as PDF; a LÆSMIG.txt.
    contents = [archive.read(name) for name in names if name.startswith("filer/")]
    assert b"CV for peter-bilag" in contents and b"FOTO peter-bilag" in contents
    assert not any(b"karen-bilag" in content for content in contents)
    assert any(name.startswith("kursusbeviser/") and name.endswith(".pdf") for name in names)
    readme = archive.read("LÆSMIG.txt").decode()
    assert "læringslog.json" in readme


def test_building_twice_changes_nothing(seeded, django_capture_on_commit_callbacks):
    peter = User.objects.get(email="peter@fjordbo.example")
    export = _export_of(peter, django_capture_on_commit_callbacks)
    name, finished = export.file.name, export.finished_at
    exports.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert (export.file.name, export.finished_at) == (name, finished)
    # A run that died half-way (left RUNNING) is built again from the start.
    ExportRequest.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, progress=40)
    exports.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.progress == 100
    assert export.file.storage.exists(export.file.name)


def _small_person(email="karen@example.org"):
    from organisations.models import Organisation

    organisation = Organisation.objects.create(name="Fjordbo", kind="housing", cvr="12345678")
    person = User.objects.create_user(email=email, password="Korrekt-Hest-Batteri-9")
    Membership.objects.create(user=person, organisation=organisation, role_staff=True)
    return person, organisation


def test_the_link_expires_and_the_file_goes(client, django_capture_on_commit_callbacks):
    person, _organisation = _small_person()
    export = _export_of(person, django_capture_on_commit_callbacks)
    client.force_login(person)
    url = reverse("privacy:export_download", args=[export.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).read("konto.json")

    ExportRequest.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(url)
    assert response.status_code == 410
    assert "Linket er udløbet" in response.content.decode()
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED and not export.file


def test_the_nightly_job_deletes_expired_files(django_capture_on_commit_callbacks):
    person, _organisation = _small_person()
    export = _export_of(person, django_capture_on_commit_callbacks)
    storage, name = export.file.storage, export.file.name
    ExportRequest.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert exports.exports_expire() == 1
    assert not storage.exists(name)


def test_another_persons_export_is_404(client, django_capture_on_commit_callbacks):
    person, organisation = _small_person()
    other = User.objects.create_user(email="bob@example.org", password="Korrekt-Hest-Batteri-9")
    Membership.objects.create(user=other, organisation=organisation, role_staff=True)
    export = _export_of(person, django_capture_on_commit_callbacks)
    client.force_login(other)
    assert client.get(reverse("privacy:export_download", args=[export.pk])).status_code == 404
    assert client.get(reverse("privacy:export_status", args=[export.pk])).status_code == 404


def test_the_page_starts_an_export_and_shows_its_progress(
    client, django_capture_on_commit_callbacks
):
    person, _organisation = _small_person()
    client.force_login(person)
    page = client.get(reverse("privacy:my_data"))
    body = page.content.decode()
    assert "Hent mine data" in body and "Hvad vi gemmer om dig og hvorfor" in body
    assert 'data-testid="count-organisationer"' in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:export_create"))
    assert response.status_code == 302
    export = ExportRequest.objects.get(person=person)
    fragment = client.get(reverse("privacy:export_status", args=[export.pk])).content.decode()
    assert "Download dine data" in fragment
    assert "Download dine data" in client.get(reverse("privacy:my_data")).content.decode()


def test_a_queued_export_is_polled(client):
    person, _organisation = _small_person()
    export = ExportRequest.objects.create(person=person, requested_by=person, progress=30)
    client.force_login(person)
    fragment = client.get(reverse("privacy:export_status", args=[export.pk])).content.decode()
    assert "hx-trigger" in fragment and "30 %" in fragment


def test_hr_produces_the_export_for_a_person_of_their_organisation(
    client, django_capture_on_commit_callbacks
):
    from core.models import AccessEvent

    person, organisation = _small_person()
    alice = _hr("alice@example.org", "Fjordbo")
    client.force_login(alice)
    url = reverse("privacy:person_export", args=[person.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    export = ExportRequest.objects.get(person=person)
    assert export.requested_by == alice and export.organisation == organisation
    requested = AccessEvent.objects.get(action="export_requested")
    assert (requested.actor, requested.subject) == (alice, person)
    response = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert response.status_code == 200
    downloaded = AccessEvent.objects.get(action="export_downloaded")
    assert (downloaded.actor, downloaded.subject) == (alice, person)


def test_hr_of_another_organisation_gets_404(client, django_capture_on_commit_callbacks):
    from organisations.models import Organisation

    person, _organisation = _small_person()
    Organisation.objects.create(name="Nordlys", kind="housing", cvr="87654321")
    charlie = _hr("charlie@example.org", "Nordlys")
    client.force_login(charlie)
    url = reverse("privacy:person_export", args=[person.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not ExportRequest.objects.exists()
    # Nor may a colleague without the HR role.
    colleague = User.objects.create_user(email="bob@example.org", password="x-Korrekt-9-Hest")
    Membership.objects.create(user=colleague, organisation=_organisation, role_staff=True)
    client.force_login(colleague)
    assert client.get(url).status_code == 404


def test_the_page_runs_the_same_queries_for_2_and_50_enrolments(client, django_assert_num_queries):
    from courses.models import Enrolment

    person, organisation = _small_person()
    client.force_login(person)

    def enrol(count):
        from tests.privacy.test_export_helpers import course_for

        course = course_for()
        Enrolment.objects.bulk_create(
            Enrolment(user=person, course=course, organisation=organisation, status="cancelled")
            for _index in range(count - Enrolment.objects.filter(user=person).count())
        )

    enrol(2)
    client.get(reverse("privacy:my_data"))  # warm caches (site, menus)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("privacy:my_data")).status_code == 200
    enrol(50)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(reverse("privacy:my_data"))
    assert 'data-testid="count-tilmeldinger">50<' in page.content.decode()
