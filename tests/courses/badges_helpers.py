"""What the Open Badges tests check with, independently of the code under test.

A verifier knows only the credential and the URLs in it: these helpers fetch the published
key through the test client and verify with joserfc (not PyJWT, which signs), validate with
1EdTech's own JSON Schema (jsonschema, Draft 2019-09) and decode the status list with the
standard library, never with ``courses.badges``.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from django.test import Client
from joserfc import jws
from joserfc.jwk import OKPKey
from jsonschema import Draft201909Validator, FormatChecker

SCHEMAS = Path(__file__).resolve().parent / "schemas"
BASE = "http://testserver"  # LMS_BASE_URL in the test settings
JWT_CLAIMS = ("iss", "jti", "sub", "nbf", "exp")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

# jsonschema checks "format" only with a checker, and its date-time check needs a package we
# do not install: these two do what RFC 3339 asks.
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        raise ValueError(value)
    datetime.fromisoformat(value)
    return True


@FORMATS.checks("date", raises=ValueError)
def _date(value: object) -> bool:
    if isinstance(value, str):
        datetime.strptime(value, "%Y-%m-%d")
    return True


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text())
    return loaded


CREDENTIAL_SCHEMA = "ob_v3p0_achievementcredential_schema.json"
PROFILE_SCHEMA = "ob_v3p0_profile_schema.json"


def validator(name: str, definition: str = "") -> Draft201909Validator:
    """A validator for a schema file, or for one of its ``$defs`` (``Achievement``)."""
    loaded = schema(name)
    if definition:
        loaded = {**loaded, "$ref": f"#/$defs/{definition}"}
        loaded.pop("required", None)
        loaded.pop("properties", None)
    Draft201909Validator.check_schema(loaded)
    return Draft201909Validator(loaded, format_checker=FORMATS)


def schema_errors(document: dict[str, Any], name: str, definition: str = "") -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator(name, definition).iter_errors(document)
    ]


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def header(token: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_b64(token.split(".")[0]))
    return loaded


def unverified_payload(token: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_b64(token.split(".")[1]))
    return loaded


def local_path(url: str) -> str:
    assert url.startswith(BASE + "/"), url
    return url[len(BASE) :]


def fetch_json(client: Client, url: str) -> dict[str, Any]:
    response = client.get(local_path(url))
    assert response.status_code == 200, (url, response.status_code)
    loaded: dict[str, Any] = json.loads(response.content)
    return loaded


def published_key(client: Client, token: str) -> OKPKey:
    """The key the token's ``kid`` names, fetched from that URL, and found in the key set
    at /.well-known/jwks.json under the same kid (OB 3.0's key provenance check)."""
    kid = header(token)["kid"]
    jwk = fetch_json(client, kid)
    assert "d" not in jwk, "a published key must never hold the private part"
    key_set = fetch_json(client, BASE + "/.well-known/jwks.json")
    assert jwk in key_set["keys"]
    assert jwk["kid"] == kid
    key = OKPKey.import_key(jwk)
    assert isinstance(key, OKPKey)
    return key


def verify(client: Client, token: str) -> dict[str, Any]:
    """The payload, once joserfc has verified the signature with the published key; raises
    ``joserfc.errors.BadSignatureError`` when it does not verify."""
    signature = jws.deserialize_compact(token, published_key(client, token), algorithms=["EdDSA"])
    loaded: dict[str, Any] = json.loads(signature.payload)
    return loaded


def credential_of(payload: dict[str, Any]) -> dict[str, Any]:
    """The OpenBadgeCredential inside a VC-JWT payload: the payload without the JWT claims."""
    return {name: value for name, value in payload.items() if name not in JWT_CLAIMS}


def decode_status_list(encoded: str) -> bytes:
    """W3C Bitstring Status List: multibase "u" + base64url (no padding) of GZIP'd bits."""
    assert encoded.startswith("u"), encoded[:10]
    return gzip.decompress(_b64(encoded[1:]))


def bit(bits: bytes, index: int) -> int:
    """Index 0 is the left-most bit of the first byte (the specification's order)."""
    return (bits[index // 8] >> (7 - index % 8)) & 1


def status_bit(client: Client, credential: dict[str, Any]) -> int:
    """Fetch the credential's status list, verify its signature, and read its bit."""
    entry = credential["credentialStatus"]
    response = client.get(local_path(entry["statusListCredential"]))
    assert response.status_code == 200
    token = response.content.decode()
    status_list = verify(client, token)
    assert status_list["id"] == entry["statusListCredential"]
    assert status_list["issuer"]["id"] == credential["issuer"]["id"]
    subject = status_list["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == entry["statusPurpose"] == "revocation"
    bits = decode_status_list(subject["encodedList"])
    assert len(bits) * 8 >= 131_072
    return bit(bits, int(entry["statusListIndex"]))


def sign_with_a_stranger_key(payload: dict[str, Any], kid: str) -> str:
    """``payload`` signed by a fresh key that is not ours, under our ``kid`` (a forgery)."""
    stranger = OKPKey.generate_key("Ed25519")
    protected = {"alg": "EdDSA", "kid": kid, "typ": "JWT"}
    return jws.serialize_compact(
        protected, json.dumps(payload).encode(), stranger, algorithms=["EdDSA"]
    )
