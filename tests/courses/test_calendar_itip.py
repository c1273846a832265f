"""What calendar programs read from us, parsed by ``icalendar`` (a maintained RFC 5545 parser).

Hanne (of Havbo, no approval needed) books a session at Almen Akademi, cancels, and books again.
Her calendar must see one event whose SEQUENCE grows with every message (RFC 5546 §2.1.4),
each message naming its organizer; the download and the feed describe the same event.
"""

# Fixtures imported from test_notifications are named again as test arguments:
# ruff: noqa: F811

import datetime
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import include, path
from icalendar import Calendar

from courses import calendar, services
from courses.models import EnrolmentEvent, EnrolmentStatus
from lms.urls import urlpatterns as site_urlpatterns
from tests.courses.test_notifications import (  # noqa: F401  (fixtures)
    course,
    enrol,
    free_org,
    hanne,
    make_session,
    run,
    sent_to,
    session,
)

urlpatterns = [path("kalender/", include("courses.urls.calendar")), *site_urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

COPENHAGEN = "Europe/Copenhagen"


def parse(text) -> tuple[Calendar, list]:  # type: ignore[no-untyped-def]
    """The calendar and its VEVENTs, as a calendar program reads them."""
    if isinstance(text, bytes):
        text = text.decode()
    parsed = Calendar.from_ical(text)
    return parsed, list(parsed.walk("VEVENT"))


def invitations(person) -> list[tuple[Calendar, object]]:  # type: ignore[no-untyped-def]
    """Every hold.ics attached to the person's e-mails, in the order they were sent."""
    result = []
    for message in sent_to(person.email):
        for _filename, content, _mimetype in message.attachments:
            parsed, [event] = parse(content)
            result.append((parsed, event))
    return result


def assert_organizer(event) -> None:  # type: ignore[no-untyped-def]
    organizer = event["ORGANIZER"]
    assert str(organizer).lower().startswith("mailto:") and "@" in str(organizer)
    assert organizer.params["CN"] == "Almen Akademi"  # the provider runs the session


def assert_starts_at_nine_copenhagen(event) -> None:  # type: ignore[no-untyped-def]
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == COPENHAGEN
    assert (start.hour, start.minute) == (9, 0)  # 07:00 UTC in May is 09:00 in Copenhagen
    assert start.utcoffset() == datetime.timedelta(hours=2)


def test_book_cancel_and_book_again_raise_the_sequence_each_time(run, session, hanne):
    first = enrol(run, hanne, session)
    run(services.enrolment_cancel, enrolment=first, actor=hanne, reason="Syg")
    second = enrol(run, hanne, session)
    assert second.status == EnrolmentStatus.BOOKED

    messages = invitations(hanne)
    assert [str(parsed["METHOD"]) for parsed, _event in messages] == [
        "REQUEST",
        "CANCEL",
        "REQUEST",
    ]
    events = [event for _parsed, event in messages]
    assert len({str(event["UID"]) for event in events}) == 1  # one event, updated
    sequences = [int(event["SEQUENCE"]) for event in events]
    assert sequences == sorted(set(sequences)), sequences  # strictly increasing
    assert [str(event["STATUS"]) for event in events] == ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    for event in events:
        assert_organizer(event)
        assert str(event["ATTENDEE"]) == f"mailto:{hanne.email}"
        assert_starts_at_nine_copenhagen(event)


def test_a_late_cancel_cannot_undo_the_new_booking(run, session, hanne):
    """A CANCEL sent by a slow worker after the re-booking carries the lower SEQUENCE."""
    first = enrol(run, hanne, session)
    run(services.enrolment_cancel, enrolment=first, actor=hanne)
    enrol(run, hanne, session)
    cancel_event = EnrolmentEvent.objects.get(enrolment=first, to_status=EnrolmentStatus.CANCELLED)

    _parsed, [late_cancel] = parse(
        calendar.session_ics(session, user=hanne, method="CANCEL", event=cancel_event)
    )
    *_earlier, (_parsed, rebooking) = invitations(hanne)
    assert int(late_cancel["SEQUENCE"]) < int(rebooking["SEQUENCE"])


def test_a_change_of_time_after_a_re_booking_goes_higher_still(run, course, hanne):
    session = make_session(course)
    first = enrol(run, hanne, session)
    run(services.enrolment_cancel, enrolment=first, actor=hanne)
    enrol(run, hanne, session)
    mail.outbox.clear()
    starts = session.starts_at + datetime.timedelta(hours=1)
    run(
        services.session_update,
        session=session,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=7),
    )
    [(parsed, event)] = invitations(hanne)
    assert str(parsed["METHOD"]) == "REQUEST"
    assert int(event["SEQUENCE"]) == 4  # booking 1, cancel 2, booking 3, the new time 4


def test_the_download_is_a_publish_with_an_organizer_and_no_attendee(client, run, session, hanne):
    first = enrol(run, hanne, session)
    run(services.enrolment_cancel, enrolment=first, actor=hanne)
    enrol(run, hanne, session)
    *_earlier, (_parsed, invitation) = invitations(hanne)
    client.force_login(hanne)

    response = client.get(f"/kalender/hold/{session.pk}.ics")

    parsed, [event] = parse(response.content)
    assert str(parsed["METHOD"]) == "PUBLISH"
    assert_organizer(event)
    assert "ATTENDEE" not in event  # RFC 5546: a PUBLISH names no attendees
    # The same event as in her mail, not older: importing it updates, never duplicates.
    assert str(event["UID"]) == str(invitation["UID"])
    assert int(event["SEQUENCE"]) == int(invitation["SEQUENCE"])
    assert_starts_at_nine_copenhagen(event)
    timezones = list(parsed.walk("VTIMEZONE"))
    assert [str(tz["TZID"]) for tz in timezones] == [COPENHAGEN]


def test_the_feed_describes_the_same_event(client, run, session, hanne):
    first = enrol(run, hanne, session)
    run(services.enrolment_cancel, enrolment=first, actor=hanne)
    enrol(run, hanne, session)
    *_earlier, (_parsed, invitation) = invitations(hanne)

    response = client.get(urlsplit(calendar.calendar_feed_url(hanne)).path)

    parsed, [event] = parse(response.content)
    assert "METHOD" not in parsed  # a subscription, not an iTIP message
    assert str(event["UID"]) == str(invitation["UID"])
    assert int(event["SEQUENCE"]) == int(invitation["SEQUENCE"])
    assert_organizer(event)
    assert_starts_at_nine_copenhagen(event)
