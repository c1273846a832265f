"""OpenAPI schema additions: the token security scheme and the error answers of every operation.

drf-spectacular documents the success answers from the serializers. The errors come from the
framework around them (authentication, scope, throttling, bad query parameters), so this hook
adds them to each operation that can give them. The schema is the contract schemathesis checks
the live API against: an answer it does not list is a failure there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object

if TYPE_CHECKING:
    from drf_spectacular.openapi import AutoSchema

API_PREFIX = "/api/v1/"
SECURITY_SCHEME = "ApiToken"
ERROR_COMPONENT = "Fejl"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = SECURITY_SCHEME

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        scheme = build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Bearer"
        )
        scheme["description"] = _(
            "En API-nøgle, som HR opretter under Organisation → API-nøgler. Send den som "
            "»Authorization: Bearer <nøgle>«."
        )
        return scheme


def only_api_v1(endpoints: list[Any], **kwargs: Any) -> list[Any]:
    """PREPROCESSING_HOOKS entry: the schema describes /api/v1/ only (not Wagtail's admin API)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


def _error_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": _(
            "En fejl: »detail« forklarer den; ved ugyldige data står beskederne under hvert "
            "felts navn (en liste af tekster)."
        ),
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": True,
    }


def _errors_for(path: str, operation: dict[str, Any]) -> dict[str, str]:
    """The error answers ``operation`` can give, with their Danish descriptions."""
    errors: dict[str, str] = {}
    has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    if has_query or "requestBody" in operation:
        errors["400"] = _("Ugyldige parametre eller data.")
    if operation.get("security") and {} not in operation["security"]:
        errors["401"] = _("Manglende, ukendt, udløbet eller tilbagekaldt API-nøgle.")
        errors["403"] = _("API-nøglen må ikke dette (fx en læsenøgle, der skriver).")
    if "{" in path:
        errors["404"] = _("Findes ikke, eller hører til en anden organisation.")
    if "requestBody" in operation:
        errors["415"] = _("Send data som application/json.")
    errors["429"] = _("For mange forespørgsler; prøv igen om lidt (se Retry-After).")
    return errors


def add_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """POSTPROCESSING_HOOKS entry: document the errors each /api/v1/ operation can answer."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = _error_schema()
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in _errors_for(path, operation).items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )
    return result
