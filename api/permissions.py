"""What a token's scope allows: reading with any token, writing only with a read-write one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from api.models import ApiToken, TokenScope

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class HasTokenScope(BasePermission):
    """Safe methods need a token with "read" or "read_write"; writes need "read_write".

    A request without a token passes here; ``IsAuthenticated`` (beside it in the settings)
    refuses it, and public endpoints allow it on purpose.
    """

    message = _("API-nøglen må kun læse. Opret en nøgle med rettigheden »Læse og skrive«.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        if request.method in SAFE_METHODS:
            return token.scope in (TokenScope.READ, TokenScope.READ_WRITE)
        return token.scope == TokenScope.READ_WRITE


class HasOrganisationToken(BasePermission):
    """The request carries an API token (and so an organisation). 401 without one."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, ApiToken)
