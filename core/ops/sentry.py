"""Error reports to Sentry, without personal data.

``lms.settings.production`` calls :func:`sentry_init` when ``SENTRY_DSN`` is set; the Celery
workers load the same settings, so web processes and workers report alike. Nothing is sent
without a DSN, and development and the tests never set one.

What leaves the machine is a stack trace (file, line, function, source lines; no local variables)
with the exception's type and message, the request's method and path, the request id as a tag and
the person's id. Three layers keep personal data out:

1. Sentry's own switches: no default PII (no user e-mail, name or IP address, no cookies), no
   request bodies, no local variables of the stack frames.
2. Sentry's ``EventScrubber`` with its denylist plus ours (e-mail, CPR, names, addresses): values
   under those keys are replaced, at any depth.
3. Our pass (:func:`scrub_event`, ``before_send``): the request keeps only its method, URL
   without query string and a few harmless headers; the user only its id; every remaining string
   has e-mail addresses and CPR-like numbers masked (``core.ops.scrub``). If this pass fails, the
   event is dropped, never sent unscrubbed.
"""

from __future__ import annotations

from typing import Any

import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import ignore_logger
from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber
from sentry_sdk.transport import Transport
from sentry_sdk.utils import get_default_release

from core.ops.request_id import current_request, get_request_id, user_id_of
from core.ops.scrub import redact_text

# Keys whose values Sentry's scrubber replaces wherever they occur (case-insensitive, exact).
DENYLIST = [
    *DEFAULT_DENYLIST,
    "email",
    "e_mail",
    "e-mail",
    "cpr",
    "cpr_number",
    "first_name",
    "last_name",
    "full_name",
    "phone",
    "telefon",
    "address",
    "adresse",
    "lms_request_id",  # the message header; the request id is sent as a tag instead
]
# The request headers an error report keeps; all others (Cookie, Authorization, Referer with
# its query string, X-Forwarded-For with the client's address …) are dropped.
KEPT_HEADERS = frozenset(
    {"host", "user-agent", "accept", "accept-language", "content-type", "content-length"}
)
KEPT_REQUEST_FIELDS = ("method", "url", "headers")


def sample_rate(name: str, value: str) -> float:
    """``value`` as a rate from 0 to 1, or stop with ``ImproperlyConfigured``."""
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if not 0.0 <= rate <= 1.0:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number from 0 to 1.")
    return rate


def sentry_init(
    *,
    dsn: str,
    environment: str,
    release: str | None,
    traces_sample_rate: float,
    transport: Transport | None = None,
) -> None:
    """Start reporting errors to ``dsn``; ``release`` None: the git revision, if there is one.

    ``send_default_pii`` is left unset, which is False: sentry-sdk 2.x deprecates passing it
    (its successor, ``data_collection``, would switch the event scrubber off).
    """
    options: dict[str, Any] = {
        "dsn": dsn,
        "environment": environment,
        "release": release or get_default_release(),
        "traces_sample_rate": traces_sample_rate,
        "integrations": [DjangoIntegration(), CeleryIntegration()],
        # Only the integrations named above (and Sentry's defaults: logging, the standard
        # library, deduplication): no automatic Redis, boto3 … breadcrumbs with keys and URLs.
        "auto_enabling_integrations": False,
        "include_local_variables": False,
        "max_request_body_size": "never",
        "event_scrubber": EventScrubber(
            denylist=DENYLIST, recursive=True, pii_denylist=[*DEFAULT_PII_DENYLIST]
        ),
        "before_send": before_send,
    }
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(**options)
    # Our own log lines are no errors to report: a 500's line comes with Django's error, which
    # is reported, and a failed task is reported by the Celery integration.
    ignore_logger("lms.request")
    ignore_logger("lms.task")


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Sentry's ``before_send``: :func:`scrub_event` (an exception here drops the event)."""
    return scrub_event(event)


def scrub_event(event: dict[str, Any]) -> dict[str, Any]:
    """The event with the request trimmed, the user reduced to an id and free text masked."""
    request = event.get("request")
    if isinstance(request, dict):
        kept = {key: request[key] for key in KEPT_REQUEST_FIELDS if key in request}
        if isinstance(kept.get("url"), str):
            kept["url"] = kept["url"].split("?", 1)[0]
        if isinstance(kept.get("headers"), dict):
            kept["headers"] = {
                name: value
                for name, value in kept["headers"].items()
                if name.lower() in KEPT_HEADERS
            }
        event["request"] = kept
    event["user"] = _user()
    if not event["user"]:
        del event["user"]
    extra = event.get("extra")
    if isinstance(extra, dict):
        extra.pop("request", None)  # Django's log record's request: its repr has the query
    request_id = get_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    masked: dict[str, Any] = _masked(event)
    return masked


def _user() -> dict[str, Any]:
    request = current_request()
    user_id = user_id_of(request) if request is not None else None
    return {"id": str(user_id)} if user_id is not None else {}


def _masked(value: Any) -> Any:
    """``value`` with every string in it masked by ``redact_text``, at any depth."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    return value
