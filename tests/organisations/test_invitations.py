"""Joining an organisation by invitation: the only way in, since sign-up is closed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organisations import services
from organisations.models import Invitation, Membership, User


def invite(client, organisation, django_capture_on_commit_callbacks, **data):
    payload = {
        "email": "ny@fjordbo.example",
        "first_name": "Nina",
        "last_name": "Ny",
        "roles": ["staff"],
    }
    payload.update(data)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("organisations:invitations", args=[organisation.pk]), payload)


@pytest.mark.django_db
class TestSending:
    def test_hr_invites_and_an_e_mail_with_the_link_is_sent(
        self, client, fjordbo, alice, django_capture_on_commit_callbacks
    ):
        client.force_login(alice)
        response = invite(
            client, fjordbo, django_capture_on_commit_callbacks, roles=["staff", "project_leader"]
        )
        assert response.status_code == 302
        invitation = Invitation.objects.get()
        assert invitation.roles == ["project_leader", "staff"]
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["ny@fjordbo.example"]
        assert "Invitation til Fjordbo" in message.subject
        assert f"/konto/invitation/{invitation.token}/" in message.body
        assert message.alternatives[0][1] == "text/html"

    def test_an_existing_member_is_refused_beside_the_field(
        self, client, fjordbo, alice, bob, django_capture_on_commit_callbacks
    ):
        client.force_login(alice)
        response = invite(
            client, fjordbo, django_capture_on_commit_callbacks, email="BOB@fjordbo.example"
        )
        assert response.status_code == 200
        assert "Personen er allerede medlem" in response.content.decode()
        assert response.context["form"].errors["email"]
        assert response.context["form"]["first_name"].value() == "Nina"  # input kept
        assert not Invitation.objects.exists() and not mail.outbox

    def test_a_second_open_invitation_is_refused(
        self, client, fjordbo, alice, django_capture_on_commit_callbacks
    ):
        client.force_login(alice)
        invite(client, fjordbo, django_capture_on_commit_callbacks)
        response = invite(client, fjordbo, django_capture_on_commit_callbacks)
        assert "allerede sendt en invitation" in response.context["form"].errors["email"][0]
        assert Invitation.objects.count() == 1

    def test_a_manager_cannot_grant_hr(self, client, fjordbo, django_capture_on_commit_callbacks):
        from tests.organisations.conftest import make_person

        manager = make_person("leder@fjordbo.example", fjordbo, ["staff", "manager"])
        client.force_login(manager)
        response = invite(client, fjordbo, django_capture_on_commit_callbacks, roles=["hr"])
        assert "Kun HR kan give HR-rollen" in response.context["form"].errors["roles"][0]
        assert not Invitation.objects.exists()

    def test_roles_must_fit_the_organisation(
        self, client, fjordbo, alice, django_capture_on_commit_callbacks
    ):
        client.force_login(alice)
        response = invite(
            client, fjordbo, django_capture_on_commit_callbacks, roles=["network_editor"]
        )
        assert response.context["form"].errors["roles"]
        assert not Invitation.objects.exists()

    def test_another_organisations_department_is_not_a_choice(
        self, client, fjordbo, nordlys, alice, django_capture_on_commit_callbacks
    ):
        client.force_login(alice)
        response = invite(
            client,
            fjordbo,
            django_capture_on_commit_callbacks,
            department=nordlys.departments.get().pk,
        )
        assert response.context["form"].errors["department"]
        assert not Invitation.objects.exists()

    def test_a_bad_e_mail_keeps_the_input(
        self, client, fjordbo, alice, django_capture_on_commit_callbacks
    ):
        client.force_login(alice)
        response = invite(
            client, fjordbo, django_capture_on_commit_callbacks, email="ikke-en-adresse"
        )
        assert response.context["form"].errors["email"]
        assert 'value="ikke-en-adresse"' in response.content.decode()

    def test_revoke(self, client, fjordbo, alice):
        invitation = services.invitation_create(
            organisation=fjordbo, email="x@fjordbo.example", roles=["staff"], invited_by=alice
        )
        client.force_login(alice)
        client.post(reverse("organisations:invitation_revoke", args=[fjordbo.pk, invitation.pk]))
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None
        response = client.get(reverse("invitation_accept", args=[invitation.token]))
        assert "trukket tilbage" in response.content.decode()


@pytest.fixture
def invitation(fjordbo, alice):
    return services.invitation_create(
        organisation=fjordbo,
        email="nina@fjordbo.example",
        first_name="Nina",
        last_name="Ny",
        roles=["staff"],
        invited_by=alice,
        department=fjordbo.departments.get(),
    )


def accept_payload(**overrides):
    data = {
        "first_name": "Nina",
        "last_name": "Ny",
        "password1": "Sommerhus-ved-fjorden-7",
        "password2": "Sommerhus-ved-fjorden-7",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestAccepting:
    def test_the_link_creates_the_person_and_the_membership(self, client, invitation):
        url = reverse("invitation_accept", args=[invitation.token])
        assert "Bliv medlem af Fjordbo" in client.get(url).content.decode()
        response = client.post(url, accept_payload())
        assert response.status_code == 302
        user = User.objects.get(email="nina@fjordbo.example")
        membership = Membership.objects.get(user=user)
        assert membership.department == invitation.department
        assert membership.roles == {"staff"}
        assert user.check_password("Sommerhus-ved-fjorden-7")
        assert user.emailaddress_set.get().verified
        # Logged in straight away.
        assert client.get("/organisationer/").status_code == 200

    def test_a_link_used_twice_is_refused_with_a_message(self, client, invitation):
        url = reverse("invitation_accept", args=[invitation.token])
        client.post(url, accept_payload())
        client.logout()
        response = client.post(url, accept_payload(first_name="Igen"))
        assert "Invitationen er allerede brugt" in response.content.decode()
        assert User.objects.filter(email="nina@fjordbo.example").count() == 1
        assert Membership.objects.filter(user__email="nina@fjordbo.example").count() == 1

    def test_an_expired_link_is_refused(self, client, invitation):
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        response = client.post(
            reverse("invitation_accept", args=[invitation.token]), accept_payload()
        )
        assert "Invitationen er udløbet" in response.content.decode()
        assert not User.objects.filter(email="nina@fjordbo.example").exists()

    def test_mismatched_passwords_save_nothing_and_keep_the_input(self, client, invitation):
        url = reverse("invitation_accept", args=[invitation.token])
        response = client.post(url, accept_payload(password2="Noget-andet-123", first_name="Ninna"))
        assert response.context["form"].errors["password2"] == ["De to adgangskoder er ikke ens."]
        assert 'value="Ninna"' in response.content.decode()
        assert not User.objects.filter(email="nina@fjordbo.example").exists()
        invitation.refresh_from_db()
        assert invitation.accepted_at is None

    def test_a_weak_password_is_refused_beside_the_field(self, client, invitation):
        url = reverse("invitation_accept", args=[invitation.token])
        response = client.post(url, accept_payload(password1="123", password2="123"))
        assert response.context["form"].errors["password1"]
        assert not User.objects.filter(email="nina@fjordbo.example").exists()

    def test_an_unknown_token_is_404(self, client, db):
        assert client.get(reverse("invitation_accept", args=["findes-ikke"])).status_code == 404

    def test_an_existing_person_joins_when_logged_in(
        self, client, fjordbo, nordlys, charlie_with_totp, alice
    ):
        charlie = charlie_with_totp  # HR in Nordlys: the two-factor gate asks for TOTP
        invitation = services.invitation_create(
            organisation=fjordbo, email=charlie.email, roles=["staff"], invited_by=alice
        )
        url = reverse("invitation_accept", args=[invitation.token])
        assert "Der findes allerede en konto" in client.get(url).content.decode()
        client.force_login(charlie)
        response = client.post(url)
        assert response.status_code == 302
        assert set(charlie.memberships.values_list("organisation__name", flat=True)) == {
            "Fjordbo",
            "Nordlys",
        }

    def test_a_logged_in_person_cannot_take_someone_elses_invitation(self, client, invitation, bob):
        client.force_login(bob)
        response = client.post(reverse("invitation_accept", args=[invitation.token]))
        assert "en anden e-mailadresse" in response.content.decode()
        assert (
            not Membership.objects.filter(user=bob, organisation=invitation.organisation)
            .exclude(pk=bob.memberships.get().pk)
            .exists()
        )
        invitation.refresh_from_db()
        assert invitation.accepted_at is None

    def test_acceptance_is_audited(self, client, invitation):
        from wagtail.models import ModelLogEntry

        client.post(reverse("invitation_accept", args=[invitation.token]), accept_payload())
        actions = set(ModelLogEntry.objects.values_list("action", flat=True))
        assert {"lms.invitation.create", "lms.invitation.accept"} <= actions
