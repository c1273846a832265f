"""Celery tasks of processes (thin adapters: a service called, safe to run twice)."""

from celery import shared_task
from django.db import OperationalError

from processes.services import reminders

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
}


@shared_task(name="processes.send_milestone_reminders", **RETRY)
def send_milestone_reminders() -> int:
    """Periodic (Celery beat, daily): e-mail responsible people about milestones due within a
    week or overdue; once per milestone, kind and due date, however often it runs."""
    return reminders.milestone_reminders_send()
