"""The shared test world: the same named people and organisations in every app's tests.

After the healthchecks habit (docs/architecture.md, "Tests use Alice, Bob and Charlie"):

Fjordbo (housing, CVR 12345678; department 101 Fjordparken)
  Alice   HR and manager of Fjordbo, two-factor set up — owns its people data
  Bob     her colleague, staff only (ejendomsfunktionær)
Nordlys (housing, CVR 87654321; department 101 Nordlyset)
  Charlie HR of Nordlys — an outsider to Fjordbo, who must see nothing of it
          (without TOTP; ``charlie_with_totp`` has it)
The course catalogue (``home``, ``catalogue``):
  Almen Akademi and ByggeLæring, providers, with their editors Sofie and Jonas;
  Maria, the network secretariat's editor

The framework rows the migrations seed, as in production: the guides ``a2`` and ``a3`` and the
competence ``fremtidsanalyse``.

An app whose tests need more (a second department, a project leader, a manager of one
department …) adds it in its own conftest, built with ``tests.factories`` on top of these
fixtures; an app whose tests assert other names or roles for a person keeps its own fixture of
that name, built with the same factories.

The fixtures are registered in ``tests/conftest.py``.
"""

from __future__ import annotations

import pytest
from wagtail.models import Page

from competencies.models import Competence, Guide
from courses.models import CourseIndexPage
from organisations.models import Organisation, User
from tests.factories import DepartmentFactory, OrganisationFactory, home_page, person
from tests.factories import courses as course_factories
from tests.factories.organisations import PASSWORD, totp_activate

__all__ = [
    "PASSWORD",
    "a2",
    "a3",
    "akademi",
    "alice",
    "bob",
    "byggelaering",
    "catalogue",
    "charlie",
    "charlie_with_totp",
    "fjordbo",
    "fremtidsanalyse",
    "home",
    "jonas",
    "maria",
    "nordlys",
    "sofie",
]


@pytest.fixture
def fjordbo(db: None) -> Organisation:
    organisation = OrganisationFactory.create(
        name="Fjordbo", kind="housing", cvr="12345678", city="", postcode=""
    )
    DepartmentFactory.create(organisation=organisation, number="101", name="Fjordparken", homes=0)
    return organisation


@pytest.fixture
def nordlys(db: None) -> Organisation:
    organisation = OrganisationFactory.create(
        name="Nordlys", kind="housing", cvr="87654321", city="", postcode=""
    )
    DepartmentFactory.create(organisation=organisation, number="101", name="Nordlyset", homes=0)
    return organisation


@pytest.fixture
def alice(fjordbo: Organisation) -> User:
    return person(
        "alice@fjordbo.example",
        fjordbo,
        ["staff", "hr", "manager"],
        "Alice",
        "Andersen",
        totp=True,
    )


@pytest.fixture
def bob(fjordbo: Organisation) -> User:
    return person(
        "bob@fjordbo.example",
        fjordbo,
        ["staff"],
        "Bob",
        "Berg",
        job_function="ejendomsfunktionaer",
    )


@pytest.fixture
def charlie(nordlys: Organisation) -> User:
    return person(
        "charlie@nordlys.example", nordlys, ["staff", "hr"], "Charlie", "Christensen", totp=False
    )


@pytest.fixture
def charlie_with_totp(charlie: User) -> User:
    return totp_activate(charlie)


# --- The course catalogue: providers and editors -------------------------------------------
# Every editor has TOTP set up, as the two-factor gate demands for the admin.


@pytest.fixture
def home(db: None) -> Page:
    """A bare home page ("Forside"), the default site's root."""
    return home_page()


@pytest.fixture
def catalogue(home: Page) -> CourseIndexPage:
    return course_factories.catalogue(home)


@pytest.fixture
def akademi(catalogue: CourseIndexPage) -> Organisation:
    return course_factories.provider("Almen Akademi", "11111111")


@pytest.fixture
def byggelaering(catalogue: CourseIndexPage) -> Organisation:
    return course_factories.provider("ByggeLæring", "22222222")


@pytest.fixture
def sofie(akademi: Organisation) -> User:
    """Editor at Almen Akademi."""
    return person(
        "sofie@akademi.example", akademi, ["staff", "provider_editor"], "Sofie", totp=True
    )


@pytest.fixture
def jonas(byggelaering: Organisation) -> User:
    """Editor at ByggeLæring: must never touch Almen Akademi's pages."""
    return person(
        "jonas@byggelaering.example", byggelaering, ["staff", "provider_editor"], "Jonas", totp=True
    )


@pytest.fixture
def maria(catalogue: CourseIndexPage) -> User:
    """Network editor at the secretariat."""
    network = OrganisationFactory.create(
        name="Sekretariatet", kind="network", cvr="", city="", postcode=""
    )
    return person("maria@net.example", network, ["staff", "network_editor"], "Maria", totp=True)


# --- The framework (seeded by the migrations) ----------------------------------------------


@pytest.fixture
def a2(db: None) -> Guide:
    return Guide.objects.get(code="A2")


@pytest.fixture
def a3(db: None) -> Guide:
    return Guide.objects.get(code="A3")


@pytest.fixture
def fremtidsanalyse(db: None) -> Competence:
    return Competence.objects.get(code="fremtidsanalyse")
