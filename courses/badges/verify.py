"""Checking an OpenBadgeCredential the way a verifier does (OB 3.0 § 8.2.6 and § 9):
the signature with the published key its ``kid`` names, the JWT claims against the credential,
the validity dates, and the bit in the issuer's status list.

Only our own credentials can be checked here: a ``kid`` outside this site's key URLs is not
fetched (the server reaches out to no one), it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import jwt
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.site_url import configured_base_url
from courses.badges import addresses, keys, status
from courses.badges.documents import identity_hash
from courses.models import BadgeCredential, BadgeSigningKey, Certificate


class BadgeState(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass(frozen=True)
class BadgeCheck:
    """The outcome, and for an invalid credential why (a Danish sentence). ``claims`` is the
    verified payload (None when the signature did not verify)."""

    state: BadgeState
    reason: str | Promise = ""
    issuer_name: str = ""
    valid_until: datetime | None = None
    claims: dict[str, Any] | None = None

    @property
    def signature_valid(self) -> bool:
        return self.state != BadgeState.INVALID

    @property
    def name(self) -> str:
        return str((self.claims or {}).get("name", ""))

    @property
    def valid_from(self) -> datetime | None:
        nbf = (self.claims or {}).get("nbf")
        return datetime.fromtimestamp(nbf, tz=UTC) if isinstance(nbf, int) else None

    def issued_to(self, email: str) -> bool:
        """Whether the credential names ``email`` (OB 3.0 § 9: hash it with the salt)."""
        subject = (self.claims or {}).get("credentialSubject", {})
        for identity in subject.get("identifier", []) if isinstance(subject, dict) else []:
            if not isinstance(identity, dict) or identity.get("identityType") != "emailAddress":
                continue
            expected = str(identity.get("identityHash", "")).lower()
            if identity.get("hashed"):
                if identity_hash(email, str(identity.get("salt", ""))) == expected:
                    return True
            elif expected == email.strip().lower():
                return True
        return False


class _Refused(Exception):
    def __init__(self, reason: str | Promise) -> None:
        super().__init__(str(reason))
        self.reason = reason


UNREADABLE = _("Teksten er ikke et Open Badge i JWT-format.")
UNKNOWN_KEY = _("Beviset er ikke signeret med en af AlmenLærings nøgler.")
BAD_SIGNATURE = _("Signaturen passer ikke: beviset er ændret, efter det blev udstedt.")
BAD_CLAIMS = _("Beviset er ikke udformet som et Open Badge fra AlmenLæring.")
NOT_YET = _("Beviset er endnu ikke gyldigt.")
NO_STATUS = _("Beviset henviser ikke til AlmenLærings statusliste.")


def _signing_key(token: str) -> BadgeSigningKey:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        raise _Refused(UNREADABLE) from None
    kid = addresses.kid_of_url(str(header.get("kid", "")))
    key = BadgeSigningKey.objects.filter(kid=kid).first() if kid else None
    if key is None or header.get("alg") != keys.ALGORITHM:
        raise _Refused(UNKNOWN_KEY)
    return key


def _verified_claims(token: str, key: BadgeSigningKey) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            keys.public_key(key),
            algorithms=[keys.ALGORITHM],
            # The dates are read below: an expired credential is "expired", not "invalid".
            options={
                "verify_exp": False,
                "verify_nbf": False,
                "require": ["iss", "jti", "sub", "nbf"],
            },
        )
    except jwt.InvalidSignatureError:
        raise _Refused(BAD_SIGNATURE) from None
    except jwt.InvalidTokenError:
        raise _Refused(BAD_CLAIMS) from None
    return claims


def _numeric(value: str) -> int:
    return int(datetime.fromisoformat(value).timestamp())


def _check_claims(claims: dict[str, Any]) -> None:
    """Each JWT claim must equal the credential property it mirrors (OB 3.0 § 8.2.6.1)."""
    try:
        pairs = [
            (claims["iss"], claims["issuer"]["id"]),
            (claims["jti"], claims["id"]),
            (claims["sub"], claims["credentialSubject"]["id"]),
            (claims["nbf"], _numeric(claims["validFrom"])),
        ]
        if "exp" in claims or "validUntil" in claims:
            pairs.append((claims["exp"], _numeric(claims["validUntil"])))
    except (KeyError, TypeError, ValueError):
        raise _Refused(BAD_CLAIMS) from None
    if any(left != right for left, right in pairs):
        raise _Refused(BAD_CLAIMS)


def _status_list(url: str) -> tuple[int, int]:
    """(provider id, list number) of one of our status list URLs."""
    base = configured_base_url()
    if not url.startswith(base + "/"):
        raise _Refused(NO_STATUS)
    try:
        match = resolve(url[len(base) :])
    except Resolver404:
        raise _Refused(NO_STATUS) from None
    if match.url_name != "badge_status_list":
        raise _Refused(NO_STATUS)
    return int(match.kwargs["pk"]), int(match.kwargs["number"])


def _is_revoked(claims: dict[str, Any]) -> bool:
    """The credential's bit in its issuer's status list, as the list is published now."""
    entry = claims.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("statusPurpose") != status.PURPOSE:
        raise _Refused(NO_STATUS)
    provider_id, number = _status_list(str(entry.get("statusListCredential", "")))
    # The list must be the issuer's own (W3C: the status list's issuer is the credential's).
    if addresses.issuer_url(provider_id) != claims["iss"]:
        raise _Refused(NO_STATUS)
    try:
        index = int(entry["statusListIndex"])
    except (KeyError, TypeError, ValueError):
        raise _Refused(NO_STATUS) from None
    if not 0 <= index < status.LIST_SIZE:
        raise _Refused(NO_STATUS)
    return status.is_set(status.list_bits(provider_id, number), index)


def check_token(token: str, *, now: datetime | None = None) -> BadgeCheck:
    """Verify a compact JWS issued here; the state says valid, revoked, expired or invalid."""
    now = now or timezone.now()
    try:
        claims = _verified_claims(token.strip(), _signing_key(token.strip()))
        _check_claims(claims)
        if claims["nbf"] > now.timestamp():
            raise _Refused(NOT_YET)
        revoked = _is_revoked(claims)
    except _Refused as refused:
        return BadgeCheck(BadgeState.INVALID, refused.reason)
    exp = claims.get("exp")
    valid_until = datetime.fromtimestamp(exp, tz=UTC) if exp is not None else None
    state = BadgeState.VALID
    if revoked:
        state = BadgeState.REVOKED
    elif exp is not None and exp <= now.timestamp():
        state = BadgeState.EXPIRED
    issuer = str(claims["issuer"].get("name", ""))
    return BadgeCheck(state, issuer_name=issuer, valid_until=valid_until, claims=claims)


def check_certificate(certificate: Certificate) -> BadgeCheck | None:
    """The check of the credential issued for ``certificate``; None when none was issued."""
    badge = BadgeCredential.objects.filter(certificate=certificate).exclude(jws="").first()
    if badge is None:
        return None
    return check_token(badge.jws)
