"""The shape of an xAPI statement as the OpenAPI schema describes it (for documentation and for
schemathesis, which checks every answer against it): only what ``api.learning.xapi`` writes,
with the optional parts not required. Nothing is serialised through these classes.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


def _language_map(**kwargs: Any) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.CharField(),
        help_text=_('Sprogkort: RFC 5646-sprogkode → tekst, fx {"da-DK": "…"}.'),
        **kwargs,
    )


def _extensions(**kwargs: Any) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.CharField(), help_text=_("Udvidelser: IRI → værdi."), **kwargs
    )


class XapiAccountSerializer(serializers.Serializer[Any]):
    homePage = serializers.URLField(help_text=_("Sitets adresse."))
    name = serializers.CharField(help_text=_("Personens id (som i /api/v1/people/)."))


class XapiAgentSerializer(serializers.Serializer[Any]):
    objectType = serializers.ChoiceField(choices=["Agent"])
    name = serializers.CharField(required=False)
    account = XapiAccountSerializer()


class XapiGroupSerializer(serializers.Serializer[Any]):
    objectType = serializers.ChoiceField(choices=["Group"])
    member = XapiAgentSerializer(many=True)


class XapiVerbSerializer(serializers.Serializer[Any]):
    id = serializers.URLField()
    display = _language_map()


class XapiActivityDefinitionSerializer(serializers.Serializer[Any]):
    name = _language_map()
    description = _language_map(required=False)
    type = serializers.URLField(required=False)
    moreInfo = serializers.URLField(required=False)


class XapiActivitySerializer(serializers.Serializer[Any]):
    objectType = serializers.ChoiceField(choices=["Activity"])
    id = serializers.URLField(help_text=_("Aktivitetens IRI."))
    definition = XapiActivityDefinitionSerializer()


class XapiContextActivitiesSerializer(serializers.Serializer[Any]):
    parent = XapiActivitySerializer(many=True, help_text=_("Byggesagen."))
    category = XapiActivitySerializer(
        many=True, required=False, help_text=_("AlmenVejledningen og kompetencerne.")
    )


class XapiStatementRefSerializer(serializers.Serializer[Any]):
    objectType = serializers.ChoiceField(choices=["StatementRef"])
    id = serializers.UUIDField()


class XapiContextSerializer(serializers.Serializer[Any]):
    contextActivities = XapiContextActivitiesSerializer()
    platform = serializers.CharField()
    language = serializers.CharField()
    extensions = _extensions(required=False)
    team = XapiGroupSerializer(required=False, help_text=_("Deltagerne i indlægget."))
    statement = XapiStatementRefSerializer(
        required=False, help_text=_("Udsagnet for den godkendte revision, som dette erstatter.")
    )


class XapiResultSerializer(serializers.Serializer[Any]):
    response = serializers.CharField(help_text=_("Hvad vi lærte (ellers overskriften)."))
    extensions = _extensions(required=False)


class XapiStatementSerializer(serializers.Serializer[Any]):
    """An xAPI 1.0.3 statement about one approved learning-log entry."""

    id = serializers.UUIDField(help_text=_("Fast UUID (version 5) for indlæggets revision."))
    actor = XapiAgentSerializer(help_text=_("Den, der skrev indlægget."))
    verb = XapiVerbSerializer()
    object = XapiActivitySerializer(help_text=_("Indlægget; id er dets adresse på sitet."))
    result = XapiResultSerializer()
    context = XapiContextSerializer()
    timestamp = serializers.DateTimeField(help_text=_("Dagen, indlægget handler om."))
    stored = serializers.DateTimeField(help_text=_("Hvornår revisionen blev godkendt."))
    version = serializers.CharField(
        help_text=_("xAPI-datamodellens version: 1.0.0 (for alle 1.0.x).")
    )


@extend_schema_serializer(many=False)
class StatementResultSerializer(serializers.Serializer[Any]):
    """xAPI's StatementResult: a page of statements and where the next page is."""

    statements = XapiStatementSerializer(many=True)
    more = serializers.CharField(
        allow_blank=True,
        help_text=_("Relativ adresse på næste side; tom streng, når der ikke er flere."),
    )
