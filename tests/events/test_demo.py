"""The demo events: the index, a temadag with sign-ups, a full workshop, a past meeting with
its material; running it twice changes nothing."""

from __future__ import annotations

import pytest

from events import demo
from events.models import EventPage, EventRegistration, RegistrationStatus
from organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def test_seed_is_complete_and_idempotent(home):
    organisations_demo.seed()
    index = demo.seed(home)
    demo.seed(home)
    assert index.slug == "arrangementer"
    events = {event.slug: event for event in EventPage.objects.child_of(index)}
    assert len(events) == 3
    workshop = events["workshop-saet-et-godt-hold"]
    statuses = list(workshop.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 3
    assert statuses.count(RegistrationStatus.WAITLISTED) == 2
    assert events["temadag-a3-fremtidsanalyse"].capacity == 40
    past = events["netvaerksmoede-driftschefer"]
    assert past.is_past and len(past.materials) == 1
    assert EventRegistration.objects.count() == 8
