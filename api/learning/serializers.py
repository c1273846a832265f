"""What the learning endpoints send and accept.

Output serializers read the annotated rows of ``api.learning.selectors`` (``changed_at`` is
served as ``updated_at``); every code that has a Danish label comes with it (``status`` and
``status_label``), so that a system can store the code and show the label. The one input,
``EnrolmentCreateSerializer``, only checks the shape and that the person and the session are
ones the token may use; the enrolment service decides the rest (approval, seats, waitlist).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from competencies.models import EvidenceSource, EvidenceStatus, Level
from core.site_url import public_base_url
from courses.models import Certificate, EnrolmentStatus

# The database's largest id: a bigger number names nothing (and would overflow SQLite).
MAX_ID = 2**63 - 1


class WholeNumberField(serializers.IntegerField):
    """An integer as JSON writes one: ``"12"``, ``12.0`` and ``true`` are refused (the schema
    says integer, and a client that sends a string has a bug worth hearing about)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class TextField(serializers.CharField):
    """A string as JSON writes one: a number or a list is refused, not turned into text."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


# --- Shared pieces ---------------------------------------------------------------------------


class PersonRefSerializer(serializers.Serializer[Any]):
    """The person a row is about: the same ``id`` as in /api/v1/people/."""

    id = serializers.IntegerField(read_only=True, help_text=_("Personens id."))
    email = serializers.EmailField(read_only=True, help_text=_("Personens e-mailadresse."))
    name = serializers.CharField(read_only=True, help_text=_("Personens navn."))


class CourseRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True, help_text=_("Kursets id."))
    title = serializers.CharField(read_only=True, help_text=_("Kursets titel."))
    guide = serializers.CharField(
        source="guide.code", read_only=True, help_text=_("AlmenVejledningens kode, fx A3.")
    )


class SessionRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True, help_text=_("Holdets id."))
    starts_at = serializers.DateTimeField(read_only=True, help_text=_("Holdets start."))
    ends_at = serializers.DateTimeField(read_only=True, help_text=_("Holdets slut."))


class CompetenceRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True, help_text=_("Kompetencens id."))
    code = serializers.CharField(read_only=True, help_text=_("Kompetencens kode."))
    name = serializers.CharField(read_only=True, help_text=_("Kompetencens navn."))


def _level_label(level: int) -> str:
    return str(Level(level).label)


# --- Enrolments -------------------------------------------------------------------------------


class EnrolmentSerializer(serializers.Serializer[Any]):
    """A tilmelding: whose, to which course and session, where it stands and when it moved."""

    id = serializers.IntegerField(read_only=True)
    person = PersonRefSerializer(source="user", read_only=True)
    course = CourseRefSerializer(read_only=True)
    session = SessionRefSerializer(
        read_only=True, allow_null=True, help_text=_("Holdet; null for et selvstudiekursus.")
    )
    status = serializers.ChoiceField(choices=EnrolmentStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    requested_at = serializers.DateTimeField(
        source="created_at", read_only=True, help_text=_("Hvornår der blev anmodet om pladsen.")
    )
    approved_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "Hvornår anmodningen blev godkendt (eller straks accepteret, hvor det ikke kræver "
            "godkendelse) og fik en plads eller kom på venteliste; null indtil da."
        ),
    )
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(
        source="changed_at", read_only=True, help_text=_("Seneste ændring af tilmeldingen.")
    )


class EnrolmentCreateSerializer(serializers.Serializer[Any]):
    """A request for a seat: which person (of the token's organisation) on which session.

    ``context["people"]`` are the memberships the token may enrol and ``context["sessions"]``
    the sessions open to it; anything else is refused here with a Danish message by the field.
    """

    person = WholeNumberField(
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Id på en person i organisationen (fra /api/v1/people/)."),
        error_messages={
            "required": _("Angiv personen, der skal tilmeldes."),
            "invalid": _("Angiv personens id som et heltal."),
            "null": _("Angiv personen, der skal tilmeldes."),
            "min_value": _("Angiv personens id som et positivt heltal."),
            "max_value": _("Personen findes ikke."),
        },
    )
    session = WholeNumberField(
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Id på et hold, der er åbent for tilmelding (fra /api/v1/sessions/)."),
        error_messages={
            "required": _("Angiv holdet, personen skal tilmeldes."),
            "invalid": _("Angiv holdets id som et heltal."),
            "null": _("Angiv holdet, personen skal tilmeldes."),
            "min_value": _("Angiv holdets id som et positivt heltal."),
            "max_value": _("Holdet findes ikke."),
        },
    )
    reason = TextField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=_("Valgfri bemærkning, som står i tilmeldingens historik."),
        error_messages={
            "invalid": _("Skriv bemærkningen som tekst."),
            "max_length": _("Bemærkningen må højst være 500 tegn."),
        },
    )

    def validate_person(self, value: int) -> Any:
        membership = self.context["people"].filter(user_id=value).first()
        if membership is None:
            raise serializers.ValidationError(
                _(
                    "Personen findes ikke blandt organisationens aktive medlemmer, som nøglen "
                    "må tilmelde."
                )
            )
        return membership

    def validate_session(self, value: int) -> Any:
        session = self.context["sessions"].filter(pk=value).first()
        if session is None:
            raise serializers.ValidationError(
                _(
                    "Holdet findes ikke eller er ikke åbent for tilmelding (aflyst, afholdt eller "
                    "kurset er ikke offentliggjort)."
                )
            )
        return session


# --- Completions and certificates --------------------------------------------------------------


class CertificateSerializer(serializers.Serializer[Any]):
    """The kursusbevis of a completion, as it was issued (its texts are frozen then)."""

    code = serializers.CharField(read_only=True, help_text=_("Bevisets kode."))
    course_title = serializers.CharField(read_only=True)
    guide = serializers.CharField(source="guide_code", read_only=True)
    provider_name = serializers.CharField(read_only=True)
    hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, read_only=True
    )
    completed_on = serializers.DateField(read_only=True)
    issued_at = serializers.DateTimeField(read_only=True)
    expires_on = serializers.DateField(read_only=True, allow_null=True)
    revoked = serializers.BooleanField(source="is_revoked", read_only=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)
    valid = serializers.BooleanField(
        source="is_valid",
        read_only=True,
        help_text=_("Hverken tilbagekaldt eller udløbet i dag."),
    )
    verification_url = serializers.SerializerMethodField(
        help_text=_("Den offentlige side, hvor enhver med koden kan kontrollere beviset.")
    )

    @extend_schema_field(serializers.URLField())
    def get_verification_url(self, certificate: Certificate) -> str:
        path = reverse("certificate_public", args=[certificate.code])
        return public_base_url(self.context.get("request")) + path


class CompletionSerializer(serializers.Serializer[Any]):
    """A completed enrolment and its certificate (null where none was issued)."""

    id = serializers.IntegerField(read_only=True, help_text=_("Tilmeldingens id."))
    person = PersonRefSerializer(source="user", read_only=True)
    course = CourseRefSerializer(read_only=True)
    session = SessionRefSerializer(read_only=True, allow_null=True)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    certificate = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(
        source="changed_at",
        read_only=True,
        help_text=_("Seneste ændring af gennemførelsen eller beviset (fx tilbagekaldt)."),
    )

    @extend_schema_field(CertificateSerializer(allow_null=True))
    def get_certificate(self, enrolment: Any) -> dict[str, Any] | None:
        # A OneToOne reverse accessor raises when there is none; select_related cached it.
        certificate = getattr(enrolment, "certificate", None)
        if certificate is None:
            return None
        return dict(CertificateSerializer(certificate, context=self.context).data)


# --- Evidence and competence levels ------------------------------------------------------------


class EvidenceSerializer(serializers.Serializer[Any]):
    """One piece of dokumentation for a person's level in a competence."""

    id = serializers.IntegerField(read_only=True)
    person = PersonRefSerializer(source="user", read_only=True)
    competence = CompetenceRefSerializer(read_only=True)
    level = serializers.IntegerField(read_only=True, min_value=1, max_value=4)
    level_label = serializers.SerializerMethodField()
    source = serializers.ChoiceField(choices=EvidenceSource.choices, read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    status = serializers.ChoiceField(choices=EvidenceStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    title = serializers.CharField(read_only=True)
    guide = serializers.CharField(source="guide.code", read_only=True, allow_null=True)
    achieved_on = serializers.DateField(read_only=True)
    expires_on = serializers.DateField(read_only=True, allow_null=True)
    counts = serializers.BooleanField(
        read_only=True, help_text=_("Tæller med i personens niveau i dag.")
    )
    recorded_at = serializers.DateTimeField(source="created_at", read_only=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(source="changed_at", read_only=True)

    def get_level_label(self, evidence: Any) -> str:
        return _level_label(evidence.level)


class CompetenceLevelSerializer(serializers.Serializer[Any]):
    competence = serializers.SerializerMethodField()
    level = serializers.IntegerField(
        read_only=True, min_value=0, max_value=4, help_text=_("0 (ingen) til 4.")
    )
    level_label = serializers.SerializerMethodField()

    @extend_schema_field(CompetenceRefSerializer())
    def get_competence(self, row: Any) -> dict[str, Any]:
        return {"id": row.competence_id, "code": row.code, "name": row.name}

    def get_level_label(self, row: Any) -> str:
        return _level_label(row.level)


class PersonLevelsSerializer(serializers.Serializer[Any]):
    """A person's current level in every competence they have evidence for."""

    person = PersonRefSerializer(source="user", read_only=True)
    levels_on = serializers.SerializerMethodField(
        help_text=_("Dagen, niveauerne gælder for (i dag).")
    )
    levels = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(
        source="changed_at",
        read_only=True,
        help_text=_(
            "Seneste ændring af medlemskabet eller personens dokumentation. Et niveau kan også "
            "ændre sig, når dokumentation udløber; updated_since tager højde for det."
        ),
    )

    @extend_schema_field(serializers.DateField())
    def get_levels_on(self, membership: Any) -> str:
        return timezone.localdate().isoformat()

    @extend_schema_field(CompetenceLevelSerializer(many=True))
    def get_levels(self, membership: Any) -> list[dict[str, Any]]:
        levels = self.context["levels"].get(membership.user_id, [])
        return [dict(item) for item in CompetenceLevelSerializer(levels, many=True).data]
