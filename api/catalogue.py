"""The public catalogue: guides, live courses and their sessions with seats left. No token.

Reads come from the courses and competencies selectors (the same ones the catalogue pages use),
so the API shows exactly what the site shows: live courses only, seats counted by
``CourseSession.objects.with_seats()``.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers

from api.base import PublicApiViewSet
from competencies.models import Guide
from core.site_url import page_full_url
from courses.models import CoursePage, CourseSession
from courses.selectors.catalogue import course_cards

TAGS = ["Katalog"]

# --- Serializers ----------------------------------------------------------------------------


class GuideSerializer(serializers.ModelSerializer[Guide]):
    series_label = serializers.CharField(source="get_series_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    target_job_functions = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text=_("Koderne på de funktioner, vejledningen især er skrevet til."),
    )

    class Meta:
        model = Guide
        fields = [
            "id",
            "code",
            "title",
            "series",
            "series_label",
            "edition",
            "summary",
            "status",
            "status_label",
            "target_job_functions",
        ]


class CourseGuideSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True, help_text=_("Fx A3."))
    title = serializers.CharField(read_only=True)


class ProviderSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True, help_text=_("Kursusudbyderens id."))
    name = serializers.CharField(read_only=True, help_text=_("Kursusudbyderens navn."))


class CourseSerializer(serializers.ModelSerializer[CoursePage]):
    guide = CourseGuideSerializer(read_only=True)
    provider = serializers.SerializerMethodField()
    format_label = serializers.CharField(source="get_format_display", read_only=True)
    hours = serializers.DecimalField(
        source="duration_hours",
        max_digits=5,
        decimal_places=1,
        coerce_to_string=False,
        read_only=True,
        help_text=_("Varighed i timer."),
    )
    price = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        help_text=_("Standardpris pr. deltager, kr. ekskl. moms."),
    )
    url = serializers.SerializerMethodField(help_text=_("Kursets side på AlmenLæring."))
    updated_at = serializers.DateTimeField(
        source="last_published_at",
        read_only=True,
        allow_null=True,
        help_text=_("Sidst offentliggjort (ændret)."),
    )

    class Meta:
        model = CoursePage
        fields = [
            "id",
            "title",
            "summary",
            "guide",
            "provider",
            "format",
            "format_label",
            "language",
            "hours",
            "price",
            "url",
            "updated_at",
        ]

    @extend_schema_field(ProviderSerializer(allow_null=True))
    def get_provider(self, course: CoursePage) -> dict[str, Any] | None:
        provider_id = getattr(course, "provider_id", None)
        if provider_id is None:
            return None
        return {"id": provider_id, "name": getattr(course, "provider_name", "")}

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, course: CoursePage) -> str:
        return page_full_url(course, self.context.get("request"))


class SessionCourseSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True, help_text=_("Kursets id."))
    title = serializers.CharField(read_only=True, help_text=_("Kursets titel."))


class SessionSerializer(serializers.ModelSerializer[CourseSession]):
    course = SessionCourseSerializer(read_only=True)
    provider = ProviderSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    place = serializers.CharField(read_only=True, help_text=_("»Online« eller adressen."))
    price = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        help_text=_("Pris pr. deltager på dette hold, kr. ekskl. moms."),
    )
    seats_left = serializers.IntegerField(
        read_only=True, help_text=_("Ledige pladser (0 eller mindre: fuldt, venteliste).")
    )
    waitlist_count = serializers.IntegerField(read_only=True, help_text=_("Antal på venteliste."))

    class Meta:
        model = CourseSession
        fields = [
            "id",
            "course",
            "provider",
            "starts_at",
            "ends_at",
            "online",
            "place",
            "address",
            "postcode",
            "city",
            "region",
            "language",
            "capacity",
            "seats_left",
            "waitlist_count",
            "price",
            "registration_deadline",
            "cancellation_deadline",
            "status",
            "status_label",
            "updated_at",
        ]


# --- Selectors ------------------------------------------------------------------------------


def guides() -> QuerySet[Guide]:
    """Every guide, with its target job functions (two queries for any number)."""
    return Guide.objects.prefetch_related("target_job_functions")


def courses() -> QuerySet[CoursePage]:
    """Live courses with guide and provider, as the catalogue's cards (one query)."""
    # Only the card's fields: the body and its blocks are not part of a catalogue row.
    cards: Any = course_cards()
    return cast("QuerySet[CoursePage]", cards.defer_streamfields())


def sessions() -> QuerySet[CourseSession]:
    """Sessions of live courses that have not ended, with seats left.

    Cancelled ones are included (``status`` says so): a system that synchronises the
    catalogue must learn that a session it showed is cancelled, not see it vanish.
    """
    return (
        CourseSession.objects.filter(course__live=True, ends_at__gt=timezone.now())
        .with_seats()
        .select_related("course", "provider")
    )


# --- Views ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Vejledninger"), tags=TAGS),
    retrieve=extend_schema(summary=_("En vejledning"), tags=TAGS),
)
class GuideViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PublicApiViewSet):
    """The AlmenVejledninger that courses are built on."""

    serializer_class = GuideSerializer

    def get_queryset(self) -> QuerySet[Guide]:
        return guides()


@extend_schema_view(
    list=extend_schema(summary=_("Kurser"), tags=TAGS),
    retrieve=extend_schema(summary=_("Et kursus"), tags=TAGS),
)
class CourseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PublicApiViewSet):
    """Live courses of every provider."""

    serializer_class = CourseSerializer
    updated_since_fields = ("last_published_at",)

    def get_queryset(self) -> QuerySet[CoursePage]:
        return courses()


@extend_schema_view(
    list=extend_schema(summary=_("Hold"), tags=TAGS),
    retrieve=extend_schema(summary=_("Et hold"), tags=TAGS),
)
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PublicApiViewSet):
    """Dated sessions of live courses that have not ended, with seats left."""

    serializer_class = SessionSerializer
    updated_since_fields = ("updated_at",)

    def get_queryset(self) -> QuerySet[CourseSession]:
        return sessions()
