"""The API's error answers: always JSON, always Danish, never a 500 for bad input.

DRF already turns malformed JSON into a 400 (ParseError) and a wrong content type into a 415;
its Danish catalogue lacks some of those messages, so they are given here. Every error body is
an object: ``{"detail": "…"}``, or ``{"field": ["…"]}`` for invalid data.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler


def _danish_detail(exc: Exception) -> str | None:
    """A Danish message for the framework's own errors whose catalogue text is English."""
    if isinstance(exc, exceptions.ParseError):
        return _("Forespørgslens indhold er ikke gyldig JSON.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Send data som JSON med »Content-Type: application/json«.")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("API'et svarer kun med JSON (»Accept: application/json«).")
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is None:
            return _("For mange forespørgsler. Prøv igen om lidt.")
        seconds = max(1, round(exc.wait))
        return ngettext(
            "For mange forespørgsler. Prøv igen om %(seconds)d sekund.",
            "For mange forespørgsler. Prøv igen om %(seconds)d sekunder.",
            seconds,
        ) % {"seconds": seconds}
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Send en API-nøgle som »Authorization: Bearer <nøgle>«.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Metoden er ikke tilladt her.")
    return None


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: DRF's handler with Danish messages and object bodies."""
    if isinstance(exc, DjangoValidationError):
        # A service's full_clean() that a serializer did not catch first: the user's data is
        # wrong, not the server.
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = _danish_detail(exc)
    if detail is not None:
        response.data = {"detail": detail}
    elif isinstance(response.data, list):
        response.data = {"detail": " ".join(str(item) for item in response.data)}
    return response
