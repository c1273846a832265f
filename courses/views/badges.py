"""Open Badges 3.0: the public documents a verifier fetches, and the owner's download.

The documents are public by design (a verifier knows nothing but the URLs in the credential);
they name providers, courses and keys, never a person. The credential is its owner's alone.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from courses import access
from courses.badges import documents, keys, services, verify
from courses.forms.badges import BadgeCheckForm
from organisations.access import me

# Keys and documents change rarely; a minute keeps a newly rotated key visible soon enough.
PUBLIC_MAX_AGE = 60
_LD = "application/ld+json"


def _json(document: dict[str, Any], content_type: str) -> JsonResponse:
    response = JsonResponse(
        document,
        content_type=f"{content_type}; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"  # verifiers in a browser fetch these too
    return response


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    """Every signing key, current and retired, as a JWK Set (OB 3.0's recommended place)."""
    return _json(keys.key_set(), "application/jwk-set+json")


@require_GET
def key(request: HttpRequest, kid: str) -> JsonResponse:
    """One public key: the URL a credential's ``kid`` names."""
    return _json(keys.published_jwk(access.get_badge_key(kid)), "application/jwk+json")


@require_GET
def issuer(request: HttpRequest, pk: int) -> JsonResponse:
    """The provider's issuer profile."""
    provider = access.get_badge_issuer(pk)
    return _json({"@context": documents.contexts(), **documents.issuer_profile(provider)}, _LD)


@require_GET
def achievement(request: HttpRequest, pk: int) -> JsonResponse:
    """The course as an achievement, as it is now (a credential embeds it as it was)."""
    course = access.get_badge_course(pk)
    provider = documents.provider_of(course)
    document = documents.achievement(course, provider)
    return _json({"@context": documents.contexts(), **document}, _LD)


@never_cache
@require_GET
def status_list(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The provider's revocation list ``number``, signed; built from the certificates now, and
    never cached, so a revoked certificate's credential reads "revoked" at once."""
    provider = access.get_badge_issuer(pk)
    document = documents.status_list_credential(provider, number, now=timezone.now())
    claims = documents.jwt_claims(document)
    response = HttpResponse(keys.sign(claims, keys.current_key()), "application/vc+jwt")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
def credential(request: HttpRequest, code: str) -> HttpResponse:
    """The owner's OpenBadgeCredential as a .jwt file, issued on the first download."""
    certificate = access.get_own_certificate(request.user, code)
    try:
        badge = services.badge_issue(certificate=certificate, actor=me(request))
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("certificate_public", code=certificate.code)
    # OB 3.0's file format: a VC-JWT credential is the compact JWS as text, in a .jwt file.
    response = HttpResponse(badge.jws, "text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="open-badge-{certificate.code}.jwt"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def check(request: HttpRequest) -> HttpResponse:
    """Public: anyone who was given an Open Badge of ours checks it here, as a verifier would
    (signature, dates, status list) and, if they know it, against the recipient's address."""
    form = BadgeCheckForm(request.POST or None, request.FILES or None)
    result, recipient = None, None
    if request.method == "POST" and form.is_valid():
        result = verify.check_token(form.cleaned_data["text"])
        email = form.cleaned_data.get("email")
        if email and result.signature_valid:
            recipient = result.issued_to(email)
    context = {"form": form, "result": result, "recipient": recipient}
    response = render(request, "courses/badges/check.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
