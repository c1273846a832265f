"""The local OpenID Connect provider of the single sign-on tests is strict (no database).

oidc-provider-mock on its own exchanges a code without PKCE; tests/support/oidc_provider.py
makes it demand S256. These tests prove it, so that the login tests' "the provider checked the
verifier" means something.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests

from tests.support.oidc_provider import QUIET, LocalOidcProvider, local_oidc_provider

pytestmark = QUIET

REDIRECT = "http://testserver/callback/"


@pytest.fixture(scope="module")
def provider():
    with local_oidc_provider() as running:
        running.add_user("kim", email="kim@fjordbo.example", email_verified=True, amr=["mfa"])
        yield running


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _authorize_url(provider: LocalOidcProvider, **params: str) -> str:
    query = {
        "client_id": "almenlaering",
        "redirect_uri": REDIRECT,
        "scope": "openid email profile",
        "response_type": "code",
        "state": "tilstand",
        "nonce": "engangsord",
        **params,
    }
    return f"{provider.authorize_endpoint}?{urlencode({k: v for k, v in query.items() if v})}"


def _code(provider: LocalOidcProvider, challenge: str) -> str:
    url = _authorize_url(provider, code_challenge=challenge, code_challenge_method="S256")
    back = provider.authorize(url, "kim")
    return parse_qs(urlsplit(back).query)["code"][0]


def _token(provider: LocalOidcProvider, code: str, verifier: str | None) -> requests.Response:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "client_id": "almenlaering",
        "client_secret": "hemmelig",
    }
    if verifier is not None:
        data["code_verifier"] = verifier
    return requests.post(provider.token_endpoint, data=data, timeout=5)


@pytest.mark.parametrize(
    "params",
    [{}, {"code_challenge_method": "S256"}, {"code_challenge": "x" * 43}],
    ids=["no-pkce", "no-challenge", "no-method"],
)
def test_an_authorisation_request_without_s256_pkce_is_refused(provider, params):
    response = requests.get(_authorize_url(provider, **params), timeout=5)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_the_plain_method_is_refused(provider):
    verifier, _challenge = _pkce()
    url = _authorize_url(provider, code_challenge=verifier, code_challenge_method="plain")
    assert requests.get(url, timeout=5).status_code == 400


def test_an_authorisation_request_without_a_nonce_is_refused(provider):
    _verifier, challenge = _pkce()
    url = _authorize_url(provider, nonce="", code_challenge=challenge, code_challenge_method="S256")
    response = requests.get(url, allow_redirects=False, timeout=5)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response.headers["Location"]).query)["error"] == ["invalid_request"]


def test_a_token_request_without_the_verifier_fails(provider):
    _verifier, challenge = _pkce()
    response = _token(provider, _code(provider, challenge), None)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_a_token_request_with_another_verifier_fails(provider):
    _verifier, challenge = _pkce()
    other, _other_challenge = _pkce()
    response = _token(provider, _code(provider, challenge), other)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_the_right_verifier_gets_a_signed_id_token_with_the_nonce(provider):
    verifier, challenge = _pkce()
    code = _code(provider, challenge)
    response = _token(provider, code, verifier)
    assert response.status_code == 200
    id_token = response.json()["id_token"]
    keys = jwt.PyJWKClient(f"{provider.issuer}/jwks").get_signing_keys()
    claims = jwt.decode(id_token, keys[0].key, algorithms=["RS256"], audience="almenlaering")
    assert claims["nonce"] == "engangsord"
    assert claims["iss"] == provider.issuer
    assert claims["amr"] == ["mfa"]
    # A code works once.
    assert _token(provider, code, verifier).status_code == 400


def test_tampered_claims_are_re_signed_with_the_providers_key(provider):
    verifier, challenge = _pkce()
    provider.tamper = {"aud": "en-anden-klient", "nonce": None}
    try:
        response = _token(provider, _code(provider, challenge), verifier)
    finally:
        provider.tamper = {}
    id_token = response.json()["id_token"]
    keys = jwt.PyJWKClient(f"{provider.issuer}/jwks").get_signing_keys()
    claims = jwt.decode(id_token, keys[0].key, algorithms=["RS256"], audience="en-anden-klient")
    assert "nonce" not in claims
