"""Reads for the person's-rights pages: exports and erasure requests.

Which rows a person may see is ``privacy.access``; these functions start from its answers (or
from the person's own rows) and order and cut them as the pages show them. The access log's
reads are ``privacy.audit_selectors``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from organisations.models import Organisation, User
from privacy import access
from privacy.models import ErasureRequest, ErasureStatus, ExportRequest

if TYPE_CHECKING:
    from organisations.access import AnyUser

# HR's page for a person lists this many of the exports it made.
PERSON_EXPORTS_SHOWN = 10
# The erasure queue shows this many requests, newest first.
ERASURE_QUEUE_SHOWN = 200
OPEN_ERASURE = (ErasureStatus.REQUESTED, ErasureStatus.CONFIRMED)


def latest_own_export(person: AnyUser) -> ExportRequest | None:
    """The person's latest own, complete export. One HR made (limited to its organisation) is
    listed for the person separately and never offered as "your data"."""
    return (
        ExportRequest.objects.filter(person_id=person.pk, organisation__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )


def exports_made_by_hr(person: User, organisation: Organisation) -> list[ExportRequest]:
    """The latest exports HR of ``organisation`` made of ``person``, newest first."""
    return list(
        ExportRequest.objects.filter(person=person, organisation=organisation).order_by(
            "-created_at", "-pk"
        )[:PERSON_EXPORTS_SHOWN]
    )


def open_erasure_request(person: AnyUser) -> ErasureRequest | None:
    """The person's erasure request that still waits or runs, if any."""
    return access.own_erasure_requests(person).filter(status__in=OPEN_ERASURE).first()


def latest_erasure_request(person: AnyUser) -> ErasureRequest | None:
    """The person's latest erasure request (the Mine data page's erasure section)."""
    return access.own_erasure_requests(person).first()


def erasure_queue(actor: AnyUser) -> QuerySet[ErasureRequest]:
    """The requests ``actor`` decides on, newest first."""
    return access.erasure_requests_for(actor).order_by("-created_at")[:ERASURE_QUEUE_SHOWN]
