"""The load profile's yardstick: a bare Django view, measured in the same run as the pages.

``tests/perf/run_profile.py`` writes every page's speed as a ratio to this view's, so that a
figure means the same on any machine. It answers a few bytes from the full middleware stack
and touches neither the database nor the cache. It exists only where ``LMS_PERF_BARE_VIEW`` is
set (``lms.settings.perf`` sets it): a production site never has the URL.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

BARE_VIEW_PATH = "_perf/bare/"


def bare(request: HttpRequest) -> HttpResponse:
    """A tiny response with no database or cache access: what Django itself costs."""
    return HttpResponse(b"ok", content_type="text/plain")


def urlpatterns(enabled: bool) -> list[URLPattern]:
    """The bare view's URL when the flag is on; nothing otherwise."""
    if not enabled:
        return []
    return [path(BARE_VIEW_PATH, bare, name="perf_bare")]
