"""Token authentication for /api/v1/: ``Authorization: Bearer <key>``.

Who a token is: it acts for its organisation with the rights of HR there. A request runs as the
HR person who created the token (``request.user``), limited by the API's views to the token's
organisation (``request.auth.organisation``). A token therefore stops working (401) the moment
its creator is no longer active HR of that organisation: HR who leave cannot keep reading
people's data through a key they once made, and a token never has more rights than a person.

The API accepts nothing else: no session cookies, so there are no CSRF questions.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from api.models import ApiToken, hash_key
from organisations.models import Membership

if TYPE_CHECKING:
    from rest_framework.request import Request

    from organisations.models import User

# Recording each use would write a row per request; once a minute says the same to HR.
LAST_USED_RESOLUTION = timedelta(minutes=1)
KEYWORD = "Bearer"

MESSAGES = {
    "malformed": _("Skriv nøglen som »Authorization: Bearer <nøgle>«, uden mellemrum i nøglen."),
    "unknown": _("API-nøglen er ukendt."),
    "revoked": _("API-nøglen er tilbagekaldt."),
    "expired": _("API-nøglen er udløbet."),
    "no_principal": _(
        "API-nøglen virker ikke længere: den, der oprettede den, er ikke længere HR i "
        "organisationen. Bed HR om at oprette en ny nøgle."
    ),
}


def _token_with_principal(key: str) -> ApiToken | None:
    """The token for ``key`` with its creator and whether they are still HR there: one query."""
    still_hr = Membership.objects.active().filter(
        user_id=OuterRef("created_by_id"),
        organisation_id=OuterRef("organisation_id"),
        role_hr=True,
        user__is_active=True,
    )
    return (
        ApiToken.objects.select_related("organisation", "created_by")
        .annotate(principal_is_hr=Exists(still_hr))
        .filter(key_hash=hash_key(key))
        .first()
    )


def _record_use(token: ApiToken) -> None:
    """Write ``last_used_at`` at most once a minute per token (no write per request)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    # The condition makes concurrent requests write once between them.
    stale = now - LAST_USED_RESOLUTION
    ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=stale).update(last_used_at=now)
    token.last_used_at = now


def _key_from_header(request: Request) -> str | None:
    """The key in the Authorization header, None without one; refuses a malformed header."""
    parts = get_authorization_header(request).split()
    if not parts or parts[0].lower() != KEYWORD.lower().encode():
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed(MESSAGES["malformed"])
    try:
        return str(parts[1].decode("ascii"))
    except UnicodeDecodeError as exc:
        raise exceptions.AuthenticationFailed(MESSAGES["malformed"]) from exc


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <key>`` → (the token's HR principal, the ApiToken)."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        key = _key_from_header(request)
        if key is None:
            return None
        token = _token_with_principal(key)
        if token is None:
            raise exceptions.AuthenticationFailed(MESSAGES["unknown"])
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(MESSAGES["revoked"])
        if token.is_expired():
            raise exceptions.AuthenticationFailed(MESSAGES["expired"])
        principal = token.created_by
        if principal is None or not token.principal_is_hr:  # type: ignore[attr-defined]
            raise exceptions.AuthenticationFailed(MESSAGES["no_principal"])
        _record_use(token)
        return principal, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) to a request without a valid key.
        return f'{KEYWORD} realm="api"'
