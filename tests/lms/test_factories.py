"""The shared factories (tests/factories) build rows that pass the models' own validation."""

import pytest

from organisations.models import Membership
from tests.factories import (
    DepartmentFactory,
    JobFunctionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.factories.organisations import PASSWORD

pytestmark = pytest.mark.django_db


def test_each_factory_builds_a_valid_row():
    for instance in (
        UserFactory(),
        OrganisationFactory(),
        DepartmentFactory(),
        MembershipFactory(),
    ):
        instance.full_clean()


def test_a_user_can_log_in_with_the_factory_password(client):
    user = UserFactory(email="karen@fjordbo.example")
    assert client.login(email=user.email, password=PASSWORD)


def test_job_functions_are_found_by_code_not_duplicated():
    seeded = JobFunctionFactory(code="projektleder")
    assert seeded.name == "Projektleder"  # the migration's row, not a new one
    assert JobFunctionFactory(code="projektleder").pk == seeded.pk


def test_a_membership_can_carry_roles_a_department_and_a_job_function():
    department = DepartmentFactory()
    membership = MembershipFactory(
        organisation=department.organisation,
        department=department,
        job_function=JobFunctionFactory(code="driftschef"),
        role_hr=True,
    )
    membership.full_clean()
    assert membership.roles == {"staff", "hr"}
    assert Membership.objects.with_role("hr").get() == membership
