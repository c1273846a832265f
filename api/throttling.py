"""Rate limits: per token for the organisation endpoints, per IP address for the public ones.

The rates are in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (settings). The counts live in
the project's default cache, which fails open (core.cache): with Redis down the limits do not
hold for a while, and the API keeps answering rather than refusing everyone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.adapter import get_adapter
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (scope "token"); a request without a token is left to the next one."""

    scope = "token"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        token = request.auth
        if not isinstance(token, ApiToken):
            return None
        return str(self.cache_format % {"scope": self.scope, "ident": token.pk})


class AnonymousRateThrottle(SimpleRateThrottle):
    """Requests per IP address (scope "anonymous") for requests without a token."""

    scope = "anonymous"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if isinstance(request.auth, ApiToken):
            return None
        return str(self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)})

    def get_ident(self, request: Request) -> str:
        # The same client address the login rate limits use: behind the load balancer it is
        # the address our outermost proxy saw (ALLAUTH_TRUSTED_PROXY_COUNT), which a client
        # cannot forge by sending its own X-Forwarded-For.
        return str(get_adapter().get_client_ip(request._request))
