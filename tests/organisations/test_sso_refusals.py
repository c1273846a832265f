"""Single sign-on refusals (issue 15, "Bad input"): each refused, nothing created, logged.

Against the real local OpenID Connect provider. Some checks are allauth's own (the state, and
the ID token's issuer, audience and expiry); the others are ours (the nonce, the subject, the
verified address, its domain, another organisation's person). Each is proved here rather than
trusted: the provider issues a genuine token with one thing wrong (``provider.tamper``).
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from core.models import AccessEvent
from organisations.models import Membership, User
from tests.factories import person
from tests.support.oidc_provider import (
    QUIET,
    authorize_url_of,
    configure_identity_provider,
    local_oidc_provider,
)

pytestmark = [pytest.mark.django_db, QUIET]


@pytest.fixture
def oidc_provider():
    with local_oidc_provider() as provider:
        yield provider


LOGIN = "/konto/login/"
KIM = "kim@fjordbo.example"


@pytest.fixture
def fjordbo_sso(fjordbo, oidc_provider):
    return configure_identity_provider(fjordbo, oidc_provider, ["fjordbo.example"])


def _counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        SocialAccount.objects.count(),
        Membership.objects.count(),
        EmailAddress.objects.count(),
    )


def _callback(client: Client, provider, email: str, sub: str):
    """Start at the login page and approve at the provider: the callback, not yet followed."""
    response = client.post(LOGIN, {"login": email})
    return urlsplit(provider.authorize(authorize_url_of(response), sub))


def _follow(client: Client, callback, **replace: str):
    query = dict(item.split("=", 1) for item in callback.query.split("&"))
    query.update(replace)
    return client.get(f"{callback.path}?{urlencode(query)}")


def _assert_refused(client: Client, response, before, reason: str, caplog) -> None:
    assert response.status_code == 401, response.content[:300]
    assert "Log ind mislykkedes" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert _counts() == before, "something was created"
    assert AccessEvent.objects.filter(
        action="login_failed", detail__step="sso", detail__reason=reason
    ).exists(), list(AccessEvent.objects.values_list("detail", flat=True))
    assert any(
        record.levelno == logging.WARNING and reason in record.getMessage()
        for record in caplog.records
        if record.name == "organisations.sso"
    )


def test_a_forged_state_is_refused(client, fjordbo_sso, oidc_provider, caplog):
    oidc_provider.add_user("kim-sub", email=KIM, email_verified=True)
    before = _counts()
    callback = _callback(client, oidc_provider, KIM, "kim-sub")
    response = _follow(client, callback, state="forfalsket-state")
    _assert_refused(client, response, before, "state", caplog)


def test_a_callback_replayed_in_another_browser_is_refused(
    client,
    fjordbo_sso,
    oidc_provider,
    caplog,
):
    oidc_provider.add_user("kim-sub", email=KIM, email_verified=True)
    callback = _callback(client, oidc_provider, KIM, "kim-sub")
    attacker = Client()
    before = _counts()
    response = _follow(attacker, callback)
    _assert_refused(attacker, response, before, "state", caplog)
    # The state is not used up by the attacker: the person's own browser still gets in.
    assert _follow(client, callback).status_code == 302


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        ({"nonce": "ikke-den-rigtige"}, "nonce"),
        ({"nonce": None}, "nonce"),
        ({"aud": "en-anden-klient"}, "audience"),
        ({"iss": "https://evil.example"}, "issuer"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "expired"),
        ({"sub": "en-anden"}, "subject"),
    ],
    ids=["wrong-nonce", "no-nonce", "wrong-audience", "wrong-issuer", "expired", "other-subject"],
)
def test_an_id_token_with_one_thing_wrong_is_refused(
    client,
    fjordbo_sso,
    oidc_provider,
    caplog,
    tamper,
    reason,
):
    oidc_provider.add_user("kim-sub", email=KIM, email_verified=True)
    oidc_provider.tamper = tamper
    before = _counts()
    response = _follow(client, _callback(client, oidc_provider, KIM, "kim-sub"))
    _assert_refused(client, response, before, reason, caplog)


def test_a_wrong_nonce_for_an_existing_person_links_nothing(
    client,
    bob,
    fjordbo_sso,
    oidc_provider,
    caplog,
):
    oidc_provider.add_user("bob-sub", email=bob.email, email_verified=True)
    oidc_provider.tamper = {"nonce": "gammel-nonce"}
    before = _counts()
    response = _follow(client, _callback(client, oidc_provider, bob.email, "bob-sub"))
    _assert_refused(client, response, before, "nonce", caplog)
    assert not SocialAccount.objects.filter(user=bob).exists()


@pytest.mark.parametrize(
    ("claims", "reason", "message"),
    [
        ({"email": KIM, "email_verified": False}, "email_unverified", "ikke bekræftet"),
        ({"email": KIM}, "email_unverified", "ikke bekræftet"),
        ({"email": KIM, "email_verified": False, "xms_edov": True}, "email_unverified", "ikke"),
        ({}, "email_missing", "ingen e-mailadresse"),
        ({"email": "kim@gmail.example", "email_verified": True}, "domain", "domæner, Fjordbo"),
    ],
    ids=["unverified", "no-verification-claim", "unverified-wins", "no-address", "other-domain"],
)
def test_an_address_the_provider_does_not_vouch_for_is_refused(
    client,
    fjordbo_sso,
    oidc_provider,
    caplog,
    claims,
    reason,
    message,
):
    oidc_provider.add_user("kim-sub", **claims)
    before = _counts()
    response = _follow(client, _callback(client, oidc_provider, KIM, "kim-sub"))
    _assert_refused(client, response, before, reason, caplog)
    assert message in response.content.decode()


def test_entra_ids_domain_owner_claim_counts_as_verified(client, fjordbo_sso, oidc_provider):
    # Microsoft Entra ID sends no email_verified; its optional claim xms_edov says the domain's
    # owner is verified.
    oidc_provider.add_user("kim-sub", email=KIM, xms_edov=True)
    response = _follow(client, _callback(client, oidc_provider, KIM, "kim-sub"))
    assert response.status_code == 302
    assert User.objects.filter(email=KIM).exists()


def test_a_closed_account_is_refused(client, bob, fjordbo_sso, oidc_provider, caplog):
    bob.is_active = False
    bob.save()
    oidc_provider.add_user("bob-sub", email=bob.email, email_verified=True)
    before = _counts()
    response = _follow(client, _callback(client, oidc_provider, bob.email, "bob-sub"))
    _assert_refused(client, response, before, "inactive", caplog)
    assert not SocialAccount.objects.filter(user=bob).exists()


def test_a_person_linked_to_another_organisations_provider_is_refused(
    client,
    fjordbo,
    nordlys,
    fjordbo_sso,
    oidc_provider,
    caplog,
):
    kim = person(KIM, fjordbo, ["staff"], "Kim")
    SocialAccount.objects.create(user=kim, provider=f"org-{nordlys.pk}", uid="nordlys-kim")
    oidc_provider.add_user("kim-sub", email=KIM, email_verified=True)
    before = _counts()
    response = _follow(client, _callback(client, oidc_provider, KIM, "kim-sub"))
    _assert_refused(client, response, before, "other_organisation", caplog)
    assert AccessEvent.objects.filter(
        subject_id=kim.pk, detail__reason="other_organisation"
    ).exists()


def test_a_member_of_an_organisation_that_requires_its_own_sso_is_refused(
    client,
    nordlys,
    fjordbo_sso,
    oidc_provider,
    caplog,
):
    kim = person(KIM, nordlys, ["staff"], "Kim")
    with local_oidc_provider() as other:
        configure_identity_provider(nordlys, other, ["nordlys.example"], require_sso=True)
        oidc_provider.add_user("kim-sub", email=KIM, email_verified=True)
        before = _counts()
        response = _follow(client, _callback(client, oidc_provider, KIM, "kim-sub"))
    _assert_refused(client, response, before, "other_organisation", caplog)
    assert not SocialAccount.objects.filter(user=kim).exists()


def test_the_same_first_login_twice_at_once_creates_one_person(
    client, fjordbo_sso, oidc_provider, caplog, monkeypatch
):
    # The other tab won the race: saving this login's account hits the unique address. The
    # login is refused in Danish (try again), not a server error, and nothing half-saved stays.
    from allauth.socialaccount.models import SocialLogin
    from django.db import IntegrityError

    def lost_the_race(self, request, connect=False):
        self.user.save()
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(SocialLogin, "save", lost_the_race)
    oidc_provider.add_user("kim-sub", email=KIM, email_verified=True)
    before = _counts()
    response = _follow(client, _callback(client, oidc_provider, KIM, "kim-sub"))
    _assert_refused(client, response, before, "duplicate", caplog)
    assert "Prøv at logge ind igen" in response.content.decode()


def test_a_code_the_provider_no_longer_exchanges_is_refused(
    client,
    fjordbo_sso,
    oidc_provider,
    caplog,
):
    # The provider forgets the code's PKCE challenge (as if the code were used already): the
    # token request fails, and allauth reports it rather than failing with an error page.
    oidc_provider.add_user("kim-sub", email=KIM, email_verified=True)
    callback = _callback(client, oidc_provider, KIM, "kim-sub")
    oidc_provider._challenges.clear()
    before = _counts()
    response = _follow(client, callback)
    _assert_refused(client, response, before, "token_request", caplog)
    assert oidc_provider.token_requests[-1]["code_verifier"]


def test_cancelling_at_the_provider_creates_nothing(client, fjordbo_sso, oidc_provider):
    before = _counts()
    response = client.post(LOGIN, {"login": KIM})
    back = urlsplit(oidc_provider.deny(authorize_url_of(response)))
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_login_cancelled")
    assert _counts() == before
    assert SESSION_KEY not in client.session


def test_a_provider_switched_off_during_the_login_lets_nobody_in(
    client,
    fjordbo_sso,
    oidc_provider,
):
    oidc_provider.add_user("kim-sub", email=KIM, email_verified=True)
    callback = _callback(client, oidc_provider, KIM, "kim-sub")
    fjordbo_sso.is_enabled = False
    fjordbo_sso.save()
    before = _counts()
    response = _follow(client, callback)
    assert response.status_code == 404
    assert _counts() == before
    assert SESSION_KEY not in client.session
