"""Log-in, log-out, password reset, two-factor, closed sign-up and the rate limit."""

import pytest
from django.core import mail
from django.urls import reverse

from organisations import demo
from tests.organisations.conftest import PASSWORD


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
class TestLogin:
    def test_the_login_page_is_danish(self, client):
        content = client.get(reverse("account_login")).content.decode()
        assert "Log ind" in content
        assert 'lang="da"' in content

    def test_a_staff_member_logs_in_and_out(self, client, bob):
        response = login(client, "bob@fjordbo.example", PASSWORD)
        assert response.status_code == 302
        assert client.get("/organisationer/").status_code == 200
        client.post(reverse("account_logout"))
        assert client.get("/organisationer/").status_code == 302

    @pytest.mark.parametrize(
        "email,password",
        [("findes.ikke@example.dk", PASSWORD), ("bob@fjordbo.example", "forkert-kode")],
    )
    def test_unknown_e_mail_or_wrong_password_gets_a_danish_message(
        self, client, bob, email, password
    ):
        response = login(client, email, password)
        assert response.status_code == 200
        content = response.content.decode()
        assert "E-mailadressen og/eller adgangskoden er forkert" in content
        assert f'value="{email}"' in content  # input kept
        assert "_auth_user_id" not in client.session

    def test_failed_logins_are_rate_limited(self, client, bob):
        for _ in range(5):
            login(client, "bob@fjordbo.example", "forkert-kode")
        response = login(client, "bob@fjordbo.example", PASSWORD)
        assert "_auth_user_id" not in client.session
        assert "For mange mislykkede loginforsøg" in response.content.decode()

    def test_sign_up_is_closed(self, client, db):
        response = client.get(reverse("account_signup"))
        assert "lukket" in response.content.decode().lower()


@pytest.mark.django_db
class TestPasswordReset:
    def test_a_reset_e_mail_goes_through_the_outbox(
        self, client, bob, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = "core.mail.backends.CeleryEmailBackend"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("account_reset_password"), {"email": "bob@fjordbo.example"}
            )
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        assert "/konto/password/reset/key/" in mail.outbox[0].body
        from core.mail.models import OutboundEmail

        assert OutboundEmail.objects.get().sent_at is not None


@pytest.mark.django_db
class TestTwoFactor:
    def test_hr_without_totp_must_set_it_up_before_the_hr_area(self, client, fjordbo, bob):
        from organisations import services

        hr = services.user_create(email="hr@fjordbo.example", password=PASSWORD)
        services.membership_create(user=hr, organisation=fjordbo, roles=["staff", "hr"])
        client.force_login(hr)
        response = client.get(reverse("organisations:invitations", args=[fjordbo.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
        admin = client.get("/admin/")
        assert admin["Location"].startswith(reverse("mfa_activate_totp"))

    def test_staff_need_no_two_factor(self, client, fjordbo, bob):
        client.force_login(bob)
        assert client.get(reverse("organisations:detail", args=[fjordbo.pk])).status_code == 200

    def test_login_asks_for_the_code_and_refuses_a_wrong_one(self, client, alice):
        response = login(client, "alice@fjordbo.example", PASSWORD)
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert response.status_code == 200
        assert "Forkert kode." in response.content.decode()
        assert "_auth_user_id" not in client.session
        response = client.post(reverse("mfa_authenticate"), {"code": demo.current_totp_code()})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(alice.pk)

    def test_with_totp_hr_enters_the_area(self, client, fjordbo, alice):
        client.force_login(alice)
        assert (
            client.get(reverse("organisations:invitations", args=[fjordbo.pk])).status_code == 200
        )
