"""The newsletter demo: topics, confirmed subscribers, two sent issues, one draft; twice is once."""

from __future__ import annotations

import pytest

from core.mail.models import OutboundEmail
from newsletter import demo
from newsletter.models import Delivery, DeliveryState, Issue, IssueStatus, Subscriber, Topic

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_and_e_mails_nobody() -> None:
    demo.seed()
    demo.seed()
    assert list(Topic.objects.values_list("name", flat=True)) == [
        "Kurser og uddannelse",
        "Byggeri og renovering",
        "Drift og samdrift",
        "Netværk og arrangementer",
    ]
    assert Subscriber.objects.filter(status="confirmed").count() == demo.SUBSCRIBERS
    statuses = sorted(Issue.objects.values_list("status", flat=True))
    assert statuses == sorted([IssueStatus.SENT, IssueStatus.SENT, IssueStatus.DRAFT])
    sent = Issue.objects.filter(status=IssueStatus.SENT)
    assert all(i.recipient_count == demo.SUBSCRIBERS and i.sent_at for i in sent)
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == 2 * demo.SUBSCRIBERS
    assert not OutboundEmail.objects.exists()
