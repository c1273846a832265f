"""Calendar files and feeds: RFC 5545 text rules, one session's .ics, the personal feed.

Bob is booked on a session at Almen Akademi; Charlie works elsewhere and is on no session;
Wanda is on the waitlist.
"""

import datetime
from decimal import Decimal

import pytest
from django.core import signing
from django.urls import include, path
from django.utils import timezone

from courses import calendar, services
from courses.models import CourseSession, EnrolmentStatus
from lms.urls import urlpatterns as site_urlpatterns
from organisations import services as org_services
from tests.courses.conftest import PASSWORD, make_course
from tests.factories.organisations import totp_activate

# Until lms/urls.py mounts the calendar URLs, this module serves as the URLconf.
urlpatterns = [path("kalender/", include("courses.urls.calendar")), *site_urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

UTC = datetime.UTC


def parse_ics(text: str) -> list[str]:
    """Content lines of an iCalendar text, after checking CRLF, 75 octets and unfolding."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert "\n" not in line and "\r" not in line, "bare LF or CR"
        assert len(line.encode()) <= 75, f"line longer than 75 octets: {line!r}"
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def props(lines: list[str], component: str = "VEVENT") -> dict[str, str]:
    """``{name-with-params: value}`` of the first ``component``."""
    start = lines.index(f"BEGIN:{component}")
    end = lines.index(f"END:{component}", start)
    result = {}
    for line in lines[start + 1 : end]:
        name, _, value = line.partition(":")
        result.setdefault(name, value)
    return result


def _person(email, organisation, roles, first_name):
    user = org_services.user_create(email=email, password=PASSWORD, first_name=first_name)
    org_services.membership_create(user=user, organisation=organisation, roles=roles)
    return user


@pytest.fixture
def fjordbo(catalogue):
    return org_services.organisation_create(name="Fjordbo", kind="housing", cvr="12345678")


@pytest.fixture
def bob(fjordbo):
    return _person("bob@fjordbo.example", fjordbo, ["staff"], "Bob")


@pytest.fixture
def wanda(fjordbo):
    return _person("wanda@fjordbo.example", fjordbo, ["staff"], "Wanda")


@pytest.fixture
def charlie(catalogue):

    nordlys = org_services.organisation_create(name="Nordlys", kind="housing", cvr="87654321")
    user = _person("charlie@nordlys.example", nordlys, ["staff", "hr"], "Charlie")
    totp_activate(user)  # HR: the two-factor gate asks for it
    return user


@pytest.fixture
def course(akademi):
    return make_course(akademi, title="Drift, vedligehold; og budget")


def make_session(course, starts_at=None, **fields):
    starts_at = starts_at or timezone.now() + datetime.timedelta(days=20)
    values = {
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=7),
        "capacity": 10,
        "price": Decimal("2500"),
        "registration_deadline": starts_at - datetime.timedelta(days=2),
        "cancellation_deadline": starts_at - datetime.timedelta(days=3),
        "address": "Vestergade 1",
        "postcode": "9000",
        "city": "Aalborg",
        "region": "nordjylland",
        **fields,
    }
    return services.session_create(course=course, **values)


def enrol(user, session):
    return services.enrolment_create(
        user=user, course=session.course, session=session, requested_by=user
    )


def _next(month: int, day: int, hour: int) -> datetime.datetime:
    """A UTC moment on month/day of next year (always in the future, season fixed)."""
    return datetime.datetime(timezone.now().year + 1, month, day, hour, tzinfo=UTC)


# --- Text rules ---------------------------------------------------------------------------


def test_it_escapes_text_values():
    assert calendar.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_it_folds_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "Ærø og Ålborg – " * 20
    folded = calendar.fold_line(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert "".join([physical[0], *(part[1:] for part in physical[1:])]) == line


def test_a_short_line_is_left_alone():
    assert calendar.fold_line("VERSION:2.0") == "VERSION:2.0"


# --- One session's calendar ---------------------------------------------------------------


def test_session_ics_has_the_required_structure(course, bob):
    session = make_session(course, starts_at=_next(5, 12, 7), teachers="Anne Ø; Bo, Kim")
    lines = parse_ics(calendar.session_ics(session, user=bob))

    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "CALSCALE:GREGORIAN" in lines
    assert "METHOD:REQUEST" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    timezone_props = props(lines, "VTIMEZONE")
    assert timezone_props["TZID"] == "Europe/Copenhagen"
    assert "BEGIN:STANDARD" in lines and "BEGIN:DAYLIGHT" in lines
    event = props(lines)
    assert event["UID"] == f"session-{session.pk}-person-{bob.pk}@almenlaering.dk"
    assert event["SEQUENCE"] == "0"
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Drift\\, vedligehold\\; og budget"
    assert event["LOCATION"] == "Vestergade 1\\, 9000 Aalborg"
    assert "Anne Ø\\; Bo\\, Kim" in event["DESCRIPTION"]
    assert "\\n" in event["DESCRIPTION"]
    assert event["URL"].startswith("http")
    assert event["DTSTAMP"].endswith("Z")


def test_times_are_copenhagen_local_in_summer_and_winter(course, bob):
    summer = make_session(course, starts_at=_next(5, 12, 7))  # 09:00 CEST
    winter = make_session(course, starts_at=_next(1, 14, 8))  # 09:00 CET
    year = timezone.now().year + 1

    summer_event = props(parse_ics(calendar.session_ics(summer, user=bob)))
    winter_event = props(parse_ics(calendar.session_ics(winter, user=bob)))

    assert summer_event["DTSTART;TZID=Europe/Copenhagen"] == f"{year}0512T090000"
    assert summer_event["DTEND;TZID=Europe/Copenhagen"] == f"{year}0512T160000"
    assert winter_event["DTSTART;TZID=Europe/Copenhagen"] == f"{year}0114T090000"


def test_cancel_method_marks_the_event_cancelled(course, bob):
    session = make_session(course)
    lines = parse_ics(calendar.session_ics(session, user=bob, method="CANCEL"))
    assert "METHOD:CANCEL" in lines
    assert props(lines)["STATUS"] == "CANCELLED"


def test_an_online_session_has_its_link_as_location(course, bob):
    session = make_session(
        course, online=True, online_url="https://meet.example/abc", address="", region=""
    )
    assert props(parse_ics(calendar.session_ics(session, user=bob)))["LOCATION"] == (
        "https://meet.example/abc"
    )


def test_an_invitation_names_organizer_and_attendee(course, bob):
    session = make_session(course)
    lines = parse_ics(calendar.session_ics(session, user=bob))
    assert any(line.startswith("ORGANIZER;") for line in lines)
    assert any(
        line.startswith("ATTENDEE;") and line.endswith("mailto:bob@fjordbo.example")
        for line in lines
    )


def test_an_unknown_method_is_refused(course, bob):
    with pytest.raises(ValueError):
        calendar.session_ics(make_session(course), user=bob, method="REPLY")


# --- Download of one session --------------------------------------------------------------


def test_a_booked_person_downloads_the_session(client, course, bob):
    session = make_session(course)
    enrol(bob, session)
    client.force_login(bob)

    response = client.get(f"/kalender/hold/{session.pk}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = parse_ics(response.content.decode())
    assert props(lines)["UID"] == f"session-{session.pk}-person-{bob.pk}@almenlaering.dk"


def test_it_validates_ownership_of_the_session(client, course, bob, charlie):
    session = make_session(course)
    enrol(bob, session)
    client.force_login(charlie)
    assert client.get(f"/kalender/hold/{session.pk}.ics").status_code == 404


def test_a_waitlisted_person_gets_no_calendar(client, course, bob, wanda):
    session = make_session(course, capacity=1)
    enrol(bob, session)
    assert enrol(wanda, session).status == EnrolmentStatus.WAITLISTED
    client.force_login(wanda)
    assert client.get(f"/kalender/hold/{session.pk}.ics").status_code == 404


def test_a_cancelled_enrolment_gets_no_calendar(client, course, bob):
    session = make_session(course)
    enrolment = enrol(bob, session)
    services.enrolment_cancel(enrolment=enrolment, actor=bob)
    client.force_login(bob)
    assert client.get(f"/kalender/hold/{session.pk}.ics").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, course):
    session = make_session(course)
    response = client.get(f"/kalender/hold/{session.pk}.ics")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


# --- The personal feed --------------------------------------------------------------------


def _move_to_past(session: CourseSession, days: int) -> None:
    starts = timezone.now() - datetime.timedelta(days=days)
    CourseSession.objects.filter(pk=session.pk).update(
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=7),
        registration_deadline=starts,
        cancellation_deadline=starts,
    )


def test_the_feed_lists_booked_sessions_of_the_past_90_days_and_the_future(
    client, course, bob, wanda
):
    future = make_session(course)
    recent = make_session(course)
    old = make_session(course)
    waiting = make_session(course, capacity=1)
    for session in (future, recent, old):
        enrol(bob, session)
    enrol(wanda, waiting)
    enrol(bob, waiting)  # waitlisted: not in the feed
    _move_to_past(recent, days=30)
    _move_to_past(old, days=120)

    response = client.get(calendar.calendar_feed_url(bob).removeprefix("http://testserver"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = parse_ics(response.content.decode())
    uids = {line.removeprefix("UID:") for line in lines if line.startswith("UID:")}
    assert uids == {f"session-{s.pk}-person-{bob.pk}@almenlaering.dk" for s in (future, recent)}
    assert not any(line.startswith("METHOD:") for line in lines)
    assert any(line.startswith("X-WR-CALNAME:") for line in lines)


def test_the_feed_url_is_absolute_and_secret(bob, wanda):
    url = calendar.calendar_feed_url(bob)
    assert url.startswith("http://testserver/kalender/feed/")
    assert url.endswith(".ics")
    assert url != calendar.calendar_feed_url(wanda)


def test_a_tampered_token_is_404(client, bob, wanda):
    token = calendar.feed_token(bob)
    user_id, signature = token.split(":", 1)
    forged = f"{wanda.pk}:{signature}"
    assert client.get(f"/kalender/feed/{forged}.ics").status_code == 404
    assert client.get(f"/kalender/feed/{token}x.ics").status_code == 404
    assert client.get("/kalender/feed/nonsense.ics").status_code == 404


def test_a_token_signed_for_something_else_is_404(client, bob):
    other = signing.Signer(salt="something-else").sign(str(bob.pk))
    assert client.get(f"/kalender/feed/{other}.ics").status_code == 404


def test_an_inactive_person_has_no_feed(client, bob):
    token = calendar.feed_token(bob)
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert client.get(f"/kalender/feed/{token}.ics").status_code == 404
