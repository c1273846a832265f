"""Bad input refused at the door: NUL bytes, malformed ids, foreign redirect targets.

Every request parameter reaches a view as text the visitor chose. Three kinds of text turned
into server errors before this module existed:

* a NUL byte (``%00``): PostgreSQL refuses it in any text column or query, so a search, a filter
  or a raw ``request.POST.get`` that reaches the database failed with a 500;
* an id that is not a whole number (``?session=abc``, ``1.5``), which Django's lookups raise
  ``ValueError`` on;
* a ``next=`` address on another site, which turned our redirect into an open redirect.

Forms already refuse the first two beside the field (``CharField`` has
``ProhibitNullCharactersValidator``, ``ModelChoiceField`` checks the id). The helpers here are for
the parameters that views read themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# The largest id a bigint primary key holds; anything above would overflow in the database.
MAX_ID = 2**63 - 1
NUL = "\x00"


def int_or_none(value: object, *, minimum: int = 1) -> int | None:
    """A whole number id from a request parameter, or None for anything else.

    Accepts only plain digits ("12"), never "1.5", "abc", " 1", "-1" or a number beyond bigint.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    if number < minimum or number > MAX_ID:
        return None
    return number


def has_nul(values: Iterable[str]) -> bool:
    """True if any of the texts holds a NUL byte."""
    return any(NUL in value for value in values)


def _querydict_has_nul(data: QueryDict) -> bool:
    return any(NUL in key or has_nul(data.getlist(key)) for key in data)


# The REST API answers in JSON only, its refusals included (its OpenAPI schema says so).
API_PREFIX = "/api/"


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 page that says in Danish what was wrong with the request (JSON for the API)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=400)
    return TemplateResponse(request, "400.html", {"message": message}, status=400).render()


class RefuseNulBytesMiddleware:
    """Answer 400 to any request whose address, query or form fields hold a NUL byte.

    No person types a NUL byte; it only comes from tampering or broken clients. Refusing it once,
    here, covers every view and filter (ours and Wagtail's), where PostgreSQL would otherwise
    fail with a server error. File contents are not looked at, only field names and values.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            return bad_request(
                request, _("Forespørgslen indeholder et ugyldigt tegn (NUL) og blev afvist.")
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if NUL in request.path_info or _querydict_has_nul(request.GET):
            return True
        if request.method != "POST":
            return False
        # Only form posts are parsed here; other bodies (JSON) stay untouched for their views.
        content_type = request.content_type or ""
        if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return False
        try:
            return _querydict_has_nul(request.POST) or any(
                NUL in (upload.name or "")
                for name in request.FILES
                for upload in request.FILES.getlist(name)
            )
        except Exception:  # a broken body is Django's to refuse, in the view as usual
            return False


def safe_next_url(request: HttpRequest, fallback: str, *, field: str = "next") -> str:
    """The ``next`` address from the form or query if it stays on this site, else ``fallback``.

    ``fallback`` may be a URL name or a path, as ``redirect()`` accepts.
    """
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# What a widget raises when the data posted for it is malformed (hand-made or tampered posts):
# broken Draftail JSON, a StreamField without its "-count", a non-number where one is needed.
MALFORMED = (ValueError, KeyError, TypeError, IndexError, AttributeError, ValidationError)


def unreadable_fields(fields: dict[str, Any], data: QueryDict, files: Any) -> list[str]:
    """The names of the form fields whose widget cannot even read the posted data.

    A form cannot show such a field again with an error beside it (rendering reads the same
    data), so the caller refuses the whole post instead.
    """
    broken = []
    for name, field in fields.items():
        try:
            field.widget.value_from_datadict(data, files, name)
        except MALFORMED:
            broken.append(name)
    return broken
