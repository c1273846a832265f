"""People and framework rows for pillar 2, on the shared test world (tests/world.py).

Fjordbo (the world's, plus department 102):
  Alice  HR (two-factor set up) — looks after everyone in Fjordbo
  Mads   manager of department 101 (driftschef) — looks after 101 only
  Bob    projektleder in department 101
  Dorte  ejendomsfunktionær in department 102
Nordlys (department 1):
  Charlie HR (two-factor set up) — must see nothing of Fjordbo

The tests here assert the surname "Testesen" and Alice without the manager role, so the people
are this app's own, built with the same factories as the world's. The framework (competences,
guide links, default role profiles, Læringspilen stages) comes from the migrations, as in
production.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from organisations.models import Department, Organisation, User
from tests.factories import DepartmentFactory, OrganisationFactory, person
from tests.factories.organisations import PASSWORD

__all__ = ["PASSWORD", "department", "make_person"]


def make_person(
    email: str,
    organisation: Organisation,
    roles: Iterable[str],
    first_name: str,
    *,
    job_function: str | None = None,
    department: Department | None = None,
) -> User:
    """A member "<first name> Testesen"; TOTP when a role needs it."""
    return person(
        email,
        organisation,
        roles,
        first_name,
        "Testesen",
        job_function=job_function,
        department=department,
    )


@pytest.fixture
def fjordbo(fjordbo: Organisation) -> Organisation:
    DepartmentFactory.create(organisation=fjordbo, number="102", name="Sølyst", homes=0)
    return fjordbo


@pytest.fixture
def nordlys(db: None) -> Organisation:
    organisation = OrganisationFactory.create(
        name="Nordlys", kind="housing", cvr="87654321", city="", postcode=""
    )
    DepartmentFactory.create(organisation=organisation, number="1", name="Nordlyset", homes=0)
    return organisation


def department(organisation: Organisation, number: str) -> Department:
    return Department.objects.get(organisation=organisation, number=number)


@pytest.fixture
def alice(fjordbo: Organisation) -> User:
    return make_person("alice@fjordbo.example", fjordbo, ["staff", "hr"], "Alice")


@pytest.fixture
def mads(fjordbo: Organisation) -> User:
    return make_person(
        "mads@fjordbo.example",
        fjordbo,
        ["staff", "manager"],
        "Mads",
        job_function="driftschef",
        department=department(fjordbo, "101"),
    )


@pytest.fixture
def bob(fjordbo: Organisation) -> User:
    return make_person(
        "bob@fjordbo.example",
        fjordbo,
        ["staff"],
        "Bob",
        job_function="projektleder",
        department=department(fjordbo, "101"),
    )


@pytest.fixture
def dorte(fjordbo: Organisation) -> User:
    return make_person(
        "dorte@fjordbo.example",
        fjordbo,
        ["staff"],
        "Dorte",
        job_function="ejendomsfunktionaer",
        department=department(fjordbo, "102"),
    )


@pytest.fixture
def charlie(nordlys: Organisation) -> User:
    return make_person("charlie@nordlys.example", nordlys, ["staff", "hr"], "Charlie")
