"""``people_upsert``: the API's way into the import's rules — all rows or none."""

from __future__ import annotations

import pytest
from django.core import mail

from organisations.models import Membership, User
from organisations.people_import.services import people_upsert
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_valid_rows_are_applied_in_one_go(fjordbo, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = people_upsert(
            organisation=fjordbo,
            rows=[
                {
                    "email": "Nina@Fjordbo.example",
                    "first_name": "Nina",
                    "last_name": "Ny",
                    "employee_number": "1001",
                    "department": "101",
                    "job_function": "projektleder",
                    "manager_email": "alice@fjordbo.example",
                    "roles": ["medarbejder", "leder"],
                },
                {
                    "email": "otto@fjordbo.example",
                    "name": "Otto Olsen",
                    "manager_email": "nina@fjordbo.example",
                },
            ],
            actor=None,
        )
    assert result.applied and not result.has_errors
    assert [o.action for o in result.outcomes] == ["create", "create"]
    nina = Membership.objects.get(user__email="nina@fjordbo.example")
    assert result.outcomes[0].membership_id == nina.pk
    assert nina.roles == {"staff", "manager"}
    assert nina.manager == alice
    otto = Membership.objects.get(user__email="otto@fjordbo.example")
    assert otto.manager == nina.user
    assert (otto.user.first_name, otto.user.last_name) == ("Otto", "Olsen")
    assert sorted(m.to[0] for m in mail.outbox) == ["nina@fjordbo.example", "otto@fjordbo.example"]
    assert result.counts["create"] == 2


def test_one_bad_row_applies_nothing_and_says_why_per_field(fjordbo, alice):
    result = people_upsert(
        organisation=fjordbo,
        rows=[
            {"email": "nina@fjordbo.example", "department": "101"},
            {"email": "otto@fjordbo.example", "department": "999", "roles": "netværksredaktør"},
        ],
        actor=None,
    )
    assert not result.applied
    assert result.outcomes[0].action == "create"
    assert result.outcomes[0].errors == {}
    bad = result.outcomes[1]
    assert bad.action == "error"
    assert bad.errors["department"] == ["Afdelingen “999” findes ikke i organisationen."]
    assert "kan ikke gives med en import" in bad.errors["roles"][0]
    assert not User.objects.filter(email="nina@fjordbo.example").exists()


def test_the_same_rows_again_change_nothing(fjordbo, alice, bob):
    rows = [{"email": "bob@fjordbo.example", "employee_number": "7", "job_function": "driftschef"}]
    first = people_upsert(organisation=fjordbo, rows=rows, actor=None)
    assert first.outcomes[0].action == "update"
    assert first.outcomes[0].changes["job_function"] == ["Ejendomsfunktionær", "Driftschef"]
    stamp = Membership.objects.get(user=bob).updated_at
    second = people_upsert(organisation=fjordbo, rows=rows, actor=None)
    assert second.outcomes[0].action == "unchanged"
    assert Membership.objects.get(user=bob).updated_at == stamp


def test_a_full_list_deactivates_the_others_but_not_the_actor(fjordbo, alice, bob):
    karen = person("karen@fjordbo.example", fjordbo, ["staff"])
    result = people_upsert(
        organisation=fjordbo, rows=[{"email": "bob@fjordbo.example"}], actor=alice, full_list=True
    )
    deactivated = [o for o in result.outcomes if o.action == "deactivate"]
    assert [(o.index, o.email) for o in deactivated] == [(-1, "karen@fjordbo.example")]
    assert not Membership.objects.get(user=karen).is_active
    assert Membership.objects.get(user=alice).is_active


def test_unknown_keys_are_ignored_and_absent_keys_leave_fields(fjordbo, bob):
    Membership.objects.filter(user=bob).update(employee_number="7")
    result = people_upsert(
        organisation=fjordbo, rows=[{"email": "bob@fjordbo.example", "shoe_size": 44}], actor=None
    )
    assert result.outcomes[0].action == "unchanged"
    assert Membership.objects.get(user=bob).employee_number == "7"


def test_duplicates_name_their_positions(fjordbo):
    result = people_upsert(
        organisation=fjordbo,
        rows=[{"email": "a@fjordbo.example"}, {"email": "A@fjordbo.example"}],
        actor=None,
    )
    assert result.outcomes[1].errors["email"] == [
        "E-mailadressen står flere gange i filen (linje 1, 2)."
    ]
