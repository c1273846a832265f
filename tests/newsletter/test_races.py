"""Two workers running batches of the same issue at once on PostgreSQL: the skip-locked claims
never overlap, so every subscriber gets exactly one e-mail."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from core.mail.models import OutboundEmail
from newsletter.models import Delivery, DeliveryState, Issue, IssueStatus
from newsletter.services import sending
from tests.factories.newsletter import IssueFactory, SubscriberFactory


@pytest.mark.postgres
def test_two_workers_never_send_the_same_delivery(transactional_db, settings, monkeypatch) -> None:
    settings.NEWSLETTER_BATCH_SIZE = 5
    # Each worker carries on by itself here; no chained tasks, no SMTP.
    monkeypatch.setattr("newsletter.services.sending.enqueue_on_commit", lambda *a, **k: None)
    monkeypatch.setattr("core.mail.services.enqueue_on_commit", lambda *a, **k: None)
    subscribers = SubscriberFactory.create_batch(40)
    issue = IssueFactory.create()
    sending.issue_send(issue=issue, actor=None)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            while sending.issue_send_batch(issue_id=issue.pk):
                pass
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    per_address = Counter(a for m in OutboundEmail.objects.all() for a in m.to)
    assert per_address == Counter({s.email: 1 for s in subscribers})
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert Issue.objects.get(pk=issue.pk).status == IssueStatus.SENT
