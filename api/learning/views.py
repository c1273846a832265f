"""The learning endpoints: thin viewsets over ``api.learning.selectors`` and the apps' services.

Every queryset starts from the apps' access policies for the token's principal, limited to the
token's organisation (``api.base``); another organisation's row is a 404, as on the site.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.base import UPDATED_SINCE, OrganisationApiViewSet, UpdatedSinceFilter, parse_updated_since
from api.learning import selectors, xapi
from api.learning.schema import StatementResultSerializer
from api.learning.serializers import (
    CompletionSerializer,
    EnrolmentCreateSerializer,
    EnrolmentSerializer,
    EvidenceSerializer,
    PersonLevelsSerializer,
)
from courses.models import EnrolmentStatus
from courses.services import enrolments as enrolment_services

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

PERSON = "person"
STATUS = "status"
PERSON_INVALID = gettext_lazy("Angiv personens id som et positivt heltal.")
STATUS_INVALID = gettext_lazy("Ukendt status. Brug en af: %(choices)s.")

ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)
PERSON_PARAMETER = OpenApiParameter(
    PERSON,
    {"type": "integer", "minimum": 1, "maximum": 2**63 - 1},
    OpenApiParameter.QUERY,
    description=str(gettext_lazy("Kun rækker om denne person (id fra /api/v1/people/).")),
)


def _person_id(request: Request) -> int | None:
    """The ``person`` query parameter as an id (None without one); 400 for anything else."""
    raw = request.query_params.get(PERSON)
    if raw is None:
        return None
    # Beyond the database's integer range no person exists (and SQLite would overflow).
    if not re.fullmatch(r"[0-9]+", raw.strip()) or not 1 <= int(raw) < 2**63:
        raise ValidationError({PERSON: [PERSON_INVALID]})
    return int(raw)


def _status(request: Request, choices: list[str]) -> str | None:
    raw: str | None = request.query_params.get(STATUS)
    if raw is None:
        return None
    if raw not in choices:
        raise ValidationError({STATUS: [STATUS_INVALID % {"choices": ", ".join(choices)}]})
    return raw


class PersonFilterMixin:
    """``?person=<id>`` on a list (its rows' person is ``person_field``)."""

    person_field = "user_id"

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)  # type: ignore[misc]
        person = _person_id(self.request) if self.action == "list" else None  # type: ignore[attr-defined]
        if person is not None:
            queryset = selectors.of_person(queryset, self.person_field, person)
        return queryset


# --- Enrolments ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Organisationens tilmeldinger"),
        parameters=[
            PERSON_PARAMETER,
            OpenApiParameter(
                STATUS,
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=EnrolmentStatus.values,
                description=str(gettext_lazy("Kun tilmeldinger med denne status.")),
            ),
        ],
    ),
    retrieve=extend_schema(summary=gettext_lazy("En tilmelding"), parameters=[ID_PARAMETER]),
    create=extend_schema(
        summary=gettext_lazy("Tilmeld en person til et hold"),
        description=gettext_lazy(
            "Kræver en nøgle med rettigheden »Læse og skrive«. Tilmeldingen går gennem samme "
            "regler som på sitet: HR tilmelder uden yderligere godkendelse, personen får en "
            "plads eller kommer på venteliste, når holdet er fuldt."
        ),
        request=EnrolmentCreateSerializer,
        responses={201: EnrolmentSerializer},
    ),
)
class EnrolmentViewSet(
    PersonFilterMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    OrganisationApiViewSet,
):
    serializer_class = EnrolmentSerializer
    updated_since_fields = ("changed_at",)
    cursor_ordering = ("changed_at", "id")

    def get_queryset(self) -> QuerySet[Any]:
        enrolments = selectors.enrolments(self.principal, self.organisation)
        wanted = _status(self.request, EnrolmentStatus.values) if self.action == "list" else None
        return selectors.with_status(enrolments, wanted) if wanted else enrolments

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = EnrolmentCreateSerializer(
            data=request.data,
            context={
                "people": selectors.enrollable_people(self.principal, self.organisation),
                "sessions": selectors.bookable_sessions(),
            },
        )
        form.is_valid(raise_exception=True)
        membership, session = form.validated_data["person"], form.validated_data["session"]
        reason = form.validated_data.get("reason") or _("Tilmeldt via API-nøglen »%(name)s«") % {
            "name": self.token.name
        }
        # A refusal of the service (already enrolled, deadline passed …) is a ValidationError
        # that the API's exception handler answers with a 400 beside the field it names.
        enrolment = enrolment_services.enrolment_create(
            user=membership.user,
            course=session.course,
            session=session,
            requested_by=self.principal,
            organisation=self.organisation,
            reason=reason,
        )
        created = selectors.one(self.get_queryset(), enrolment.pk)
        return Response(
            EnrolmentSerializer(created, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


# --- Completions and certificates ----------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Gennemførte kurser og kursusbeviser"), parameters=[PERSON_PARAMETER]
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Et gennemført kursus og dets bevis"), parameters=[ID_PARAMETER]
    ),
)
class CompletionViewSet(
    PersonFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganisationApiViewSet
):
    serializer_class = CompletionSerializer
    updated_since_fields = ("changed_at",)
    cursor_ordering = ("changed_at", "id")

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.completions(self.principal, self.organisation)


# --- Evidence and competence levels ----------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Dokumentation for kompetencer"), parameters=[PERSON_PARAMETER]
    ),
    retrieve=extend_schema(summary=gettext_lazy("Én dokumentation"), parameters=[ID_PARAMETER]),
)
class EvidenceViewSet(
    PersonFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganisationApiViewSet
):
    serializer_class = EvidenceSerializer
    updated_since_fields = ("changed_at",)
    cursor_ordering = ("changed_at", "id")

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.evidence(self.principal, self.organisation)


class LevelsUpdatedSinceFilter(UpdatedSinceFilter):
    """Levels change with the calendar too (evidence that expires): ``levels_changed_since``."""

    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: APIView
    ) -> QuerySet[Any]:
        raw = request.query_params.get(UPDATED_SINCE)
        if raw is None or getattr(view, "action", "list") != "list":
            return queryset
        return selectors.levels_changed_since(queryset, parse_updated_since(raw))  # type: ignore[arg-type]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Personernes kompetenceniveauer"),
        description=gettext_lazy(
            "Hver persons niveau i dag i hver kompetence, personen har dokumentation for. "
            "Niveauet følger af dokumentationen efter sitets regel: det højeste godkendte, "
            "ikke udløbne niveau."
        ),
        parameters=[PERSON_PARAMETER],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("En persons kompetenceniveauer"),
        parameters=[
            OpenApiParameter(
                "person_id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description=str(gettext_lazy("Personens id.")),
            )
        ],
    ),
)
class CompetenceLevelViewSet(
    PersonFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganisationApiViewSet
):
    serializer_class = PersonLevelsSerializer
    filter_backends = (LevelsUpdatedSinceFilter,)
    updated_since_fields = ("changed_at",)
    cursor_ordering = ("changed_at", "id")
    # One row per person: looked up by the person's id, as everywhere else in the API.
    lookup_field = "user_id"
    lookup_url_kwarg = "person_id"

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.level_people(self.principal, self.organisation)

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        rows = args[0] if args else None
        people = [rows] if rows is not None and not kwargs.get("many") else list(rows or [])
        kwargs.setdefault("context", self.get_serializer_context())
        kwargs["context"]["levels"] = selectors.levels_by_person([p.user_id for p in people])
        return self.get_serializer_class()(*args, **kwargs)


# --- xAPI statements -------------------------------------------------------------------------

XAPI_VERSION_HEADER = "X-Experience-API-Version"
XAPI_CONSISTENT_HEADER = "X-Experience-API-Consistent-Through"
# An approval stamps ``stored`` when its transaction starts and commits a moment later: only
# statements stored a minute before the read are surely all in it.
CONSISTENCY_MARGIN = timedelta(minutes=1)


def _relative(link: str | None) -> str:
    """xAPI's ``more``: the path and query of the next page, "" when there is none."""
    if not link:
        return ""
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Godkendte læringslogindlæg som xAPI-udsagn"),
        description=gettext_lazy(
            "Et xAPI 1.0.3-udsagn (statement) pr. godkendt indlæg i læringsloggen på "
            "organisationens byggesager, ældste godkendelse først, som et StatementResult: "
            "»statements« og »more« (den relative adresse på næste side; tom, når der ikke er "
            "flere). updated_since filtrerer på »stored«, tidspunktet for godkendelsen."
        ),
        responses=StatementResultSerializer,
    )
)
class StatementViewSet(mixins.ListModelMixin, OrganisationApiViewSet):
    updated_since_fields = ("changed_at",)
    cursor_ordering = ("changed_at", "id")
    serializer_class = StatementResultSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.approved_revisions(self.principal, self.organisation)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        consistent_through = timezone.now() - CONSISTENCY_MARGIN
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert self.paginator is not None and page is not None  # a list always pages
        body = {
            "statements": xapi.statements(list(page)),
            "more": _relative(self.paginator.get_next_link()),
        }
        return Response(
            body,
            headers={
                XAPI_VERSION_HEADER: xapi.SPECIFICATION_VERSION,
                XAPI_CONSISTENT_HEADER: timezone.localtime(consistent_through).isoformat(),
            },
        )
