"""Consents in one place (issue 11, part 6): what a person has agreed to, and withdrawing it.

Each app registers the kinds of consent it keeps, in ``<app>/consents.py`` (imported from its
``AppConfig.ready``): how to find the consents a person has given now, and how to withdraw one
through the app's own service. The Mine data page lists them all with one "Træk samtykke
tilbage" button each; the kernel knows no app, only these registrations.

Some choices are made for an organisation by its HR or a manager (lessons name the
organisation); they appear for the person who may take them back, marked as given on the
organisation's behalf.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.functional import Promise

from core.audit import audit_record
from core.models import AccessAction

Text = str | Promise


@dataclass(frozen=True)
class Given:
    """One consent in force: ``object_id`` names what it is about within its kind (an
    organisation, a listing), ``label`` says so to the person."""

    object_id: str
    label: Text
    given_at: datetime | None = None
    # The organisation on whose behalf the person decided; None for the person's own consent.
    on_behalf_of: Text = ""


@dataclass(frozen=True)
class ConsentKind:
    key: str
    title: Text
    description: Text
    given_for: Callable[[Any], list[Given]]
    withdraw: Callable[[Any, str], None]


class ConsentNotFound(LookupError):
    """No such consent in force for the person (never given, already withdrawn, not theirs)."""


_kinds: dict[str, ConsentKind] = {}


def register(
    key: str,
    *,
    title: Text,
    description: Text,
    given_for: Callable[[Any], list[Given]],
    withdraw: Callable[[Any, str], None],
) -> ConsentKind:
    """Declare a kind of consent. ``given_for(user)`` lists the consents in force;
    ``withdraw(user, object_id)`` takes one back through the app's service."""
    kind = ConsentKind(key, title, description, given_for, withdraw)
    _kinds[key] = kind
    return kind


def kinds() -> list[ConsentKind]:
    return [_kinds[key] for key in sorted(_kinds)]


def consents_for(user: Any) -> list[tuple[ConsentKind, Given]]:
    """Every consent the person has given (or may take back for their organisation)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [(kind, given) for kind in kinds() for given in kind.given_for(user)]


def consent_withdraw(
    *, user: Any, key: str, object_id: str, request: HttpRequest | None = None
) -> ConsentKind:
    """Withdraw one consent the person has given; recorded in the access log.

    Raises :class:`ConsentNotFound` unless it is among the person's consents in force, so an
    id from someone else's page withdraws nothing.
    """
    kind = _kinds.get(key)
    if kind is None or object_id not in {given.object_id for given in kind.given_for(user)}:
        raise ConsentNotFound(key)
    with transaction.atomic():
        kind.withdraw(user, object_id)
        audit_record(
            actor=user,
            action=AccessAction.CONSENT_WITHDRAWN,
            subject=user,
            request=request,
            detail={"consent": key, "object_id": object_id},
        )
    return kind
