"""An export HR produces holds only HR's organisation's data (H9).

Each housing organisation is the data controller for its own people's data: Sofie is staff in
Fjordbo and in Nordlys with a plan and an evidence row in each; Alice (HR of Fjordbo) produces
her export and must receive Fjordbo's rows and none of Nordlys'. Sofie's own export holds both.
Once Sofie leaves Fjordbo, Alice can no longer download the export she produced.
"""

from __future__ import annotations

import datetime
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.models import (
    Competence,
    CompetencePlan,
    Evidence,
    EvidenceSource,
    EvidenceStatus,
)
from core.privacy import declarations
from organisations.models import Membership, Organisation, User
from privacy import export as exports
from privacy.models import ExportRequest, ExportStatus
from tests.factories.organisations import totp_activate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Sofie in two organisations with a plan and an evidence row in each; Alice HR of A."""
    fjordbo = Organisation.objects.create(name="Fjordbo", kind="housing", cvr="12345678")
    nordlys = Organisation.objects.create(name="Nordlys", kind="housing", cvr="87654321")
    sofie = User.objects.create_user(
        email="sofie@example.org",
        password="Korrekt-Hest-Batteri-9",
        first_name="Sofie",
        last_name="Dahl",
    )
    for organisation in (fjordbo, nordlys):
        Membership.objects.create(user=sofie, organisation=organisation, role_staff=True)
    competence = Competence.objects.get(code="fremtidsanalyse")
    today = timezone.localdate()
    rows = {}
    for organisation, label in ((fjordbo, "FJORDBO"), (nordlys, "NORDLYS")):
        plan = CompetencePlan.objects.create(
            user=sofie,
            organisation=organisation,
            title=f"Plan {label}",
            starts_on=today,
            ends_on=today + datetime.timedelta(days=200),
        )
        evidence = Evidence.objects.create(
            user=sofie,
            organisation=organisation,
            competence=competence,
            level=2,
            source=EvidenceSource.ASSESSMENT,
            status=EvidenceStatus.APPROVED,
            achieved_on=today - datetime.timedelta(days=30),
            title=f"Bevis {label}",
        )
        rows[label] = (plan, evidence)
    alice = User.objects.create_user(email="alice@example.org", password="Korrekt-Hest-Batteri-9")
    Membership.objects.create(user=alice, organisation=fjordbo, role_staff=True, role_hr=True)
    totp_activate(alice)
    return {"a": fjordbo, "b": nordlys, "sofie": sofie, "alice": alice, "rows": rows}


def _built(export: ExportRequest) -> zipfile.ZipFile:
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    return zipfile.ZipFile(export.file.open("rb"))


def _json(archive: zipfile.ZipFile) -> str:
    return "".join(
        archive.read(name).decode() for name in archive.namelist() if name.endswith(".json")
    )


def _ids(archive: zipfile.ZipFile, area: str, table_label: str) -> set[str]:
    data = json.loads(archive.read(f"{area}.json"))
    found = set()
    for table in data["tabeller"]:
        if table["tabel"] == table_label:
            found |= {str(row.get("ID", row.get("Id"))) for row in table["rækker"]}
    return found


def _hr_export(client, world, django_capture_on_commit_callbacks) -> ExportRequest:
    client.force_login(world["alice"])
    url = reverse("privacy:person_export", args=[world["sofie"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    return ExportRequest.objects.get(person=world["sofie"], requested_by=world["alice"])


def test_hr_export_holds_only_hr_organisations_rows(
    client, world, django_capture_on_commit_callbacks
):
    export = _hr_export(client, world, django_capture_on_commit_callbacks)
    assert export.organisation == world["a"]
    archive = _built(export)
    text = _json(archive)
    plan_a, evidence_a = world["rows"]["FJORDBO"]
    plan_b, evidence_b = world["rows"]["NORDLYS"]

    assert _ids(archive, "kompetenceplaner", "Kompetenceplaner") == {str(plan_a.pk)}
    assert _ids(archive, "dokumentation", "Dokumentation") == {str(evidence_a.pk)}
    assert "Plan FJORDBO" in text and "Bevis FJORDBO" in text
    # Nothing of Nordlys: not its plan, not its evidence, not the membership there.
    assert str(plan_b.pk) not in _ids(archive, "kompetenceplaner", "Kompetenceplaner")
    assert str(evidence_b.pk) not in _ids(archive, "dokumentation", "Dokumentation")
    assert "NORDLYS" not in text and "Nordlys" not in text
    memberships = _ids(archive, "organisationer", "Medlemskaber")
    assert memberships == {
        str(Membership.objects.get(user=world["sofie"], organisation=world["a"]).pk)
    }
    # The account basics only: name and e-mail, no log-in history or other account tables.
    account = json.loads(archive.read("konto.json"))["tabeller"]
    assert [table["tabel"] for table in account] == ["Personer"]
    (user_row,) = account[0]["rækker"]
    assert "sofie@example.org" in user_row.values() and "Sofie" in user_row.values()
    assert len(user_row) == 4
    for area in ("privatliv", "adgangslog"):
        if f"{area}.json" in archive.namelist():
            assert "NORDLYS" not in archive.read(f"{area}.json").decode()

    readme = archive.read("LÆSMIG.txt").decode()
    assert "Udtrækket er lavet af HR i Fjordbo og indeholder kun data fra Fjordbo." in readme, (
        readme
    )


def test_the_persons_own_export_holds_both_organisations(world, django_capture_on_commit_callbacks):
    sofie = world["sofie"]
    with django_capture_on_commit_callbacks(execute=True):
        export = exports.export_request_create(person=sofie, requested_by=sofie)
    archive = _built(export)
    text = _json(archive)
    plans = {str(plan.pk) for plan, _evidence in world["rows"].values()}
    assert _ids(archive, "kompetenceplaner", "Kompetenceplaner") == plans
    assert "Bevis FJORDBO" in text and "Bevis NORDLYS" in text
    assert "kun data fra" not in archive.read("LÆSMIG.txt").decode()


def test_hr_cannot_download_once_the_person_has_left(
    client, world, django_capture_on_commit_callbacks
):
    export = _hr_export(client, world, django_capture_on_commit_callbacks)
    url = reverse("privacy:export_download", args=[export.pk])
    assert client.get(url).status_code == 200

    Membership.objects.filter(user=world["sofie"], organisation=world["a"]).update(is_active=False)
    assert client.get(url).status_code == 404
    assert client.get(reverse("privacy:export_status", args=[export.pk])).status_code == 404
    # The person still has it: it is their data.
    client.force_login(world["sofie"])
    assert client.get(url).status_code == 200


def test_every_organisation_path_is_a_valid_lookup(world):
    """A typo in a declaration's ``organisation`` path would fail the HR export; filtering by
    each path here catches it with the registry rather than in a worker."""
    declared = [d for d in declarations() if d.organisation]
    assert {d.label for d in declared} >= {
        "competencies.CompetencePlan",
        "competencies.Evidence",
        "organisations.Membership",
        "onsite.LogEntry",
        "courses.Enrolment",
        "core.AccessEvent",
    }
    for declaration in declared:
        declaration.model._default_manager.filter(
            **{declaration.organisation: world["a"].pk}
        ).exists()


def test_hr_areas_leave_out_what_belongs_to_no_organisation():
    labels = {d.label for _area, items in exports._areas(Organisation()) for d in items}
    assert "organisations.User" in labels
    assert not labels & {"mfa.Authenticator", "courses.ModuleProgress", "wagtailcore.Page"}
    assert all(
        d.organisation or d.label in exports.ACCOUNT_BASICS
        for d in declarations()
        if d.label in labels
    )
