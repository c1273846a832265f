"""Storing and delivering outbound e-mail."""

import base64
import logging
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from lms.mail.models import OutboundEmail

logger = logging.getLogger(__name__)


def _attachments_of(message: EmailMessage) -> list[list[str]]:
    stored = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            # Django builds these only for attach(MIMEBase); we never do, so refuse loudly.
            raise ValueError("MIMEBase attachments are not supported by the outbox.")
        filename, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else content
        stored.append([filename or "", base64.b64encode(raw).decode(), mimetype or ""])
    return stored


@transaction.atomic
def email_enqueue(*, message: EmailMessage, dedupe_key: str | None = None) -> OutboundEmail:
    """Store ``message`` and deliver it through Celery once the current transaction commits.

    With a ``dedupe_key`` a second call with the same key (a retried notification task) returns
    the first e-mail and sends nothing new.
    """
    from lms.mail.tasks import deliver_email

    if dedupe_key:
        existing = OutboundEmail.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    outbound = OutboundEmail.objects.create(
        dedupe_key=dedupe_key,
        subject=str(message.subject),
        from_email=str(message.from_email or settings.DEFAULT_FROM_EMAIL),
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        headers=dict(message.extra_headers),
        body=str(message.body),
        alternatives=[[str(c), m] for c, m in getattr(message, "alternatives", [])],
        attachments=_attachments_of(message),
    )
    transaction.on_commit(lambda: deliver_email.delay(outbound.pk))
    return outbound


def _build_message(outbound: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=outbound.subject,
        body=outbound.body,
        from_email=outbound.from_email,
        to=outbound.to,
        cc=outbound.cc,
        bcc=outbound.bcc,
        reply_to=outbound.reply_to,
        headers=outbound.headers,
        connection=get_connection(settings.EMAIL_DELIVERY_BACKEND),
    )
    for content, mimetype in outbound.alternatives:
        message.attach_alternative(content, mimetype)
    for filename, encoded, mimetype in outbound.attachments:
        message.attach(filename, base64.b64decode(encoded), mimetype or None)
    return message


def email_deliver(*, outbound_id: int) -> bool:
    """Send one stored e-mail unless it was already sent; return whether it was sent now.

    The row lock makes two deliveries of the same id (a retry racing a slow first attempt)
    send once: the second waits, then sees ``sent_at`` and stops.
    """
    error: Exception | None = None
    with transaction.atomic():
        outbound = OutboundEmail.objects.select_for_update().filter(pk=outbound_id).first()
        if outbound is None or outbound.sent_at is not None:
            return False
        outbound.attempts += 1
        try:
            _build_message(outbound).send()
        except Exception as exc:  # recorded on the row, then re-raised for Celery's retry
            error = exc
            outbound.last_error = repr(exc)[:2000]
            outbound.save(update_fields=["attempts", "last_error"])
        else:
            outbound.sent_at = timezone.now()
            outbound.last_error = ""
            outbound.save(update_fields=["attempts", "sent_at", "last_error"])
    if error is not None:
        logger.warning("E-mail %s was not delivered: %r", outbound_id, error)
        raise error
    return True
