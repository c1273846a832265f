"""Revocation through the W3C Bitstring Status List v1.0: one list per issuer (provider).

Each credential holds a place (``status_index``) in its provider's lists: list number
``index // LIST_SIZE``, bit ``index % LIST_SIZE``. A set bit means revoked. The bits are never
stored: they are computed from the certificates (``revoked_positions``), so the existing revoke
action, and erasing a person, change the list the moment they commit.

Computing a list reads up to 131,072 credentials; the result is cached, under a key that holds
a fingerprint of every revocation (``revocation_fingerprint``: two index-only queries on each
request). A revoke or an erasure changes the fingerprint, so the next request, in any process,
computes the list anew: the cache can never say "valid" after a revoke.
"""

from __future__ import annotations

import base64
import gzip
import hashlib

from django.core.cache import cache
from django.db.models import Count, Max, Q

from courses.models import BadgeCredential, Certificate

# The specification's minimum (16 KiB): a small issuer's list must not reveal how few
# credentials it has, and every list has the same size.
LIST_SIZE = 131_072
PURPOSE = "revocation"
CACHE_SECONDS = 600


def position(status_index: int) -> tuple[int, int]:
    """(list number, index within that list) of a credential's place."""
    return divmod(status_index, LIST_SIZE)


def revoked_positions(provider_id: int, number: int) -> list[int]:
    """Indexes within list ``number`` of ``provider_id`` whose credential is withdrawn: its
    certificate revoked, or gone with an erased person. One query."""
    first = number * LIST_SIZE
    rows = BadgeCredential.objects.filter(
        provider_id=provider_id,
        status_index__gte=first,
        status_index__lt=first + LIST_SIZE,
    ).filter(Q(certificate__isnull=True) | Q(certificate__revoked_at__isnull=False))
    return [index - first for index in rows.values_list("status_index", flat=True)]


def bitstring(positions: list[int]) -> bytes:
    """The list's bits; index 0 is the left-most (most significant) bit of the first byte."""
    bits = bytearray(LIST_SIZE // 8)
    for index in positions:
        bits[index // 8] |= 0x80 >> (index % 8)
    return bytes(bits)


def encode(bits: bytes) -> str:
    """``encodedList``: multibase base64url (prefix "u", no padding) of the GZIP'd bits."""
    # mtime=0: the same bits always give the same text (no timestamp in the GZIP header).
    compressed = gzip.compress(bits, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    """The bits of an ``encodedList`` (the inverse of ``encode``)."""
    text = encoded.removeprefix("u")
    return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def revocation_fingerprint() -> str:
    """Changes whenever a certificate is revoked (or un-revoked) and whenever a credential loses
    its certificate to an erasure: the number and latest time of revocations, and the number
    of credentials without a certificate. Both read small indexes only."""
    revoked = Certificate.objects.filter(revoked_at__isnull=False).aggregate(
        count=Count("revoked_at"), last=Max("revoked_at")
    )
    withdrawn = BadgeCredential.objects.filter(certificate__isnull=True).count()
    last = revoked["last"].isoformat() if revoked["last"] else "-"
    return f"{revoked['count']}|{last}|{withdrawn}"


def encoded_list(provider_id: int, number: int) -> str:
    """The ``encodedList`` of one list as it is now (cached while no revocation happens)."""
    fingerprint = hashlib.sha256(revocation_fingerprint().encode()).hexdigest()[:24]
    key = f"badges:status:{provider_id}:{number}:{fingerprint}"
    encoded: str | None = cache.get(key)
    if encoded is None:
        encoded = encode(bitstring(revoked_positions(provider_id, number)))
        cache.set(key, encoded, CACHE_SECONDS)
    return encoded


def list_bits(provider_id: int, number: int) -> bytes:
    """The bits of one list exactly as the status list credential publishes them."""
    return decode(encoded_list(provider_id, number))
