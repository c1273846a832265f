"""The newsletter's personal data: every field classified, a person's subscription in their
export (by their account's address), erasure deletes the subscriber and its deliveries."""

from __future__ import annotations

import pytest

from core.privacy import declaration_for, unclassified
from newsletter.models import Delivery, Issue, Subscriber, Topic
from newsletter.services import subscriptions
from organisations.models import User
from privacy.export import about_person
from tests.factories.newsletter import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_every_field_is_classified() -> None:
    assert unclassified([Subscriber, Delivery, Issue, Topic]) == []


def test_the_export_finds_the_subscription_by_the_account_address(alice: User) -> None:
    mine = SubscriberFactory.create(email=alice.email.upper().lower())
    SubscriberFactory.create(email="en-anden@example.invalid")
    issue = IssueFactory.create()
    Delivery.objects.create(issue=issue, subscriber=mine)
    subscriber_rows = about_person(declaration_for(Subscriber), alice)
    delivery_rows = about_person(declaration_for(Delivery), alice)
    assert subscriber_rows is not None and delivery_rows is not None
    assert list(subscriber_rows) == [mine]
    assert [d.subscriber_id for d in delivery_rows] == [mine.pk]


def test_erasure_deletes_the_subscriber_and_its_deliveries(alice: User) -> None:
    mine = SubscriberFactory.create(email=alice.email)
    other = SubscriberFactory.create()
    issue = IssueFactory.create()
    Delivery.objects.create(issue=issue, subscriber=mine)
    Delivery.objects.create(issue=issue, subscriber=other)
    assert subscriptions.subscriber_erase(emails=[alice.email.upper()]) == 2
    assert list(Subscriber.objects.all()) == [other]
    assert list(Delivery.objects.values_list("subscriber_id", flat=True)) == [other.pk]
    assert Issue.objects.filter(pk=issue.pk).exists()


def test_erasing_the_person_ends_their_subscription(alice: User) -> None:
    """The privacy app's erasure finds the subscription by the account's address."""
    from privacy import erasure

    mine = SubscriberFactory.create(email=alice.email)
    other = SubscriberFactory.create()
    report = erasure.person_erase(person=alice, erased_by=None)
    assert report["nyhedsbrev"] == 1
    assert not Subscriber.objects.filter(pk=mine.pk).exists()
    assert Subscriber.objects.filter(pk=other.pk).exists()
