"""Middleware for operations: the probe endpoints, and request metrics.

``OpsEndpointsMiddleware`` sits at the top of ``MIDDLEWARE`` (after the request id only) and
answers ``/healthz``, ``/readyz`` and ``/metrics`` itself, so that no other middleware runs for
them: a load balancer polls by address over plain HTTP, which the host check and the HTTPS redirect
would refuse, and the session, authentication, language and page-cache middleware could reach the
database or the cache, which ``/healthz`` must never depend on.

``RequestMetricsMiddleware`` comes right after it and counts and times every other request.

``StorageUnavailableMiddleware`` turns a media bucket that cannot be reached into a 503 page that
says so, for the one download or upload that needed it; every page that needs no file still
works.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.ops import metrics, views
from core.storage import UNAVAILABLE

logger = logging.getLogger(__name__)

Handler = Callable[[HttpRequest], HttpResponse]

PROBES: dict[str, Handler] = {
    "/healthz": views.healthz,
    "/healthz/": views.healthz,
    "/readyz": views.readyz,
    "/readyz/": views.readyz,
}
METRICS_PATHS = ("/metrics", "/metrics/")


class OpsEndpointsMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            probe = PROBES.get(request.path_info)
            if probe is not None:
                return probe(request)
            if request.path_info in METRICS_PATHS and views.metrics_allowed(request):
                return views.metrics_view(request)
        # Everything else, a refused /metrics included, goes through the site as usual.
        return self.get_response(request)


class RequestMetricsMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        metrics.observe_request(
            match.view_name if match is not None else None,
            response.status_code,
            time.perf_counter() - started,
        )
        return response


class StorageUnavailableMiddleware:
    """A 503 "the files cannot be reached right now" instead of a 500 when the bucket is down.

    Raised by a view opening or saving a file (a download, an upload, a rendition being made):
    the service's transaction has rolled back by then, so nothing is half-saved. The page is the
    same standalone kind as 500.html, and ``Retry-After`` tells clients it will pass.
    """

    RETRY_AFTER_SECONDS = 60

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UNAVAILABLE):
            return None
        logger.warning("Media storage unavailable: %s", type(exception).__name__, exc_info=True)
        response = HttpResponse(render_to_string("503_storage.html"), status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
