"""Demo organisations and people for ``seed_demo``.

Idempotent: every row is found by its natural key (name, number, e-mail) before it is created,
so running the seed twice changes nothing. All demo people share one password; the demo admins
share one TOTP secret so that a tester can add it to an authenticator app once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from organisations import services
from organisations.models import Department, JobFunction, Membership, Organisation, User

DEMO_PASSWORD = "AlmenDemo-2026"
# Base32, as authenticator apps expect. Demo only: never reuse outside the demo.
DEMO_TOTP_SECRET = "ALMENDEMOTOTPSECRETKEY234567ABCD"
TOTP_PERIOD = 30


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    cvr: str
    city: str
    postcode: str
    address: str
    departments: tuple[tuple[str, str, int], ...] = ()
    requires_approval: bool = False


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    organisation: str
    roles: tuple[str, ...]
    job_function: str | None = None
    department: str | None = None
    title: str = ""
    # Operations only (no demo person has it): editors get the admin through their group.
    superuser: bool = False
    extra_memberships: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=tuple)


ORGANISATIONS = [
    DemoOrganisation(
        "Boligselskabet Fjordbo",
        "housing",
        "31415926",
        "Aalborg",
        "9000",
        "Fjordvej 1",
        (("101", "Fjordparken", 312), ("102", "Sølyst", 148), ("103", "Havnefronten", 96)),
        requires_approval=True,
    ),
    DemoOrganisation(
        "Nordlys Bolig",
        "housing",
        "27182818",
        "Aarhus",
        "8000",
        "Nordlysvej 4",
        (("1", "Nordlyset", 220), ("2", "Stjernehusene", 84)),
    ),
    DemoOrganisation(
        "Boligforeningen Engparken",
        "housing",
        "16180339",
        "Odense",
        "5000",
        "Engvej 12",
        (("10", "Engparken I", 410), ("11", "Engparken II", 265)),
    ),
    DemoOrganisation("Almen Akademi", "provider", "14142135", "København", "2100", "Kursusgade 3"),
    DemoOrganisation("ByggeLæring ApS", "provider", "17320508", "Vejle", "7100", "Læringsvej 8"),
    DemoOrganisation(
        "AlmenNet Sekretariatet", "network", "22360679", "København", "1620", "Netværkspladsen 1"
    ),
    DemoOrganisation(
        "Rådgivergruppen Nord", "consultant", "26457513", "Aalborg", "9000", "Rådgivervej 2"
    ),
    DemoOrganisation(
        "Almen Procesrådgivning", "consultant", "29979245", "Odense", "5000", "Procesvej 5"
    ),
    DemoOrganisation(
        "Hansen & Søn Entreprise", "contractor", "28284271", "Aalborg", "9220", "Byggevej 7"
    ),
    DemoOrganisation("Fjordby Kommune", "municipality", "", "Aalborg", "9000", "Rådhuspladsen 1"),
]

FJORDBO = "Boligselskabet Fjordbo"
PEOPLE = [
    DemoPerson(
        "karen@fjordbo.example",
        "Karen",
        "Madsen",
        FJORDBO,
        ("staff",),
        "ejendomsfunktionaer",
        "101",
        "Ejendomsfunktionær",
    ),
    DemoPerson(
        "lars@fjordbo.example",
        "Lars",
        "Holm",
        FJORDBO,
        ("staff", "manager"),
        "driftschef",
        "101",
        "Driftschef",
    ),
    DemoPerson(
        "hanne@fjordbo.example",
        "Hanne",
        "Berg",
        FJORDBO,
        ("staff", "hr"),
        "administrativ-medarbejder",
        None,
        "HR-konsulent",
    ),
    DemoPerson(
        "peter@fjordbo.example",
        "Peter",
        "Nielsen",
        FJORDBO,
        ("staff", "project_leader"),
        "projektleder",
        None,
        "Projektleder, byggeri",
    ),
    DemoPerson(
        "thomas@fjordbo.example",
        "Thomas",
        "Lund",
        FJORDBO,
        ("staff", "project_leader"),
        "projektleder",
        None,
        "Projektleder, renovering",
    ),
    DemoPerson(
        "henrik@fjordbo.example",
        "Henrik",
        "Dam",
        FJORDBO,
        ("staff", "project_leader"),
        "projektleder",
        "102",
        "Projektleder, boligsocial helhedsplan",
    ),
    DemoPerson(
        "amina@fjordbo.example",
        "Amina",
        "Yousef",
        FJORDBO,
        ("staff",),
        "boligsocial-medarbejder",
        "102",
        "Boligsocial medarbejder",
    ),
    DemoPerson(
        "mikkel@fjordbo.example",
        "Mikkel",
        "Brandt",
        FJORDBO,
        ("staff",),
        "udlejningsmedarbejder",
        None,
        "Udlejningsmedarbejder",
    ),
    DemoPerson(
        "jens@fjordbo.example",
        "Jens",
        "Kristensen",
        FJORDBO,
        ("staff",),
        "beboervalgt",
        "101",
        "Formand for afdelingsbestyrelsen",
    ),
    DemoPerson(
        "birthe@fjordbo.example",
        "Birthe",
        "Olsen",
        FJORDBO,
        ("staff",),
        "frivillig",
        "102",
        "Frivillig i beboerhuset",
    ),
    DemoPerson(
        "anna@nordlys.example",
        "Anna",
        "Lund",
        "Nordlys Bolig",
        ("staff", "project_leader"),
        "projektleder",
        None,
        "Projektleder",
    ),
    DemoPerson(
        "ole@nordlys.example",
        "Ole",
        "Dahl",
        "Nordlys Bolig",
        ("staff", "manager", "hr"),
        "administrativ-medarbejder",
        None,
        "HR-chef",
    ),
    DemoPerson(
        "sara@engparken.example",
        "Sara",
        "Friis",
        "Boligforeningen Engparken",
        ("staff", "manager"),
        "driftschef",
        "10",
        "Driftschef",
    ),
    DemoPerson(
        "sofie@almenakademi.example",
        "Sofie",
        "Kjær",
        "Almen Akademi",
        ("staff", "provider_editor"),
        None,
        None,
        "Kursuskoordinator",
    ),
    DemoPerson(
        "jonas@byggelaering.example",
        "Jonas",
        "Winther",
        "ByggeLæring ApS",
        ("staff", "provider_editor"),
        None,
        None,
        "Uddannelsesansvarlig",
    ),
    DemoPerson(
        "maria@almennet.example",
        "Maria",
        "Skov",
        "AlmenNet Sekretariatet",
        ("staff", "network_editor"),
        None,
        None,
        "Netværkskoordinator",
    ),
    DemoPerson(
        "rasmus@raadgiver-nord.example",
        "Rasmus",
        "Bech",
        "Rådgivergruppen Nord",
        ("staff", "project_leader", "manager"),
        "projektleder",
        None,
        "Bygherrerådgiver",
    ),
    DemoPerson(
        "signe@raadgiver-nord.example",
        "Signe",
        "Mølgaard",
        "Rådgivergruppen Nord",
        ("staff",),
        None,
        None,
        "Seniorrådgiver, fremtidsanalyser",
    ),
    DemoPerson(
        "ulrik@raadgiver-nord.example",
        "Ulrik",
        "Sand",
        "Rådgivergruppen Nord",
        ("staff",),
        None,
        None,
        "Rådgiver",
    ),
    DemoPerson(
        "bente@almenproces.example",
        "Bente",
        "Holt",
        "Almen Procesrådgivning",
        ("staff", "manager"),
        None,
        None,
        "Indehaver",
    ),
    DemoPerson(
        "jakob@almenproces.example",
        "Jakob",
        "Friis",
        "Almen Procesrådgivning",
        ("staff",),
        None,
        None,
        "Procesrådgiver, boligsociale helhedsplaner",
    ),
    DemoPerson(
        "kim@hansen-entreprise.example",
        "Kim",
        "Hansen",
        "Hansen & Søn Entreprise",
        ("staff",),
        None,
        None,
        "Byggeleder",
    ),
    DemoPerson(
        "lone@fjordby.example",
        "Lone",
        "Vestergaard",
        "Fjordby Kommune",
        ("staff",),
        None,
        None,
        "Byggesagsbehandler",
    ),
]


def current_totp_code(secret: str = DEMO_TOTP_SECRET, offset: int = 0) -> str:
    """The TOTP code an authenticator app shows now (``offset`` periods later or earlier)."""
    counter = int(timezone.now().timestamp()) // TOTP_PERIOD + offset
    code: str = format_hotp_value(hotp_value(secret, counter))
    return code


def _organisation(spec: DemoOrganisation) -> Organisation:
    organisation = Organisation.objects.filter(name=spec.name).first()
    if organisation is None:
        organisation = services.organisation_create(
            name=spec.name,
            kind=spec.kind,
            cvr=spec.cvr,
            city=spec.city,
            postcode=spec.postcode,
            address=spec.address,
            requires_enrolment_approval=spec.requires_approval,
        )
    for number, name, homes in spec.departments:
        if not organisation.departments.filter(number=number).exists():
            services.department_create(
                organisation=organisation,
                number=number,
                name=name,
                homes=homes,
                city=spec.city,
                postcode=spec.postcode,
            )
    return organisation


def _person(spec: DemoPerson, organisations: dict[str, Organisation]) -> User:
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = services.user_create(
            email=spec.email,
            password=DEMO_PASSWORD,
            first_name=spec.first_name,
            last_name=spec.last_name,
        )
    # In line with the spec both ways: a demo database seeded when Maria was a superuser loses
    # it. Editors work through their roles and groups; superuser is for operations only.
    if user.is_superuser != spec.superuser:
        user.is_superuser = user.is_staff = spec.superuser
        user.save(update_fields=["is_superuser", "is_staff"])
    organisation = organisations[spec.organisation]
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        department = (
            Department.objects.get(organisation=organisation, number=spec.department)
            if spec.department
            else None
        )
        job_function = (
            JobFunction.objects.get(code=spec.job_function) if spec.job_function else None
        )
        services.membership_create(
            user=user,
            organisation=organisation,
            roles=spec.roles,
            department=department,
            job_function=job_function,
            title=spec.title,
        )
    if (
        # Holders of a two-factor role (settings.LMS_TWO_FACTOR_ROLES) come with it set up.
        set(settings.LMS_TWO_FACTOR_ROLES) & set(spec.roles)
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


# One earlier HR import for Fjordbo, so that HR (Hanne) sees an import history: a file of the
# demo's own Fjordbo people (all unchanged) and one line HR got wrong (a department that does
# not exist), which the report lists.
DEMO_IMPORT_FILE = "hr-udtraek-fjordbo.csv"
DEMO_IMPORT_ERROR = "nyansat@fjordbo.example;Nyansat;Medarbejder;104;ejendomsfunktionaer"


def _import_history(organisations: dict[str, Organisation]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from organisations.models import PersonImport, PersonImportStatus
    from organisations.people_import import services as people_import

    fjordbo = organisations[FJORDBO]
    if PersonImport.objects.filter(organisation=fjordbo, file_name=DEMO_IMPORT_FILE).exists():
        return
    lines = ["e-mail;fornavn;efternavn;afdeling;funktion"]
    for spec in PEOPLE:
        if spec.organisation == FJORDBO:
            fields = (spec.first_name, spec.last_name, spec.department, spec.job_function)
            lines.append(";".join([spec.email, *(value or "" for value in fields)]))
    lines.append(DEMO_IMPORT_ERROR)
    upload = SimpleUploadedFile(DEMO_IMPORT_FILE, "\n".join(lines).encode("utf-8"))
    hanne = User.objects.get(email="hanne@fjordbo.example")
    person_import = people_import.person_import_create(
        organisation=fjordbo, uploaded_by=hanne, file=upload
    )
    # Applied here and now, not by a task: the demo's history is there when the seed ends.
    PersonImport.objects.filter(pk=person_import.pk).update(status=PersonImportStatus.QUEUED)
    people_import.person_import_apply(import_id=person_import.pk)


@transaction.atomic
def seed() -> list[DemoPerson]:
    """Create the demo organisations and people; return the people for the login table."""
    organisations = {spec.name: _organisation(spec) for spec in ORGANISATIONS}
    for spec in PEOPLE:
        _person(spec, organisations)
    _import_history(organisations)
    return PEOPLE
