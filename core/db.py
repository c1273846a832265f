"""Inserts that a simultaneous twin request may race (issue 11: never a 500).

A service checks a unique rule before it inserts (``full_clean`` or a query), but two requests
at once both pass the check while neither has committed; the database's constraint then decides
and the loser's ``save()`` raises ``IntegrityError``. These helpers insert inside a savepoint, so
the surrounding transaction stays usable, and turn the loser's error into what the service
promises: a Danish ``ValidationError`` beside the field (``save_or_refuse``) or, for idempotent
services, the twin's row (``save_or_existing``).

Only call them after ``full_clean()``: every other rule has been checked by then, so an
``IntegrityError`` here means the unique constraint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


def unique_message(model: type[models.Model], field: str) -> str:
    """The Danish message of the model's unique rule on ``field``: the ``violation_error_message``
    of a ``UniqueConstraint`` naming the field, else a general sentence."""
    for constraint in model._meta.constraints:
        if (
            isinstance(constraint, models.UniqueConstraint)
            and field in constraint.fields
            and constraint.violation_error_message
            and constraint.violation_error_message != constraint.default_violation_error_message
        ):
            return str(constraint.violation_error_message)
    return _("Der findes allerede en række med de samme værdier.")


def save_or_refuse(obj: models.Model, *, field: str | None, message: str | None = None) -> None:
    """Save ``obj`` in a savepoint; if a twin won the race, refuse with ``message`` (default:
    the constraint's own message, see ``unique_message``) beside ``field`` (``None``: a
    message for the whole form, as the service's own check gives it)."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        if field is None:
            raise ValidationError(message or unique_message(type(obj), "")) from None
        text = message if message is not None else unique_message(type(obj), field)
        raise ValidationError({field: text}) from None


def save_or_existing(obj: M, *, existing: Callable[[], M | None]) -> tuple[M, bool]:
    """Save ``obj`` in a savepoint and return ``(obj, True)``; if a twin won the race, return
    ``(twin, False)`` from ``existing()``. Under PostgreSQL's READ COMMITTED the twin is
    visible by then: the insert waited for it to commit before it failed."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        twin = existing()
        if twin is None:  # not a twin after all: some other constraint, let it surface
            raise
        return twin, False
    return obj, True
