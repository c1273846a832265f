"""Factories of the newsletter: topics, subscribers (confirmed by default) and issues.

topic = TopicFactory.create()
SubscriberFactory.create(topics=[topic])
issue = IssueFactory.create(subject="Nyt fra netværket", topics=[topic])
"""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from newsletter.models import Issue, IssueStatus, Subscriber, SubscriberStatus, Topic


class TopicFactory(DjangoModelFactory[Topic]):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Emne {n}")
    slug = factory.Sequence(lambda n: f"emne-{n}")
    order = factory.Sequence(int)


class SubscriberFactory(DjangoModelFactory[Subscriber]):
    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"abonnent{n}@example.invalid")
    name = factory.Sequence(lambda n: f"Abonnent {n}")
    status = SubscriberStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
    consent_text = "Ja tak til nyhedsbrevet."

    @factory.post_generation
    def topics(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.topics.set(extracted)


class IssueFactory(DjangoModelFactory[Issue]):
    class Meta:
        model = Issue
        skip_postgeneration_save = True

    subject = factory.Sequence(lambda n: f"Nyhedsbrev {n}")
    intro = "<p>Nyt fra AlmenLæring.</p>"
    status = IssueStatus.DRAFT

    @factory.post_generation
    def topics(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.topics.set(extracted)
