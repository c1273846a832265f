"""Sending an issue: a test to the editor, then to every recipient in batches, exactly once.

``issue_send`` marks the issue "sending" and writes one pending ``Delivery`` per confirmed
subscriber of its topics (in chunks: 20,000 subscribers are never in memory at once), then
enqueues the first batch. ``issue_send_batch`` claims up to ``NEWSLETTER_BATCH_SIZE`` pending
deliveries (skipping rows another worker holds), stores each personalised e-mail in the outbox
under the key ``newsletter-<issue>-<subscriber>``, marks the rows sent, commits, and enqueues
the next batch; when none is left the issue is sent.

A worker killed mid-batch rolls its transaction back: the rows stay pending and the beat entry
(``issue_sendings_resume``) or sending again picks them up. Should an e-mail have reached the
outbox while its row was not marked, the dedupe key makes the second store a no-op, so nobody
gets the issue twice.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.mail.services import email_enqueue
from core.tasks import enqueue_on_commit
from newsletter import emails
from newsletter.models import (
    Delivery,
    DeliveryState,
    Issue,
    IssueStatus,
    SubscriberStatus,
)
from newsletter.selectors import recipients_of
from organisations.models import User

logger = logging.getLogger(__name__)

CHUNK = 2000  # delivery rows written per INSERT while a sending starts
MAX_TEST_ADDRESSES = 5


def _check_content(issue: Issue) -> None:
    if not issue.subject.strip():
        raise ValidationError({"subject": _("Udgaven mangler et emne.")})
    if not issue.intro.strip() and not len(issue.items):
        raise ValidationError(_("Udgaven er tom: skriv en indledning eller vælg indhold."))


@transaction.atomic
def issue_send_test(*, issue: Issue, actor: User, addresses: list[str] | None = None) -> list[str]:
    """Send the issue, marked as a test, to the editor (and the typed addresses); never to the
    subscribers. Returns the addresses it went to."""
    _check_content(issue)
    wanted = [actor.email, *(a.strip().lower() for a in addresses or [] if a.strip())]
    unique = list(dict.fromkeys(wanted))
    if len(unique) > MAX_TEST_ADDRESSES + 1:
        raise ValidationError(
            {"addresses": _("Send højst til %(n)s adresser ad gangen.") % {"n": MAX_TEST_ADDRESSES}}
        )
    for address in unique:
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ValidationError(
                {
                    "addresses": _("»%(address)s« er ikke en gyldig e-mailadresse.")
                    % {"address": address}
                }
            ) from exc
    rendered = emails.issue_render(issue, personal=False)
    for address in unique:
        message = emails.issue_message(
            rendered,
            to=address,
            name=actor.first_name if address == actor.email else "",
            subscriber_id=None,
            subject_prefix=_("[TEST] "),
        )
        # No dedupe key: an editor may send a test again after changing the issue.
        email_enqueue(message=message)
    log(issue, "newsletter.issue.test", user=actor)
    return unique


@transaction.atomic
def issue_send(*, issue: Issue, actor: User | None) -> Issue:
    """Start sending to every recipient; sending again resumes a sending, never re-sends."""
    from newsletter.tasks import send_issue_batch

    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if locked.status == IssueStatus.SENT:
        raise ValidationError(_("Udgaven er allerede sendt."))
    if locked.status == IssueStatus.DRAFT:
        _check_content(locked)
        created = _deliveries_create(locked)
        if created == 0:
            raise ValidationError(_("Ingen tilmeldte abonnenter modtager denne udgave."))
        locked.status = IssueStatus.SENDING
        locked.recipient_count = created
        locked.save(update_fields=["status", "recipient_count", "updated_at"])
        log(locked, "newsletter.issue.send", user=actor)
    enqueue_on_commit(send_issue_batch, locked.pk)
    return locked


def _deliveries_create(issue: Issue) -> int:
    ids = recipients_of(issue).order_by("pk").values_list("pk", flat=True)
    count = 0
    chunk: list[Delivery] = []
    for subscriber_id in ids.iterator(chunk_size=CHUNK):
        chunk.append(Delivery(issue_id=issue.pk, subscriber_id=subscriber_id))
        if len(chunk) == CHUNK:
            Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
            count += len(chunk)
            chunk = []
    if chunk:
        Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
        count += len(chunk)
    return count


def _claim(issue_id: int, size: int) -> list[Delivery]:
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of a join; the
    # subscriber row need not be locked (unsubscribing cancels pending rows under its own lock).
    return list(
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(issue_id=issue_id, state=DeliveryState.PENDING)
        .select_related("subscriber")
        .order_by("pk")[:size]
    )


def _deliver(rendered: emails.Rendered, delivery: Delivery) -> None:
    subscriber = delivery.subscriber
    if subscriber.status != SubscriberStatus.CONFIRMED:
        delivery.state = DeliveryState.CANCELLED
        return
    try:
        with transaction.atomic():
            emails.issue_enqueue(
                rendered,
                issue_id=delivery.issue_id,
                subscriber_id=subscriber.pk,
                to=subscriber.email,
                name=subscriber.name,
            )
    except Exception as exc:  # one bad address must not stop the others; recorded on the row
        logger.warning("Newsletter delivery %s failed: %r", delivery.pk, exc)
        delivery.state = DeliveryState.FAILED
        delivery.error = repr(exc)[:2000]
        return
    delivery.state = DeliveryState.SENT
    delivery.sent_at = timezone.now()


@transaction.atomic
def issue_send_batch(*, issue_id: int, size: int | None = None) -> int:
    """Store the e-mails of up to ``size`` pending deliveries; return how many were handled.

    Enqueues the next batch while pending rows remain, and marks the issue sent when none do.
    """
    from newsletter.tasks import send_issue_batch

    issue = Issue.objects.filter(pk=issue_id, status=IssueStatus.SENDING).first()
    if issue is None:
        return 0
    claimed = _claim(issue.pk, size or settings.NEWSLETTER_BATCH_SIZE)
    if claimed:
        rendered = emails.issue_render(issue)
        for delivery in claimed:
            _deliver(rendered, delivery)
        Delivery.objects.bulk_update(claimed, ["state", "sent_at", "error"])
    pending = Delivery.objects.filter(issue_id=issue.pk, state=DeliveryState.PENDING).exists()
    if pending and claimed:
        enqueue_on_commit(send_issue_batch, issue.pk)
    elif not pending:
        _finish(issue)
    # Else the pending rows are held by another worker, whose chain carries on.
    return len(claimed)


def _finish(issue: Issue) -> None:
    done = Issue.objects.filter(pk=issue.pk, status=IssueStatus.SENDING).update(
        status=IssueStatus.SENT, sent_at=timezone.now()
    )
    if done:
        issue.refresh_from_db()
        log(issue, "newsletter.issue.sent", user=None)


def issue_sendings_resume() -> int:
    """Enqueue a batch for every issue still sending (beat: a worker died, a task was lost)."""
    from newsletter.tasks import send_issue_batch

    ids = list(Issue.objects.filter(status=IssueStatus.SENDING).values_list("pk", flat=True))
    for issue_id in ids:
        enqueue_on_commit(send_issue_batch, issue_id)
    return len(ids)
