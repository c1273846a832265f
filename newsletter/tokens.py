"""Signed links of the newsletter: confirm a sign-up (7 days) and unsubscribe (no expiry).

Each kind has its own salt, so a confirmation token can never be used to unsubscribe or the
other way round. The tokens sign the subscriber's id only: nothing personal is in the link.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)


class TokenExpired(Exception):
    """The signature is good, but the link is older than it may be."""


class TokenInvalid(Exception):
    """The link was altered or was never ours."""


def confirm_token(subscriber_id: int) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber_id))


def unsubscribe_token(subscriber_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber_id))


def _as_id(value: str) -> int:
    if not value.isdigit():
        raise TokenInvalid
    return int(value)


def confirm_token_id(token: str) -> int:
    """The subscriber id in a confirmation token; TokenExpired or TokenInvalid otherwise."""
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    try:
        return _as_id(signer.unsign(token, max_age=CONFIRM_MAX_AGE))
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except signing.BadSignature as exc:
        raise TokenInvalid from exc


def unsubscribe_token_id(token: str) -> int:
    """The subscriber id in an unsubscribe token; TokenInvalid otherwise."""
    try:
        return _as_id(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except signing.BadSignature as exc:
        raise TokenInvalid from exc
