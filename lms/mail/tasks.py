import smtplib

from celery import shared_task

from lms.mail.services import email_deliver


@shared_task(
    name="mail.deliver_email",
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
    acks_late=True,
)
def deliver_email(outbound_id: int) -> bool:
    """Deliver one stored e-mail; safe to run twice."""
    return email_deliver(outbound_id=outbound_id)
