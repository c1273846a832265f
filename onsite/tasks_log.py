"""Celery tasks of the learning log (thin adapters: ids in, a service called, safe twice).

Safe to run twice: every e-mail carries a dedupe key.
"""

from celery import shared_task
from django.db import OperationalError

from onsite import notifications

__all__ = ["log_notify"]

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
}

HANDLERS = {
    "entry_event": lambda pk: notifications.entry_event_notify(event_id=pk),
    "invitation": lambda pk: notifications.project_invitation_notify(invitation_id=pk),
}


@shared_task(name="onsite.log_notify", **RETRY)
def log_notify(kind: str, object_id: int) -> int:
    """Send the e-mails of one log entry step or project invitation; safe to run twice."""
    return HANDLERS[kind](object_id)
