"""Sending an issue: the RFC 8058 headers and one-click unsubscribe, topics, the test to the
editor, batches that give every recipient exactly one e-mail, also after a worker died."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.mail.models import OutboundEmail
from newsletter import emails
from newsletter.models import Delivery, DeliveryState, IssueStatus, SubscriberStatus
from newsletter.services import sending, subscriptions
from newsletter.tokens import unsubscribe_token
from tests.factories.newsletter import IssueFactory, SubscriberFactory, TopicFactory
from tests.newsletter.conftest import link_in, mails_to

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so no handler in the service catches it."""


def _send(issue, capture, actor=None):
    with capture(execute=True):
        sending.issue_send(issue=issue, actor=actor)
    issue.refresh_from_db()
    return issue


def _per_address() -> Counter[str]:
    return Counter(
        address
        for mail in OutboundEmail.objects.filter(dedupe_key__startswith="newsletter-")
        for address in mail.to
        if mail.dedupe_key and not mail.dedupe_key.startswith("newsletter-confirm")
    )


def test_every_e_mail_carries_the_one_click_headers(
    client, django_capture_on_commit_callbacks
) -> None:
    subscriber = SubscriberFactory.create(email="lene@example.invalid", name="Lene")
    issue = _send(
        IssueFactory.create(subject="Nyt om samdrift"), django_capture_on_commit_callbacks
    )
    assert issue.status == IssueStatus.SENT
    [mail] = mails_to("lene@example.invalid")
    url = f"http://testserver/nyhedsbrev/afmeld/{unsubscribe_token(subscriber.pk)}/"
    assert mail.headers["List-Unsubscribe"] == f"<{url}>"
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in mail.body and url in mail.alternatives[0][0]
    assert "Hej Lene" in mail.body
    # The e-mail actually left through the outbox with the headers on it.
    from django.core import mail as django_mail

    [sent] = [m for m in django_mail.outbox if m.to == ["lene@example.invalid"]]
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_post_unsubscribes_without_csrf_and_get_does_not(
    django_capture_on_commit_callbacks,
) -> None:
    subscriber = SubscriberFactory.create(email="lene@example.invalid")
    _send(IssueFactory.create(), django_capture_on_commit_callbacks)
    path = link_in(mails_to("lene@example.invalid")[0], "afmeld")
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200
    assert "Afmeld mig" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED  # a GET never unsubscribes
    # What a mail client sends (RFC 8058): a bare POST, no cookie, no CSRF token.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    # Opening the link again says so, instead of offering the button once more.
    again = client.get(path).content.decode()
    assert "Du er afmeldt" in again and "Afmeld mig" not in again


@pytest.mark.parametrize("token", ["1:abc", "noget", "9999:zzzz"])
def test_a_tampered_unsubscribe_link_is_refused(client, token: str) -> None:
    subscriber = SubscriberFactory.create()
    for method in (client.get, client.post):
        response = method(reverse("newsletter:unsubscribe", kwargs={"token": token}))
        assert response.status_code == 400
        assert "Linket er ugyldigt" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_unsubscribed_and_pending_get_nothing(django_capture_on_commit_callbacks) -> None:
    SubscriberFactory.create(email="ja@example.invalid")
    SubscriberFactory.create(email="nej@example.invalid", status=SubscriberStatus.UNSUBSCRIBED)
    SubscriberFactory.create(email="venter@example.invalid", status=SubscriberStatus.PENDING)
    issue = _send(IssueFactory.create(), django_capture_on_commit_callbacks)
    assert set(_per_address()) == {"ja@example.invalid"}
    assert issue.recipient_count == 1


def test_topics_choose_the_recipients(django_capture_on_commit_callbacks) -> None:
    kurser, byggeri, drift = TopicFactory.create_batch(3)
    SubscriberFactory.create(email="kurser@example.invalid", topics=[kurser])
    SubscriberFactory.create(email="begge@example.invalid", topics=[kurser, byggeri])
    SubscriberFactory.create(email="drift@example.invalid", topics=[drift])
    SubscriberFactory.create(email="alt@example.invalid")  # no topic chosen
    _send(IssueFactory.create(topics=[kurser, byggeri]), django_capture_on_commit_callbacks)
    assert _per_address() == Counter({"kurser@example.invalid": 1, "begge@example.invalid": 1})


def test_the_test_goes_to_the_editor_only(maria, django_capture_on_commit_callbacks) -> None:
    SubscriberFactory.create_batch(3)
    issue = IssueFactory.create(subject="Nyt om kurser")
    with django_capture_on_commit_callbacks(execute=True):
        sent_to = sending.issue_send_test(issue=issue, actor=maria)
    assert sent_to == [maria.email]
    [mail] = OutboundEmail.objects.all()
    assert mail.to == [maria.email]
    assert mail.subject == "[TEST] Nyt om kurser"
    assert "List-Unsubscribe" not in mail.headers
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    assert not Delivery.objects.exists()


def test_a_typed_test_address_is_checked(maria) -> None:
    issue = IssueFactory.create()
    with pytest.raises(ValidationError) as refused:
        sending.issue_send_test(issue=issue, actor=maria, addresses=["ikke en adresse"])
    assert "addresses" in refused.value.error_dict
    assert not OutboundEmail.objects.exists()


def test_batches_give_everyone_exactly_one_e_mail(
    settings, django_capture_on_commit_callbacks
) -> None:
    settings.NEWSLETTER_BATCH_SIZE = 4
    subscribers = SubscriberFactory.create_batch(11)
    issue = _send(IssueFactory.create(), django_capture_on_commit_callbacks)
    assert issue.status == IssueStatus.SENT and issue.sent_at is not None
    assert issue.recipient_count == 11
    assert _per_address() == Counter({s.email: 1 for s in subscribers})
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    # Sending again is refused; resuming a sent issue does nothing.
    with pytest.raises(ValidationError):
        sending.issue_send(issue=issue, actor=None)
    assert sending.issue_send_batch(issue_id=issue.pk) == 0
    assert sum(_per_address().values()) == 11


def test_a_worker_killed_mid_batch_resumes_without_doubles(
    settings, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    settings.NEWSLETTER_BATCH_SIZE = 5
    subscribers = SubscriberFactory.create_batch(12)
    issue = IssueFactory.create()
    real = emails.issue_enqueue
    calls = {"n": 0}

    def dies_after_seven(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 8:  # the third message of the second batch
            raise WorkerKilled
        real(*args, **kwargs)

    monkeypatch.setattr(emails, "issue_enqueue", dies_after_seven)
    with pytest.raises(WorkerKilled), django_capture_on_commit_callbacks(execute=True):
        sending.issue_send(issue=issue, actor=None)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENDING
    states = Counter(Delivery.objects.values_list("state", flat=True))
    assert states == Counter({DeliveryState.SENT: 5, DeliveryState.PENDING: 7})
    assert sum(_per_address().values()) == 5  # the killed batch's e-mails rolled back too

    monkeypatch.setattr(emails, "issue_enqueue", real)
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.issue_sendings_resume() == 1  # what the beat entry runs
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert _per_address() == Counter({s.email: 1 for s in subscribers})


def test_an_e_mail_stored_before_the_crash_is_not_stored_twice(
    django_capture_on_commit_callbacks,
) -> None:
    """The crash between storing the e-mail and marking the row: the dedupe key holds."""
    subscriber = SubscriberFactory.create()
    issue = IssueFactory.create()
    with django_capture_on_commit_callbacks(execute=False):
        sending.issue_send(issue=issue, actor=None)  # deliveries written, no batch run yet
    rendered = emails.issue_render(issue)
    emails.issue_enqueue(
        rendered, issue_id=issue.pk, subscriber_id=subscriber.pk, to=subscriber.email, name=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        sending.issue_send_batch(issue_id=issue.pk)
    assert _per_address() == Counter({subscriber.email: 1})
    assert Delivery.objects.get().state == DeliveryState.SENT


def test_unsubscribing_stops_pending_deliveries(django_capture_on_commit_callbacks) -> None:
    stays, leaves = SubscriberFactory.create_batch(2)
    issue = IssueFactory.create()
    with django_capture_on_commit_callbacks(execute=False):
        sending.issue_send(issue=issue, actor=None)
    subscriptions.subscriber_unsubscribe(subscriber=leaves)
    with django_capture_on_commit_callbacks(execute=True):
        sending.issue_send_batch(issue_id=issue.pk)
    assert set(_per_address()) == {stays.email}
    assert Delivery.objects.get(subscriber=leaves).state == DeliveryState.CANCELLED
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT


def test_an_empty_issue_or_no_recipients_is_refused() -> None:
    SubscriberFactory.create()
    with pytest.raises(ValidationError):
        sending.issue_send(issue=IssueFactory.create(intro=""), actor=None)
    SubscriberFactory._meta.model.objects.all().delete()
    with pytest.raises(ValidationError):
        sending.issue_send(issue=IssueFactory.create(), actor=None)
    assert not Delivery.objects.exists()
