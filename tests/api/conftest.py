"""Fixtures of the API tests, on the shared test world (tests/world.py).

Alice is HR of Fjordbo: her tokens act for Fjordbo. Charlie is HR of Nordlys: his tokens must
never see Fjordbo. ``api_client(token_key)`` is a DRF test client that sends the key.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from rest_framework.test import APIClient

from api import services
from api.models import ApiToken, TokenScope
from organisations.models import Organisation, User


def make_token(
    organisation: Organisation,
    creator: User,
    scope: str = TokenScope.READ,
    *,
    name: str = "Lønsystemet",
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A token made through the service, as HR makes one on the site; returns (token, key)."""
    return services.token_create(
        organisation=organisation, name=name, scope=scope, expires_at=expires_at, actor=creator
    )


def client_for(key: str | None) -> APIClient:
    """A DRF test client that sends ``key`` as the bearer token (none for ``None``)."""
    client = APIClient()
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def api_client() -> Callable[[str | None], APIClient]:
    return client_for


@pytest.fixture
def fjordbo_read(fjordbo: Organisation, alice: User) -> tuple[ApiToken, str]:
    """A read token of Fjordbo, made by Alice (HR there)."""
    return make_token(fjordbo, alice, TokenScope.READ, name="Intranettet")


@pytest.fixture
def fjordbo_write(fjordbo: Organisation, alice: User) -> tuple[ApiToken, str]:
    """A read-write token of Fjordbo, made by Alice."""
    return make_token(fjordbo, alice, TokenScope.READ_WRITE, name="Lønsystemet")


@pytest.fixture
def nordlys_read(nordlys: Organisation, charlie: User) -> tuple[ApiToken, str]:
    """A read token of Nordlys, made by Charlie (HR there)."""
    return make_token(nordlys, charlie, TokenScope.READ, name="Nordlys' intranet")
