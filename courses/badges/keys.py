"""The platform's Ed25519 signing keys: created on first use, published as JWKs, rotated by
``services.signing_key_rotate``.

The private key is kept in the database as a PKCS#8 PEM encrypted with a password derived from
``SECRET_KEY`` (``SECRET_KEY_FALLBACKS`` are tried too, so rotating the secret the Django way
keeps the key readable). A database backup therefore holds the key, but cannot sign without the
secret; losing both the secret and its fallbacks means rotating to a new key, while every
credential already issued stays verifiable with the published public key.
"""

from __future__ import annotations

import base64
import functools
import secrets
from typing import Any, cast

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.log_actions import log

from courses.badges import addresses
from courses.models import BadgeSigningKey

ALGORITHM = "EdDSA"
_PASSWORD_SALT = "courses.badges.keys.signing-key"


def _password(secret: str) -> bytes:
    return salted_hmac(_PASSWORD_SALT, "v1", secret=secret, algorithm="sha256").hexdigest().encode()


def _secrets() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def new_key(*, now: Any = None) -> BadgeSigningKey:
    """A fresh key pair (not saved): the kid carries the day it was made, for operators."""
    private = Ed25519PrivateKey.generate()
    raw_public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    encrypted = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_password(settings.SECRET_KEY)),
    )
    created = now or timezone.now()
    return BadgeSigningKey(
        kid=f"{created:%Y%m%d}-{secrets.token_hex(4)}",
        private_key=encrypted.decode("ascii"),
        # No "kid" here: it is the key's URL, which follows the configured address.
        public_jwk={"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw_public)},
        created_at=created,
    )


def current_key() -> BadgeSigningKey:
    """The key to sign with; the first call creates it (two racing callers get the same key:
    the "one current key" constraint lets only one insert through)."""
    key = BadgeSigningKey.objects.current().first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            key = new_key()
            key.save()
            log(key, "lms.badge_key.create")
            return key
    except IntegrityError:
        return BadgeSigningKey.objects.current().get()


@functools.lru_cache(maxsize=8)
def _load_private(pem: str, password: bytes) -> Ed25519PrivateKey:
    # Cached: deriving the PEM's encryption key on every signature would cost more than signing.
    loaded = serialization.load_pem_private_key(pem.encode("ascii"), password=password)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ImproperlyConfigured("A badge signing key must be an Ed25519 key.")
    return loaded


def private_key(key: BadgeSigningKey) -> Ed25519PrivateKey:
    """The decrypted private key; refuses loudly when no configured secret opens it."""
    for secret in _secrets():
        try:
            return _load_private(key.private_key, _password(secret))
        except ValueError:
            continue
    raise ImproperlyConfigured(
        f"The Open Badges signing key {key.kid} cannot be decrypted with SECRET_KEY or "
        "SECRET_KEY_FALLBACKS; rotate the key (manage.py badge_key_rotate)."
    )


def published_jwk(key: BadgeSigningKey) -> dict[str, Any]:
    """The public key as published: its ``kid`` is its own URL (OB 3.0 § 8.2.3)."""
    return {**key.public_jwk, "kid": addresses.key_url(key.kid), "alg": ALGORITHM, "use": "sig"}


def key_set() -> dict[str, list[dict[str, Any]]]:
    """Every key ever used, current and retired: old credentials must stay verifiable."""
    return {"keys": [published_jwk(key) for key in BadgeSigningKey.objects.all()]}


def sign(claims: dict[str, Any], key: BadgeSigningKey) -> str:
    """``claims`` as a compact JWS. The header is exactly what OB 3.0 allows: alg, kid, typ."""
    headers = {"kid": addresses.key_url(key.kid), "typ": "JWT"}
    return jwt.encode(claims, private_key(key), algorithm=ALGORITHM, headers=headers)


def public_key(key: BadgeSigningKey) -> Any:
    """The verifying key, read from the published JWK (not from the private key)."""
    return cast(Any, jwt.PyJWK(published_jwk(key), algorithm=ALGORITHM)).key
