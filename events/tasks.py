"""Celery tasks of events (thin adapters: a service called, safe to run twice)."""

from celery import shared_task
from django.db import OperationalError

from events.services import registrations

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
}


@shared_task(name="events.waitlist_promote", **RETRY)
def waitlist_promote(event_id: int) -> int:
    """Fill seats freed outside the cancel service (a registration deleted on erasure)."""
    return registrations.waitlist_promote_event(event_id=event_id)
