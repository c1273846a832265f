"""The site's public address: the one source of every absolute link the platform writes.

Pages, e-mails, calendar files, certificates and xAPI statements all need links that work
outside the browser. They take them from here, never from a hard-coded host or from Wagtail's
``Site`` record (whose hostname and port say which site a request belongs to, not where the
public reaches it):

- In a request, the address is the request's own (``request.build_absolute_uri``): the host the
  person typed, checked against ``ALLOWED_HOSTS``, with the scheme the request came in on. So the
  site served on another host or port links to itself.
- Outside a request (a Celery worker, a management command), it is ``settings.LMS_BASE_URL``,
  configured per installation (``make run`` sets it from ``HOST`` and ``PORT``).

``RequestAddressMiddleware`` remembers the current request for the code it calls, so that an
e-mail composed while a request is served (an eager Celery task in development, a service that
renders a link) uses the request's address without every function taking a ``request``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


def configured_base_url() -> str:
    """The configured public address (``LMS_BASE_URL``), without a trailing slash."""
    return str(settings.LMS_BASE_URL).rstrip("/")


def public_base_url(request: HttpRequest | None = None) -> str:
    """``scheme://host[:port]`` of the site: the request's, else the configured one."""
    request = request if request is not None else _current_request.get()
    if request is not None:
        # get_host() inside refuses a host that ALLOWED_HOSTS does not list (DisallowedHost).
        return request.build_absolute_uri("/").rstrip("/")
    return configured_base_url()


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """The public address plus ``path``, a path on this site such as ``/min-side/``."""
    return public_base_url(request) + "/" + path.lstrip("/")


def page_full_url(page: Any, request: HttpRequest | None = None) -> str:
    """The absolute URL of a Wagtail page at the site's public address; "" if not routable.

    Wagtail's ``page.get_full_url()`` would prefix the ``Site`` record's hostname and port
    (``http://localhost`` in a fresh installation); only the page's path is taken from Wagtail.
    """
    parts = page.get_url_parts(request=request)
    if parts is None:
        return ""
    return absolute_url(parts[2], request)


def is_domain_name(host: str) -> bool:
    """Whether ``host`` is a dotted DNS name, not an IP address or a bare name like localhost."""
    if not host or "." not in host:
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return True
    return False


@contextmanager
def request_address(request: HttpRequest | None) -> Iterator[None]:
    """Within the block, absolute links are made from ``request``'s address."""
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


class RequestAddressMiddleware:
    """Makes the current request the source of the public address while it is served.

    Sits after ``CommonMiddleware``, which has already refused a host outside ``ALLOWED_HOSTS``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_address(request):
            return self.get_response(request)


class PublicAddressPageMixin:
    """For Wagtail page types: full URLs start with the site's public address.

    Wagtail builds ``get_full_url()`` and ``full_url`` (used by its own workflow e-mails, the
    ``fullpageurl`` tag and sitemaps) from the ``Site`` record, ``http://localhost`` in a fresh
    installation. Relative URLs (``page.url``) are unchanged.
    """

    def get_url_parts(self, request: HttpRequest | None = None) -> tuple[Any, str, str] | None:
        parts = super().get_url_parts(request=request)  # type: ignore[misc]
        if parts is None:
            return None
        site_id, _site_root_url, page_path = parts
        return site_id, public_base_url(request), page_path
