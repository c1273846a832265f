"""Cursor pagination for every list endpoint.

A cursor (unlike a page number) stays correct while rows are added during a synchronisation,
and costs the same on page 1 and page 500. The cursor is signed: DRF's own is a base64 string
whose position goes straight into a filter, so a hand-made one could ask the database to
compare an id with a word (a 500). A signed cursor is either ours or refused with a 400.

A view sets the order with ``cursor_ordering`` (a stable key: ("updated_at", "id") for the
synchronised resources, ("id",) otherwise); DRF's cursor uses the first field for the position
and an offset among equal values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core import signing
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.utils.urls import replace_query_param

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

SALT = "api.cursor"
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class ApiCursorPagination(CursorPagination):
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = _(
        "Antal rækker pr. side, fra 1 (standard 100, højst 500; et større tal giver 500)."
    )
    cursor_query_description = _("Markøren fra forrige svars »next« eller »previous«.")
    invalid_cursor_message = _(
        "Markøren (cursor) er ugyldig. Brug adressen i svarets »next« eller »previous« uændret."
    )
    ordering: Any = ("id",)

    page_size_invalid_message = _("Angiv antal rækker pr. side som et helt tal fra 1 til 500.")

    def get_page_size(self, request: Request) -> int:
        """``?page_size=``: a whole number from 1; above 500 gives 500; anything else a 400."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw.strip())
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError({self.page_size_query_param: [self.page_size_invalid_message]})
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters

    def get_ordering(
        self, request: Request, queryset: QuerySet[Any], view: APIView
    ) -> tuple[str, ...]:
        return tuple(getattr(view, "cursor_ordering", None) or self.ordering)

    def decode_cursor(self, request: Request) -> Cursor | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            data = signing.loads(encoded, salt=SALT)
            offset, reverse, position = int(data["o"]), bool(data["r"]), data["p"]
        except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from exc
        if offset < 0 or (position is not None and not isinstance(position, str)):
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})
        return Cursor(offset=min(offset, self.offset_cutoff), reverse=reverse, position=position)

    def encode_cursor(self, cursor: Cursor) -> str:
        token = signing.dumps(
            {"o": cursor.offset, "r": int(cursor.reverse), "p": cursor.position}, salt=SALT
        )
        return replace_query_param(self.base_url, self.cursor_query_param, token)  # type: ignore[no-any-return]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response: dict[str, Any] = super().get_paginated_response_schema(schema)
        response["required"] = ["next", "previous", "results"]
        for link in ("next", "previous"):
            response["properties"][link].pop("example", None)
        return response
