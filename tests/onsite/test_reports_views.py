"""The organisation's report on its building projects, and its XLSX export."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from competencies.models import Evidence, EvidenceSource
from competencies.services.evidence import evidence_record
from onsite.models import BuildingProject, EffectIndicator, LogEntry, Measurement
from onsite.selectors import month_starts, progress_percent
from tests.onsite.fixtures_effects import *  # noqa: F403
from tests.onsite.fixtures_effects import make_indicator, make_project

pytestmark = pytest.mark.django_db


def report_url(organisation):  # type: ignore[no-untyped-def]
    return reverse("onsite:report", args=[organisation.pk])


def export_url(organisation):  # type: ignore[no-untyped-def]
    return reverse("onsite:report_export", args=[organisation.pk])


@pytest.fixture
def figures(project, entry, indicator, bob, dorte, fremtidsanalyse):  # type: ignore[no-untyped-def]
    """This month: one approved entry and one draft; two pieces of evidence for two people."""
    today = timezone.localdate()
    LogEntry.objects.filter(pk=entry.pk).update(occurred_on=today)
    LogEntry.objects.create(
        project=project, author=dorte, occurred_on=today, kind="observation",
        title="Kladde", what_happened="…",
    )  # fmt: skip
    for person in (dorte, bob):
        evidence_record(
            user=person, competence=fremtidsanalyse, level=3, source=EvidenceSource.ONSITE,
            achieved_on=today, title="Læringslog", source_ref=f"logentry-revision:{person.pk}",
            organisation=project.organisation,
        )  # fmt: skip
    make_project(project.organisation, "Ny byggesag", status="planned", phase="A", handover_on=None)
    return today


class TestAccess:
    @pytest.mark.parametrize("who", ["alice", "mads", "bob"])
    def test_hr_managers_and_project_leaders(self, client, request, who, fjordbo):
        client.force_login(request.getfixturevalue(who))
        assert client.get(report_url(fjordbo)).status_code == 200
        assert client.get(export_url(fjordbo)).status_code == 200

    @pytest.mark.parametrize("who", ["dorte", "erik", "charlie", "nina", "otto", "netta"])
    def test_everybody_else_gets_404(self, client, request, who, fjordbo):
        client.force_login(request.getfixturevalue(who))
        assert client.get(report_url(fjordbo)).status_code == 404
        assert client.get(export_url(fjordbo)).status_code == 404

    def test_anonymous_is_sent_to_log_in(self, client, fjordbo):
        assert client.get(report_url(fjordbo)).status_code == 302


class TestReport:
    def test_projects_by_status_and_phase(self, client, alice, fjordbo, figures):
        client.force_login(alice)
        response = client.get(report_url(fjordbo))
        report = response.context["report"]
        rows = {row["status"]: row for row in report.status_matrix}
        assert rows["handed_over"]["cells"] == [0, 0, 1, 0]  # phase C
        assert rows["planned"]["cells"] == [1, 0, 0, 0]  # phase A
        assert report.project_total == 2

    def test_entries_and_evidence_per_month(self, client, alice, fjordbo, figures):
        client.force_login(alice)
        response = client.get(report_url(fjordbo))
        report = response.context["report"]
        assert len(report.entries_per_month) == 12
        this_month = report.entries_per_month[-1]
        assert this_month.month == figures.replace(day=1)
        assert (this_month.total, this_month.second) == (2, 1)
        assert sum(row.total for row in report.entries_per_month) == 2
        evidence = report.evidence_per_month[-1]
        assert (evidence.total, evidence.second) == (2, 2)
        content = response.content.decode()
        assert content.count('role="img"') >= 2  # the two bar charts …
        assert "<caption>Logindlæg pr. måned</caption>" in content  # … each with its table

    def test_indicator_progress(self, client, alice, fjordbo, figures, indicator):
        client.force_login(alice)
        response = client.get(report_url(fjordbo))
        (row,) = response.context["indicator_rows"]
        assert row.latest_value == Decimal("30.5")
        assert row.progress == Decimal("68")
        content = response.content.decode()
        assert "68 %" in content and "30,5" in content
        assert "På vej mod målet" in content

    def test_another_organisations_rows_are_not_counted(self, client, alice, fjordbo, figures, nordlys_project, nina):  # fmt: skip
        LogEntry.objects.create(
            project=nordlys_project, author=nina, occurred_on=figures, kind="observation",
            title="Nordlys", what_happened="…",
        )  # fmt: skip
        make_indicator(nordlys_project, "Nordlys effektmål")
        client.force_login(alice)
        report = client.get(report_url(fjordbo)).context["report"]
        assert report.project_total == 2
        assert report.entries_per_month[-1].total == 2
        assert [i.name for i in report.indicators] == ["Antal ændringsordrer"]


class TestExport:
    def test_a_workbook_with_every_table(self, client, bob, fjordbo, figures):
        client.force_login(bob)
        response = client.get(export_url(fjordbo))
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert response["Content-Disposition"].startswith(
            'attachment; filename="byggesager-rapport-'
        )
        workbook = load_workbook(BytesIO(response.content), read_only=True)
        assert workbook.sheetnames == [
            "Status og fase", "Byggesager", "Logindlæg pr. måned", "Dokumentation pr. måned",
            "Effektmål",
        ]  # fmt: skip
        projects = list(workbook["Byggesager"].values)
        assert projects[0][0] == "Byggesag"
        assert {row[0] for row in projects[1:]} == {"Helhedsplan Fjordparken", "Ny byggesag"}
        indicators = list(workbook["Effektmål"].values)
        assert indicators[1][:2] == ("Helhedsplan Fjordparken", "Antal ændringsordrer")
        assert indicators[1][8] == 68
        months = list(workbook["Logindlæg pr. måned"].values)
        assert len(months) == 13 and months[-1][1:] == (2, 1)

    def test_text_that_looks_like_a_formula_stays_text(self, client, bob, fjordbo):
        make_project(fjordbo, '=HYPERLINK("http://x")')
        client.force_login(bob)
        workbook = load_workbook(BytesIO(client.get(export_url(fjordbo)).content))
        cell = workbook["Byggesager"]["A2"]
        # A text cell shows what was typed, without a leading apostrophe, and is never evaluated.
        assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


def bulk_rows(organisation, author, count):  # type: ignore[no-untyped-def]
    """``count`` projects, each with two entries and an indicator with two measurements."""
    today = timezone.localdate()
    projects = BuildingProject.objects.bulk_create(
        BuildingProject(
            organisation=organisation, name=f"Byggesag {i}", kind="renovering", phase="ABCD"[i % 4],
            status="active", starts_on=date(2024, 1, 1),
        )
        for i in range(count)
    )  # fmt: skip
    LogEntry.objects.bulk_create(
        LogEntry(
            project=p, author=author, occurred_on=today - timedelta(days=31 * (i % 12)),
            kind="observation", title="Indlæg", what_happened="…",
            status="approved" if i % 2 else "draft",
        )
        for p in projects
        for i in range(2)
    )  # fmt: skip
    indicators = EffectIndicator.objects.bulk_create(
        EffectIndicator(
            project=p, name="Budgetafvigelse", category="economy", unit="%",
            baseline=Decimal("8"), target=Decimal("3"),
        )
        for p in projects
    )  # fmt: skip
    Measurement.objects.bulk_create(
        Measurement(indicator=ind, measured_on=date(2025, m, 1), value=Decimal(m))
        for ind in indicators
        for m in (3, 6)
    )
    Evidence.objects.bulk_create(
        Evidence(
            user=author, competence_id=1, level=2, source=EvidenceSource.ONSITE,
            achieved_on=today, title="Læringslog", organisation=organisation,
            source_ref=f"logentry-revision:bulk-{p.pk}",
        )
        for p in projects
    )  # fmt: skip


class TestQueryBudget:
    def test_the_report_is_flat(self, client, alice, bob, fjordbo, django_assert_num_queries):
        bulk_rows(fjordbo, bob, 10)
        client.force_login(alice)
        client.get(report_url(fjordbo))  # warm-up: per-site settings rows
        with CaptureQueriesContext(connection) as small:
            response = client.get(report_url(fjordbo))
        assert response.context["report"].project_total == 10
        assert len(small.captured_queries) <= 25
        bulk_rows(fjordbo, bob, 990)
        with django_assert_num_queries(len(small.captured_queries)):
            response = client.get(report_url(fjordbo))
        assert response.context["report"].project_total == 1000
        assert len(response.context["indicator_rows"]) == 50  # a page

    def test_the_export_is_flat(self, client, alice, bob, fjordbo, django_assert_num_queries):
        bulk_rows(fjordbo, bob, 10)
        client.force_login(alice)
        client.get(export_url(fjordbo))
        with CaptureQueriesContext(connection) as small:
            client.get(export_url(fjordbo))
        bulk_rows(fjordbo, bob, 990)
        with django_assert_num_queries(len(small.captured_queries)):
            response = client.get(export_url(fjordbo))
        workbook = load_workbook(BytesIO(response.content), read_only=True)
        assert len(list(workbook["Effektmål"].values)) == 1001


def test_progress_percent():
    assert progress_percent(Decimal("42"), Decimal("25"), Decimal("30.5")) == 68
    assert progress_percent(Decimal("3"), Decimal("4"), Decimal("4.5")) == 150
    assert progress_percent(Decimal("3"), Decimal("4"), Decimal("2.5")) == -50
    assert progress_percent(Decimal("3"), Decimal("4"), None) is None


def test_month_starts_go_back_a_year():
    months = month_starts(date(2026, 3, 31))
    assert months[0] == date(2025, 4, 1) and months[-1] == date(2026, 3, 1) and len(months) == 12
