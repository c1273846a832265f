"""Parties and members of a project: added, changed and removed by its leaders only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from onsite.models import PartyRole, ProjectMember, ProjectParty
from onsite.services import projects as services
from tests.onsite.fixtures_log import *  # noqa: F403  (the fixtures)
from tests.onsite.fixtures_log import fresh, make_entry

pytestmark = pytest.mark.django_db


class TestParties:
    def test_a_leader_adds_an_organisation_and_a_named_party(
        self, client, peter, project, hansen, fjordbo
    ):
        client.force_login(peter)
        url = reverse("onsite:party_create", args=[project.pk])
        response = client.post(url, {"role": PartyRole.MUNICIPALITY, "name": "Fjordby Kommune"})
        assert response.status_code == 302
        response = client.post(url, {"role": PartyRole.ADVISER, "organisation": hansen.pk})
        assert response.status_code == 302
        party = ProjectParty.objects.get(project=project, role=PartyRole.ADVISER)
        assert party.name == hansen.name  # the organisation's name when none is typed
        assert ProjectParty.objects.filter(project=project, name="Fjordby Kommune").exists()

    def test_a_party_without_organisation_or_name_is_refused(self, client, peter, project):
        client.force_login(peter)
        response = client.post(
            reverse("onsite:party_create", args=[project.pk]),
            {"role": PartyRole.SOCIAL, "note": "Boligsocial helhedsplan"},
        )
        assert response.status_code == 400
        assert "Vælg en organisation, eller skriv et navn" in response.content.decode()
        assert response.context["party_form"]["note"].value() == "Boligsocial helhedsplan"

    def test_the_same_party_twice_is_refused(self, peter, project, hansen):
        with pytest.raises(ValidationError, match="allerede med"):
            services.party_create(
                project=project, actor=peter, role=PartyRole.CONTRACTOR, organisation=hansen
            )

    def test_a_leader_edits_a_party(self, client, peter, project):
        party = project.parties.get(role=PartyRole.RESIDENTS)
        client.force_login(peter)
        url = reverse("onsite:party_edit", args=[project.pk, party.pk])
        assert client.get(url).status_code == 200
        client.post(url, {"role": PartyRole.RESIDENTS, "name": "Afdelingsbestyrelsen 101"})
        party.refresh_from_db()
        assert party.name == "Afdelingsbestyrelsen 101"

    def test_a_party_named_in_entries_is_kept(self, client, peter, project):
        party = project.parties.get(role=PartyRole.RESIDENTS)
        make_entry(project, peter, parties=[party])
        client.force_login(peter)
        response = client.post(
            reverse("onsite:party_remove", args=[project.pk, party.pk]), follow=True
        )
        assert "nævnt i logindlæg" in response.content.decode()
        assert ProjectParty.objects.filter(pk=party.pk).exists()

    def test_an_unused_party_is_removed(self, client, peter, project):
        party = project.parties.get(role=PartyRole.RESIDENTS)
        client.force_login(peter)
        client.post(reverse("onsite:party_remove", args=[project.pk, party.pk]))
        assert not ProjectParty.objects.filter(pk=party.pk).exists()

    def test_a_party_of_another_project_is_404(self, client, peter, project, other_project):
        foreign = other_project.parties.get()
        client.force_login(peter)
        url = reverse("onsite:party_edit", args=[project.pk, foreign.pk])
        assert client.get(url).status_code == 404


class TestMembers:
    def test_the_page_lists_parties_members_and_colleagues_to_add(
        self, client, peter, project, karen, kim, thomas
    ):
        client.force_login(peter)
        response = client.get(reverse("onsite:project_parties", args=[project.pk]))
        page = response.content.decode()
        assert "Hansen &amp; Søn Entreprise" in page
        assert "Kim Testesen" in page
        candidates = response.context["member_form"].fields["membership"].queryset
        # Fjordbo's people not yet on the project; never Kim (another organisation).
        assert {m.user for m in candidates} == {karen, thomas}

    def test_a_leader_adds_a_colleague_as_leader(self, client, peter, project, karen, thomas):
        client.force_login(peter)
        membership = karen.memberships.get()
        response = client.post(
            reverse("onsite:member_add", args=[project.pk]),
            {"membership": membership.pk, "is_leader": "on"},
        )
        assert response.status_code == 302
        assert ProjectMember.objects.get(project=project, user=karen).is_leader

    def test_people_of_other_organisations_are_invited_not_added(self, peter, project, anna):
        with pytest.raises(ValidationError) as excinfo:
            services.member_add(project=project, actor=peter, user=anna)
        assert "Invitér" in excinfo.value.message_dict["user"][0]

    def test_a_leader_marks_a_member_as_leader(self, client, peter, project, lars):
        member = project.members.get(user=lars)
        contractor = project.parties.get(role=PartyRole.CONTRACTOR)
        client.force_login(peter)
        client.post(
            reverse("onsite:member_update", args=[project.pk, member.pk]),
            {f"m{member.pk}-is_leader": "on", f"m{member.pk}-party": contractor.pk},
        )
        member.refresh_from_db()
        assert member.is_leader and member.party == contractor
        from onsite import access

        assert access.is_project_leader(fresh(lars), project)

    def test_the_last_leader_member_stays(self, client, peter, project):
        member = project.members.get(user=peter)
        client.force_login(peter)
        response = client.post(
            reverse("onsite:member_remove", args=[project.pk, member.pk]), follow=True
        )
        assert "mindst én projektleder" in response.content.decode()
        assert ProjectMember.objects.filter(pk=member.pk).exists()
        with pytest.raises(ValidationError):
            services.member_update(member=member, actor=peter, is_leader=False, party=None)

    def test_a_member_is_removed_and_loses_access(self, client, peter, project, lars):
        member = project.members.get(user=lars)
        client.force_login(peter)
        client.post(reverse("onsite:member_remove", args=[project.pk, member.pk]))
        assert not ProjectMember.objects.filter(pk=member.pk).exists()
        client.force_login(lars)
        assert client.get(reverse("onsite:project_detail", args=[project.pk])).status_code == 404

    def test_non_leaders_cannot_change_members(self, lars, kim, project):
        member = project.members.get(user=kim)
        with pytest.raises(ValidationError, match="Kun byggesagens projektledere"):
            services.member_update(member=member, actor=lars, is_leader=True, party=None)
        with pytest.raises(ValidationError):
            services.member_remove(member=member, actor=kim)
