"""The stable URLs a credential names: they are signed into it, so they never follow the
request's host. Every one is built from the configured public address (``LMS_BASE_URL``).
"""

from __future__ import annotations

from django.urls import reverse

from core.site_url import configured_base_url

# The published contexts and schema every credential names (OB 3.0 and VC data model 2.0).
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
OB_SCHEMA_TYPE = "1EdTechJsonSchemaValidator2019"


def _absolute(name: str, **kwargs: object) -> str:
    return configured_base_url() + reverse(name, kwargs=kwargs or None)


def jwks_url() -> str:
    return _absolute("badge_jwks")


def key_url(kid: str) -> str:
    """The key's own URL, which is also its ``kid`` in the JWS header and in the key set."""
    return _absolute("badge_key", kid=kid)


def issuer_url(provider_id: int) -> str:
    return _absolute("badge_issuer", pk=provider_id)


def achievement_url(course_id: int) -> str:
    return _absolute("badge_achievement", pk=course_id)


def status_list_url(provider_id: int, number: int) -> str:
    return _absolute("badge_status_list", pk=provider_id, number=number)


def kid_of_url(url: str) -> str | None:
    """The key id in one of our key URLs; None for any other URL (another issuer's key)."""
    prefix, suffix = key_url("KID").split("KID")
    if not (url.startswith(prefix) and url.endswith(suffix)):
        return None
    kid = url[len(prefix) : len(url) - len(suffix)]
    return kid or None
