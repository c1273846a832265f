"""The import's pages through the real URLs: who may open them, bad files, fixing a row,
confirming, the progress fragment, the downloads, and flat query counts."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from organisations.models import PersonImport, PersonImportRow, User
from organisations.people_import import services
from tests.factories import person
from tests.organisations.people_import_support import (
    csv_text,
    csv_upload,
    people_lines,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db

LINES = [
    "nina@fjordbo.example;Nina;Ny;1001;101;;;",
    "fejl@fjordbo.example;Fejl;Række;1002;999;;;",
]


@pytest.fixture
def preview(fjordbo, alice) -> PersonImport:
    return services.person_import_create(
        organisation=fjordbo, uploaded_by=alice, file=csv_upload(csv_text(LINES))
    )


def error_row(person_import: PersonImport) -> PersonImportRow:
    return person_import.rows.get(action="error")


def routes(person_import: PersonImport) -> dict[str, tuple[str, str]]:
    """Every route of the import, with its method."""
    org, pk = person_import.organisation_id, person_import.pk
    row = error_row(person_import).pk
    return {
        "list": ("get", reverse("organisations:imports", args=[org])),
        "detail": ("get", reverse("organisations:import_detail", args=[org, pk])),
        "status": ("get", reverse("organisations:import_status", args=[org, pk])),
        "fix": ("get", reverse("organisations:import_row_fix", args=[org, pk, row])),
        "confirm": ("post", reverse("organisations:import_confirm", args=[org, pk])),
        "cancel": ("post", reverse("organisations:import_cancel", args=[org, pk])),
        "resume": ("post", reverse("organisations:import_resume", args=[org, pk])),
        "report_csv": ("get", reverse("organisations:import_report", args=[org, pk, "csv"])),
        "report_xlsx": ("get", reverse("organisations:import_report", args=[org, pk, "xlsx"])),
    }


class TestAccess:
    @pytest.mark.parametrize(
        "route",
        [
            "list",
            "detail",
            "status",
            "fix",
            "confirm",
            "cancel",
            "resume",
            "report_csv",
            "report_xlsx",
        ],
    )
    def test_it_validates_ownership(self, client, preview, bob, charlie_with_totp, route):
        method, url = routes(preview)[route]
        # Bob is a colleague without the HR role; Charlie is HR of another organisation.
        for outsider in (bob, charlie_with_totp):
            client.force_login(outsider)
            assert getattr(client, method)(url).status_code == 404, (outsider, route)
        preview.refresh_from_db()
        assert preview.status == "preview"

    def test_another_organisations_import_under_ones_own_organisation_is_404(
        self, client, preview, nordlys, charlie_with_totp
    ):
        client.force_login(charlie_with_totp)
        url = reverse("organisations:import_detail", args=[nordlys.pk, preview.pk])
        assert client.get(url).status_code == 404
        row = error_row(preview).pk
        url = reverse("organisations:import_row_fix", args=[nordlys.pk, preview.pk, row])
        assert client.get(url).status_code == 404

    def test_hr_and_a_superuser_may(self, client, preview, alice):
        client.force_login(alice)
        for route in ("list", "detail", "status", "fix", "report_csv"):
            method, url = routes(preview)[route]
            assert getattr(client, method)(url).status_code == 200, route
        admin = User.objects.create_superuser("drift@almen.example", "Drift-kode-123456")
        from tests.factories.organisations import totp_activate

        client.force_login(totp_activate(admin))
        assert client.get(routes(preview)["detail"][1]).status_code == 200

    def test_anonymous_is_sent_to_log_in(self, client, preview):
        response = client.get(routes(preview)["detail"][1])
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]

    def test_the_organisation_page_links_hr_to_the_import(self, client, fjordbo, alice, bob):
        url = reverse("organisations:detail", args=[fjordbo.pk])
        link = reverse("organisations:imports", args=[fjordbo.pk])
        client.force_login(alice)
        assert link in client.get(url).content.decode()
        client.force_login(bob)
        assert link not in client.get(url).content.decode()


class TestUpload:
    def url(self, organisation) -> str:
        return reverse("organisations:imports", args=[organisation.pk])

    def test_a_file_is_previewed(self, client, fjordbo, alice):
        client.force_login(alice)
        response = client.post(self.url(fjordbo), {"file": csv_upload(csv_text(LINES))})
        person_import = PersonImport.objects.get()
        assert response.status_code == 302
        assert response["Location"].endswith(f"/personimport/{person_import.pk}/")
        page = client.get(response["Location"]).content.decode()
        assert "Forhåndsvisning" in page
        assert "Afdelingen “999” findes ikke i organisationen." in page
        # The error row comes first.
        assert page.index("fejl@fjordbo.example") < page.index("nina@fjordbo.example")

    def test_an_xlsx_file_is_previewed(self, client, fjordbo, alice):
        client.force_login(alice)
        upload = xlsx_upload([["E-mail", "Navn"], ["nina@fjordbo.example", "Nina Ny"]])
        response = client.post(self.url(fjordbo), {"file": upload, "full_list": "on"})
        assert response.status_code == 302
        person_import = PersonImport.objects.get()
        assert person_import.file_format == "xlsx"
        assert person_import.full_list

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (csv_upload("navn\nNina\n"), "mangler en kolonne med e-mailadresser"),
            (csv_upload("%PDF-1.4 binary\x00\x01", name="personer.xlsx"), "ikke en Excel"),
            (csv_upload(""), "fil er tom"),
        ],
    )
    def test_a_bad_file_is_refused_beside_the_field(self, client, fjordbo, alice, upload, message):
        client.force_login(alice)
        response = client.post(self.url(fjordbo), {"file": upload, "full_list": "on"})
        assert response.status_code == 200
        form = response.context["form"]
        assert message in " ".join(form.errors["file"])
        assert form["full_list"].value() is True
        assert not PersonImport.objects.exists()

    def test_no_file_at_all(self, client, fjordbo, alice):
        client.force_login(alice)
        response = client.post(self.url(fjordbo), {})
        assert response.status_code == 200
        assert response.context["form"].errors["file"]


class TestFixingARow:
    def url(self, person_import: PersonImport) -> str:
        row = error_row(person_import)
        return reverse(
            "organisations:import_row_fix",
            args=[person_import.organisation_id, person_import.pk, row.pk],
        )

    def test_the_form_shows_the_rows_values_and_its_errors_beside_the_fields(
        self, client, preview, alice
    ):
        client.force_login(alice)
        response = client.get(self.url(preview))
        form = response.context["form"]
        assert form["department"].value() == "999"
        assert "findes ikke i organisationen" in " ".join(form.errors["department"])

    def test_a_fix_that_is_still_wrong_keeps_the_input_and_says_why(self, client, preview, alice):
        client.force_login(alice)
        url = self.url(preview)
        data = {"email": "fejl@fjordbo.example", "first_name": "Fejl", "last_name": "Række"}
        response = client.post(url, {**data, "employee_number": "1002", "department": "998"})
        assert response.status_code == 200
        form = response.context["form"]
        assert form["department"].value() == "998"
        assert "Afdelingen “998” findes ikke" in " ".join(form.errors["department"])

    def test_a_good_fix_replans_the_row_and_the_counts(self, client, preview, alice):
        client.force_login(alice)
        url = self.url(preview)
        response = client.post(
            url,
            {
                "email": "fejl@fjordbo.example",
                "first_name": "Frida",
                "last_name": "Række",
                "employee_number": "1002",
                "department": "101",
                "job_function": "",
                "manager_email": "nina@fjordbo.example",
                "roles": "",
            },
        )
        assert response.status_code == 302
        preview.refresh_from_db()
        assert preview.counts["error"] == 0
        assert preview.counts["create"] == 2
        row = preview.rows.get(row_number=3)
        assert row.action == "create"
        assert row.values["first_name"] == "Frida"

    def test_fixing_one_duplicate_frees_the_other(self, client, fjordbo, alice):
        person_import = services.person_import_create(
            organisation=fjordbo,
            uploaded_by=alice,
            file=csv_upload(csv_text(["a@fjordbo.example;;;;;;;", "a@fjordbo.example;;;;;;;"])),
        )
        second = person_import.rows.get(row_number=3)
        client.force_login(alice)
        url = reverse(
            "organisations:import_row_fix", args=[fjordbo.pk, person_import.pk, second.pk]
        )
        client.post(url, {"email": "b@fjordbo.example"})
        assert set(person_import.rows.values_list("action", flat=True)) == {"create"}

    def test_a_row_of_a_confirmed_import_cannot_be_fixed(
        self, client, preview, alice, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.person_import_confirm(person_import=preview, actor=alice)
        client.force_login(alice)
        assert client.get(self.url(preview)).status_code == 404


class TestConfirmAndProgress:
    def test_confirming_applies_it_and_the_page_shows_the_report(
        self, client, preview, alice, django_capture_on_commit_callbacks
    ):
        client.force_login(alice)
        org = preview.organisation_id
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("organisations:import_confirm", args=[org, preview.pk]))
        assert response.status_code == 302
        preview.refresh_from_db()
        assert preview.status == "done"
        page = client.get(response["Location"]).content.decode()
        assert "Rapport" in page
        assert 'data-testid="report-xlsx"' in page
        assert "<progress" in page

    def test_the_fragment_polls_while_running_and_reloads_the_page_when_done(
        self, client, preview, alice
    ):
        client.force_login(alice)
        PersonImport.objects.filter(pk=preview.pk).update(status="applying", processed_rows=1)
        url = reverse("organisations:import_status", args=[preview.organisation_id, preview.pk])
        response = client.get(url, headers={"HX-Request": "true"})
        body = response.content.decode()
        assert 'hx-trigger="every 2s"' in body
        assert 'value="1"' in body and 'max="2"' in body
        assert "HX-Refresh" not in response
        PersonImport.objects.filter(pk=preview.pk).update(status="done", processed_rows=2)
        response = client.get(url, headers={"HX-Request": "true"})
        assert response["HX-Refresh"] == "true"
        assert "hx-trigger" not in response.content.decode()

    def test_cancel(self, client, preview, alice):
        client.force_login(alice)
        org = preview.organisation_id
        response = client.post(reverse("organisations:import_cancel", args=[org, preview.pk]))
        assert response.status_code == 302
        preview.refresh_from_db()
        assert preview.status == "cancelled"

    def test_confirming_twice_is_refused_with_a_message(
        self, client, preview, alice, django_capture_on_commit_callbacks
    ):
        client.force_login(alice)
        url = reverse("organisations:import_confirm", args=[preview.organisation_id, preview.pk])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
        response = client.post(url, follow=True)
        assert "kan ikke ændres" in response.content.decode()


class TestDownloads:
    def test_the_report_has_the_error_rows_with_their_reasons(
        self, client, preview, alice, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.person_import_confirm(person_import=preview, actor=alice)
        client.force_login(alice)
        org = preview.organisation_id
        response = client.get(reverse("organisations:import_report", args=[org, preview.pk, "csv"]))
        text = response.content.decode("utf-8")
        assert text.startswith("\ufefflinje;e-mail;fornavn")
        assert "3;fejl@fjordbo.example;Fejl;Række" in text
        assert "Afdelingen “999” findes ikke" in text
        assert "nina@" not in text
        response = client.get(
            reverse("organisations:import_report", args=[org, preview.pk, "xlsx"])
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("linje", "e-mail", "fornavn")
        assert rows[1][1] == "fejl@fjordbo.example"

    def test_a_formula_in_a_cell_is_neutralised(self, client, fjordbo, alice):
        person_import = services.person_import_create(
            organisation=fjordbo,
            uploaded_by=alice,
            file=csv_upload(csv_text(['ondt@fjordbo.example;=HYPERLINK("x");;;999;;;'])),
        )
        client.force_login(alice)
        url = reverse("organisations:import_report", args=[fjordbo.pk, person_import.pk, "csv"])
        assert "'=HYPERLINK" in client.get(url).content.decode()

    def test_the_template_downloads_and_imports_cleanly(self, client, fjordbo, alice):
        for fmt in ("csv", "xlsx"):
            response = client.get(reverse("organisations:import_template", args=[fmt]))
            assert response.status_code == 200
            assert "personimport-skabelon" in response["Content-Disposition"]
            from django.core.files.uploadedfile import SimpleUploadedFile

            from organisations.people_import import parse

            parsed = parse.parse_upload(SimpleUploadedFile(f"skabelon.{fmt}", response.content))
            assert len(parsed.rows) == 3
            assert parsed.ignored_columns == []
        assert client.get(reverse("organisations:import_template", args=["pdf"])).status_code == 404


class TestQueryCounts:
    """The preview page and the history run the same queries for few rows and for many."""

    # The session and person, the two-factor gate's memberships, the site's menu and settings,
    # the organisation, the import, the rows' count and page (one query for the 50 rows).
    DETAIL_QUERIES = 15
    LIST_QUERIES = 14

    @pytest.mark.parametrize("size", [10, 1000])
    def test_the_preview_page_is_flat(
        self, client, fjordbo, alice, size, django_assert_num_queries
    ):
        person_import = services.person_import_create(
            organisation=fjordbo,
            uploaded_by=alice,
            file=csv_upload(csv_text(people_lines(size - 1) + ["x@fjordbo.example;;;;999;;;"])),
        )
        client.force_login(alice)
        url = reverse("organisations:import_detail", args=[fjordbo.pk, person_import.pk])
        client.get(url)
        with django_assert_num_queries(self.DETAIL_QUERIES):
            response = client.get(url)
        assert response.status_code == 200
        assert "x@fjordbo.example" in response.content.decode()

    @pytest.mark.parametrize("size", [2, 60])
    def test_the_history_is_flat(self, client, fjordbo, alice, size, django_assert_num_queries):
        PersonImport.objects.bulk_create(
            PersonImport(
                organisation=fjordbo, uploaded_by=alice, file_name=f"f{i}.csv", file_format="csv"
            )
            for i in range(size)
        )
        for i in range(3):
            person(f"hr{i}@fjordbo.example", fjordbo, ["staff", "hr"], totp=True)
        client.force_login(alice)
        url = reverse("organisations:imports", args=[fjordbo.pk])
        client.get(url)
        with django_assert_num_queries(self.LIST_QUERIES):
            response = client.get(url)
        assert response.status_code == 200
