"""The request id, and the one log line per request.

The request id is one token that follows a request through its log lines and into its tasks.
The reverse proxy sets ``X-Request-ID`` (haproxy's ``unique-id-format``); a request without a
usable one gets a fresh uuid4 hex. The id lives in a context variable while the request is
served, so that every log record (``core.ops.logs.RequestIdFilter``), every task the request
enqueues (``core.ops.task_logs``: a message header) and every error report
(``core.ops.sentry``) carries it without any function taking it as an argument. It goes back to
the client in the response's ``X-Request-ID`` header, so a person reporting a fault can quote it.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

HEADER = "X-Request-ID"
# What a proxy's id looks like (haproxy's, a uuid, a trace id); anything else (too long, spaces,
# quotes, control characters) would let a client write what it likes into the log lines.
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Probes and scrapes: a load balancer asks every second or two, Prometheus every 15 s. Their
# lines are DEBUG (LOG_LEVEL=DEBUG shows them); a failing answer (5xx) is logged as usual.
QUIET_PATHS = ("/healthz", "/readyz", "/metrics")
# URL arguments that are secrets in themselves (a calendar feed's or an invitation's token, a
# signed confirmation link, a password-reset key, a certificate's verification code): their
# value is replaced in the logged path, so that reading the logs opens no calendar or account.
SECRET_URL_ARGUMENTS = frozenset({"token", "key", "signed", "code", "uidb36", "uidb64", "secret"})
REDACTED = "[…]"

request_logger = logging.getLogger("lms.request")
_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
# The request being served, for error reports (core.ops.sentry reads its user id).
_current_request: ContextVar[HttpRequest | None] = ContextVar("ops_request", default=None)


def new_request_id() -> str:
    """A fresh id (32 hex digits)."""
    return uuid.uuid4().hex


def sane_request_id(value: str | None) -> str:
    """``value`` if it is a sane id (at most 64 of ``A-Z a-z 0-9 . _ -``), else a fresh id."""
    if value and _SANE.fullmatch(value):
        return value
    return new_request_id()


def get_request_id() -> str | None:
    """The id of the request or task being served; None outside both."""
    return _request_id.get()


def set_request_id(value: str | None) -> Token[str | None]:
    """Make ``value`` the current id until :func:`reset_request_id` gets the token back."""
    return _request_id.set(value)


def reset_request_id(token: Token[str | None]) -> None:
    """Restore the id that was current before :func:`set_request_id` returned ``token``."""
    _request_id.reset(token)


@contextmanager
def request_id_context(value: str | None) -> Iterator[None]:
    """Within the block the current request id is ``value`` (None: no id)."""
    token = set_request_id(value)
    try:
        yield
    finally:
        reset_request_id(token)


class RequestIdMiddleware:
    """Outermost middleware: gives the request its id, times it and writes its log line.

    Outermost, so that the duration covers every other middleware and the line is written for
    every answer, redirects to HTTPS and refusals by inner middleware included. An exception in
    the view reaches us as Django's 500 response (each middleware layer converts exceptions).
    The duration ends when the response is returned: a streamed download's transfer is not in it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = sane_request_id(request.headers.get(HEADER))
        started = time.perf_counter()
        request_token = _current_request.set(request)
        try:
            with request_id_context(request_id):
                response = self.get_response(request)
                response[HEADER] = request_id
                log_request(request, response, duration_ms=(time.perf_counter() - started) * 1000)
        finally:
            _current_request.reset(request_token)
        return response


def current_request() -> HttpRequest | None:
    """The request being served in this context (None in a task or a command)."""
    return _current_request.get()


def log_request(request: HttpRequest, response: HttpResponse, *, duration_ms: float) -> None:
    """Write the request's line to ``lms.request``: what an operator searches by."""
    status = response.status_code
    if status >= 500:
        level = logging.WARNING  # Django's own ERROR record with the traceback comes with it
    elif request.path.rstrip("/") in QUIET_PATHS:
        level = logging.DEBUG
    else:
        level = logging.INFO
    if not request_logger.isEnabledFor(level):
        return
    match = getattr(request, "resolver_match", None)
    fields: dict[str, Any] = {
        "method": request.method,
        "path": _logged_path(request),
        "view": match.view_name if match is not None else None,
        "status": status,
        "duration_ms": round(duration_ms, 1),
        "user_id": user_id_of(request),
    }
    request_logger.log(
        level,
        "%s %s %s %.0f ms",
        fields["method"],
        fields["path"],
        status,
        duration_ms,
        extra=fields,
    )


def _logged_path(request: HttpRequest) -> str:
    """The path without the query string (it may hold personal data) and without secrets."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_ARGUMENTS and str(value):
                path = path.replace(str(value), REDACTED)
    return path


def user_id_of(request: HttpRequest) -> int | None:
    """The logged-in person's id, None when anonymous; never costs a query.

    The user is read only if something in the request already loaded it (the two-factor gate
    does for every view that is not exempt), else from the session if that was loaded: logging
    must not add a session or user query to a request that needed neither (health probes,
    cached pages). An API request's token user is set on the request by DRF.
    """
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        wrapped = user._wrapped  # type: ignore[attr-defined]
        user = None if wrapped is empty else wrapped
    if user is not None:
        return user.pk if getattr(user, "is_authenticated", False) else None
    session = request.__dict__.get("session")
    if session is not None and hasattr(session, "_session_cache"):
        from django.contrib.auth import SESSION_KEY

        raw = session.get(SESSION_KEY)
        return int(raw) if raw is not None and str(raw).isdigit() else None
    return None
