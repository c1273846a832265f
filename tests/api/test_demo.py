"""The API's demo: Fjordbo's demo read token works with the printed key; seeding twice is a no-op."""

from __future__ import annotations

import pytest

from api import demo
from api.models import ApiToken, TokenScope
from organisations import demo as organisations_demo
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_key_reads_fjordbo_and_seeding_twice_changes_nothing():
    organisations_demo.seed()
    key = demo.seed()
    assert demo.seed() == key
    tokens = ApiToken.objects.filter(organisation__name=demo.DEMO_ORGANISATION)
    assert tokens.count() == 2
    usable, revoked = tokens.get(revoked_at__isnull=True), tokens.get(revoked_at__isnull=False)
    assert usable.scope == TokenScope.READ and usable.created_by.email == demo.DEMO_HR
    assert revoked.revoked_by.email == demo.DEMO_HR and revoked.last_used_at is not None
    response = client_for(key).get("/api/v1/people/")
    assert response.status_code == 200
    emails = {row["email"] for row in response.json()["results"]}
    assert demo.DEMO_HR in emails
    assert all(email.endswith("@fjordbo.example") for email in emails)
    assert client_for(key).post("/api/v1/people/", {"rows": []}, format="json").status_code == 403
