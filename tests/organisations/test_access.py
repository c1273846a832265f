"""The access policy, through the real URLs: an outsider gets 404 for every object route."""

import pytest
from django.urls import reverse

from organisations import access, services


@pytest.mark.django_db
class TestPolicy:
    def test_members_see_their_own_organisation_only(self, fjordbo, nordlys, alice, bob, charlie):
        assert list(access.organisations_for(alice)) == [fjordbo]
        assert list(access.organisations_for(bob)) == [fjordbo]
        assert list(access.organisations_for(charlie)) == [nordlys]

    def test_colleagues_see_each_other_but_not_outsiders(self, alice, bob, charlie):
        visible = set(access.memberships_for(bob).values_list("user__email", flat=True))
        assert visible == {"alice@fjordbo.example", "bob@fjordbo.example"}

    def test_only_hr_and_managers_may_invite(self, fjordbo, alice, bob, charlie):
        assert access.can_invite(alice, fjordbo)
        assert not access.can_invite(bob, fjordbo)
        assert not access.can_invite(charlie, fjordbo)

    def test_the_network_secretariat_sees_every_organisation(self, fjordbo, nordlys):
        network = services.organisation_create(name="Sekretariatet", kind="network")
        user = services.user_create(email="net@example.dk", password="Hemmelig-kode-1")
        services.membership_create(user=user, organisation=network, roles=["network_editor"])
        assert set(access.organisations_for(user)) == {fjordbo, nordlys, network}
        assert user.groups.filter(name=services.NETWORK_EDITORS_GROUP).exists()

    def test_an_inactive_membership_gives_no_access(self, fjordbo, bob):
        bob.memberships.update(is_active=False)
        assert not access.organisations_for(bob).exists()

    def test_anonymous_sees_nothing(self, fjordbo):
        from django.contrib.auth.models import AnonymousUser

        assert not access.organisations_for(AnonymousUser()).exists()


@pytest.mark.django_db
class TestObjectRoutes:
    """Every object-level route, for the owner, a colleague and an outsider."""

    def routes(self, organisation):
        department = organisation.departments.get()
        return {
            "detail": reverse("organisations:detail", args=[organisation.pk]),
            "department": reverse(
                "organisations:department", args=[organisation.pk, department.pk]
            ),
            "invitations": reverse("organisations:invitations", args=[organisation.pk]),
        }

    def test_it_validates_ownership(self, client, fjordbo, alice, bob, charlie_with_totp):
        routes = self.routes(fjordbo)
        expected = {
            alice: {"detail": 200, "department": 200, "invitations": 200},
            bob: {"detail": 200, "department": 200, "invitations": 404},
            charlie_with_totp: {"detail": 404, "department": 404, "invitations": 404},
        }
        for person, statuses in expected.items():
            client.force_login(person)
            for name, url in routes.items():
                assert client.get(url).status_code == statuses[name], (person.email, name)

    def test_a_department_is_looked_up_within_its_organisation(
        self, client, fjordbo, nordlys, alice
    ):
        client.force_login(alice)
        other_department = nordlys.departments.get()
        url = reverse("organisations:department", args=[fjordbo.pk, other_department.pk])
        assert client.get(url).status_code == 404

    def test_revoking_another_organisations_invitation_is_404(
        self, client, fjordbo, nordlys, alice, charlie_with_totp
    ):
        invitation = services.invitation_create(
            organisation=nordlys,
            email="ny@nordlys.example",
            roles=["staff"],
            invited_by=charlie_with_totp,
        )
        client.force_login(alice)
        for org in (fjordbo, nordlys):
            url = reverse("organisations:invitation_revoke", args=[org.pk, invitation.pk])
            assert client.post(url).status_code == 404
        invitation.refresh_from_db()
        assert invitation.revoked_at is None

    def test_anonymous_is_sent_to_login(self, client, fjordbo):
        response = client.get(reverse("organisations:detail", args=[fjordbo.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")
