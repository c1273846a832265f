"""Celery tasks of the outbox: thin adapters over ``core.mail.services``.

``deliver_email`` retries on *any* error, not only SMTP ones: a database restart or a bug in a
backend must not lose an e-mail. Celery's own retries cover the first minutes (the longest
countdown, 300 s plus jitter, stays below the broker's visibility timeout, so a waiting retry is
never handed to a second worker); after that ``sweep_unsent_email`` takes over with the back-off
stored on the row.
"""

from celery import shared_task

from core.mail.services import email_deliver, email_sweep


@shared_task(
    name="mail.deliver_email",
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=3,
    # Delivery is idempotent (row lock + sent_at), so a task lost with its worker is redone.
    acks_late=True,
    reject_on_worker_lost=True,
    # EMAIL_TIMEOUT (30 s) bounds one SMTP wait; the soft limit leaves room to record the error.
    soft_time_limit=90,
    time_limit=120,
)
def deliver_email(outbound_id: int) -> bool:
    """Deliver one stored e-mail; safe to run twice."""
    return email_deliver(outbound_id=outbound_id)


@shared_task(name="mail.sweep_unsent", ignore_result=True)
def sweep_unsent_email() -> int:
    """Periodic (Celery beat, every 5 minutes): enqueue stored e-mails that should have gone."""
    return email_sweep()
