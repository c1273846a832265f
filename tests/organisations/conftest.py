"""The organisations tests use the shared test world (tests/world.py): Alice is HR and a manager
of Fjordbo (she owns its people data), Bob is her colleague with the staff role only, and
Charlie works for another housing organisation and must see nothing of it.
"""

from __future__ import annotations

from collections.abc import Iterable

from organisations.models import Organisation, User
from tests.factories import person
from tests.factories.organisations import PASSWORD

__all__ = ["PASSWORD", "make_person"]


def make_person(
    email: str,
    organisation: Organisation,
    roles: Iterable[str],
    first_name: str = "",
    last_name: str = "",
    job_function: str | None = None,
    *,
    totp: bool | None = None,
) -> User:
    """A member of ``organisation``, with TOTP exactly when a role needs it (``totp=False``: never,
    for the two-factor policy's tests)."""
    return person(
        email, organisation, roles, first_name, last_name, job_function=job_function, totp=totp
    )
