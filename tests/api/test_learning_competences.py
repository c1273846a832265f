"""/api/v1/evidence/ and /api/v1/competence-levels/: Fjordbo's token reads the evidence recorded
in Fjordbo and each Fjordbo person's current levels (by the site's one rule,
``competencies.levels``); Nordlys' people and rows are 404 to it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from competencies.levels import level_of
from competencies.models import Competence, Evidence
from competencies.services import evidence as evidence_services
from organisations.models import Membership, Organisation, User
from tests.api.conftest import client_for
from tests.factories import CompetenceFactory, EvidenceFactory, person

pytestmark = pytest.mark.django_db

EVIDENCE = "/api/v1/evidence/"
LEVELS = "/api/v1/competence-levels/"


@pytest.fixture
def nina(nordlys: Organisation) -> User:
    return person("nina@nordlys.example", nordlys, ["staff"], "Nina", "Nielsen")


@pytest.fixture
def other_competence() -> Competence:
    return CompetenceFactory.create(code="beboerdemokrati-test", name="Beboerdemokrati (test)")


def evidence(user: User, organisation: Organisation | None, **fields: Any) -> Evidence:
    return EvidenceFactory.create(
        user=user, organisation=organisation, competence=fields.pop("competence", "fremtidsanalyse"),
        **fields,
    )  # fmt: skip


def get(token: tuple[Any, str], url: str, params: dict[str, Any] | None = None) -> Any:
    return client_for(token[1]).get(url, params or {})


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def queries_of(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def backdate(rows: Any, **fields: datetime) -> None:
    """Write timestamps that ``auto_now`` would overwrite on save."""
    type(rows[0]).objects.filter(pk__in=[row.pk for row in rows]).update(**fields)


# --- Evidence ----------------------------------------------------------------------------------


class TestEvidence:
    def test_it_lists_the_evidence_recorded_in_the_organisation(
        self, fjordbo_read, fjordbo, nordlys, bob, nina, fremtidsanalyse, a3
    ):
        row_of_bob = evidence(bob, fjordbo, level=3, guide=a3, title="Kursus i A3")
        evidence(bob, None, level=4)  # recorded in no organisation: not Fjordbo HR's to see
        evidence(nina, nordlys)
        (row,) = results(get(fjordbo_read, EVIDENCE))
        assert row["id"] == row_of_bob.pk
        assert row["person"] == {"id": bob.pk, "email": bob.email, "name": bob.name}
        assert row["competence"] == {
            "id": fremtidsanalyse.pk,
            "code": "fremtidsanalyse",
            "name": fremtidsanalyse.name,
        }
        assert row["level"] == 3 and row["level_label"] == "3 – anvender"
        assert row["source"] == "assessment" and row["source_label"] == "Lederens vurdering"
        assert row["status"] == "approved" and row["status_label"] == "Godkendt"
        assert row["guide"] == "A3" and row["title"] == "Kursus i A3"
        assert row["counts"] is True and row["expires_on"] is None
        assert row["updated_at"] == row["recorded_at"] and row["decided_at"] is None

    def test_a_decision_is_an_update(self, fjordbo_read, fjordbo, alice, bob):
        row = evidence(bob, fjordbo)
        long_ago = timezone.now() - timedelta(days=20)
        backdate([row], created_at=long_ago)
        since = {"updated_since": (long_ago + timedelta(days=1)).isoformat()}
        assert results(get(fjordbo_read, EVIDENCE, since)) == []
        evidence_services.evidence_withdraw(evidence=row, actor=alice, reason="Forkert person")
        (listed,) = results(get(fjordbo_read, EVIDENCE, since))
        assert listed["status"] == "withdrawn" and listed["counts"] is False
        assert listed["updated_at"] == listed["decided_at"]

    def test_it_filters_by_person(self, fjordbo_read, fjordbo, alice, bob):
        evidence(alice, fjordbo)
        mine = evidence(bob, fjordbo)
        (row,) = results(get(fjordbo_read, EVIDENCE, {"person": bob.pk}))
        assert row["id"] == mine.pk

    def test_it_validates_ownership(self, fjordbo_read, nordlys_read, fjordbo, nordlys, bob, nina):
        fjordbos, nordlys_ = evidence(bob, fjordbo), evidence(nina, nordlys)
        assert get(fjordbo_read, f"{EVIDENCE}{fjordbos.pk}/").status_code == 200
        assert get(fjordbo_read, f"{EVIDENCE}{nordlys_.pk}/").status_code == 404
        assert get(nordlys_read, f"{EVIDENCE}{fjordbos.pk}/").status_code == 404

    def test_query_count_is_flat(self, fjordbo_read, fjordbo, a3, django_assert_num_queries):
        client = client_for(fjordbo_read[1])

        def record(count: int) -> None:
            for _ in range(count):
                someone = person(f"e{Evidence.objects.count()}@fjordbo.example", fjordbo)
                evidence(someone, fjordbo, guide=a3)

        record(3)
        client.get(EVIDENCE)
        small = queries_of(client, EVIDENCE)
        record(40)
        with django_assert_num_queries(small):
            assert len(results(client.get(EVIDENCE))) == 43


# --- Competence levels -------------------------------------------------------------------------


def levels_of_row(row: dict[str, Any]) -> dict[str, int]:
    return {level["competence"]["code"]: level["level"] for level in row["levels"]}


class TestLevels:
    def test_each_persons_levels_by_the_sites_rule(
        self, fjordbo_read, fjordbo, alice, bob, fremtidsanalyse, other_competence
    ):
        today = timezone.localdate()
        evidence(bob, fjordbo, level=2)
        evidence(bob, fjordbo, level=3)
        evidence(bob, fjordbo, level=4, status="pending", source="assessment")  # not yet counted
        # Expired yesterday: the competence is listed, at level 0 (a level that fell is news).
        evidence(
            bob, fjordbo, competence=other_competence, level=2,
            achieved_on=today - timedelta(days=400), expires_on=today,
        )  # fmt: skip
        rows = {row["person"]["id"]: row for row in results(get(fjordbo_read, LEVELS))}
        assert set(rows) == {alice.pk, bob.pk}
        assert rows[alice.pk]["levels"] == []
        bob_row = rows[bob.pk]
        assert levels_of_row(bob_row) == {"fremtidsanalyse": 3, "beboerdemokrati-test": 0}
        assert levels_of_row(bob_row)["fremtidsanalyse"] == level_of(bob.pk, fremtidsanalyse.pk)
        (level,) = [lv for lv in bob_row["levels"] if lv["level"] == 3]
        assert level["level_label"] == "3 – anvender"
        assert bob_row["levels_on"] == today.isoformat()

    def test_evidence_from_elsewhere_counts_as_on_the_site(self, fjordbo_read, nordlys, bob):
        """The level rule reads all of a person's evidence (HR's gap analysis does too)."""
        evidence(bob, nordlys, level=4)
        rows = {row["person"]["id"]: row for row in results(get(fjordbo_read, LEVELS))}
        assert levels_of_row(rows[bob.pk]) == {"fremtidsanalyse": 4}

    def test_nordlys_token_sees_only_nordlys_people(self, nordlys_read, charlie, nina, bob):
        rows = results(get(nordlys_read, LEVELS))
        assert {row["person"]["id"] for row in rows} == {charlie.pk, nina.pk}

    def test_updated_since_follows_evidence_memberships_and_the_calendar(
        self, fjordbo_read, fjordbo, alice, bob, other_competence
    ):
        today = timezone.localdate()
        long_ago = timezone.now() - timedelta(days=30)
        since = long_ago + timedelta(days=10)
        karen = person("karen@fjordbo.example", fjordbo, ["staff"], "Karen")
        lars = person("lars@fjordbo.example", fjordbo, ["staff"], "Lars")
        old = [
            evidence(bob, fjordbo, achieved_on=today - timedelta(days=100)),
            # Bob's second piece expires today: his level changes without a write.
            evidence(
                bob,
                fjordbo,
                competence=other_competence,
                achieved_on=today - timedelta(days=100),
                expires_on=today,
            ),  # fmt: skip
            evidence(karen, fjordbo, achieved_on=today - timedelta(days=100)),
        ]
        backdate(old, created_at=long_ago)
        backdate(list(Membership.objects.filter(organisation=fjordbo)), updated_at=long_ago)
        # Lars gets new evidence now; Karen and Alice have nothing new.
        evidence(lars, fjordbo)
        rows = results(get(fjordbo_read, LEVELS, {"updated_since": since.isoformat()}))
        assert {row["person"]["id"] for row in rows} == {bob.pk, lars.pk}
        # Alice's membership changes (a new department, say): she is listed again.
        Membership.objects.filter(user=alice).update(updated_at=timezone.now())
        rows = results(get(fjordbo_read, LEVELS, {"updated_since": since.isoformat()}))
        assert {row["person"]["id"] for row in rows} == {alice.pk, bob.pk, lars.pk}

    def test_one_person_and_ownership(self, fjordbo_read, nordlys_read, fjordbo, bob, nina):
        evidence(bob, fjordbo, level=2)
        response = get(fjordbo_read, f"{LEVELS}{bob.pk}/")
        assert response.status_code == 200
        assert levels_of_row(response.json()) == {"fremtidsanalyse": 2}
        assert get(fjordbo_read, f"{LEVELS}{nina.pk}/").status_code == 404
        assert get(nordlys_read, f"{LEVELS}{bob.pk}/").status_code == 404
        for missing in ("999999", "99999999999999999999", "x", "1.5"):
            response = get(fjordbo_read, f"{LEVELS}{missing}/")
            assert response.status_code == 404 and response["Content-Type"] == "application/json"
        (row,) = results(get(fjordbo_read, LEVELS, {"person": bob.pk}))
        assert row["person"]["id"] == bob.pk

    def test_query_count_is_flat(self, fjordbo_read, fjordbo, other_competence, django_assert_num_queries):  # fmt: skip
        client = client_for(fjordbo_read[1])

        def people(count: int) -> None:
            for _ in range(count):
                someone = person(f"l{Membership.objects.count()}@fjordbo.example", fjordbo)
                evidence(someone, fjordbo, level=2)
                evidence(someone, fjordbo, competence=other_competence, level=3)

        people(3)
        client.get(LEVELS)
        small = queries_of(client, LEVELS)
        people(30)
        with django_assert_num_queries(small):
            rows = results(client.get(LEVELS))
        assert len(rows) == 34  # Alice and the 33
        assert sum(len(row["levels"]) for row in rows) == 66
