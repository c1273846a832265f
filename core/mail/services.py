"""Storing and delivering outbound e-mail, exactly once, eventually.

Every e-mail is a row before it is a message. Delivery (``email_deliver``) first *claims* the
row in a short committed transaction (attempts + 1, the time of the next try), then sends under
a row lock and marks it sent in the same transaction. So:

- two workers never send the same row: the second skips the locked row, and after the commit
  sees ``sent_at``;
- a worker killed mid-delivery rolls back its send transaction (PostgreSQL drops the lock with
  the connection); the claim stays, and the sweep (``email_sweep``, Celery beat every five
  minutes) enqueues the row again once its back-off has passed;
- any error (SMTP, a database restart, a bug in a backend) is recorded on the row and retried,
  first by Celery (seconds to minutes), then by the sweep (minutes to hours), until
  ``MAIL_MAX_ATTEMPTS``; then the row is marked failed and waits for an operator's "Send igen".

The one gap no outbox can close: the SMTP server accepted the message and the database went
away before the commit. The row is then sent again; its stable ``Message-ID`` lets mail clients
show the two as one.
"""

import base64
import logging
from datetime import datetime, timedelta
from email.mime.base import MIMEBase
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from core import site_url
from core.db import save_or_existing
from core.mail.models import OutboundEmail
from core.tasks import enqueue, enqueue_on_commit

logger = logging.getLogger(__name__)

# About a day of tries (2, 4, 8 … minutes, then every 6 hours) before an operator is needed.
MAIL_MAX_ATTEMPTS = 12
RETRY_DELAY_MAX = timedelta(hours=6)
# A row younger than this may still have its first delivery task on the way; the sweep leaves it.
SWEEP_GRACE = timedelta(minutes=5)
SWEEP_BATCH = 500
FALLBACK_DOMAIN = "almenlaering.dk"


def retry_delay(attempts: int) -> timedelta:
    """How long the sweep waits after the ``attempts``-th try before it tries again."""
    return min(timedelta(minutes=2 ** min(attempts, 12)), RETRY_DELAY_MAX)


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


def _stored_headers(message: EmailMessage) -> dict[str, str]:
    headers = {str(name): str(value) for name, value in message.extra_headers.items()}
    if not any(name.lower() == "content-language" for name in headers):
        # The language active while the e-mail is composed is the one it was rendered in:
        # Danish for our notifications (translation.override("da")), the person's for allauth.
        headers["Content-Language"] = translation.get_language() or settings.LANGUAGE_CODE
    return headers


@transaction.atomic
def email_enqueue(*, message: EmailMessage, dedupe_key: str | None = None) -> OutboundEmail:
    """Store ``message`` and deliver it through Celery once the current transaction commits.

    With a ``dedupe_key`` a second call with the same key (a retried notification task) returns
    the first e-mail and sends nothing new.
    """
    from core.mail.tasks import deliver_email

    def twin() -> OutboundEmail | None:
        return OutboundEmail.objects.filter(dedupe_key=dedupe_key).first() if dedupe_key else None

    existing = twin()
    if existing is not None:
        return existing
    outbound = OutboundEmail(
        dedupe_key=dedupe_key,
        subject=str(message.subject),
        from_email=str(message.from_email or settings.DEFAULT_FROM_EMAIL),
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        headers=_stored_headers(message),
        body=str(message.body),
        alternatives=[[str(c), m] for c, m in getattr(message, "alternatives", [])],
        attachments=_attachments_of(message),
    )
    # Two workers running the same notification at once: the unique key lets one insert win;
    # the other returns its row and sends nothing.
    outbound, created = save_or_existing(outbound, existing=twin)
    if created:
        enqueue_on_commit(deliver_email, outbound.pk)
    return outbound


def message_id_domain() -> str:
    """The right-hand side of our Message-IDs: the site's public host name when it is a real
    domain (``almenlaering.dk``), else the sender's domain (a development machine's base URL
    is ``127.0.0.1`` or ``localhost``, which say nothing about who sent the mail). The configured
    address, not a request's, so that a row delivered again has the same Message-ID."""
    host = urlsplit(site_url.configured_base_url()).hostname or ""
    if site_url.is_domain_name(host):
        return host
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return sender if site_url.is_domain_name(sender) else FALLBACK_DOMAIN


def _message_id(outbound: OutboundEmail) -> str:
    # Stable per row (not make_msgid's random one), so that the rare second delivery (see the
    # module docstring) is recognisably the same message.
    stamp = int(outbound.created_at.timestamp())
    return f"<outbound-{outbound.pk}.{stamp}@{message_id_domain()}>"


def _standard_headers(outbound: OutboundEmail) -> dict[str, str]:
    """Headers every e-mail of ours carries; a header the composer set wins."""
    return {
        "Message-ID": _message_id(outbound),
        # Rows stored before the language was recorded were all rendered in Danish.
        "Content-Language": settings.LANGUAGE_CODE,
        # Everything the platform sends is generated by it (RFC 3834): vacation responders and
        # other robots must not answer. Exchange/Outlook read their own header for the same.
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "OOF, AutoReply",
    }


def _build_message(outbound: OutboundEmail) -> EmailMultiAlternatives:
    own = {name.lower() for name in outbound.headers}
    standard = {k: v for k, v in _standard_headers(outbound).items() if k.lower() not in own}
    headers = {**standard, **outbound.headers}
    message = EmailMultiAlternatives(
        subject=outbound.subject,
        body=outbound.body,
        from_email=outbound.from_email,
        to=outbound.to,
        cc=outbound.cc,
        bcc=outbound.bcc,
        reply_to=outbound.reply_to,
        headers=headers,
        connection=get_connection(settings.EMAIL_DELIVERY_BACKEND),
    )
    for content, mimetype in outbound.alternatives:
        message.attach_alternative(content, mimetype)
    for filename, encoded, mimetype in outbound.attachments:
        message.attach(filename, base64.b64decode(encoded), mimetype or None)
    return message


def _locked_unsent(outbound_id: int) -> OutboundEmail | None:
    """The row under a lock, or None when it is gone, sent, given up, or being sent elsewhere."""
    outbound = (
        OutboundEmail.objects.select_for_update(skip_locked=True).filter(pk=outbound_id).first()
    )
    if outbound is None or outbound.sent_at is not None or outbound.failed_at is not None:
        return None
    return outbound


def _claim(outbound_id: int) -> bool:
    # Committed before the send: an attempt whose worker dies still counts, and the sweep
    # waits its back-off instead of racing a delivery that may still be running.
    with transaction.atomic():
        outbound = _locked_unsent(outbound_id)
        if outbound is None:
            return False
        now = timezone.now()
        outbound.attempts += 1
        outbound.last_attempt_at = now
        outbound.next_attempt_at = now + retry_delay(outbound.attempts)
        outbound.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
    return True


def email_deliver(*, outbound_id: int) -> bool:
    """Send one stored e-mail unless it was already sent; return whether it was sent now.

    Any failure is recorded on the row and raised for Celery to retry, unless this was the last
    attempt (``MAIL_MAX_ATTEMPTS``): then the row is marked failed for an operator to resend.
    """
    if not _claim(outbound_id):
        return False
    error: Exception | None = None
    with transaction.atomic():
        outbound = _locked_unsent(outbound_id)
        if outbound is None:
            return False
        try:
            _build_message(outbound).send()
        except Exception as exc:  # any failure: recorded on the row, then retried
            error = exc
            outbound.last_error = repr(exc)[:2000]
            if outbound.attempts >= MAIL_MAX_ATTEMPTS:
                outbound.failed_at = timezone.now()
            outbound.save(update_fields=["last_error", "failed_at"])
        else:
            outbound.sent_at = timezone.now()
            outbound.next_attempt_at = None
            outbound.last_error = ""
            outbound.save(update_fields=["sent_at", "next_attempt_at", "last_error"])
    if error is None:
        return True
    if outbound.failed_at is not None:
        logger.error(
            "E-mail %s was given up after %s attempts: %r", outbound_id, outbound.attempts, error
        )
        return False
    logger.warning(
        "E-mail %s was not delivered (attempt %s): %r", outbound_id, outbound.attempts, error
    )
    raise error


def outbound_due(now: datetime) -> QuerySet[OutboundEmail]:
    """Unsent rows the sweep should enqueue: not given up, and never tried for longer than the
    grace, or tried and past their back-off (which also covers a claim whose worker died)."""
    return OutboundEmail.objects.filter(
        Q(next_attempt_at__isnull=True, created_at__lte=now - SWEEP_GRACE)
        | Q(next_attempt_at__lte=now),
        sent_at__isnull=True,
        failed_at__isnull=True,
    )


def email_sweep(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Enqueue delivery of every stored e-mail that should have gone by now; return how many.

    Catches what every other path missed: a task lost with its worker, a delivery whose Celery
    retries ran out, a row whose worker died mid-send. Delivery is idempotent, so a row that is
    enqueued twice is still sent once.
    """
    from core.mail.tasks import deliver_email

    ids = list(
        outbound_due(now or timezone.now()).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    enqueued = 0
    for outbound_id in ids:
        if not enqueue(deliver_email, outbound_id):
            break  # the broker is down; the row now waits in PendingTask, the rest next time
        enqueued += 1
    if ids:
        logger.info("Mail sweep enqueued %s of %s due e-mail(s)", enqueued, len(ids))
    return enqueued


@transaction.atomic
def email_resend(*, outbound: OutboundEmail) -> bool:
    """Deliver an unsent e-mail again now, also one given up; a sent e-mail is never re-sent.

    Returns whether delivery was enqueued. The give-up mark, the back-off and the attempt
    count are cleared, so the row gets a fresh series of retries; the last error stays until
    the next attempt replaces it.
    """
    from core.mail.tasks import deliver_email

    locked = OutboundEmail.objects.select_for_update().filter(pk=outbound.pk).first()
    if locked is None or locked.sent_at is not None:
        return False
    locked.failed_at = None
    locked.next_attempt_at = None
    locked.attempts = 0
    locked.save(update_fields=["failed_at", "next_attempt_at", "attempts"])
    enqueue_on_commit(deliver_email, locked.pk)
    return True
