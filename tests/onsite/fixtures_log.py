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

The people are this area's own (tests assert their surnames), built with the shared world's
factories (tests/factories). Import the fixtures you use into the test module
(``from tests.onsite.fixtures_log import …``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from competencies.models import Competence, Guide
from onsite.models import BuildingProject, LogAttachment, LogEntry, PartyRole
from onsite.services import entries as entry_services
from onsite.services import projects as project_services
from organisations.models import Organisation, User
from tests.factories import DepartmentFactory, OrganisationFactory, ProjectMemberFactory, person
from tests.factories.organisations import PASSWORD  # noqa: F401  (tests import it from here)

TODAY = date.today


def make_person(
    email: str,
    organisation: Organisation | None,
    roles: Iterable[str],
    first_name: str,
    *,
    job_function: str | None = None,
) -> User:
    """A member "<first name> Testesen" of ``organisation`` (or of none); TOTP when a role
    needs it."""
    return person(email, organisation, roles, first_name, "Testesen", job_function=job_function)


def _organisation(name: str, kind: str, cvr: str, *departments: tuple[str, str]) -> Organisation:
    organisation = OrganisationFactory.create(name=name, kind=kind, cvr=cvr, city="", postcode="")
    for number, department_name in departments:
        DepartmentFactory.create(
            organisation=organisation, number=number, name=department_name, homes=0
        )
    return organisation


def fresh(user: User) -> User:
    """The same person without the memberships cached on the object (roles change in tests)."""
    return User.objects.get(pk=user.pk)


# --- Organisations and people --------------------------------------------------------------


@pytest.fixture
def fjordbo(db: None) -> Organisation:
    return _organisation(
        "Boligselskabet Fjordbo", "housing", "31415926", ("101", "Fjordparken"), ("102", "Sølyst")
    )


@pytest.fixture
def nordlys(db: None) -> Organisation:
    return _organisation("Nordlys Bolig", "housing", "27182818", ("1", "Nordlyset"))


@pytest.fixture
def hansen(db: None) -> Organisation:
    return _organisation("Hansen & Søn Entreprise", "contractor", "28284271")


@pytest.fixture
def peter(fjordbo: Organisation) -> User:
    return make_person(
        "peter@fjordbo.example",
        fjordbo,
        ["staff", "project_leader"],
        "Peter",
        job_function="projektleder",
    )


@pytest.fixture
def thomas(fjordbo: Organisation) -> User:
    return make_person(
        "thomas@fjordbo.example",
        fjordbo,
        ["staff", "project_leader"],
        "Thomas",
        job_function="projektleder",
    )


@pytest.fixture
def lars(fjordbo: Organisation) -> User:
    return make_person(
        "lars@fjordbo.example", fjordbo, ["staff"], "Lars", job_function="driftschef"
    )


@pytest.fixture
def karen(fjordbo: Organisation) -> User:
    return make_person("karen@fjordbo.example", fjordbo, ["staff"], "Karen")


@pytest.fixture
def hanne(fjordbo: Organisation) -> User:
    return make_person("hanne@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne")


@pytest.fixture
def kim(hansen: Organisation) -> User:
    return make_person("kim@hansen-entreprise.example", hansen, ["staff"], "Kim")


@pytest.fixture
def anna(nordlys: Organisation) -> User:
    return make_person("anna@nordlys.example", nordlys, ["staff", "project_leader"], "Anna")


@pytest.fixture
def olga(db: None) -> User:
    return make_person("olga@example.org", None, [], "Olga")


# --- Framework rows (seeded by the migrations) ---------------------------------------------


@pytest.fixture
def site_learning(db: None) -> Competence:
    return Competence.objects.get(code="laering-paa-byggepladsen")


@pytest.fixture
def erfa(db: None) -> Competence:
    return Competence.objects.get(code="erfaringsgrupper")


# --- Projects -------------------------------------------------------------------------------


def make_project(
    leader: User, organisation: Organisation, name: str = "Helhedsplan Fjordparken", **fields: Any
) -> BuildingProject:
    values: dict[str, Any] = {"kind": "renovering", "phase": "C", "starts_on": date(2025, 3, 1)}
    values.update(fields)
    return project_services.project_create(
        actor=leader, organisation=organisation, name=name, **values
    )


@pytest.fixture
def project(
    peter: User,
    thomas: User,
    lars: User,
    kim: User,
    fjordbo: Organisation,
    hansen: Organisation,
    a2: Guide,
    a3: Guide,
) -> BuildingProject:
    """Fjordparken: Peter leads, Lars and Kim (invited contractor) are members."""
    project = make_project(peter, fjordbo, guides=[a2, a3])
    contractor = project_services.party_create(
        project=project, actor=peter, role=PartyRole.CONTRACTOR, organisation=hansen
    )
    project_services.party_create(
        project=project, actor=peter, role=PartyRole.RESIDENTS, name="Afdelingsbestyrelsen"
    )
    project_services.member_add(project=project, actor=peter, user=lars)
    ProjectMemberFactory.create(project=project, user=kim, party=contractor, added_by=peter)
    return project


@pytest.fixture
def other_project(peter: User, fjordbo: Organisation) -> BuildingProject:
    """A second Fjordbo project; Kim is not on it."""
    return make_project(peter, fjordbo, name="Samdrift Sølyst", kind="samdrift", phase="B")


@pytest.fixture
def nordlys_project(anna: User, nordlys: Organisation) -> BuildingProject:
    return make_project(anna, nordlys, name="Nordlyset energirenovering")


def make_entry(
    project: BuildingProject, author: User, *, submit: bool = False, **fields: Any
) -> LogEntry:
    values: dict[str, Any] = {
        "occurred_on": TODAY() - timedelta(days=1),
        "kind": "erfa",
        "title": "Erfaringsgruppemøde om genhusning",
        "what_happened": "Byg, drift og boligsocial aftalte, hvem der tager sig af nedpakning.",
    }
    values.update(fields)
    return entry_services.log_entry_create(project=project, author=author, submit=submit, **values)


# --- Files ----------------------------------------------------------------------------------


def jpeg_bytes(
    size: tuple[int, int] = (800, 600), *, gps: bool = False, colour: str = "orange"
) -> bytes:
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


def upload(
    name: str, content: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files() -> set[str]:
    """Every file under the attachments' folder in private storage."""
    storage = LogAttachment._meta.get_field("file").storage
    root = storage.path("onsite")
    import os

    found: set[str] = set()
    for folder, _dirs, files in os.walk(root):
        found.update(os.path.join(folder, name) for name in files)
    return found


@pytest.fixture
def clean_files() -> Iterator[set[str]]:
    """Files stored during the test are removed afterwards (private storage is on disk)."""
    before = stored_files()
    yield before
    import os

    for path in stored_files() - before:
        os.remove(path)
