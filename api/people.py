"""The organisation's people, departments and job functions; upserting people. Token required.

A person here is a membership of the token's organisation with its account: ``id`` is the
person's (the account's) id, the same id the learning endpoints use. Inactive memberships are
listed too (``is_active`` false): a synchronising HR system must learn of a deactivation.

Writes go through the HR import's own service (``people_upsert``): the same matching (employee
number, then e-mail), the same rules and Danish messages as an uploaded file, all or nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.request import Request
from rest_framework.response import Response

from api import access
from api.base import OrganisationApiViewSet
from api.fields import StrictBooleanField, StrictCharField, StrictEmailField
from organisations.models import Department, JobFunction, Membership, Role
from organisations.people_import.services import UpsertResult, people_upsert

MAX_ROWS = 1000  # per request; a bigger HR system sends several requests (or uploads a file)
TAGS = ["Organisation"]

# --- Serializers: reading --------------------------------------------------------------------


class DepartmentSerializer(serializers.ModelSerializer[Department]):
    class Meta:
        model = Department
        fields = ["id", "number", "name", "address", "postcode", "city", "homes"]


class PersonDepartmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True, help_text=gettext_lazy("Afdelingsnummer."))
    name = serializers.CharField(read_only=True)


class JobFunctionSerializer(serializers.ModelSerializer[JobFunction]):
    class Meta:
        model = JobFunction
        fields = ["id", "code", "name", "description"]


class PersonJobFunctionSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class PersonSerializer(serializers.Serializer[Membership]):
    """One person of the organisation: their account and their membership."""

    id = serializers.IntegerField(
        source="user_id", read_only=True, help_text=gettext_lazy("Personens id.")
    )
    membership_id = serializers.IntegerField(source="id", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)
    employee_number = serializers.CharField(read_only=True)
    title = serializers.CharField(
        read_only=True, help_text=gettext_lazy("Stillingsbetegnelse (fritekst).")
    )
    department = PersonDepartmentSerializer(read_only=True, allow_null=True)
    job_function = PersonJobFunctionSerializer(read_only=True, allow_null=True)
    manager_email = serializers.EmailField(
        source="manager.email",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Nærmeste leders e-mailadresse."),
    )
    roles = serializers.SerializerMethodField(
        help_text=gettext_lazy("Rollekoder: staff, manager, hr, project_leader …")
    )
    is_active = serializers.BooleanField(read_only=True)
    updated_at = serializers.DateTimeField(
        source="person_updated_at",
        read_only=True,
        help_text=gettext_lazy("Seneste ændring af personen eller medlemskabet."),
    )

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Role.choices)))
    def get_roles(self, membership: Membership) -> list[str]:
        return [role for role in Role.values if role in membership.roles]


# --- Serializers: the upsert ------------------------------------------------------------------

ROW_TEXT = {"required": False, "allow_blank": True}


class PersonRowSerializer(serializers.Serializer[Any]):
    """One person to create or update. A field left out is left as it is; "" clears it."""

    email = StrictEmailField(
        max_length=254,
        error_messages={
            "required": gettext_lazy("Angiv personens e-mailadresse."),
            "invalid": gettext_lazy("Angiv en gyldig e-mailadresse."),
            "blank": gettext_lazy("Angiv personens e-mailadresse."),
        },
    )
    first_name = StrictCharField(max_length=150, **ROW_TEXT)
    last_name = StrictCharField(max_length=150, **ROW_TEXT)
    name = StrictCharField(
        max_length=300,
        help_text=gettext_lazy("Fulde navn; bruges, når fornavn og efternavn ikke er givet."),
        **ROW_TEXT,
    )
    employee_number = StrictCharField(max_length=50, **ROW_TEXT)
    department = StrictCharField(
        max_length=200, help_text=gettext_lazy("Afdelingsnummer eller -navn."), **ROW_TEXT
    )
    job_function = StrictCharField(
        max_length=100, help_text=gettext_lazy("Funktionens kode eller navn."), **ROW_TEXT
    )
    manager_email = StrictEmailField(max_length=254, **ROW_TEXT)
    roles = serializers.ListField(
        child=StrictCharField(max_length=50),
        required=False,
        max_length=10,
        help_text=gettext_lazy("Rollekoder eller danske navne; tom: medarbejder."),
        error_messages={
            "not_a_list": gettext_lazy('Angiv rollerne som en liste, fx ["staff", "hr"].'),
            "max_length": gettext_lazy("Angiv højst {max_length} roller."),
        },
    )

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {key: [_("Ukendt felt.")] for key in unknown[:10]}
                )
        return super().to_internal_value(data)


class PeopleUpsertSerializer(serializers.Serializer[Any]):
    default_error_messages = {
        "invalid": gettext_lazy('Send et objekt med personerne under »rows«, fx {{"rows": […]}}.')
    }

    rows = PersonRowSerializer(
        many=True,
        allow_empty=False,
        max_length=MAX_ROWS,
        error_messages={
            "empty": gettext_lazy("Send mindst én person."),
            "max_length": gettext_lazy("Send højst {max_length} personer pr. forespørgsel."),
            "not_a_list": gettext_lazy("Send personerne som en liste under »rows«."),
            "required": gettext_lazy("Send personerne som en liste under »rows«."),
            "null": gettext_lazy("Send personerne som en liste under »rows«."),
            "invalid": gettext_lazy('Hver person skal være et objekt, fx {{"email": "…"}}.'),
        },
    )
    full_list = StrictBooleanField(
        default=False,
        help_text=gettext_lazy(
            "Sand: rækkerne er hele organisationen; aktive personer, der ikke er med, "
            "deaktiveres (slettes aldrig)."
        ),
    )


class RowOutcomeSerializer(serializers.Serializer[Any]):
    index = serializers.IntegerField(
        help_text=gettext_lazy("Rækkens plads i »rows« (fra 0); -1 for en deaktivering.")
    )
    email = serializers.CharField()
    action = serializers.ChoiceField(
        choices=["create", "update", "unchanged", "deactivate", "error"]
    )
    id = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Personens id (efter oprettelse).")
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy("Feltets navn: danske fejlbeskeder."),
    )


class PeopleUpsertResultSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    applied = serializers.BooleanField(
        help_text=gettext_lazy("Falsk: mindst én række havde fejl, og intet blev ændret.")
    )
    counts = serializers.DictField(child=serializers.IntegerField())
    rows = RowOutcomeSerializer(many=True)
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=gettext_lazy("Fejl ved forespørgslen som helhed (ikke ved en række)."),
    )


# --- Selectors ------------------------------------------------------------------------------


def people(token: Any) -> QuerySet[Membership]:
    """The token organisation's memberships with everything a person row shows (one query)."""
    return (
        access.memberships_for_token(token)
        .select_related("user", "department", "job_function", "manager")
        .annotate(person_updated_at=Greatest("updated_at", "user__updated_at"))
    )


def _upsert_body(result: UpsertResult, user_ids: dict[int, int]) -> dict[str, Any]:
    rows = [
        {
            "index": outcome.index,
            "email": outcome.email,
            "action": outcome.action,
            "id": user_ids.get(outcome.membership_id) if outcome.membership_id else None,
            "errors": outcome.errors,
        }
        for outcome in result.outcomes
    ]
    if result.applied:
        detail = _("Personerne er gemt.")
    else:
        rows = [row for row in rows if row["errors"]]
        detail = _("Intet er gemt: ret fejlene i rækkerne nedenfor, og send dem igen.")
    return {"detail": detail, "applied": result.applied, "counts": result.counts, "rows": rows}


def _messages(errors: Any) -> list[str]:
    """Every message in DRF's (possibly nested: one list per role) errors of one field."""
    if isinstance(errors, dict):
        return [message for value in errors.values() for message in _messages(value)]
    if isinstance(errors, list):
        return [message for value in errors for message in _messages(value)]
    return [str(errors)]


def _row_errors(errors: Any) -> dict[int, dict[str, Any]] | None:
    """{row index: field errors} from DRF's errors of ``rows``; None if they are not per row.

    DRF gives a list (one entry per row) or a dict keyed by row index, depending on version.
    """
    row_errors = errors.get("rows") if isinstance(errors, dict) else None
    if isinstance(row_errors, list):
        row_errors = dict(enumerate(row_errors))
    if not isinstance(row_errors, dict) or not row_errors:
        return None
    if not all(isinstance(k, int) and isinstance(v, dict) for k, v in row_errors.items()):
        return None  # an error about the list as a whole ("send at least one person")
    return {index: fields for index, fields in row_errors.items() if fields}


def _shape_errors(errors: Any, rows: Any) -> dict[str, Any] | None:
    """DRF's per-row errors of ``rows`` in the upsert's own error shape (None if not per row)."""
    per_row = _row_errors(errors)
    if per_row is None or not isinstance(rows, list):
        return None
    out = []
    for index, fields in sorted(per_row.items()):
        row = rows[index] if index < len(rows) else None
        email = row.get("email", "") if isinstance(row, dict) else ""
        out.append(
            {
                "index": index,
                "email": str(email),
                "action": "error",
                "id": None,
                "errors": {key: _messages(value) for key, value in fields.items()},
            }
        )
    detail = _("Intet er gemt: ret fejlene i rækkerne nedenfor, og send dem igen.")
    return {"detail": detail, "applied": False, "counts": {"error": len(out)}, "rows": out}


def _refused(detail: str, errors: Any) -> Response:
    """A 400 of the upsert that is about the request as a whole, not about rows."""
    fields = errors if isinstance(errors, dict) else {"non_field_errors": errors}
    # DRF puts an error about the list as a whole under rows.non_field_errors: lift it up.
    fields = {
        name: value.get("non_field_errors", value) if isinstance(value, dict) else value
        for name, value in fields.items()
    }
    body = {"detail": detail, "applied": False, "counts": {}, "rows": [], "errors": fields}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


# --- Views ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Personer"), tags=TAGS),
    retrieve=extend_schema(summary=gettext_lazy("En person"), tags=TAGS),
    create=extend_schema(
        summary=gettext_lazy("Opret eller opdatér personer"),
        description=gettext_lazy(
            "Samme regler som HR-importen: en person findes på medarbejdernummer, så "
            "e-mail. Alt eller intet: har én række fejl, gemmes intet, og svaret er 400 med "
            "fejlene pr. række og felt. Kræver en nøgle med »Læse og skrive«."
        ),
        tags=TAGS,
        request=PeopleUpsertSerializer,
        responses={200: PeopleUpsertResultSerializer, 400: PeopleUpsertResultSerializer},
    ),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganisationApiViewSet):
    """The organisation's people (members), active or not."""

    serializer_class = PersonSerializer
    lookup_field = "user_id"
    lookup_url_kwarg = "id"
    updated_since_fields = ("updated_at", "user__updated_at")

    def get_queryset(self) -> QuerySet[Membership]:
        return people(self.token)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return PeopleUpsertSerializer if self.action == "create" else PersonSerializer

    def create(self, request: Request) -> Response:
        try:
            data = request.data
        except ParseError:
            # In the upsert's answer shape, like every other 400 of this operation.
            return _refused(_("Forespørgslens indhold er ikke gyldig JSON."), {})
        serializer = PeopleUpsertSerializer(data=data)
        if not serializer.is_valid():
            rows = data.get("rows") if isinstance(data, dict) else None
            shaped = _shape_errors(serializer.errors, rows)
            if shaped is not None:
                return Response(shaped, status=status.HTTP_400_BAD_REQUEST)
            return _refused(
                _("Intet er gemt: forespørgslen er ikke udfyldt rigtigt."), serializer.errors
            )
        result = people_upsert(
            organisation=self.organisation,
            rows=serializer.validated_data["rows"],
            actor=self.principal,
            full_list=serializer.validated_data["full_list"],
        )
        ids = dict(
            Membership.objects.filter(
                pk__in=[o.membership_id for o in result.outcomes if o.membership_id]
            ).values_list("pk", "user_id")
        )
        code = status.HTTP_200_OK if result.applied else status.HTTP_400_BAD_REQUEST
        return Response(_upsert_body(result, ids), status=code)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Afdelinger"), tags=TAGS),
    retrieve=extend_schema(summary=gettext_lazy("En afdeling"), tags=TAGS),
)
class DepartmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganisationApiViewSet):
    """The organisation's departments (boligafdelinger)."""

    serializer_class = DepartmentSerializer

    def get_queryset(self) -> QuerySet[Department]:
        return access.departments_for_token(self.token)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Funktioner"), tags=TAGS),
    retrieve=extend_schema(summary=gettext_lazy("En funktion"), tags=TAGS),
)
class JobFunctionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganisationApiViewSet):
    """The job functions (funktioner) a membership can have; the same for every organisation."""

    serializer_class = JobFunctionSerializer

    def get_queryset(self) -> QuerySet[JobFunction]:
        return JobFunction.objects.all()
