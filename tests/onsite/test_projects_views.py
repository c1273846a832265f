"""Project pages: the list, create and edit, and the project page with its timeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onsite.models import (
    BuildingProject,
    EntryCompetence,
    EntryParticipant,
    EntryStatus,
    LogEntry,
    PartyRole,
    ProjectMember,
)
from onsite.services import entries as entry_services
from organisations.models import Department
from tests.onsite.fixtures_log import *  # noqa: F403  (the fixtures)
from tests.onsite.fixtures_log import TODAY, make_entry, make_project

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


class TestList:
    def test_it_lists_the_projects_one_may_see(
        self, client, kim, project, other_project, nordlys_project
    ):
        client.force_login(kim)
        page = html(client.get(reverse("onsite:project_list")))
        assert project.name in page
        assert other_project.name not in page
        assert nordlys_project.name not in page

    def test_filters_by_status_kind_and_phase(self, client, peter, project, other_project):
        client.force_login(peter)
        url = reverse("onsite:project_list")
        page = html(client.get(url, {"kind": "samdrift"}))
        assert other_project.name in page and project.name not in page
        page = html(client.get(url, {"phase": "C", "status": "active"}))
        assert project.name in page and other_project.name not in page

    def test_only_housing_project_leaders_see_the_create_button(self, client, peter, lars, kim):
        client.force_login(peter)
        assert reverse("onsite:project_create") in html(client.get(reverse("onsite:project_list")))
        for person in (lars, kim):
            client.force_login(person)
            page = html(client.get(reverse("onsite:project_list")))
            assert reverse("onsite:project_create") not in page

    def test_the_list_is_flat(self, client, peter, fjordbo, django_assert_num_queries):
        client.force_login(peter)
        url = reverse("onsite:project_list")
        bulk_projects(fjordbo, 10, start=0)
        at_10 = queries_of(client, url)
        assert at_10 <= LIST_MAX_QUERIES
        bulk_projects(fjordbo, 990, start=10)
        with django_assert_num_queries(at_10):
            response = client.get(url, {"page": 2})
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == 1000
        assert len(response.context["page_obj"].object_list) == 20


# Today 13: session, user, memberships, count, organisations one may create in, the page;
# the rest is the site's layout (menus, settings), which may change under this test.
LIST_MAX_QUERIES = 20


def bulk_projects(organisation, count, *, start):
    BuildingProject.objects.bulk_create(
        BuildingProject(
            organisation=organisation,
            name=f"Byggesag {start + i}",
            kind="renovering",
            phase="A",
            starts_on=date(2024, 1, 1) + timedelta(days=i),
        )
        for i in range(count)
    )


def queries_of(client, url: str, params=None) -> int:
    """How many queries the page runs once the site's menus and settings have settled."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


class TestCreate:
    def test_a_project_leader_creates_a_project_and_leads_it(self, client, peter, fjordbo, a2, a3):
        client.force_login(peter)
        department = Department.objects.get(organisation=fjordbo, number="101")
        response = client.post(
            reverse("onsite:project_create"),
            {
                "organisation": fjordbo.pk,
                "name": "Tagrenovering Fjordparken",
                "kind": "renovering",
                "phase": "B",
                "status": "planned",
                "starts_on": "2026-02-01",
                "departments": [department.pk],
                "guides": [a2.pk, a3.pk],
                "address": "Fjordvej 10",
                "postcode": "9000",
                "city": "Aalborg",
            },
        )
        project = BuildingProject.objects.get(name="Tagrenovering Fjordparken")
        assert response.status_code == 302
        assert response["Location"] == reverse("onsite:project_detail", args=[project.pk])
        assert project.created_by == peter
        assert list(project.departments.all()) == [department]
        assert set(project.guides.values_list("code", flat=True)) == {"A2", "A3"}
        member = ProjectMember.objects.get(project=project, user=peter)
        assert member.is_leader
        assert member.party.role == PartyRole.CLIENT
        assert member.party.organisation == fjordbo

    def test_departments_of_another_organisation_are_refused(self, client, peter, fjordbo, nordlys):
        client.force_login(peter)
        foreign = Department.objects.get(organisation=nordlys)
        response = client.post(
            reverse("onsite:project_create"),
            {
                "organisation": fjordbo.pk,
                "name": "Forkert",
                "kind": "renovering",
                "phase": "A",
                "status": "planned",
                "starts_on": "2026-02-01",
                "departments": [foreign.pk],
            },
        )
        assert response.status_code == 200
        assert "departments" in response.context["form"].errors
        assert response.context["form"]["name"].value() == "Forkert"
        assert not BuildingProject.objects.filter(name="Forkert").exists()

    def test_an_end_before_the_start_is_refused_beside_the_field(self, client, peter, fjordbo):
        client.force_login(peter)
        response = client.post(
            reverse("onsite:project_create"),
            {
                "organisation": fjordbo.pk,
                "name": "Baglæns",
                "kind": "renovering",
                "phase": "A",
                "status": "planned",
                "starts_on": "2026-02-01",
                "ends_on": "2025-02-01",
            },
        )
        assert "Slutdatoen kan ikke ligge før starten." in html(response)
        assert not BuildingProject.objects.filter(name="Baglæns").exists()

    def test_people_who_do_not_lead_in_a_housing_organisation_get_404(
        self, client, lars, kim, hanne, olga
    ):
        for person in (lars, kim, hanne, olga):
            client.force_login(person)
            assert client.get(reverse("onsite:project_create")).status_code == 404

    def test_a_consultants_project_leader_cannot_create(self, client, db):
        from organisations import services as org_services
        from tests.onsite.fixtures_log import make_person

        adviser = org_services.organisation_create(name="Rådgiverne", kind="consultant")
        rasmus = make_person("rasmus@r.example", adviser, ["staff", "project_leader"], "Rasmus")
        client.force_login(rasmus)
        assert client.get(reverse("onsite:project_create")).status_code == 404


class TestEdit:
    def test_a_leader_edits(self, client, peter, project):
        client.force_login(peter)
        url = reverse("onsite:project_edit", args=[project.pk])
        form = client.get(url).context["form"]
        data = {
            name: value
            for name, value in form.initial.items()
            if value is not None and name not in ("departments", "guides")
        }
        data.update(
            name="Helhedsplan Fjordparken",
            phase="D",
            status="handed_over",
            starts_on="2025-03-01",
            handover_on="2026-01-15",
            guides=[g.pk for g in project.guides.all()],
        )
        data.pop("strategy", None)
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        project.refresh_from_db()
        assert (project.phase, project.status) == ("D", "handed_over")
        assert project.handover_on == date(2026, 1, 15)

    def test_members_who_do_not_lead_get_404(self, client, lars, kim, project):
        for person in (lars, kim):
            client.force_login(person)
            assert client.get(reverse("onsite:project_edit", args=[project.pk])).status_code == 404


class TestProjectPage:
    def test_it_shows_the_timeline_parties_guides_and_members(
        self, client, peter, thomas, lars, project, a3
    ):
        contractor = project.parties.get(role=PartyRole.CONTRACTOR)
        entry = make_entry(
            project, peter, title="Ændringsordre undgået", guide=a3, parties=[contractor]
        )
        entry_services.log_entry_submit(entry=entry, actor=peter)
        entry_services.log_entry_approve(entry=entry, actor=thomas)
        client.force_login(lars)
        response = client.get(reverse("onsite:project_detail", args=[project.pk]))
        page = html(response)
        assert "Ændringsordre undgået" in page
        assert "Parter, der bidrager" in page
        parties = {item["row"].pk: item["row"].entry_count for item in response.context["parties"]}
        assert parties[contractor.pk] == 1
        guides = {
            item["row"]["guide"].code: item["row"] for item in response.context["guides_applied"]
        }
        assert guides["A3"]["count"] == 1 and guides["A3"]["in_use"]
        assert guides["A2"]["count"] == 0
        assert "Lars Testesen" in page
        assert reverse("onsite:entry_create", args=[project.pk]) in page

    def test_filters_by_kind_guide_party_and_category(self, client, peter, thomas, project, a2, a3):
        contractor = project.parties.get(role=PartyRole.CONTRACTOR)
        entries = [
            make_entry(project, peter, title="Erfa", kind="erfa", guide=a3),
            make_entry(project, peter, title="Milepæl", kind="milestone", guide=a2),
            make_entry(project, peter, title="Entreprenør", kind="problem", parties=[contractor]),
            make_entry(project, peter, title="Økonomi", kind="lesson", effect_category="economy"),
        ]
        for entry in entries:
            entry_services.log_entry_submit(entry=entry, actor=peter)
            entry_services.log_entry_approve(entry=entry, actor=thomas)
        client.force_login(peter)
        url = reverse("onsite:project_detail", args=[project.pk])

        def titles(**params):
            return [e.title for e in client.get(url, params).context["page_obj"]]

        assert titles(type="milestone") == ["Milepæl"]
        assert titles(vejledning=a3.pk) == ["Erfa"]
        assert titles(part=contractor.pk) == ["Entreprenør"]
        assert titles(effekt="economy") == ["Økonomi"]
        assert len(titles(type="ukendt")) == 4  # an unknown filter value is ignored

    def test_the_count_follows_the_filters_and_the_waiting_do_not(
        self, client, peter, thomas, project
    ):
        contractor = project.parties.get(role=PartyRole.CONTRACTOR)
        approved = make_entry(project, peter, title="Godkendt", parties=[contractor])
        entry_services.log_entry_submit(entry=approved, actor=peter)
        entry_services.log_entry_approve(entry=approved, actor=thomas)
        make_entry(project, peter, title="Venter 1", parties=[contractor], submit=True)
        make_entry(project, peter, title="Venter 2", submit=True)
        client.force_login(thomas)
        url = reverse("onsite:project_detail", args=[project.pk])

        def counts(**params):
            context = client.get(url, params).context
            return context["page_obj"].paginator.count, context["submitted_count"]

        assert counts() == (3, 2)
        assert counts(part=contractor.pk) == (2, 2)
        assert counts(status="approved") == (1, 2)
        assert counts(part=contractor.pk, status="submitted") == (1, 2)
        parties = client.get(url).context["parties"]
        assert parties[0]["row"] == contractor and parties[0]["row"].entry_count == 1
        assert all(item["row"].entry_count == 0 for item in parties[1:])

    def test_each_viewer_sees_the_entries_meant_for_them(
        self, client, peter, thomas, lars, kim, hanne, project
    ):
        approved = make_entry(project, peter, title="Godkendt")
        entry_services.log_entry_submit(entry=approved, actor=peter)
        entry_services.log_entry_approve(entry=approved, actor=thomas)
        make_entry(project, peter, title="Peters kladde")
        make_entry(project, peter, title="Indsendt med Lars", participants=[lars], submit=True)
        make_entry(project, kim, title="Kims kladde")
        url = reverse("onsite:project_detail", args=[project.pk])

        def titles(person):
            client.force_login(person)
            return {e.title for e in client.get(url).context["page_obj"]}

        assert titles(peter) == {"Godkendt", "Peters kladde", "Indsendt med Lars"}
        assert titles(thomas) == {"Godkendt", "Indsendt med Lars"}  # leader of Fjordbo
        assert titles(lars) == {"Godkendt", "Indsendt med Lars"}  # participant
        assert titles(kim) == {"Godkendt", "Kims kladde"}
        assert titles(hanne) == {"Godkendt"}  # HR oversees, is on no entry

    def test_the_timeline_costs_the_same_at_20_and_2000_entries(
        self, client, peter, lars, project, site_learning, a3, django_assert_num_queries
    ):
        url = reverse("onsite:project_detail", args=[project.pk])
        bulk_entries(project, peter, lars, site_learning, a3, 20)
        client.force_login(peter)
        at_20 = queries_of(client, url, {"page": 1})
        # Today 31 (21 the timeline's, 4 the effects section's, the rest the site's layout).
        assert at_20 <= TIMELINE_MAX_QUERIES
        bulk_entries(project, peter, lars, site_learning, a3, 1980)
        with django_assert_num_queries(at_20):
            response = client.get(url, {"page": 1})
        assert response.context["page_obj"].paginator.count == 2000
        assert len(response.context["page_obj"].object_list) == 20
        assert html(response).count('class="card mb-3"') == 20


TIMELINE_MAX_QUERIES = 40


def bulk_entries(project, author, participant, competence, guide, count):
    """``count`` approved entries, each with a participant, a party and a competence."""
    party = project.parties.first()
    entries = LogEntry.objects.bulk_create(
        LogEntry(
            project=project,
            author=author,
            occurred_on=TODAY() - timedelta(days=i % 700),
            kind="observation",
            title=f"Observation {i}",
            what_happened="Stilladset blev flyttet, så beboerne kunne komme til opgangen.",
            guide=guide,
            status=EntryStatus.APPROVED,
        )
        for i in range(count)
    )
    EntryParticipant.objects.bulk_create(
        EntryParticipant(entry=entry, user=participant) for entry in entries
    )
    EntryCompetence.objects.bulk_create(
        EntryCompetence(entry=entry, competence=competence, level=2) for entry in entries
    )
    LogEntry.parties.through.objects.bulk_create(
        LogEntry.parties.through(logentry=entry, projectparty=party) for entry in entries
    )
    return entries


def test_make_project_helper_is_the_service(peter, fjordbo):
    project = make_project(peter, fjordbo, name="Hjælper")
    assert project.members.get().user == peter
