"""People, projects and files for the learning-log tests (projects, entries, invitations).

Fjordbo (housing; departments 101 and 102):
  Peter   projektleder — creates "Fjordparken" and leads it
  Thomas  projektleder — a second leader (approves Peter's entries)
  Lars    driftschef, staff — a member of Fjordparken, not a leader
  Karen   staff — not on any project: sees no project at all
  Hanne   HR — oversees Fjordbo's projects, is on none
Hansen & Søn (contractor):
  Kim     byggeleder — invited to Fjordparken only
Nordlys (housing):
  Anna    projektleder of Nordlys — must see nothing of Fjordbo
Nobody:
  Olga    an account without any organisation or project

Import the fixtures you use into the test module (``from tests.onsite.fixtures_log import …``).
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from competencies.models import Competence, Guide
from onsite.models import LogAttachment, PartyRole, ProjectMember
from onsite.services import entries as entry_services
from onsite.services import projects as project_services
from organisations import demo
from organisations import services as org_services
from organisations.models import JobFunction, Organisation, User

PASSWORD = "Korrekt-Hest-Batteri-9"
TODAY = date.today


def make_person(email, organisation, roles, first_name, *, job_function=None):
    user = org_services.user_create(
        email=email, password=PASSWORD, first_name=first_name, last_name="Testesen"
    )
    if organisation is not None:
        org_services.membership_create(
            user=user,
            organisation=organisation,
            roles=roles,
            job_function=JobFunction.objects.get(code=job_function) if job_function else None,
        )
    if {"hr", "provider_editor", "network_editor"} & set(roles):
        TOTP.activate(user, demo.DEMO_TOTP_SECRET)
    return user


def fresh(user: User) -> User:
    """The same person without the memberships cached on the object (roles change in tests)."""
    return User.objects.get(pk=user.pk)


# --- Organisations and people --------------------------------------------------------------


@pytest.fixture
def fjordbo(db) -> Organisation:
    organisation = org_services.organisation_create(
        name="Boligselskabet Fjordbo", kind="housing", cvr="31415926"
    )
    org_services.department_create(organisation=organisation, number="101", name="Fjordparken")
    org_services.department_create(organisation=organisation, number="102", name="Sølyst")
    return organisation


@pytest.fixture
def nordlys(db) -> Organisation:
    organisation = org_services.organisation_create(
        name="Nordlys Bolig", kind="housing", cvr="27182818"
    )
    org_services.department_create(organisation=organisation, number="1", name="Nordlyset")
    return organisation


@pytest.fixture
def hansen(db) -> Organisation:
    return org_services.organisation_create(
        name="Hansen & Søn Entreprise", kind="contractor", cvr="28284271"
    )


@pytest.fixture
def peter(fjordbo):
    return make_person(
        "peter@fjordbo.example",
        fjordbo,
        ["staff", "project_leader"],
        "Peter",
        job_function="projektleder",
    )


@pytest.fixture
def thomas(fjordbo):
    return make_person(
        "thomas@fjordbo.example",
        fjordbo,
        ["staff", "project_leader"],
        "Thomas",
        job_function="projektleder",
    )


@pytest.fixture
def lars(fjordbo):
    return make_person(
        "lars@fjordbo.example", fjordbo, ["staff"], "Lars", job_function="driftschef"
    )


@pytest.fixture
def karen(fjordbo):
    return make_person("karen@fjordbo.example", fjordbo, ["staff"], "Karen")


@pytest.fixture
def hanne(fjordbo):
    return make_person("hanne@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne")


@pytest.fixture
def kim(hansen):
    return make_person("kim@hansen-entreprise.example", hansen, ["staff"], "Kim")


@pytest.fixture
def anna(nordlys):
    return make_person("anna@nordlys.example", nordlys, ["staff", "project_leader"], "Anna")


@pytest.fixture
def olga(db):
    return make_person("olga@example.org", None, [], "Olga")


# --- Framework rows (seeded by the migrations) ---------------------------------------------


@pytest.fixture
def a2(db) -> Guide:
    return Guide.objects.get(code="A2")


@pytest.fixture
def a3(db) -> Guide:
    return Guide.objects.get(code="A3")


@pytest.fixture
def site_learning(db) -> Competence:
    return Competence.objects.get(code="laering-paa-byggepladsen")


@pytest.fixture
def erfa(db) -> Competence:
    return Competence.objects.get(code="erfaringsgrupper")


# --- Projects -------------------------------------------------------------------------------


def make_project(leader, organisation, name="Helhedsplan Fjordparken", **fields):
    values = {"kind": "renovering", "phase": "C", "starts_on": date(2025, 3, 1)}
    values.update(fields)
    return project_services.project_create(
        actor=leader, organisation=organisation, name=name, **values
    )


@pytest.fixture
def project(peter, thomas, lars, kim, fjordbo, hansen, a2, a3):
    """Fjordparken: Peter leads, Lars and Kim (invited contractor) are members."""
    project = make_project(peter, fjordbo, guides=[a2, a3])
    contractor = project_services.party_create(
        project=project, actor=peter, role=PartyRole.CONTRACTOR, organisation=hansen
    )
    project_services.party_create(
        project=project, actor=peter, role=PartyRole.RESIDENTS, name="Afdelingsbestyrelsen"
    )
    project_services.member_add(project=project, actor=peter, user=lars)
    ProjectMember.objects.create(project=project, user=kim, party=contractor, added_by=peter)
    return project


@pytest.fixture
def other_project(peter, fjordbo):
    """A second Fjordbo project; Kim is not on it."""
    return make_project(peter, fjordbo, name="Samdrift Sølyst", kind="samdrift", phase="B")


@pytest.fixture
def nordlys_project(anna, nordlys):
    return make_project(anna, nordlys, name="Nordlyset energirenovering")


def make_entry(project, author, *, submit=False, **fields):
    values = {
        "occurred_on": TODAY() - timedelta(days=1),
        "kind": "erfa",
        "title": "Erfaringsgruppemøde om genhusning",
        "what_happened": "Byg, drift og boligsocial aftalte, hvem der tager sig af nedpakning.",
    }
    values.update(fields)
    return entry_services.log_entry_create(project=project, author=author, submit=submit, **values)


# --- Files ----------------------------------------------------------------------------------


def jpeg_bytes(size=(800, 600), *, gps=False, colour="orange") -> bytes:
    image = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[ExifTags.Base.Make] = "Telefon"
        exif[ExifTags.Base.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (57.0, 2.0, 54.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (9.0, 55.0, 12.0),
        }
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files() -> set[str]:
    """Every file under the attachments' folder in private storage."""
    storage = LogAttachment._meta.get_field("file").storage
    root = storage.path("onsite")
    import os

    found = set()
    for folder, _dirs, files in os.walk(root):
        found.update(os.path.join(folder, name) for name in files)
    return found


@pytest.fixture
def clean_files():
    """Files stored during the test are removed afterwards (private storage is on disk)."""
    before = stored_files()
    yield before
    import os

    for path in stored_files() - before:
        os.remove(path)
