"""allauth's pages in the site layout, in Danish, with Bootstrap forms."""

import pytest
from django.urls import reverse

from tests.cms.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, user):
    """Through allauth's own form, so that the session records a fresh authentication."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_login_page_uses_the_layout_and_does_not_offer_sign_up(client, home):
    response = client.get(reverse("account_login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Log ind · AlmenLæring</title>" in html
    assert 'href="#main">Gå til indhold</a>' in html
    assert 'class="form-control' in html
    assert "Glemt din adgangskode?" in html
    assert reverse("account_signup") not in html
    assert "invitation" in html


def test_a_wrong_password_is_reported_and_the_e_mail_kept(client, home, alice):
    response = client.post(
        reverse("account_login"), {"login": alice.email, "password": "forkert-kodeord"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="alert alert-block alert-danger"' in html or "alert-danger" in html
    assert f'value="{alice.email}"' in html


def test_the_password_reset_page_is_danish(client, home):
    response = client.get(reverse("account_reset_password"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nulstil" in html
    assert 'type="email"' in html


def test_the_two_factor_pages_use_the_account_menu(client, home, alice):
    log_in(client, alice)

    index = client.get(reverse("mfa_index"))
    # Activating asks for the password again first (allauth's reauthentication).
    reauthenticate = client.get(reverse("mfa_activate_totp"), follow=True)
    client.post(reauthenticate.redirect_chain[-1][0], {"password": PASSWORD})
    activate = client.get(reverse("mfa_activate_totp"))

    assert index.status_code == 200
    assert 'type="password"' in reauthenticate.content.decode()
    assert 'aria-label="Kontoindstillinger"' in index.content.decode()
    assert 'class="card mb-4"' in index.content.decode()
    assert activate.status_code == 200
    html = activate.content.decode()
    assert "totp-qr" in html
    assert 'id="authenticator_secret"' in html
    assert 'data-testid="current-user"' in html


def test_every_account_settings_page_has_the_account_menu(client, home, alice):
    log_in(client, alice)

    for name in ["account_change_password", "account_email", "mfa_index"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        html = response.content.decode()
        assert 'aria-label="Kontoindstillinger"' in html
        assert f'href="{reverse(name)}" aria-current="page"' in html
