"""Small helpers every app's views share: a service's refusal on a form or in a message."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def apply_errors(form: Any, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError beside the fields it names (or on top of the form).

    ``rename`` maps a model field the service names onto the form field that shows it.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = (rename or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def error_text(error: ValidationError) -> str:
    """A service's refusal as one line, for a flash message."""
    return " ".join(error.messages)
