"""E-mails about enrolments and sessions, read from the outbox after the commit.

Fjordbo needs approval for enrolments: Bob is staff there, Alice is HR and Mads a manager (the
approvers), Eva a colleague without a say. Charlie is HR at Nordlys and must hear nothing of
Fjordbo's requests. Sofie edits Almen Akademi, which runs the sessions.
"""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import include, path
from django.utils import timezone, translation

from core.mail.models import OutboundEmail
from courses import notifications, services, tasks
from courses.models import CourseSession, EnrolmentEvent, EnrolmentStatus
from lms.urls import urlpatterns as site_urlpatterns
from organisations import services as org_services
from tests.courses.conftest import PASSWORD, make_course
from tests.courses.test_calendar import parse_ics, props

# Until lms/urls.py mounts these, this module serves as the URLconf.
urlpatterns = [
    path("kalender/", include("courses.urls.calendar")),
    path("bevis/", include("courses.urls.certificates")),
    *site_urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

S = EnrolmentStatus


def _person(email, organisation, roles, first_name, last_name=""):
    user = org_services.user_create(
        email=email, password=PASSWORD, first_name=first_name, last_name=last_name
    )
    org_services.membership_create(user=user, organisation=organisation, roles=roles)
    return user


@pytest.fixture
def fjordbo(catalogue):
    return org_services.organisation_create(
        name="Fjordbo", kind="housing", cvr="12345678", requires_enrolment_approval=True
    )


@pytest.fixture
def bob(fjordbo):
    return _person("bob@fjordbo.example", fjordbo, ["staff"], "Bob", "O'Berg")


@pytest.fixture
def alice(fjordbo):
    return _person("alice@fjordbo.example", fjordbo, ["staff", "hr"], "Alice", "Andersen")


@pytest.fixture
def mads(fjordbo):
    return _person("mads@fjordbo.example", fjordbo, ["staff", "manager"], "Mads")


@pytest.fixture
def eva(fjordbo):
    return _person("eva@fjordbo.example", fjordbo, ["staff"], "Eva")


@pytest.fixture
def charlie(catalogue):
    nordlys = org_services.organisation_create(name="Nordlys", kind="housing", cvr="87654321")
    return _person("charlie@nordlys.example", nordlys, ["staff", "hr"], "Charlie")


@pytest.fixture
def free_org(catalogue):
    """An organisation whose people enrol without approval."""
    return org_services.organisation_create(name="Havbo", kind="housing", cvr="11223344")


@pytest.fixture
def hanne(free_org):
    return _person("hanne@havbo.example", free_org, ["staff"], "Hanne")


@pytest.fixture
def ib(free_org):
    return _person("ib@havbo.example", free_org, ["staff"], "Ib")


@pytest.fixture
def course(akademi):
    return make_course(akademi, title="Drift & vedligehold")


def _next_may_12_utc(hour: int) -> datetime.datetime:
    return datetime.datetime(timezone.now().year + 1, 5, 12, hour, tzinfo=datetime.UTC)


def make_session(course, starts_at=None, **fields):
    starts_at = starts_at or _next_may_12_utc(7)  # 09:00 in Copenhagen (summer time)
    values = {
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=7),
        "capacity": 10,
        "price": Decimal("2500"),
        "registration_deadline": starts_at - datetime.timedelta(hours=2),
        "cancellation_deadline": starts_at - datetime.timedelta(hours=3),
        "address": "Vestergade 1",
        "postcode": "9000",
        "city": "Aalborg",
        "region": "nordjylland",
        **fields,
    }
    return services.session_create(course=course, **values)


@pytest.fixture
def session(course):
    return make_session(course)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a service and run what it left for the commit (the tasks, then the delivery)."""

    def call(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return call


def enrol(run, user, session, **kwargs):
    return run(
        services.enrolment_create,
        user=user,
        course=session.course,
        session=session,
        requested_by=kwargs.pop("requested_by", user),
        **kwargs,
    )


def sent_to(email):
    return [message for message in mail.outbox if message.to == [email]]


def html_of(message):
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def ics_of(message):
    [(filename, content, mimetype)] = message.attachments
    assert filename == "hold.ics"
    return mimetype, parse_ics(content)


# --- Approval ------------------------------------------------------------------------------


def test_a_request_needing_approval_tells_the_learner_and_every_approver(
    run, session, bob, alice, mads, eva, charlie
):
    enrol(run, bob, session, reason="Jeg skal lave fremtidsanalyse i afdelingen.")

    [learner_mail] = sent_to(bob.email)
    assert "afventer godkendelse" in learner_mail.subject
    assert "Vi har modtaget din tilmelding" in learner_mail.body
    assert "afventer godkendelse" in html_of(learner_mail)
    assert not learner_mail.attachments
    for approver in (alice, mads):
        [message] = sent_to(approver.email)
        assert message.subject == "Godkend tilmelding: Bob O'Berg til Drift & vedligehold"
        assert "Jeg skal lave fremtidsanalyse" in message.body
        assert "http://testserver/godkendelser/" in message.body
        assert "Bob O&#x27;Berg" in html_of(message)
    assert not sent_to(eva.email) and not sent_to(charlie.email)
    assert len(mail.outbox) == 3


def test_the_booking_mail_carries_the_calendar_invitation(run, session, bob, alice):
    enrolment = enrol(run, bob, session)
    mail.outbox.clear()

    run(services.enrolment_approve, enrolment=enrolment, actor=alice, comment="God idé!")

    [message] = mail.outbox
    assert message.to == [bob.email]
    assert message.subject == "Din tilmelding til Drift & vedligehold er godkendt"
    assert "Alice Andersen har godkendt din tilmelding" in message.body
    assert "Kommentar: God idé!" in message.body
    assert "kl. 09.00–16.00" in message.body
    assert "Vestergade 1, 9000 Aalborg" in message.body
    assert "http://testserver/min-side/" in message.body
    assert f"http://testserver/kalender/hold/{session.pk}.ics" in message.body
    html = html_of(message)
    assert "Drift &amp; vedligehold" in html and "kl. 09.00–16.00" in html
    mimetype, lines = ics_of(message)
    assert mimetype == "text/calendar; method=REQUEST"
    assert "METHOD:REQUEST" in lines
    event = props(lines)
    assert event["UID"] == f"session-{session.pk}-person-{bob.pk}@almenlaering.dk"
    assert event["SEQUENCE"] == "1"  # the booking is the first change Bob's calendar sees
    assert event["DTSTART;TZID=Europe/Copenhagen"].endswith("0512T090000")


def test_the_stock_approval_reason_is_not_repeated(run, session, bob, alice):
    enrolment = enrol(run, bob, session)
    mail.outbox.clear()
    run(services.enrolment_approve, enrolment=enrolment, actor=alice)
    assert "Kommentar" not in mail.outbox[0].body


def test_a_rejection_carries_the_approvers_comment(run, session, bob, alice):
    enrolment = enrol(run, bob, session)
    mail.outbox.clear()

    run(
        services.enrolment_reject,
        enrolment=enrolment,
        actor=alice,
        comment="Vi sender én fra afdelingen i år.",
    )

    [message] = mail.outbox
    assert message.subject == "Din tilmelding til Drift & vedligehold er afvist"
    assert "Alice Andersen har afvist din tilmelding." in message.body
    assert "Begrundelse: Vi sender én fra afdelingen i år." in message.body
    assert "Vi sender én fra afdelingen i år." in html_of(message)


# --- Booking without approval, waitlist ------------------------------------------------------


def test_a_direct_booking_says_the_request_was_received(run, session, hanne):
    enrol(run, hanne, session)

    [message] = mail.outbox
    assert message.subject == "Du har fået plads på Drift & vedligehold"
    assert "Vi har modtaget din tilmelding, og du har fået plads." in message.body
    assert ics_of(message)[0] == "text/calendar; method=REQUEST"


def test_a_full_session_waitlists_and_a_promotion_says_so(run, course, hanne, ib):
    session = make_session(course, capacity=1)
    first = enrol(run, hanne, session)
    enrol(run, ib, session)

    [waiting] = sent_to(ib.email)
    assert waiting.subject == "Du er på venteliste til Drift & vedligehold"
    assert "Du er på ventelisten som nr. 1." in waiting.body
    assert not waiting.attachments
    mail.outbox.clear()

    run(services.enrolment_cancel, enrolment=first, actor=hanne)

    [promoted] = sent_to(ib.email)
    assert promoted.subject == "Du er rykket op fra ventelisten: Drift & vedligehold"
    assert "Du er rykket op fra ventelisten" in promoted.body
    assert "Du er rykket op fra ventelisten" in html_of(promoted)
    assert ics_of(promoted)[0] == "text/calendar; method=REQUEST"


# --- Cancellations ------------------------------------------------------------------------


def test_a_learners_cancellation_removes_the_event(run, session, hanne):
    enrolment = enrol(run, hanne, session)
    mail.outbox.clear()

    run(services.enrolment_cancel, enrolment=enrolment, actor=hanne, reason="Syg")

    [message] = mail.outbox
    assert message.subject == "Din tilmelding til Drift & vedligehold er afmeldt"
    assert "Du har selv afmeldt dig." in message.body
    assert "Begrundelse: Syg" in message.body
    mimetype, lines = ics_of(message)
    assert mimetype == "text/calendar; method=CANCEL"
    assert "METHOD:CANCEL" in lines
    assert props(lines)["STATUS"] == "CANCELLED"
    assert props(lines)["UID"] == f"session-{session.pk}-person-{hanne.pk}@almenlaering.dk"
    assert props(lines)["SEQUENCE"] == "2"  # after the booking's 1


def test_a_cancelled_waitlist_place_has_no_calendar_file(run, course, hanne, ib):
    session = make_session(course, capacity=1)
    enrol(run, hanne, session)
    waiting = enrol(run, ib, session)
    mail.outbox.clear()

    run(services.enrolment_cancel, enrolment=waiting, actor=ib)

    [message] = mail.outbox
    assert not message.attachments


def test_the_provider_cancelling_the_session_says_holdet_er_aflyst(run, session, hanne, sofie):
    enrol(run, hanne, session)
    mail.outbox.clear()

    run(services.session_cancel, session=session, actor=sofie, reason="")

    [message] = mail.outbox
    assert message.subject == "Holdet er aflyst: Drift & vedligehold"
    assert "Holdet er aflyst af kursusudbyderen Almen Akademi" in message.body
    assert "Begrundelse" not in message.body
    mimetype, lines = ics_of(message)
    assert mimetype == "text/calendar; method=CANCEL"
    # The session's change (1) plus Hanne's booking and cancellation (2).
    assert props(lines)["SEQUENCE"] == "3"
    assert props(lines)["STATUS"] == "CANCELLED"


def test_the_provider_cancelling_one_person_says_who(run, session, hanne, sofie):
    enrolment = enrol(run, hanne, session)
    mail.outbox.clear()

    run(services.enrolment_cancel, enrolment=enrolment, actor=sofie, reason="Dobbeltbooking")

    assert "Kursusudbyderen Almen Akademi har afmeldt dig." in mail.outbox[0].body


# --- Session changes ----------------------------------------------------------------------


def test_a_new_time_raises_the_sequence_and_tells_the_booked(run, course, hanne, ib):
    session = make_session(course, capacity=1)
    enrol(run, hanne, session)
    enrol(run, ib, session)  # waitlisted: not told
    mail.outbox.clear()
    new_start = _next_may_12_utc(8)

    run(
        services.session_update,
        session=session,
        starts_at=new_start,
        ends_at=new_start + datetime.timedelta(hours=7),
    )

    [message] = mail.outbox
    assert message.to == [hanne.email]
    assert message.subject == "Ændring af holdet: Drift & vedligehold"
    assert "kl. 10.00–17.00" in message.body
    assert "kl. 10.00–17.00" in html_of(message)
    mimetype, lines = ics_of(message)
    assert mimetype == "text/calendar; method=REQUEST"
    event = props(lines)
    assert event["SEQUENCE"] == "2"  # above the booking's 1
    assert event["DTSTART;TZID=Europe/Copenhagen"].endswith("0512T100000")


def test_a_new_capacity_alone_sends_no_change_mail(run, session, hanne):
    enrol(run, hanne, session)
    mail.outbox.clear()
    run(services.session_update, session=session, capacity=20)
    assert mail.outbox == []


def test_an_outdated_change_task_sends_nothing(run, session, hanne):
    enrol(run, hanne, session)
    mail.outbox.clear()
    CourseSession.objects.filter(pk=session.pk).update(sequence=2)

    assert tasks.notify_session_changed.delay(session.pk, 1).get() == 0
    assert mail.outbox == []


def test_an_online_session_shows_its_link(run, course, hanne):
    session = make_session(
        course, online=True, online_url="https://meet.example/abc", address="", region=""
    )
    enrol(run, hanne, session)
    assert "Online: https://meet.example/abc" in mail.outbox[0].body


# --- Sent once ----------------------------------------------------------------------------


def test_running_the_task_twice_sends_one_email(run, session, hanne):
    enrolment = enrol(run, hanne, session)
    event = EnrolmentEvent.objects.get(enrolment=enrolment, to_status=S.BOOKED)
    assert len(mail.outbox) == 1

    run(tasks.notify_enrolment_event.delay, event_id=event.pk)
    run(tasks.notify_enrolment_event.delay, event_id=event.pk)

    assert len(mail.outbox) == 1
    key = f"enrolment-event:{event.pk}:{hanne.pk}"
    assert OutboundEmail.objects.filter(dedupe_key=key).count() == 1


def test_attendance_alone_sends_nothing(run, session, hanne, sofie):
    enrolment = enrol(run, hanne, session)
    mail.outbox.clear()

    run(services.attendance_mark, enrolment=enrolment, attended=False, actor=sofie)

    assert mail.outbox == []
    requested = EnrolmentEvent.objects.get(enrolment=enrolment, to_status=S.REQUESTED)
    assert notifications.enrolment_event_notify(event_id=requested.pk) == 0
    assert notifications.enrolment_event_notify(event_id=999_999) == 0


# --- Reminders ----------------------------------------------------------------------------


def test_reminders_go_out_once_for_sessions_starting_soon(run, course, hanne, ib, sofie):
    soon_start = timezone.now() + datetime.timedelta(hours=24)
    soon = make_session(course, starts_at=soon_start)
    later = make_session(course, starts_at=timezone.now() + datetime.timedelta(hours=72))
    cancelled = make_session(course, starts_at=soon_start)
    enrol(run, hanne, soon)
    enrol(run, hanne, later)
    enrol(run, ib, cancelled)
    run(services.session_cancel, session=cancelled, actor=sofie, reason="")
    mail.outbox.clear()

    assert run(tasks.send_session_reminders.delay).get() == 1
    assert run(tasks.send_session_reminders.delay).get() == 0

    [message] = mail.outbox
    assert message.to == [hanne.email]
    assert message.subject.startswith("Påmindelse: Drift & vedligehold begynder ")
    assert "Dit kursus begynder snart" in message.body
    assert "Dit kursus begynder snart" in html_of(message)
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.reminder_sent_at is not None
    assert later.reminder_sent_at is None


def test_a_repeated_reminder_run_is_stopped_by_the_dedupe_key(run, course, hanne):
    session = make_session(course, starts_at=timezone.now() + datetime.timedelta(hours=24))
    enrol(run, hanne, session)
    mail.outbox.clear()
    run(notifications.session_reminders_send)
    # A run that crashed after sending but before marking the session.
    CourseSession.objects.filter(pk=session.pk).update(reminder_sent_at=None)

    run(notifications.session_reminders_send)

    assert len(mail.outbox) == 1


def test_the_reminder_window_is_48_hours():
    assert notifications.REMINDER_WINDOW == datetime.timedelta(hours=48)


# --- Certificate --------------------------------------------------------------------------


def test_completion_sends_the_certificate_links(run, session, hanne, sofie):
    enrolment = enrol(run, hanne, session)
    mail.outbox.clear()

    run(services.attendance_mark, enrolment=enrolment, attended=True, actor=sofie)

    enrolment.refresh_from_db()
    assert enrolment.status == S.COMPLETED
    [message] = mail.outbox
    code = enrolment.certificate.code
    assert message.subject == "Dit kursusbevis for Drift & vedligehold er klar"
    assert f"http://testserver/bevis/{code}/pdf/" in message.body
    assert f"http://testserver/bevis/{code}/" in message.body
    assert f"http://testserver/bevis/{code}/pdf/" in html_of(message)
    assert "Tillykke" in message.body


# --- Details ------------------------------------------------------------------------------


def test_a_self_paced_booking_has_no_calendar_file(run, akademi, hanne):
    course = make_course(akademi, title="Selvstudium i budget", format="self_paced")

    run(services.enrolment_create, user=hanne, course=course, requested_by=hanne)

    [message] = mail.outbox
    assert "du kan gå i gang med kurset med det samme" in message.body
    assert "Tidspunkt" not in message.body
    assert not message.attachments


def test_a_session_over_several_days_shows_both_days(course):
    start = _next_may_12_utc(7)
    end = start + datetime.timedelta(days=1, hours=7)
    session = make_session(course, starts_at=start, ends_at=end)
    days = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
    first, second = days[start.weekday()], days[end.weekday()]

    with translation.override("da"):
        when = notifications.session_when(session)

    year = start.year
    assert when == f"{first} 12. maj {year} kl. 09.00 til {second} 13. maj {year} kl. 16.00"
