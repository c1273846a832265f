"""The base of every API view: who is asking, for which organisation, and since when.

``OrganisationApiViewSet`` is for the organisation's own data (a token is required):
``self.organisation`` is the token's organisation and ``self.principal`` the HR person the
token acts as (see api.authentication). Every queryset starts from the apps' access policies for
that person and is then limited to ``self.organisation`` — a token of organisation A never sees
B, even when its creator is a member of both.

``PublicApiViewSet`` is for the public catalogue: no token, throttled per IP address.

A list view names the timestamp fields ``updated_since`` filters on (``updated_since_fields``);
the filter and its OpenAPI parameter come with the base.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.plumbing import build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.viewsets import GenericViewSet

from api.models import ApiToken
from api.pagination import ApiCursorPagination
from api.permissions import HasOrganisationToken, HasTokenScope
from api.throttling import AnonymousRateThrottle, TokenRateThrottle

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

    from organisations.models import Organisation, User

UPDATED_SINCE = "updated_since"
UPDATED_SINCE_HELP = _(
    "Kun rækker ændret på eller efter dette tidspunkt (ISO 8601, fx 2025-03-01T08:00:00+01:00 "
    "eller 2025-03-01). Brug tidspunktet for jeres sidste synkronisering."
)
UPDATED_SINCE_INVALID = _(
    "Angiv tidspunktet i ISO 8601, fx 2025-03-01T08:00:00+01:00 eller 2025-03-01."
)


def _parse_moment(raw: str) -> datetime | None:
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            tz = timezone.get_current_timezone()
            moment = datetime(day.year, day.month, day.day, tzinfo=tz) if day else None
    except ValueError:  # well-formed but impossible, such as month 13
        return None
    return moment


def parse_updated_since(raw: str) -> datetime:
    """An aware UTC datetime from an ISO 8601 date or date-time; a naive one is Danish time."""
    raw = raw.strip()
    # An unencoded "+01:00" in a URL arrives as " 01:00".
    moment = _parse_moment(raw) or _parse_moment(re.sub(r" (\d\d:?\d\d)$", r"+\1", raw))
    if moment is None:
        raise ValidationError({UPDATED_SINCE: [UPDATED_SINCE_INVALID]})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    # In UTC here, where a moment at the calendar's very edge (year 1 at +01:00) would
    # overflow: it means "since the beginning" (or "from the end"), so it is clamped, not
    # refused — it is a valid date-time.
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        earliest, latest = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
        return earliest if moment.year == earliest.year else latest


class UpdatedSinceFilter(BaseFilterBackend):
    """``?updated_since=…`` on a list: rows whose ``view.updated_since_fields`` are that late.

    With several fields a row counts as changed when any of them is (a person changes when the
    account or the membership does).
    """

    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: APIView
    ) -> QuerySet[Any]:
        fields = getattr(view, "updated_since_fields", ())
        raw = request.query_params.get(UPDATED_SINCE)
        if not fields or raw is None or getattr(view, "action", "list") != "list":
            return queryset
        since = parse_updated_since(raw)
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__gte": since})
        return queryset.filter(condition)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        if not getattr(view, "updated_since_fields", ()):
            return []
        parameter = build_parameter_type(
            name=UPDATED_SINCE,
            schema={"type": "string", "format": "date-time"},
            location=OpenApiParameter.QUERY,
            description=str(UPDATED_SINCE_HELP),
        )
        return [parameter]


# The database's integer range: a bigger id in a URL is a 404 before it reaches the database
# (which would overflow: a 500 on SQLite, a DataError on PostgreSQL).
ID_RANGE = range(-(2**63), 2**63)


class ApiViewSet(GenericViewSet):
    """What every API viewset shares: cursor pages, ``updated_since``, any id a JSON 404."""

    pagination_class = ApiCursorPagination
    filter_backends = (UpdatedSinceFilter,)
    # Timestamp fields that ``updated_since`` filters on; empty: no such parameter.
    updated_since_fields: tuple[str, ...] = ()
    # The list order (a stable key) for the cursor.
    cursor_ordering: tuple[str, ...] = ("id",)
    # Any id reaches the view (not DRF's "[^/.]+"), so that "1.5" or "x" is the API's JSON 404
    # rather than falling through to the site's HTML one.
    lookup_value_regex = "[^/]+"

    def get_object(self) -> Any:
        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        try:
            out_of_range = int(value) not in ID_RANGE
        except ValueError:
            out_of_range = False  # not a number: DRF's lookup answers 404 itself
        if out_of_range:
            raise Http404
        return super().get_object()


class OrganisationApiViewSet(ApiViewSet):
    """Base for the organisation's endpoints; add DRF's mixins for the actions."""

    permission_classes = (IsAuthenticated, HasOrganisationToken, HasTokenScope)
    throttle_classes = (TokenRateThrottle,)

    @property
    def token(self) -> ApiToken:
        token = self.request.auth
        assert isinstance(token, ApiToken), "permission_classes let no request without a token in"
        return token

    @property
    def organisation(self) -> Organisation:
        """The organisation the token belongs to: everything this view shows is limited to it."""
        return self.token.organisation

    @property
    def principal(self) -> User:
        """The HR person whose rights the token uses."""
        return cast("User", self.request.user)


class PublicApiViewSet(ApiViewSet):
    """Base for the public catalogue: no token needed, throttled per IP address."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AnonymousRateThrottle,)


# For views that document the parameter themselves (extend_schema(parameters=[…])).
UPDATED_SINCE_PARAMETER = OpenApiParameter(
    UPDATED_SINCE,
    OpenApiTypes.DATETIME,
    OpenApiParameter.QUERY,
    description=str(UPDATED_SINCE_HELP),
)
