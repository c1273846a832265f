"""Celery task of erasure: a thin adapter that takes the request's id."""

from celery import shared_task
from django.db import OperationalError

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
}


@shared_task(name="privacy.erase_person", **RETRY)
def erase_person(request_id: int) -> str:
    """Erase the person of a confirmed request; safe to run twice (a done request is left)."""
    from privacy.erasure import erasure_request_execute

    request = erasure_request_execute(request_id=request_id)
    return request.status if request is not None else "missing"


@shared_task(name="privacy.apply_retention", **RETRY)
def apply_retention() -> dict[str, int]:
    """Nightly (Celery beat): remove or anonymise what is past its retention."""
    from privacy.retention import retention_apply

    return retention_apply(dry_run=False)
