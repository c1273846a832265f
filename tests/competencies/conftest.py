"""People and framework rows for pillar 2, after the Alice/Bob/Charlie habit.

Fjordbo (departments 101 and 102):
  Alice  HR (two-factor set up) — looks after everyone in Fjordbo
  Mads   manager of department 101 (driftschef) — looks after 101 only
  Bob    projektleder in department 101
  Dorte  ejendomsfunktionær in department 102
Nordlys:
  Charlie HR (two-factor set up) — must see nothing of Fjordbo

The framework (competences, guide links, default role profiles, Læringspilen stages) comes from
the migrations, as in production.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache

from competencies.models import Competence, Guide
from organisations import demo
from organisations import services as org_services
from organisations.models import Department, JobFunction, Organisation

PASSWORD = "Korrekt-Hest-Batteri-9"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def make_person(email, organisation, roles, first_name, *, job_function=None, department=None):
    user = org_services.user_create(
        email=email, password=PASSWORD, first_name=first_name, last_name="Testesen"
    )
    org_services.membership_create(
        user=user,
        organisation=organisation,
        roles=roles,
        job_function=JobFunction.objects.get(code=job_function) if job_function else None,
        department=department,
    )
    if {"hr", "provider_editor", "network_editor"} & set(roles):
        TOTP.activate(user, demo.DEMO_TOTP_SECRET)
    return user


@pytest.fixture
def fjordbo(db) -> Organisation:
    organisation = org_services.organisation_create(name="Fjordbo", kind="housing", cvr="12345678")
    org_services.department_create(organisation=organisation, number="101", name="Fjordparken")
    org_services.department_create(organisation=organisation, number="102", name="Sølyst")
    return organisation


@pytest.fixture
def nordlys(db) -> Organisation:
    organisation = org_services.organisation_create(name="Nordlys", kind="housing", cvr="87654321")
    org_services.department_create(organisation=organisation, number="1", name="Nordlyset")
    return organisation


def department(organisation, number) -> Department:
    return Department.objects.get(organisation=organisation, number=number)


@pytest.fixture
def alice(fjordbo):
    return make_person("alice@fjordbo.example", fjordbo, ["staff", "hr"], "Alice")


@pytest.fixture
def mads(fjordbo):
    return make_person(
        "mads@fjordbo.example",
        fjordbo,
        ["staff", "manager"],
        "Mads",
        job_function="driftschef",
        department=department(fjordbo, "101"),
    )


@pytest.fixture
def bob(fjordbo):
    return make_person(
        "bob@fjordbo.example",
        fjordbo,
        ["staff"],
        "Bob",
        job_function="projektleder",
        department=department(fjordbo, "101"),
    )


@pytest.fixture
def dorte(fjordbo):
    return make_person(
        "dorte@fjordbo.example",
        fjordbo,
        ["staff"],
        "Dorte",
        job_function="ejendomsfunktionaer",
        department=department(fjordbo, "102"),
    )


@pytest.fixture
def charlie(nordlys):
    return make_person("charlie@nordlys.example", nordlys, ["staff", "hr"], "Charlie")


@pytest.fixture
def fremtidsanalyse(db) -> Competence:
    return Competence.objects.get(code="fremtidsanalyse")


@pytest.fixture
def a3(db) -> Guide:
    return Guide.objects.get(code="A3")
