"""Celery tasks of the newsletter (thin adapters: a service called, safe to run twice)."""

from celery import shared_task
from django.db import OperationalError

from newsletter.services import sending

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
}


@shared_task(name="newsletter.send_issue_batch", **RETRY)
def send_issue_batch(issue_id: int) -> int:
    """Store the next batch of an issue's e-mails in the outbox; enqueues the batch after it."""
    return sending.issue_send_batch(issue_id=issue_id)


@shared_task(name="newsletter.resume_sendings", **RETRY)
def resume_sendings() -> int:
    """Periodic (Celery beat): carry on every issue still being sent, e.g. after a worker died."""
    return sending.issue_sendings_resume()
