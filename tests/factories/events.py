"""Events for tests: the index page below a home page, events below it, registrations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Page

from events.models import (
    EventIndexPage,
    EventKind,
    EventPage,
    EventRegistration,
    Region,
    RegistrationStatus,
)
from tests.factories.pages import PageFactory


class EventIndexPageFactory(PageFactory[EventIndexPage]):
    class Meta:
        model = EventIndexPage

    title = "Arrangementer"
    slug = "arrangementer"
    intro = "Temadage, workshops og netværksmøder."


class EventPageFactory(PageFactory[EventPage]):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Temadag {n}")
    slug = factory.Sequence(lambda n: f"temadag-{n}")
    kind = EventKind.TEMADAG
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda page: page.starts_at + timedelta(hours=6))
    place = "Fjordbo, mødesalen"
    region = Region.SYDDANMARK
    capacity = 40


class EventRegistrationFactory(DjangoModelFactory[EventRegistration]):
    class Meta:
        model = EventRegistration

    name = factory.Sequence(lambda n: f"Deltager {n}")
    email = factory.Sequence(lambda n: f"deltager{n}@example.org")
    status = RegistrationStatus.CONFIRMED


def event_index(home: Page) -> EventIndexPage:
    index: EventIndexPage = EventIndexPageFactory.create(parent=home)
    return index


def event(index: EventIndexPage, **fields: Any) -> EventPage:
    page: EventPage = EventPageFactory.create(parent=index, **fields)
    return page
