"""factory_boy factories, one module per app, re-exported here for short imports."""

from tests.factories.organisations import (
    DepartmentFactory,
    JobFunctionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

__all__ = [
    "DepartmentFactory",
    "JobFunctionFactory",
    "MembershipFactory",
    "OrganisationFactory",
    "UserFactory",
]
