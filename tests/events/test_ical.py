"""The .ics of events, read back with icalendar: UID per registration, SEQUENCE, METHOD."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from core import ical
from events.calendar import feed_source
from events.models import EventPage
from events.services import registrations as services

pytestmark = pytest.mark.django_db


def _vevent(text: str) -> tuple[Calendar, object]:
    calendar = Calendar.from_ical(text)
    [vevent] = calendar.walk("VEVENT")
    return calendar, vevent


def test_the_invitation_and_the_cancellation_name_the_same_event(bob, event, committed):
    registration = committed(services.register_member, event=event, user=bob)
    [invitation] = mail.outbox
    filename, content, mimetype = invitation.attachments[0]
    assert mimetype.endswith("method=REQUEST")
    calendar, vevent = _vevent(content)
    assert calendar["METHOD"] == "REQUEST"
    assert str(vevent["UID"]) == f"event-{event.pk}-person-{registration.pk}@almenlaering.dk"
    assert vevent["SEQUENCE"] == 0
    assert vevent["DTSTART"].dt == event.starts_at.replace(microsecond=0)
    assert "bob@fjordbo.example" in str(vevent["ATTENDEE"])

    committed(services.registration_cancel, registration=registration, actor=bob)
    cancel = mail.outbox[-1]
    calendar, cancelled = _vevent(cancel.attachments[0][1])
    assert calendar["METHOD"] == "CANCEL"
    assert cancelled["UID"] == vevent["UID"]
    assert cancelled["SEQUENCE"] > vevent["SEQUENCE"]
    assert cancelled["STATUS"] == "CANCELLED"


def test_a_published_change_shows_in_the_next_invitation(bob, event, committed):
    draft = event.get_latest_revision_as_object()
    draft.starts_at += timedelta(days=1)
    draft.ends_at += timedelta(days=1)
    draft.save_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    committed(services.register_member, event=event, user=bob)
    _calendar, vevent = _vevent(mail.outbox[-1].attachments[0][1])
    assert vevent["SEQUENCE"] == 1


def test_the_page_download_is_a_publish(client, event):
    response = client.get(f"/arrangementer-tilmelding/{event.pk}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar, vevent = _vevent(response.content.decode())
    assert calendar["METHOD"] == "PUBLISH"
    assert str(vevent["UID"]) == f"event-{event.pk}@almenlaering.dk"
    assert "ATTENDEE" not in vevent


def test_the_download_of_an_unpublished_event_is_404(client, event):
    event.unpublish()
    assert client.get(f"/arrangementer-tilmelding/{event.pk}/kalender.ics").status_code == 404


def test_confirmed_seats_are_in_the_persons_feed(bob, alice, index, event):
    from tests.factories.events import event as make_event

    full = make_event(index, capacity=1)
    services.register_member(event=full, user=alice)
    services.register_member(event=full, user=bob)  # waitlisted: not in the feed
    services.register_member(event=event, user=bob)
    uids = [item.uid for item in feed_source(bob)]
    assert len(uids) == 1 and uids[0].startswith(f"event-{event.pk}-")
    assert any(item.uid == uids[0] for item in ical.feed_events(bob))
