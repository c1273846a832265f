"""Factories for people, organisations, departments and memberships.

They build valid rows with the fewest decisions; a test states only what it is about. Job
functions are seeded by a migration, so ``JobFunctionFactory`` finds them by code rather than
duplicating them.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from organisations.models import Department, JobFunction, Membership, Organisation, User

PASSWORD = "Korrekt-Hest-Batteri-9"


class UserFactory(DjangoModelFactory):
    """A person who can log in with ``PASSWORD``."""

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    password = factory.django.Password(PASSWORD)
    is_active = True


class OrganisationFactory(DjangoModelFactory):
    """A housing organisation with a valid, unique CVR number."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Boligorganisation {n}")
    kind = "housing"
    cvr = factory.Sequence(lambda n: f"{10_000_000 + n:08d}")
    city = "Aalborg"
    postcode = "9000"


class DepartmentFactory(DjangoModelFactory):
    """A boligafdeling; numbers count up within the run, so they never collide."""

    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    number = factory.Sequence(lambda n: str(100 + n))
    name = factory.Sequence(lambda n: f"Afdeling {n}")
    homes = 120


class JobFunctionFactory(DjangoModelFactory):
    """A job function found by code (the migration seeds the sector's eight)."""

    class Meta:
        model = JobFunction
        django_get_or_create = ("code",)

    code = "ejendomsfunktionaer"
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())


class MembershipFactory(DjangoModelFactory):
    """A person in an organisation with the staff role; pass ``role_hr=True`` etc. for more."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    department = None
    job_function = None
    role_staff = True
