"""Celery tasks of effects and lessons (thin adapters: ids in, a service called, safe twice)."""

from celery import shared_task
from django.db import OperationalError

from onsite.services import effects

__all__ = ["send_follow_up_reminders"]

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
}


@shared_task(name="onsite.send_follow_up_reminders", **RETRY)
def send_follow_up_reminders() -> int:
    """Periodic (Celery beat, daily): the 3-, 6- and 12-month follow-ups of the effect
    indicators after handover; each (project, months) is e-mailed once, however often it runs."""
    return effects.follow_up_reminders_send()
