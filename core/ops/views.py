"""The operations endpoints: ``/healthz``, ``/readyz`` and ``/metrics``.

They are served by ``core.ops.middleware.OpsEndpointsMiddleware`` ahead of every other middleware
(no host check, no HTTPS redirect, no session, cache or database on the way in), and have no URL
patterns: a ``/metrics`` request that is refused simply continues into the site, which answers it
with its ordinary 404 page, so nothing tells a stranger that the endpoint exists.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from core.ops import health, metrics

NO_STORE = "no-store"


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answers. Touches nothing else, so it never fails for a dependency."""
    response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = NO_STORE
    return response


def readyz(request: HttpRequest) -> HttpResponse:
    """Every dependency answers (200) or which do not (503); ``?workers=1`` adds the workers."""
    result = health.readiness(workers=request.GET.get("workers") in ("1", "true", "yes"))
    response = JsonResponse(result.as_json(), status=200 if result.ok else 503)
    response["Cache-Control"] = NO_STORE
    # A load balancer polls every second or two: an outage must not add an ERROR line (and a
    # Sentry event) per poll from django.request; core.ops.health logged each failing check.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def metrics_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(metrics.render(), content_type=metrics.CONTENT_TYPE)
    response["Cache-Control"] = NO_STORE
    return response


def metrics_allowed(request: HttpRequest) -> bool:
    """A scraper with the token, or a direct connection from an allowed address.

    The address is the TCP peer (REMOTE_ADDR), never X-Forwarded-For: Prometheus scrapes each app
    server directly, not through the load balancer (which would pick a random server). A request
    that carries X-Forwarded-For came through a proxy — one that may run on an allowed address,
    the loopback by default — so the allow-list does not apply to it; only the token does.
    """
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return True
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    return _address_allowed(request.META.get("REMOTE_ADDR", ""), settings.METRICS_ALLOWED_IPS)


def _address_allowed(address: str, allowed: list[str] | tuple[str, ...]) -> bool:
    try:
        client = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    if isinstance(client, ipaddress.IPv6Address) and client.ipv4_mapped is not None:
        client = client.ipv4_mapped  # ::ffff:127.0.0.1 from a dual-stack socket
    for entry in allowed:
        try:
            if client in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue  # a malformed entry allows nobody
    return False
