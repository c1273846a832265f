"""Inviting a partner's person to one project: the e-mail, accepting (with or without an
account), single use, expiry, revocation — and that the newcomer sees that project only."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone

from onsite import access
from onsite.models import ProjectInvitation, ProjectMember
from onsite.services import projects as services
from organisations.models import Membership, User
from tests.onsite.fixtures_log import *  # noqa: F403  (the fixtures)
from tests.onsite.fixtures_log import PASSWORD, make_person

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Stillads-Kran-Beton-42"


def invite(client, project, **data):
    values = {"email": "rasmus@raadgiver-nord.example", "first_name": "Rasmus"}
    values.update(data)
    return client.post(reverse("onsite:invite", args=[project.pk]), values)


def link_in(message) -> str:
    return re.search(r"http://testserver(/byggesager/invitation/[^/\s]+/)", message.body).group(1)


class TestInvite:
    def test_a_leader_invites_by_email_once(
        self, client, peter, project, django_capture_on_commit_callbacks
    ):
        client.force_login(peter)
        adviser = project.parties.get(role="entreprenoer")
        with django_capture_on_commit_callbacks(execute=True):
            response = invite(client, project, party=adviser.pk)
        assert response.status_code == 302
        invitation = ProjectInvitation.objects.get()
        assert invitation.party == adviser
        assert invitation.expires_at - timezone.now() > timedelta(days=13)
        assert [m.to for m in mail.outbox] == [["rasmus@raadgiver-nord.example"]]
        message = mail.outbox[0]
        assert message.subject == "Invitation til byggesagen Helhedsplan Fjordparken"
        assert link_in(message) == reverse("onsite:invitation_accept", args=[invitation.token])
        from onsite.tasks_log import log_notify

        log_notify("invitation", invitation.pk)  # a retried task sends nothing new
        assert len(mail.outbox) == 1

    def test_a_member_or_an_open_invitation_is_not_invited_again(self, client, peter, project, kim):
        client.force_login(peter)
        response = invite(client, project, email=kim.email)
        assert "allerede med på byggesagen" in response.content.decode()
        invite(client, project)
        response = invite(client, project, email="RASMUS@raadgiver-nord.example")
        assert "allerede sendt en invitation" in response.content.decode()
        assert ProjectInvitation.objects.count() == 1

    def test_a_bad_address_is_refused_beside_the_field(self, client, peter, project):
        client.force_login(peter)
        response = invite(client, project, email="ikke-en-adresse")
        assert response.status_code == 200
        assert "email" in response.context["form"].errors
        assert not ProjectInvitation.objects.exists()

    def test_a_leader_revokes_an_open_invitation(self, client, peter, project):
        invitation = services.project_invitation_create(
            project=project, actor=peter, email="x@example.org"
        )
        client.force_login(peter)
        client.post(reverse("onsite:invitation_revoke", args=[project.pk, invitation.pk]))
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None
        response = client.get(reverse("onsite:invitation_accept", args=[invitation.token]))
        assert "trukket tilbage" in response.content.decode()


class TestAcceptWithoutAccount:
    @pytest.fixture
    def invitation(self, project, peter):
        return services.project_invitation_create(
            project=project,
            actor=peter,
            email="rasmus@raadgiver-nord.example",
            first_name="Rasmus",
            last_name="Bech",
            party=project.parties.get(role="entreprenoer"),
        )

    def test_the_newcomer_creates_an_account_and_sees_this_project_only(
        self, client, invitation, project, other_project, nordlys_project, fjordbo
    ):
        url = reverse("onsite:invitation_accept", args=[invitation.token])
        page = client.get(url)
        assert page.context["form"]["first_name"].value() == "Rasmus"
        response = client.post(
            url,
            {
                "first_name": "Rasmus",
                "last_name": "Bech",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
        assert response["Location"] == reverse("onsite:project_detail", args=[project.pk])
        rasmus = User.objects.get(email="rasmus@raadgiver-nord.example")
        assert rasmus.check_password(NEW_PASSWORD)
        assert not Membership.objects.filter(user=rasmus).exists()
        member = ProjectMember.objects.get(user=rasmus)
        assert member.project == project and member.party == invitation.party
        invitation.refresh_from_db()
        assert invitation.accepted_by == rasmus
        # Logged in now, and the project is all there is.
        assert client.get(reverse("onsite:project_detail", args=[project.pk])).status_code == 200
        for url in [
            reverse("onsite:project_detail", args=[other_project.pk]),
            reverse("onsite:project_detail", args=[nordlys_project.pk]),
            reverse("organisations:detail", args=[fjordbo.pk]),
            reverse("onsite:project_create"),
        ]:
            assert client.get(url).status_code == 404, url
        listing = client.get(reverse("onsite:project_list")).context["page_obj"]
        assert [p.name for p in listing] == [project.name]
        assert list(access.projects_for(rasmus)) == [project]

    def test_a_weak_password_is_refused_and_nothing_is_created(self, client, invitation):
        url = reverse("onsite:invitation_accept", args=[invitation.token])
        response = client.post(
            url,
            {"first_name": "Rasmus", "last_name": "Bech", "password1": "123", "password2": "123"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["password1"]
        assert not User.objects.filter(email=invitation.email).exists()
        invitation.refresh_from_db()
        assert invitation.accepted_at is None

    def test_the_link_works_once(self, client, invitation):
        services.project_invitation_accept(
            token=invitation.token, first_name="R", last_name="B", password=NEW_PASSWORD
        )
        client.logout()
        response = client.get(reverse("onsite:invitation_accept", args=[invitation.token]))
        assert "allerede brugt" in response.content.decode()
        with pytest.raises(ValidationError, match="allerede brugt"):
            services.project_invitation_accept(
                token=invitation.token, first_name="R", last_name="B", password=NEW_PASSWORD
            )
        assert ProjectMember.objects.filter(user__email=invitation.email).count() == 1

    def test_an_expired_link_is_refused(self, client, invitation):
        ProjectInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        response = client.get(reverse("onsite:invitation_accept", args=[invitation.token]))
        assert "udløbet" in response.content.decode()
        with pytest.raises(ValidationError):
            services.project_invitation_accept(
                token=invitation.token, first_name="R", last_name="B", password=NEW_PASSWORD
            )

    def test_an_unknown_token_is_404(self, client, db):
        assert client.get(reverse("onsite:invitation_accept", args=["ukendt"])).status_code == 404


class TestAcceptWithAccount:
    def test_an_existing_person_is_asked_to_log_in(self, client, project, peter, hansen):
        make_person("bo@hansen.example", hansen, ["staff"], "Bo")
        invitation = services.project_invitation_create(
            project=project, actor=peter, email="bo@hansen.example"
        )
        response = client.get(reverse("onsite:invitation_accept", args=[invitation.token]))
        assert "Log ind" in response.content.decode()
        assert response.context["existing_account"]

    def test_logged_in_with_the_address_joins(self, client, project, peter, hansen):
        bo = make_person("bo@hansen.example", hansen, ["staff"], "Bo")
        invitation = services.project_invitation_create(
            project=project, actor=peter, email="bo@hansen.example"
        )
        client.force_login(bo)
        url = reverse("onsite:invitation_accept", args=[invitation.token])
        assert client.get(url).context["confirm"]
        response = client.post(url)
        assert response["Location"] == reverse("onsite:project_detail", args=[project.pk])
        assert ProjectMember.objects.filter(project=project, user=bo).exists()
        assert bo.check_password(PASSWORD)

    def test_logged_in_with_another_address_is_refused(self, client, project, peter, karen):
        invitation = services.project_invitation_create(
            project=project, actor=peter, email="bo@hansen.example"
        )
        client.force_login(karen)
        response = client.post(reverse("onsite:invitation_accept", args=[invitation.token]))
        assert "anden e-mailadresse" in response.content.decode()
        assert not ProjectMember.objects.filter(user=karen).exists()
        invitation.refresh_from_db()
        assert invitation.accepted_at is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_add_one_member(project, peter, hansen):
    """The invitation row is locked: two simultaneous accepts make one member, one refusal."""
    bo = make_person("bo@hansen.example", hansen, ["staff"], "Bo")
    invitation = services.project_invitation_create(
        project=project, actor=peter, email="bo@hansen.example"
    )
    results: list[str] = []
    barrier = threading.Barrier(2)

    def accept() -> None:
        try:
            barrier.wait()
            services.project_invitation_accept(token=invitation.token, user=bo)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert ProjectMember.objects.filter(project=project, user=bo).count() == 1
