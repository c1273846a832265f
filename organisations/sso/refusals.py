"""Why a login through an identity provider failed, as a short code for the log and the audit.

allauth reports its own refusals (a bad state, an ID token with the wrong issuer, audience or
expiry) as an error with an exception; ours come as ``policy.SsoRefusal``.
"""

from __future__ import annotations

from typing import Any

import jwt
import requests
from allauth.socialaccount.providers.base import AuthError
from allauth.socialaccount.providers.oauth2.client import OAuth2Error

from organisations.sso.policy import SsoRefusal

# PyJWT's verdict on the ID token, which allauth wraps in OAuth2Error("Invalid id_token").
TOKEN_ERRORS: tuple[tuple[type[Exception], str], ...] = (
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.InvalidAudienceError, "audience"),
    (jwt.InvalidIssuerError, "issuer"),
    (jwt.ImmatureSignatureError, "not_yet_valid"),
    (jwt.PyJWTError, "id_token"),
)


def refusal_reason(
    error: str | None, exception: BaseException | None, context: dict[str, Any]
) -> str:
    """A code such as ``nonce``, ``state``, ``audience`` or ``email_unverified``."""
    if isinstance(exception, SsoRefusal):
        return exception.reason
    if error == AuthError.CANCELLED:
        return "cancelled"
    if exception is None:
        # allauth's callback: no state in the session for the one sent back (forged, reused
        # or expired), or the provider sent an error instead of a code.
        return "state" if "state" not in context else "provider_error"
    if isinstance(exception, OAuth2Error):
        cause = exception.__cause__
        for kind, code in TOKEN_ERRORS:
            if isinstance(cause, kind):
                return code
        return "token_request"
    if isinstance(exception, requests.RequestException):
        return "network"
    return "unknown"
