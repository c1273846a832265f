"""Celery tasks of the competencies app: thin adapters that take ids and call a service.

All are safe to run twice: e-mails carry dedupe keys.
"""

from celery import shared_task
from django.db import OperationalError

from competencies import notifications

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
}

HANDLERS = {
    "plan_event": lambda pk: notifications.plan_event_notify(event_id=pk),
    "evidence_submitted": lambda pk: notifications.evidence_submitted_notify(evidence_id=pk),
    "evidence_decided": lambda pk: notifications.evidence_decided_notify(evidence_id=pk),
}


@shared_task(name="competencies.notify", **RETRY)
def notify(kind: str, object_id: int) -> int:
    """Send the e-mails of one plan event or evidence decision; safe to run twice."""
    return HANDLERS[kind](object_id)
