"""Serializer fields that take JSON's types at their word.

DRF's own fields are lenient in ways an OpenAPI schema cannot state: a ``CharField`` takes the
number 7 as "7", a ``BooleanField`` takes "yes" and 1, an ``IntegerField`` takes "12". A client
that sends a number where the schema says text has a bug we should tell it about (400 with a
Danish message), not guess around — and schemathesis checks that the API refuses what its
schema refuses.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """Text only: a JSON number, true/false, a list or an object is refused."""

    default_error_messages = {"not_text": _("Skal være tekst (i anførselstegn).")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_text")
        return str(super().to_internal_value(data))


class StrictEmailField(serializers.EmailField):
    """An e-mail address, given as text."""

    default_error_messages = {"not_text": _("Skal være tekst (i anførselstegn).")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_text")
        return str(super().to_internal_value(data))


class StrictBooleanField(serializers.BooleanField):
    """JSON's true or false only (not "true", "ja" or 1)."""

    default_error_messages = {"invalid": _("Skal være true eller false.")}

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return bool(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON whole number only (not "12", 12.0 or true)."""

    default_error_messages = {"invalid": _("Skal være et helt tal (uden anførselstegn).")}

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))
