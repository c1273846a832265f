"""The identity provider's discovery document (OpenID Connect Discovery 1.0), fetched politely.

allauth fetches ``<issuer>/.well-known/openid-configuration`` on every step of a login: once to
send the person away and again when they come back. The document changes rarely, so it is kept
in the cache for a while: the callback then does not depend on the identity provider's
discovery endpoint answering a second time, and a login costs one round trip less.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

WELL_KNOWN = "/.well-known/openid-configuration"
# A little longer than allauth keeps a login's state (600 seconds): a person who comes back
# from the identity provider finds the document that sent them there.
CACHE_SECONDS = 900
REQUIRED_KEYS = ("issuer", "authorization_endpoint", "token_endpoint")


class DiscoveryError(Exception):
    """The discovery document could not be fetched or is not one; the message is Danish."""


def discovery_url(issuer: str) -> str:
    """Where the issuer publishes its discovery document (a trailing slash is allowed)."""
    return issuer.rstrip("/") + WELL_KNOWN


def cache_key(url: str) -> str:
    return "lms-sso-discovery:" + hashlib.sha256(url.encode()).hexdigest()


def cached_document(url: str) -> dict[str, Any] | None:
    """The document fetched from ``url`` within the last minutes, if there is one."""
    document = cache.get(cache_key(url))
    return document if isinstance(document, dict) else None


def remember_document(url: str, document: dict[str, Any]) -> None:
    cache.set(cache_key(url), document, CACHE_SECONDS)


def forget_document(issuer: str) -> None:
    """Drop a cached document, so that a changed configuration is read afresh."""
    cache.delete(cache_key(discovery_url(issuer)))


def check_issuer(issuer: str, *, timeout: float | None = None) -> dict[str, Any]:
    """Fetch and check the issuer's discovery document; raise ``DiscoveryError`` if it fails.

    Used by the admin before an identity provider is switched on: a provider whose document
    does not answer would send every person of its domains to a dead end. ``timeout`` (seconds,
    by default ``LMS_SSO_DISCOVERY_TIMEOUT``) bounds the wait, so a save never hangs.
    """
    url = discovery_url(issuer)
    seconds = timeout if timeout is not None else settings.LMS_SSO_DISCOVERY_TIMEOUT
    try:
        response = requests.get(url, timeout=seconds, allow_redirects=False)
    except requests.Timeout as error:
        raise DiscoveryError(
            _("Udstederen svarede ikke inden for %(seconds)s sekunder (%(url)s).")
            % {"seconds": seconds, "url": url}
        ) from error
    except requests.RequestException as error:
        raise DiscoveryError(
            _("Udstederens adresse kunne ikke nås (%(url)s).") % {"url": url}
        ) from error
    if response.status_code != 200:
        raise DiscoveryError(
            _("Udstederen svarede med status %(status)s på %(url)s.")
            % {"status": response.status_code, "url": url}
        )
    document = _parse(response.content)
    missing = [key for key in REQUIRED_KEYS if not isinstance(document.get(key), str)]
    if missing:
        raise DiscoveryError(
            _("%(url)s er ikke et OpenID Connect discovery-dokument.") % {"url": url}
        )
    remember_document(url, document)
    return document


def _parse(content: bytes) -> dict[str, Any]:
    try:
        document = json.loads(content)
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


class CachingSession(requests.Session):
    """A requests session for allauth that serves discovery documents from the cache.

    Every request gets allauth's timeout; other requests (token, user info) go out as usual.
    """

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def request(  # type: ignore[override]
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        if method.upper() != "GET" or not url.endswith(WELL_KNOWN):
            return super().request(method, url, *args, **kwargs)
        document = cached_document(url)
        if document is not None:
            return _json_response(url, document)
        response = super().request(method, url, *args, **kwargs)
        if response.status_code == 200:
            parsed = _parse(response.content)
            if parsed:
                remember_document(url, parsed)
        return response


def _json_response(url: str, document: dict[str, Any]) -> requests.Response:
    """A response as if ``url`` had answered ``document`` now."""
    response = requests.Response()
    response.status_code = 200
    response.url = url
    response.encoding = "utf-8"
    response.headers["Content-Type"] = "application/json"
    # requests has no public constructor for a response with a body; this is its own field.
    response._content = json.dumps(document).encode()
    return response
