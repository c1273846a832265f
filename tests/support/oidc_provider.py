"""A real OpenID Connect provider on 127.0.0.1, for tests of single sign-on.

It is oidc-provider-mock (Flask and Authlib: authorisation-code flow, discovery, JWKS, signed
ID tokens, user info), served on a free port of the loopback for the length of a ``with`` block
or a test, and stopped after. Two things are added here:

- PKCE is enforced, with S256 only: an authorisation request without ``code_challenge`` (or
  with the ``plain`` method) is refused, and the code is exchanged only with the verifier that
  matches its challenge (RFC 7636; the comparison is Authlib's). oidc-provider-mock accepts a
  code without any of that on its own.
- ``tamper``: claims to overwrite in the ID tokens it issues next (``None`` removes a claim),
  re-signed with the provider's key, to prove that the application refuses a token with a wrong
  nonce, audience or issuer, or one that has expired.

Usage::

    with local_oidc_provider() as provider:
        provider.add_user("kim", email="kim@fjordbo.example", email_verified=True)
        provider.issuer  # "http://127.0.0.1:<port>", for IdentityProvider.issuer
        callback = provider.authorize(authorize_url, "kim")  # the person clicks "Authorize"

or as a fixture of one's own (a ``with local_oidc_provider() as provider: yield provider``), or
the ``oidc_provider`` fixture here, imported into a conftest. ``configure_identity_provider``
gives an organisation an identity provider there, and ``log_in_through`` runs the whole login
with Django's test client. A browser can use the provider too: its authorisation page has a
field for the subject and an "Authorize" button (its stylesheet comes from a CDN: block it).
"""

from __future__ import annotations

import html
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import flask
import pytest
import requests
import werkzeug.serving
from authlib.oauth2.rfc7636.challenge import (
    CODE_CHALLENGE_PATTERN,
    CODE_VERIFIER_PATTERN,
    compare_s256_code_challenge,
)
from joserfc import jwt
from joserfc.jwk import RSAKey

with warnings.catch_warnings():
    # oidc-provider-mock imports Authlib's deprecated authlib.jose: its business, not ours.
    warnings.simplefilter("ignore", DeprecationWarning)
    import oidc_provider_mock

# For a test module's pytestmark: Authlib warns, on the provider's thread, about the API that
# oidc-provider-mock uses to sign ID tokens. Its business, not the application's.
QUIET = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")

HOST = "127.0.0.1"
AUTHORIZE_PATH = "/oauth2/authorize"
TOKEN_PATH = "/oauth2/token"


@dataclass
class LocalOidcProvider:
    """The running provider: its issuer, its users, and what clients asked of it."""

    issuer: str
    # Claims to overwrite in every ID token issued from now on (None removes the claim).
    tamper: dict[str, Any] = field(default_factory=dict)
    # The authorisation requests' and token requests' parameters, in order (for assertions).
    authorization_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    # Every request's method and path, in order.
    requests_seen: list[str] = field(default_factory=list)
    _challenges: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def authorize_endpoint(self) -> str:
        return self.issuer + AUTHORIZE_PATH

    @property
    def token_endpoint(self) -> str:
        return self.issuer + TOKEN_PATH

    def add_user(self, sub: str, **claims: Any) -> None:
        """Create or replace a user (``sub``) with these claims (email, email_verified, amr …)."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()

    def authorize(self, url: str, sub: str) -> str:
        """Open the authorisation ``url`` and approve it as ``sub``, as a person would; the
        redirect back to the client (its callback with ``code`` and ``state``)."""
        with requests.Session() as session:
            page = session.get(url, allow_redirects=False, timeout=5)
            if page.status_code != 200:
                where = page.headers.get("Location", "")
                raise AssertionError(
                    f"The provider refused the request: {page.status_code} {where}"
                )
            response = session.post(url, data={"sub": sub}, allow_redirects=False, timeout=5)
        if response.status_code not in (302, 303):
            raise AssertionError(f"The provider did not redirect back: {response.status_code}")
        return response.headers["Location"]

    def deny(self, url: str) -> str:
        """Open ``url`` and press "Deny": the redirect back, with ``error=access_denied``.

        oidc-provider-mock leaves the ``state`` out of that redirect; RFC 6749 (4.1.2.1) and
        every real provider send it back, so it is added here.
        """
        response = requests.post(url, data={"action": "deny"}, allow_redirects=False, timeout=5)
        location = response.headers["Location"]
        state = parse_qs(urlsplit(url).query).get("state", [""])[0]
        if state and "state=" not in urlsplit(location).query:
            location += ("&" if "?" in location else "?") + urlencode({"state": state})
        return location

    # --- inside the provider (Flask hooks) ------------------------------------------------

    def _refuse(self, error: str, description: str) -> flask.Response:
        response = flask.jsonify({"error": error, "error_description": description})
        response.status_code = 400
        return response

    def _check_authorization_request(self) -> flask.Response | None:
        args = flask.request.args
        if flask.request.method == "GET":
            with self._lock:
                self.authorization_requests.append(dict(args))
        challenge = args.get("code_challenge", "")
        if args.get("code_challenge_method") != "S256" or not CODE_CHALLENGE_PATTERN.match(
            challenge
        ):
            return self._refuse("invalid_request", "PKCE with code_challenge_method=S256 required")
        return None

    def _remember_challenge(self, response: flask.Response) -> None:
        location = response.headers.get("Location", "")
        code = parse_qs(urlsplit(location).query).get("code", [""])[0]
        if code:
            with self._lock:
                self._challenges[code] = flask.request.args["code_challenge"]

    def _check_token_request(self) -> flask.Response | None:
        form = flask.request.form
        with self._lock:
            self.token_requests.append({k: v for k, v in form.items() if k != "client_secret"})
        if form.get("grant_type") != "authorization_code":
            return None
        with self._lock:
            challenge = self._challenges.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        if challenge is None:
            return self._refuse("invalid_grant", "Unknown or used authorization code")
        if not verifier or not CODE_VERIFIER_PATTERN.match(verifier):
            return self._refuse("invalid_request", "Missing or malformed code_verifier")
        if not compare_s256_code_challenge(verifier, challenge):
            return self._refuse("invalid_grant", "Code challenge failed")
        return None

    def _tamper_id_token(self, response: flask.Response) -> flask.Response:
        body = response.get_json(silent=True) or {}
        token = body.get("id_token")
        if not self.tamper or not token:
            return response
        key = RSAKey.import_key(flask.g.oidc_provider_mock_storage.jwk.as_dict(is_private=True))
        decoded = jwt.decode(token, key)
        claims = dict(decoded.claims)
        for name, value in self.tamper.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        body["id_token"] = jwt.encode(dict(decoded.header), claims, key)
        response.set_data(flask.json.dumps(body))
        return response

    def install(self, app: flask.Flask) -> None:
        @app.before_request
        def before() -> flask.Response | None:
            with self._lock:
                self.requests_seen.append(f"{flask.request.method} {flask.request.path}")
            if flask.request.path == AUTHORIZE_PATH:
                return self._check_authorization_request()
            if flask.request.path == TOKEN_PATH and flask.request.method == "POST":
                return self._check_token_request()
            return None

        @app.after_request
        def after(response: flask.Response) -> flask.Response:
            path = flask.request.path
            if path == AUTHORIZE_PATH and flask.request.method == "POST":
                self._remember_challenge(response)
            if path == TOKEN_PATH and response.status_code == 200:
                return self._tamper_id_token(response)
            return response


class _QuietHandler(werkzeug.serving.WSGIRequestHandler):
    """No line per request on the test output."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@contextmanager
def local_oidc_provider(*, require_nonce: bool = True) -> Iterator[LocalOidcProvider]:
    """Run the provider on a free port of 127.0.0.1 until the block ends.

    ``require_nonce``: the provider refuses an authorisation request without a nonce (true by
    default: the application must send one).
    """
    app = oidc_provider_mock.app(require_nonce=require_nonce)
    server = werkzeug.serving.make_server(
        HOST, 0, app, threaded=True, request_handler=_QuietHandler
    )
    provider = LocalOidcProvider(issuer=f"http://{HOST}:{server.server_port}")
    provider.install(app)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def oidc_provider() -> Iterator[LocalOidcProvider]:
    """A fresh local OpenID Connect provider for one test."""
    with local_oidc_provider() as provider:
        yield provider


# --- The application's side: an organisation that logs in through the provider -------------


def configure_identity_provider(
    organisation: Any,
    provider: LocalOidcProvider,
    domains: list[str],
    **fields: Any,
) -> Any:
    """Give ``organisation`` an enabled identity provider at ``provider`` for ``domains``
    (``fields``: require_sso, trust_idp_mfa …)."""
    from organisations.models import IdentityProvider, IdentityProviderDomain

    row = IdentityProvider.objects.create(
        organisation=organisation,
        name=fields.pop("name", "Testudbyder"),
        issuer=provider.issuer,
        client_id=fields.pop("client_id", "almenlaering"),
        client_secret=fields.pop("client_secret", "klient-hemmelighed"),
        **fields,
    )
    for domain in domains:
        IdentityProviderDomain.objects.create(provider=row, domain=domain)
    return row


REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def authorize_url_of(response: Any) -> str:
    """Where the login page sends the browser: the provider's authorisation URL, from the page
    that goes there by itself (a meta refresh; a redirect after a form would break the CSP)."""
    assert response.status_code == 200, (response.status_code, response.content[:500])
    found = REFRESH.search(response.content.decode())
    assert found, response.content.decode()[:2000]
    return html.unescape(found.group(1))


def log_in_through(
    client: Any, provider: LocalOidcProvider, email: str, sub: str, *, next_url: str = ""
) -> Any:
    """Type ``email`` on the login page, approve at the provider as ``sub`` and come back to
    the application's callback with Django's test client; the callback's response."""
    data = {"login": email}
    if next_url:
        data["next"] = next_url
    response = client.post("/konto/login/", data)
    callback = urlsplit(provider.authorize(authorize_url_of(response), sub))
    return client.get(f"{callback.path}?{callback.query}")
