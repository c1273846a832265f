"""The preview: per row what will happen and why, decided without writing anything but the
import and its rows, with a handful of queries for thousands of rows."""

from __future__ import annotations

import pytest

from organisations.models import (
    Department,
    Membership,
    PersonImport,
    PersonImportRow,
    User,
)
from organisations.people_import import services
from organisations.people_import.plan import Planner
from organisations.people_import.rows import clean_values
from tests.factories import person
from tests.organisations.people_import_support import csv_text, csv_upload, people_lines


def preview(organisation, uploader, lines, *, header=None, full_list=False):
    text = csv_text(lines) if header is None else csv_text(lines, header=header)
    return services.person_import_create(
        organisation=organisation, uploaded_by=uploader, file=csv_upload(text), full_list=full_list
    )


def rows_by_line(person_import: PersonImport) -> dict[int | None, PersonImportRow]:
    return {row.row_number: row for row in person_import.rows.all()}


def messages(row: PersonImportRow, name: str) -> str:
    return " ".join(e["message"] for e in row.errors if e["field"] == name)


def plan(organisation, actor, *rows):
    numbered = [(None, clean_values(row)) for row in rows]
    return Planner(organisation=organisation, actor=actor, context=numbered).plan(numbered)


pytestmark = pytest.mark.django_db


class TestActions:
    def test_create_update_and_unchanged_with_their_changes(self, fjordbo, alice, bob):
        person_import = preview(
            fjordbo,
            alice,
            [
                "nina@fjordbo.example;Nina;Ny;1001;101;projektleder;alice@fjordbo.example;",
                "bob@fjordbo.example;Bob;Berg;;101;ejendomsfunktionaer;;",
                "alice@fjordbo.example;Alice;Andersen;;;;;medarbejder, HR, leder",
            ],
        )
        rows = rows_by_line(person_import)
        assert rows[2].action == "create"
        assert rows[2].changes["new_account"] is True
        assert rows[2].changes["fields"]["roles"] == ["", "medarbejder"]
        assert rows[2].changes["fields"]["manager_email"] == ["", "alice@fjordbo.example"]
        assert rows[3].action == "update"
        assert rows[3].changes["fields"] == {"department": ["", "101 Fjordparken"]}
        assert rows[4].action == "unchanged"
        assert person_import.counts == {
            "create": 1,
            "update": 1,
            "unchanged": 1,
            "deactivate": 0,
            "error": 0,
        }
        # Nothing but the preview was written.
        assert not User.objects.filter(email="nina@fjordbo.example").exists()
        assert Membership.objects.get(user=bob).department is None

    def test_a_person_is_matched_by_employee_number_before_e_mail(self, fjordbo, alice, bob):
        Membership.objects.filter(user=bob).update(employee_number="77")
        person_import = preview(fjordbo, alice, ["bobby@fjordbo.example;;;77;;;;"])
        row = rows_by_line(person_import)[2]
        assert row.action == "update"
        assert row.membership == Membership.objects.get(user=bob)
        assert row.changes["fields"]["email"] == ["bob@fjordbo.example", "bobby@fjordbo.example"]

    def test_number_and_e_mail_of_two_different_people(self, fjordbo, alice, bob):
        Membership.objects.filter(user=bob).update(employee_number="77")
        row = rows_by_line(preview(fjordbo, alice, ["alice@fjordbo.example;;;77;;;;"]))[2]
        assert row.action == "error"
        assert "hører til bob@fjordbo.example" in messages(row, "employee_number")

    def test_an_inactive_member_in_the_file_is_activated_again(self, fjordbo, alice, bob):
        Membership.objects.filter(user=bob).update(is_active=False)
        row = rows_by_line(preview(fjordbo, alice, ["bob@fjordbo.example;;;;;;;"]))[2]
        assert row.action == "update"
        assert row.changes["fields"]["is_active"] == ["Nej", "Ja"]

    def test_a_department_by_name_and_a_function_by_name(self, fjordbo, alice):
        row = rows_by_line(
            preview(fjordbo, alice, ["n@fjordbo.example;;;;fjordparken;Driftschef;;"])
        )[2]
        assert row.action == "create"
        assert row.changes["fields"]["department"] == ["", "101 Fjordparken"]
        assert row.changes["fields"]["job_function"] == ["", "Driftschef"]

    def test_an_absent_column_leaves_the_field_but_an_empty_cell_clears_it(
        self, fjordbo, alice, bob
    ):
        header = "e-mail;funktion"
        unchanged = rows_by_line(
            preview(fjordbo, alice, ["bob@fjordbo.example;ejendomsfunktionaer"], header=header)
        )[2]
        assert unchanged.action == "unchanged"
        cleared = rows_by_line(preview(fjordbo, alice, ["bob@fjordbo.example;"], header=header))[2]
        assert cleared.changes["fields"] == {"job_function": ["Ejendomsfunktionær", ""]}
        only_email = rows_by_line(
            preview(fjordbo, alice, ["bob@fjordbo.example"], header="e-mail")
        )[2]
        assert only_email.action == "unchanged"

    def test_names_are_split_from_one_name_column(self, fjordbo, alice):
        row = rows_by_line(
            preview(fjordbo, alice, ["n@fjordbo.example;Anne Marie Hansen"], header="e-mail;navn")
        )[2]
        assert row.changes["fields"]["roles"] == ["", "medarbejder"]
        (planned,) = plan(
            fjordbo, alice, {"email": "n@fjordbo.example", "name": "Anne Marie Hansen"}
        )
        assert planned.target.user_fields == {"first_name": "Anne Marie", "last_name": "Hansen"}


class TestErrors:
    def test_each_reason_is_given_in_danish_beside_its_field(self, fjordbo, alice, bob):
        person_import = preview(
            fjordbo,
            alice,
            [
                "ikke-en-adresse;;;;;;;",
                "dobbelt@fjordbo.example;;;;;;;",
                "dobbelt@fjordbo.example;;;;;;;",
                "a@fjordbo.example;;;55;;;;",
                "b@fjordbo.example;;;55;;;;",
                "c@fjordbo.example;;;;999;;;",
                "d@fjordbo.example;;;;;kok;;",
                "e@fjordbo.example;;;;;;ukendt@fjordbo.example;",
                "f@fjordbo.example;;;;;;f@fjordbo.example;",
                "g@fjordbo.example;;;;;;;kursusredaktør",
                "h@fjordbo.example;;;;;;;direktør",
                ";Uden;Adresse;;;;;",
            ],
        )
        rows = rows_by_line(person_import)
        assert all(row.action == "error" for row in rows.values())
        assert "ikke en gyldig e-mailadresse" in messages(rows[2], "email")
        assert "står flere gange i filen (linje 3, 4)" in messages(rows[3], "email")
        assert "står flere gange i filen (linje 5, 6)" in messages(rows[5], "employee_number")
        assert "Afdelingen “999” findes ikke" in messages(rows[7], "department")
        assert "Funktionen “kok” findes ikke" in messages(rows[8], "job_function")
        assert "hverken medlem af organisationen eller med i filen" in messages(
            rows[9], "manager_email"
        )
        assert "sin egen leder" in messages(rows[10], "manager_email")
        assert "kan ikke gives med en import" in messages(rows[11], "roles")
        assert "Ukendt rolle “direktør”" in messages(rows[12], "roles")
        assert "mangler" in messages(rows[13], "email")
        assert person_import.counts["error"] == 12

    def test_a_department_name_two_departments_share(self, fjordbo, alice):
        Department.objects.create(organisation=fjordbo, number="102", name="Fjordparken")
        row = rows_by_line(preview(fjordbo, alice, ["n@fjordbo.example;;;;Fjordparken;;;"]))[2]
        assert "Skriv afdelingens nummer" in messages(row, "department")

    def test_another_organisations_department_is_unknown(self, fjordbo, nordlys, alice):
        Department.objects.create(organisation=nordlys, number="555", name="Kun i Nordlys")
        row = rows_by_line(preview(fjordbo, alice, ["n@fjordbo.example;;;;555;;;"]))[2]
        assert "findes ikke i organisationen" in messages(row, "department")

    def test_a_manager_who_is_only_in_an_error_row(self, fjordbo, alice):
        person_import = preview(
            fjordbo,
            alice,
            [
                "leder@fjordbo.example;;;;999;;;",  # unknown department
                "ansat@fjordbo.example;;;;;;leder@fjordbo.example;",
                "ansat2@fjordbo.example;;;;;;ansat@fjordbo.example;",
            ],
        )
        rows = rows_by_line(person_import)
        assert "står i en række med fejl" in messages(rows[3], "manager_email")
        assert "står i en række med fejl" in messages(rows[4], "manager_email")

    def test_hr_cannot_remove_their_own_hr_role(self, fjordbo, alice):
        row = rows_by_line(preview(fjordbo, alice, ["alice@fjordbo.example;;;;;;;medarbejder"]))[2]
        assert "din egen HR-rolle" in messages(row, "roles")

    def test_only_hr_grants_hr(self, fjordbo, bob):
        (planned,) = plan(fjordbo, bob, {"email": "n@fjordbo.example", "roles": "HR"})
        assert planned.errors == {"roles": ["Kun HR kan give HR-rollen."]}

    def test_the_api_acts_as_hr(self, fjordbo):
        (planned,) = plan(fjordbo, None, {"email": "n@fjordbo.example", "roles": ["hr", "leder"]})
        assert planned.action == "create"
        assert planned.target.roles == {"hr", "manager"}


class TestOtherOrganisations:
    def test_a_person_of_another_organisation_becomes_a_member_here_too(
        self, fjordbo, alice, charlie
    ):
        row = rows_by_line(
            preview(fjordbo, alice, ["charlie@nordlys.example;Karl;Andetnavn;;101;;;"])
        )[2]
        assert row.action == "create"
        assert row.person == charlie
        assert row.changes["new_account"] is False
        notes = " ".join(row.changes["notes"])
        assert "Navnet ændres ikke" in notes
        assert "allerede en konto" in notes
        assert "first_name" not in row.changes["fields"]

    def test_their_e_mail_is_not_changed_by_this_organisations_file(
        self, fjordbo, nordlys, alice, bob
    ):
        Membership.objects.create(user=bob, organisation=nordlys)
        Membership.objects.filter(user=bob, organisation=fjordbo).update(employee_number="8")
        row = rows_by_line(preview(fjordbo, alice, ["robert@fjordbo.example;;;8;;;;"]))[2]
        assert "også er medlem af en anden organisation" in messages(row, "email")

    def test_an_address_taken_by_someone_else(self, fjordbo, alice, bob, charlie):
        Membership.objects.filter(user=bob).update(employee_number="8")
        row = rows_by_line(preview(fjordbo, alice, ["charlie@nordlys.example;;;8;;;;"]))[2]
        assert "bruges allerede af en anden person" in messages(row, "email")


class TestFullList:
    def test_members_missing_from_the_file_are_deactivated_never_the_uploader(
        self, fjordbo, nordlys, alice, bob, charlie
    ):
        karen = person("karen@fjordbo.example", fjordbo, ["staff"], "Karen")
        person_import = preview(fjordbo, alice, ["bob@fjordbo.example;;;;;;;"], full_list=True)
        deactivations = person_import.rows.filter(action="deactivate")
        assert [row.membership.user for row in deactivations] == [karen]
        row = deactivations.get()
        assert row.row_number is None
        assert row.changes["fields"] == {"is_active": ["Ja", "Nej"]}
        assert Membership.objects.get(user=karen).is_active  # a preview changes nothing

    def test_an_error_row_still_counts_as_in_the_file(self, fjordbo, alice, bob):
        person_import = preview(fjordbo, alice, ["bob@fjordbo.example;;;;999;;;"], full_list=True)
        assert not person_import.rows.filter(action="deactivate").exists()


class TestQueryBudget:
    # The lookups (memberships, people in chunks of 900, departments, functions), the import,
    # the audit entry: the same at any size. Only the rows' bulk inserts grow, a batch per 500
    # rows (per 111 on SQLite, whose statements take at most 999 parameters).
    LOOKUPS = 13

    @pytest.mark.parametrize("size", [10, 2000])
    def test_planning_takes_the_same_handful_of_queries_at_any_size(self, fjordbo, alice, size):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        text = csv_text(people_lines(size))
        with CaptureQueriesContext(connection) as captured:
            person_import = services.person_import_create(
                organisation=fjordbo, uploaded_by=alice, file=csv_upload(text)
            )
        assert person_import.counts["create"] == size
        sql = [query["sql"] for query in captured.captured_queries]
        inserts = [q for q in sql if q.startswith('INSERT INTO "organisations_personimportrow"')]
        others = [q for q in sql if q not in inserts]
        assert len(others) <= self.LOOKUPS + (size // 900), "\n".join(others)
        assert len(inserts) <= size // 100 + 1
