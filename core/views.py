"""The one way a view turns a service's refusal into what the person sees.

Services refuse with ``ValidationError`` (a Danish message, naming fields where it can). A view
wraps the service call in ``service_refusal``: on a form the errors go beside the fields they
name (the rest on top of the form), otherwise into one flash message. The view then reads the
returned ``Refusal`` to decide whether to show the form again or to go on::

    with service_refusal(form) as refused:
        plan = plan_create(person=me(request), **form.cleaned_data)
    if not refused:
        return redirect(plan)
    # fall through: the form is rendered again, input kept, errors beside the fields
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


@dataclass
class Refusal:
    """What ``service_refusal`` caught: true when the service refused."""

    error: ValidationError | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def text(self) -> str:
        return error_text(self.error) if self.error is not None else ""


@contextmanager
def service_refusal(target: Any, rename: dict[str, str] | None = None) -> Iterator[Refusal]:
    """Catch a service's ValidationError and show it on ``target``.

    ``target`` is a form (errors beside its fields; ``rename`` maps a model field the service
    names onto the form field that shows it) or the request (one flash message). Anything but a
    ValidationError passes through untouched.
    """
    refusal = Refusal()
    try:
        yield refusal
    except ValidationError as error:
        refusal.error = error
        if isinstance(target, HttpRequest):
            messages.error(target, error_text(error))
        else:
            apply_errors(target, error, rename)


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
