"""Named people for access tests, after the healthchecks habit.

Alice is HR and a manager of Fjordbo (she owns its people data), Bob is her colleague with the
staff role only, and Charlie works for another housing organisation and must see nothing of it.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache

from organisations import demo, services
from organisations.models import JobFunction, Organisation

PASSWORD = "Korrekt-Hest-Batteri-9"


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and TOTP replay protection live in the cache; tests must not share them.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fjordbo(db) -> Organisation:
    organisation = services.organisation_create(name="Fjordbo", kind="housing", cvr="12345678")
    services.department_create(organisation=organisation, number="101", name="Fjordparken")
    return organisation


@pytest.fixture
def nordlys(db) -> Organisation:
    organisation = services.organisation_create(name="Nordlys", kind="housing", cvr="87654321")
    services.department_create(organisation=organisation, number="101", name="Nordlyset")
    return organisation


def make_person(email, organisation, roles, first_name="", last_name="", job_function=None):
    user = services.user_create(
        email=email, password=PASSWORD, first_name=first_name, last_name=last_name
    )
    services.membership_create(
        user=user,
        organisation=organisation,
        roles=roles,
        job_function=JobFunction.objects.get(code=job_function) if job_function else None,
    )
    return user


@pytest.fixture
def alice(fjordbo):
    user = make_person(
        "alice@fjordbo.example", fjordbo, ["staff", "hr", "manager"], "Alice", "Andersen"
    )
    TOTP.activate(user, demo.DEMO_TOTP_SECRET)
    return user


@pytest.fixture
def bob(fjordbo):
    return make_person(
        "bob@fjordbo.example", fjordbo, ["staff"], "Bob", "Berg", "ejendomsfunktionaer"
    )


@pytest.fixture
def charlie(nordlys):
    return make_person(
        "charlie@nordlys.example", nordlys, ["staff", "hr"], "Charlie", "Christensen"
    )


@pytest.fixture
def charlie_with_totp(charlie):
    TOTP.activate(charlie, demo.DEMO_TOTP_SECRET)
    return charlie
