"""The signed links in the e-mails: confirm a guest's sign-up, cancel a sign-up.

A link carries the registration's secret token, signed with a salt per purpose (a cancel link
cannot confirm). A confirmation link lasts three days; a cancel link as long as the sign-up.
A changed character or an old link raises ``BadLink``, which the views answer with a Danish
page (400), never a 500.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from core import site_url

CONFIRM_SALT = "events.registration.confirm"
CANCEL_SALT = "events.registration.cancel"
CONFIRM_MAX_AGE = timedelta(days=3)


class BadLink(Exception):
    """The link was changed, or it is too old."""


def _sign(token: str, salt: str) -> str:
    return signing.dumps(token, salt=salt)


def confirm_path(token: str) -> str:
    return reverse("events:confirm", kwargs={"signed": _sign(token, CONFIRM_SALT)})


def cancel_path(token: str) -> str:
    return reverse("events:cancel_link", kwargs={"signed": _sign(token, CANCEL_SALT)})


def confirm_url(token: str) -> str:
    return site_url.absolute_url(confirm_path(token))


def cancel_url(token: str) -> str:
    return site_url.absolute_url(cancel_path(token))


def token_from(signed: str, *, purpose: str) -> str:
    """The registration token a link carries; ``purpose`` is "confirm" or "cancel"."""
    salt = CONFIRM_SALT if purpose == "confirm" else CANCEL_SALT
    max_age = CONFIRM_MAX_AGE if purpose == "confirm" else None
    try:
        token = signing.loads(signed, salt=salt, max_age=max_age)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature too
        raise BadLink from error
    if not isinstance(token, str):
        raise BadLink
    return token
