"""Open Badges 3.0: every certificate can also be issued as a signed OpenBadgeCredential.

- Format: 1EdTech Open Badges 3.0 on the W3C Verifiable Credentials data model 2.0, secured as a
  VC-JWT (OB 3.0 § 8.2, "JSON Web Token Proof Format"): a compact JWS, ``alg`` EdDSA (Ed25519),
  header ``{"alg", "kid", "typ": "JWT"}``, the payload is the credential itself plus the claims
  ``iss``, ``jti``, ``sub``, ``nbf`` and ``exp`` that OB 3.0 prescribes. Any JOSE library
  verifies it; no JSON-LD processing is needed.
- Keys (``keys``): the platform signs for every provider (the issuer named in the credential);
  the public keys are a JWK Set at ``/.well-known/jwks.json`` and each key at the URL its
  ``kid`` names (``/bevis/noegler/<kid>.json``).
- Documents (``documents``): the issuer profile (``/bevis/udsteder/<id>/``), the achievement
  per course (``/bevis/kursus/<id>/``), the credential and the status list.
- Revocation (``status``): W3C Bitstring Status Lists per issuer, computed from the
  certificates (cached until the next revocation), so revoking a certificate with the existing
  action revokes its credential at once.
- Writes in ``services``, the server-side check in ``verify``.
"""
