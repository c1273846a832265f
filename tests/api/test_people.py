"""/api/v1/people/, /departments/, /job-functions/: reading the organisation and upserting people.

The upsert is the HR import's own service (organisations.people_import); these tests check the
API around it: shape of the answer, all-or-nothing, per-row Danish messages, scope, 404s.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organisations.models import JobFunction, Membership, User
from tests.api.conftest import client_for
from tests.factories import DepartmentFactory, person

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"
DEPARTMENTS = "/api/v1/departments/"
JOB_FUNCTIONS = "/api/v1/job-functions/"


# --- Reading people ---------------------------------------------------------------------------


def test_a_person_row_carries_account_and_membership(fjordbo, alice, bob, fjordbo_read):
    membership = Membership.objects.get(user=bob)
    Membership.objects.filter(pk=membership.pk).update(
        employee_number="E-7", manager=alice, department=fjordbo.departments.get()
    )
    _token, key = fjordbo_read
    body = client_for(key).get(f"{PEOPLE}{bob.pk}/").json()
    assert body["id"] == bob.pk and body["membership_id"] == membership.pk
    assert body["email"] == "bob@fjordbo.example" and body["name"] == "Bob Berg"
    assert body["employee_number"] == "E-7"
    assert body["department"]["number"] == "101"
    assert body["job_function"]["code"] == "ejendomsfunktionaer"
    assert body["manager_email"] == "alice@fjordbo.example"
    assert body["roles"] == ["staff"] and body["is_active"] is True
    assert body["updated_at"]


def test_inactive_people_are_listed_as_inactive(fjordbo, bob, fjordbo_read):
    Membership.objects.filter(user=bob).update(is_active=False)
    _token, key = fjordbo_read
    rows = {p["email"]: p for p in client_for(key).get(PEOPLE).json()["results"]}
    assert rows["bob@fjordbo.example"]["is_active"] is False


def test_updated_since_sees_a_change_of_the_account_or_the_membership(
    fjordbo, alice, bob, fjordbo_read
):
    _token, key = fjordbo_read
    long_ago = timezone.now() - timedelta(days=30)
    Membership.objects.filter(organisation=fjordbo).update(updated_at=long_ago)
    User.objects.filter(pk__in=[alice.pk, bob.pk]).update(updated_at=long_ago)
    since = (timezone.now() - timedelta(days=1)).isoformat()
    api = client_for(key)
    assert api.get(PEOPLE, {"updated_since": since}).json()["results"] == []
    bob.first_name = "Bobby"
    bob.save()  # the account changed
    rows = api.get(PEOPLE, {"updated_since": since}).json()["results"]
    assert [p["email"] for p in rows] == ["bob@fjordbo.example"]
    Membership.objects.filter(user=alice).update(updated_at=timezone.now())  # the membership
    rows = api.get(PEOPLE, {"updated_since": since}).json()["results"]
    assert {p["email"] for p in rows} == {"bob@fjordbo.example", "alice@fjordbo.example"}


def test_another_organisations_person_is_404(fjordbo, bob, charlie, nordlys_read, fjordbo_read):
    _token, nordlys_key = nordlys_read
    assert client_for(nordlys_key).get(f"{PEOPLE}{bob.pk}/").status_code == 404
    _token, fjordbo_key = fjordbo_read
    assert client_for(fjordbo_key).get(f"{PEOPLE}{charlie.pk}/").status_code == 404
    assert client_for(fjordbo_key).get(f"{PEOPLE}999999/").status_code == 404


def test_another_organisations_department_is_404(fjordbo, nordlys, fjordbo_read):
    _token, key = fjordbo_read
    nordlyset = nordlys.departments.get()
    assert client_for(key).get(f"{DEPARTMENTS}{nordlyset.pk}/").status_code == 404
    fjordparken = fjordbo.departments.get()
    assert client_for(key).get(f"{DEPARTMENTS}{fjordparken.pk}/").json()["name"] == "Fjordparken"


def test_job_functions_are_the_shared_list(fjordbo_read):
    _token, key = fjordbo_read
    body = client_for(key).get(JOB_FUNCTIONS).json()
    codes = {row["code"] for row in body["results"]}
    assert "ejendomsfunktionaer" in codes
    one = JobFunction.objects.get(code="ejendomsfunktionaer")
    assert client_for(key).get(f"{JOB_FUNCTIONS}{one.pk}/").json()["code"] == one.code
    assert client_for(key).get(f"{JOB_FUNCTIONS}999999/").status_code == 404


def test_people_are_not_public(bob):
    assert client_for(None).get(PEOPLE).status_code == 401
    assert client_for(None).get(f"{PEOPLE}{bob.pk}/").status_code == 401


# --- Query counts -----------------------------------------------------------------------------


def _count(url, key):
    api = client_for(key)
    api.get(url)  # the first request writes last_used_at; the ones after do not
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("url", [PEOPLE, DEPARTMENTS, JOB_FUNCTIONS])
def test_lists_cost_the_same_for_5_and_60_rows(fjordbo, fjordbo_read, url):
    _token, key = fjordbo_read
    job = JobFunction.objects.first()

    def grow(count):
        department = DepartmentFactory.create(organisation=fjordbo)
        for _ in range(count):
            p = person(f"p{Membership.objects.count()}@fjordbo.example", fjordbo, ["staff"])
            Membership.objects.filter(user=p).update(
                department=department, job_function=job, employee_number=f"N{p.pk}"
            )
            DepartmentFactory.create(organisation=fjordbo)
            JobFunction.objects.create(code=f"f{p.pk}", name=f"Funktion {p.pk}")

    grow(4)
    few, few_rows = _count(f"{url}?page_size=500", key)
    grow(55)
    many, many_rows = _count(f"{url}?page_size=500", key)
    assert many_rows >= few_rows + 55
    assert few == many == 2, (few, many)  # the token, the page


# --- Upserting --------------------------------------------------------------------------------


def test_an_upsert_creates_and_updates_in_one_go(fjordbo, alice, bob, fjordbo_write):
    _token, key = fjordbo_write
    rows = [
        {"email": "nina@fjordbo.example", "first_name": "Nina", "last_name": "Nørgaard",
         "employee_number": "E-100", "department": "101", "roles": ["staff"]},
        {"email": "bob@fjordbo.example", "employee_number": "E-200"},
    ]  # fmt: skip
    response = client_for(key).post(PEOPLE, {"rows": rows}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["applied"] is True
    actions = {row["email"]: row["action"] for row in body["rows"]}
    assert actions == {"nina@fjordbo.example": "create", "bob@fjordbo.example": "update"}
    nina = User.objects.get(email="nina@fjordbo.example")
    assert {row["email"]: row["id"] for row in body["rows"]}["nina@fjordbo.example"] == nina.pk
    assert Membership.objects.get(user=bob).employee_number == "E-200"
    # The same again changes nothing.
    again = client_for(key).post(PEOPLE, {"rows": rows}, format="json").json()
    assert {row["action"] for row in again["rows"]} == {"unchanged"}


def test_a_row_error_applies_nothing_and_says_why_per_row_and_field(fjordbo, bob, fjordbo_write):
    _token, key = fjordbo_write
    rows = [
        {"email": "ny@fjordbo.example", "first_name": "Ny"},
        {"email": "bob@fjordbo.example", "department": "999"},
    ]
    response = client_for(key).post(PEOPLE, {"rows": rows}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["applied"] is False and "Intet er gemt" in body["detail"]
    [error] = body["rows"]
    assert error["index"] == 1 and error["email"] == "bob@fjordbo.example"
    assert error["errors"]["department"][0]
    assert not User.objects.filter(email="ny@fjordbo.example").exists()
    assert Membership.objects.get(user=bob).department is None


@pytest.mark.parametrize(
    ("rows", "index", "field", "message"),
    [
        ([{"first_name": "Uden"}], 0, "email", "Angiv personens e-mailadresse."),
        ([{"email": "ikke-en-adresse"}], 0, "email", "Angiv en gyldig e-mailadresse."),
        ([{"email": "a@b.dk"}, {"email": "c@d.dk", "salary": 1}], 1, "salary", "Ukendt felt."),
        ([{"email": "a@b.dk", "roles": "hr"}], 0, "roles", "Angiv rollerne som en liste"),
        ([{"email": "a@b.dk", "roles": ["x" * 60]}], 0, "roles", "50 tegn"),
        (["a@b.dk"], 0, "non_field_errors", "Hver person skal være et objekt"),
        ([{"email": "a@b.dk", "employee_number": 7}], 0, "employee_number", "Skal være tekst"),
        ([{"email": "a@b.dk", "first_name": "A\u0000"}], 0, "first_name", "Null"),
        ([{"email": "a@b.dk", "first_name": "x" * 151}], 0, "first_name", "150"),
    ],
    ids=[
        "no e-mail",
        "bad e-mail",
        "unknown field",
        "roles not a list",
        "long role",
        "row not an object",
        "a number for text",
        "a NUL byte",
        "long name",
    ],
)
def test_a_malformed_row_is_explained_per_row_and_field(fjordbo_write, rows, index, field, message):
    _token, key = fjordbo_write
    response = client_for(key).post(PEOPLE, {"rows": rows}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["applied"] is False
    [error] = body["rows"]
    assert error["index"] == index and message in error["errors"][field][0]
    assert not User.objects.filter(email__in=["a@b.dk", "c@d.dk"]).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"rows": []}, "rows"),
        ({}, "rows"),
        ({"rows": "nina@fjordbo.example"}, "rows"),
        ({"rows": [{"email": "a@b.dk"}], "full_list": "måske"}, "full_list"),
        ({"rows": [{"email": "a@b.dk"}], "full_list": "true"}, "full_list"),
        ([{"email": "a@b.dk"}], "non_field_errors"),
    ],
    ids=["empty", "missing", "not a list", "bad flag", "a flag as text", "a bare list"],
)
def test_a_malformed_request_is_a_400_in_the_same_shape(fjordbo_write, payload, field):
    _token, key = fjordbo_write
    response = client_for(key).post(PEOPLE, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["applied"] is False and body["rows"] == []
    assert body["errors"][field]


def test_more_than_1000_rows_are_refused_as_a_whole(fjordbo_write):
    _token, key = fjordbo_write
    rows = [{"email": f"p{n}@fjordbo.example"} for n in range(1001)]
    response = client_for(key).post(PEOPLE, {"rows": rows}, format="json")
    assert response.status_code == 400
    assert "højst 1000" in response.json()["errors"]["rows"][0]
    assert not User.objects.filter(email="p0@fjordbo.example").exists()


def test_a_person_of_another_organisation_is_not_taken_over(fjordbo, charlie, fjordbo_write):
    # Charlie's address in a Fjordbo upsert: the import's rule decides (refused per row);
    # either way no Nordlys data changes.
    _token, key = fjordbo_write
    response = client_for(key).post(
        PEOPLE, {"rows": [{"email": "charlie@nordlys.example", "first_name": "X"}]}, format="json"
    )
    charlie.refresh_from_db()
    assert charlie.first_name == "Charlie"
    if response.status_code == 400:
        assert response.json()["rows"][0]["errors"]


def test_a_token_of_nordlys_upserts_into_nordlys_only(fjordbo, nordlys, charlie, bob):
    from api.models import TokenScope
    from tests.api.conftest import make_token

    _token, key = make_token(nordlys, charlie, TokenScope.READ_WRITE)
    response = client_for(key).post(
        PEOPLE, {"rows": [{"email": "ny@nordlys.example", "first_name": "Ny"}]}, format="json"
    )
    assert response.status_code == 200
    assert Membership.objects.get(user__email="ny@nordlys.example").organisation == nordlys
