"""The audit log of access to personal data: write an event, and purge what is past retention.

Call :func:`audit_record` where a person's data is touched by someone (HR opening a plan, a
download of another person's file, an export, an erasure) and the security signals of
``core.signals`` record log-ins and two-factor changes. The log is append-only
(:mod:`core.models`); only :func:`audit_purge` removes rows, and only those past retention.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connections, models, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from core.models import AccessAction, AccessEvent, AccessEventQuerySet

__all__ = [
    "AccessAction",
    "audit_purge",
    "audit_record",
    "audit_retention_queryset",
    "retention_days",
]

# How long events are kept (days). Failed log-ins only serve to spot attacks in progress;
# log-ins and log-outs answer "was it me?" for a year; access to data, two-factor changes,
# exports and erasures are the accountability record (GDPR art. 5(2)) and stay two years.
RETENTION_DAYS: dict[str, int] = {
    AccessAction.LOGIN_FAILED: 90,
    AccessAction.LOGIN: 365,
    AccessAction.LOGOUT: 365,
}
DEFAULT_RETENTION_DAYS = 730
# The PostgreSQL trigger lets the purge delete nothing younger than this (the shortest period).
MINIMUM_RETENTION_DAYS = min([DEFAULT_RETENTION_DAYS, *RETENTION_DAYS.values()])
PURGE_SETTING = "lms.audit_purge"


def retention_days(action: str) -> int:
    """How many days an event of this kind is kept."""
    return RETENTION_DAYS.get(action, DEFAULT_RETENTION_DAYS)


def truncate_ip(value: str | None) -> str | None:
    """The network an address belongs to (IPv4 /24, IPv6 /48), or None for no valid address."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def _user_id(user: Any) -> int | None:
    """A user's id from a user, an id, or None / AnonymousUser (nobody)."""
    if user is None or isinstance(user, int):
        return user
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    return int(user.pk)


def _pk_or_none(value: Any) -> int | None:
    if value is None:
        return None
    return int(value) if isinstance(value, int) else int(value.pk)


def audit_record(
    *,
    actor: Any,
    action: str,
    subject: Any = None,
    organisation: Any = None,
    obj: models.Model | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AccessEvent:
    """Append one event: ``actor`` did ``action`` to ``subject``'s data (``obj``, if one).

    ``actor`` and ``subject`` are users or user ids (anonymous or None for nobody);
    ``organisation`` an
    Organisation or its id, the one in whose name the actor acted. ``detail`` must hold no
    names, e-mail addresses or free text about people: ids and codes only, so the log itself
    never needs scrubbing.
    """
    if action not in AccessAction.values:
        raise ValueError(f"Unknown audit action {action!r}.")
    ip = client_ip(request) if request is not None else None
    return AccessEvent.objects.create(
        actor_id=_user_id(actor),
        subject_id=_user_id(subject),
        organisation_id=_pk_or_none(organisation),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_network=truncate_ip(ip),
        detail=detail or {},
    )


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the login rate limits see it: behind a proxy, the one the
    trusted proxy reports (``DJANGO_BEHIND_PROXY``), not the proxy's own."""
    from allauth.account.adapter import get_adapter

    try:
        ip: str | None = get_adapter(request).get_client_ip(request)
        return ip
    except (PermissionDenied, ImproperlyConfigured):
        # A missing or malformed proxy header: log the event without an address.
        return None


def _expired(now: datetime) -> Q:
    """Events past their retention at ``now``: one condition per distinct period."""
    condition = Q()
    special = list(RETENTION_DAYS)
    for action, days in RETENTION_DAYS.items():
        condition |= Q(action=action, at__lt=now - timedelta(days=days))
    condition |= Q(at__lt=now - timedelta(days=DEFAULT_RETENTION_DAYS)) & ~Q(action__in=special)
    return condition


def _delete_rows(rows: models.QuerySet[AccessEvent]) -> int:
    """The one way rows leave the log. On PostgreSQL the trigger allows it only inside a
    transaction that set ``lms.audit_purge`` (and never for rows younger than the minimum)."""
    using = rows.db
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
        # _raw_delete: one DELETE statement; nothing points at access events to collect.
        return rows._raw_delete(using)


class _ExpiredEvents(AccessEventQuerySet):
    """Events past retention; the one queryset whose ``delete()`` is allowed."""

    def delete(self) -> tuple[int, dict[str, int]]:  # type: ignore[override]
        count = _delete_rows(self)
        return count, {AccessEvent._meta.label: count}


def audit_retention_queryset(now: datetime | None = None) -> _ExpiredEvents:
    """Events past retention at ``now``; ``.count()`` for a dry run, ``.delete()`` to purge."""
    now = now or timezone.now()
    return _ExpiredEvents(model=AccessEvent).filter(_expired(now))


def audit_purge(now: datetime | None = None, dry_run: bool = False) -> int:
    """Remove events past retention; returns how many (would be) removed. Safe to run twice."""
    rows = audit_retention_queryset(now)
    if dry_run:
        return rows.count()
    return _delete_rows(rows)


def audit_access(
    request: HttpRequest,
    *,
    action: str,
    subject: Any,
    obj: models.Model | None = None,
    organisation: Any = None,
    detail: dict[str, Any] | None = None,
) -> AccessEvent | None:
    """Record that the logged-in user looked at or fetched ``subject``'s data — unless it is
    their own (a person reading their own plan is not an access to log)."""
    subject_id = _pk_or_none(subject)
    if subject_id is None or subject_id == request.user.pk:
        return None
    return audit_record(
        actor=request.user,
        action=action,
        subject=subject_id,
        organisation=organisation,
        obj=obj,
        request=request,
        detail=detail,
    )
