"""Single sign-on and the second factor (issue 15, item 2; the two-factor policy of issue 11).

Privileged roles need TOTP. Through an identity provider that asserts a second factor in the
ID token's ``amr`` (and an organisation that trusts it), the session counts as two-factor: no
TOTP step at login, and the two-factor gate lets them through. Without it, allauth's TOTP step
runs for a login through an identity provider exactly as after a password, and the gate sends a
privileged person without TOTP to set it up.

Alice is HR of Fjordbo with TOTP; Hanne is HR of Fjordbo without; Bob is staff.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from organisations import demo
from organisations.sso.session import SESSION_KEY as MARKER
from tests.factories import person
from tests.support.oidc_provider import (
    QUIET,
    configure_identity_provider,
    local_oidc_provider,
    log_in_through,
)

pytestmark = [pytest.mark.django_db, QUIET]

SETUP = reverse("mfa_activate_totp")
CODE_STEP = reverse("mfa_authenticate")


@pytest.fixture
def oidc_provider():
    with local_oidc_provider() as provider:
        yield provider


@pytest.fixture
def fjordbo_sso(fjordbo, oidc_provider):
    return configure_identity_provider(fjordbo, oidc_provider, ["fjordbo.example"])


@pytest.fixture
def hanne(fjordbo):
    return person("hanne@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne", totp=False)


def _log_in(client: Client, provider, user, amr):
    claims = {"email": user.email, "email_verified": True}
    if amr is not None:
        claims["amr"] = amr
    provider.add_user(f"{user.pk}-sub", **claims)
    return log_in_through(client, provider, user.email, f"{user.pk}-sub")


def test_a_trusted_second_factor_skips_the_totp_step(client, alice, fjordbo_sso, oidc_provider):
    response = _log_in(client, oidc_provider, alice, ["pwd", "mfa"])
    assert response.status_code == 302
    assert response["Location"] == reverse("min_side")
    assert int(client.session[SESSION_KEY]) == alice.pk
    assert client.get(reverse("approvals")).status_code == 200


def test_without_amr_allauths_totp_step_runs_for_a_login_through_the_provider(
    client, alice, fjordbo_sso, oidc_provider
):
    response = _log_in(client, oidc_provider, alice, ["pwd"])
    assert response.status_code == 302
    assert response["Location"].startswith(CODE_STEP)
    assert SESSION_KEY not in client.session  # not logged in before the code

    response = client.post(CODE_STEP, {"code": demo.current_totp_code()})
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == alice.pk


def test_an_organisation_that_does_not_trust_its_provider_still_asks_for_the_code(
    client, alice, fjordbo_sso, oidc_provider
):
    fjordbo_sso.trust_idp_mfa = False
    fjordbo_sso.save()
    response = _log_in(client, oidc_provider, alice, ["pwd", "mfa"])
    assert response["Location"].startswith(CODE_STEP)
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "amr",
    [None, ["pwd"], ["pin"], ["sms"], ["kba"], "pwd", [], [{"mfa": True}]],
    ids=["none", "pwd", "pin", "sms", "kba", "string-pwd", "empty", "not-a-string"],
)
def test_without_an_accepted_second_factor_the_gate_asks_for_totp_setup(
    client, hanne, fjordbo_sso, oidc_provider, amr
):
    response = _log_in(client, oidc_provider, hanne, amr)
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == hanne.pk  # logged in, but gated
    response = client.get(reverse("approvals"))
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


def test_a_person_who_only_logs_in_through_the_provider_can_set_up_totp(
    client, fjordbo, fjordbo_sso, oidc_provider
):
    # Created by the first login (no password), later made HR: the gate's setup page opens at
    # once, as allauth has no password to ask again (nothing to reauthenticate with).
    from organisations import services
    from organisations.models import Membership, User

    oidc_provider.add_user("kim-sub", email="kim@fjordbo.example", email_verified=True)
    log_in_through(client, oidc_provider, "kim@fjordbo.example", "kim-sub")
    kim = User.objects.get(email="kim@fjordbo.example")
    services.membership_set_roles(
        membership=Membership.objects.get(user=kim), roles=["staff", "hr"], actor=kim
    )
    response = client.get(reverse("approvals"))
    assert response["Location"].startswith(SETUP)
    assert client.get(SETUP).status_code == 200


@pytest.mark.parametrize(
    "amr", [["pwd", "mfa"], ["otp"], ["hwk"], ["swk"], ["fpt"], ["face"], ["ngcmfa"], "mfa"]
)
def test_an_accepted_second_factor_counts_for_the_gate(
    client, hanne, fjordbo_sso, oidc_provider, amr
):
    _log_in(client, oidc_provider, hanne, amr)
    assert client.get(reverse("approvals")).status_code == 200
    assert (
        client.get(
            reverse("organisations:detail", kwargs={"pk": hanne.memberships.get().organisation_id})
        ).status_code
        == 200
    )


def test_the_second_factor_belongs_to_that_login_only(
    client, hanne, fjordbo, fjordbo_sso, oidc_provider
):
    _log_in(client, oidc_provider, hanne, ["mfa"])
    assert client.get(reverse("approvals")).status_code == 200
    # Another privileged person logs in in the same browser: Django's login flushes the session.
    other = person("ida@fjordbo.example", fjordbo, ["staff", "manager"], "Ida", totp=False)
    client.force_login(other)
    assert MARKER not in client.session
    assert client.get(reverse("approvals"))["Location"].startswith(SETUP)


def test_a_marker_that_names_another_account_does_not_count(
    client, hanne, fjordbo_sso, oidc_provider
):
    _log_in(client, oidc_provider, hanne, ["mfa"])
    session = client.session
    session[MARKER] = {"provider": session[MARKER]["provider"], "uid": "someone-else"}
    session.save()
    assert client.get(reverse("approvals"))["Location"].startswith(SETUP)


def test_a_password_login_never_counts_as_the_providers_factor(
    client, hanne, fjordbo_sso, oidc_provider
):
    # Hanne has a password too; after a login through the provider with mfa, logging out and in
    # with the password leaves her gated again.
    from tests.factories.organisations import PASSWORD

    _log_in(client, oidc_provider, hanne, ["mfa"])
    client.post(reverse("account_logout"))
    response = client.post("/konto/login/", {"login": hanne.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("approvals"))["Location"].startswith(SETUP)


def test_staff_pass_without_any_second_factor(client, bob, fjordbo_sso, oidc_provider):
    _log_in(client, oidc_provider, bob, None)
    assert client.get(reverse("min_side")).status_code == 200
