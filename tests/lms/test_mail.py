"""The e-mail outbox: stored in the transaction, delivered by a Celery task once it commits.

Celery is eager in these tests (see tests/conftest.py); ``test_celery.py`` proves the same path
through a real worker.
"""

import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from core.mail.models import OutboundEmail
from core.mail.services import email_deliver
from core.mail.tasks import deliver_email

pytestmark = pytest.mark.django_db

CELERY_BACKEND = "core.mail.backends.CeleryEmailBackend"
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Forbindelsen til mailserveren blev afbrudt")


@pytest.fixture(autouse=True)
def outbox_backend(settings):
    # Django's test set-up swaps EMAIL_BACKEND for locmem; these tests are about ours.
    settings.EMAIL_BACKEND = CELERY_BACKEND
    settings.EMAIL_DELIVERY_BACKEND = LOCMEM_BACKEND


def test_a_message_is_stored_first_and_delivered_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_mail("Velkommen", "Hej Karen", None, ["karen@fjordbo.example"])
        stored = OutboundEmail.objects.get()
        assert stored.sent_at is None
        assert mail.outbox == []

    assert len(callbacks) == 1
    stored.refresh_from_db()
    assert stored.sent_at is not None
    assert stored.attempts == 1
    assert stored.last_error == ""
    assert [message.subject for message in mail.outbox] == ["Velkommen"]
    assert mail.outbox[0].to == ["karen@fjordbo.example"]
    assert mail.outbox[0].from_email == "AlmenLæring <noreply@almenlaering.dk>"


def test_nothing_is_stored_or_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            send_mail("Velkommen", "Hej", None, ["karen@fjordbo.example"])
            raise RuntimeError("the surrounding write failed")

    assert callbacks == []
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_html_attachments_and_headers_survive_the_round_trip(django_capture_on_commit_callbacks):
    pdf = b"%PDF-1.7\n\x00\xff\xfe binary"
    calendar = "BEGIN:VCALENDAR\r\nSUMMARY:Kursus i A2 Helhedsplanlægning\r\nEND:VCALENDAR\r\n"
    message = EmailMultiAlternatives(
        subject="Din tilmelding er bekræftet",
        body="Du er tilmeldt holdet.",
        from_email="Almen Akademi <kursus@almenakademi.example>",
        to=["karen@fjordbo.example"],
        cc=["hr@fjordbo.example"],
        reply_to=["kursus@almenakademi.example"],
        headers={"X-LMS-Enrolment": "42"},
    )
    message.attach_alternative("<p>Du er <strong>tilmeldt</strong> holdet.</p>", "text/html")
    message.attach("kursusbevis.pdf", pdf, "application/pdf")
    message.attach("hold.ics", calendar, "text/calendar")

    with django_capture_on_commit_callbacks(execute=True):
        message.send()

    [delivered] = mail.outbox
    assert delivered.subject == "Din tilmelding er bekræftet"
    assert delivered.body == "Du er tilmeldt holdet."
    assert delivered.from_email == "Almen Akademi <kursus@almenakademi.example>"
    assert delivered.cc == ["hr@fjordbo.example"]
    assert delivered.reply_to == ["kursus@almenakademi.example"]
    assert delivered.extra_headers["X-LMS-Enrolment"] == "42"
    assert [tuple(alt) for alt in delivered.alternatives] == [
        ("<p>Du er <strong>tilmeldt</strong> holdet.</p>", "text/html")
    ]
    attachments = {name: (content, mimetype) for name, content, mimetype in delivered.attachments}
    assert attachments["kursusbevis.pdf"] == (pdf, "application/pdf")
    assert attachments["hold.ics"] == (calendar, "text/calendar")
    # The whole message still renders as MIME (what an SMTP backend would send).
    assert b"Content-Type: application/pdf" in delivered.message().as_bytes()


def test_delivering_the_same_id_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        send_mail("Påmindelse", "Kurset starter i morgen", None, ["karen@fjordbo.example"])
    stored = OutboundEmail.objects.get()

    assert email_deliver(outbound_id=stored.pk) is True
    assert email_deliver(outbound_id=stored.pk) is False
    assert deliver_email.delay(stored.pk).get() is False  # a retried task is harmless too

    stored.refresh_from_db()
    assert stored.attempts == 1
    assert len(mail.outbox) == 1


def test_an_unknown_id_is_not_an_error():
    assert email_deliver(outbound_id=987_654) is False
    assert mail.outbox == []


def test_a_failed_delivery_is_recorded_and_raised_so_celery_retries(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        send_mail("Påmindelse", "Kurset starter i morgen", None, ["karen@fjordbo.example"])
    stored = OutboundEmail.objects.get()
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.FailingBackend"

    with pytest.raises(smtplib.SMTPServerDisconnected):
        email_deliver(outbound_id=stored.pk)

    stored.refresh_from_db()
    assert stored.sent_at is None
    assert stored.attempts == 1
    assert "SMTPServerDisconnected" in stored.last_error
    assert mail.outbox == []

    # The retry, with the mail server back, sends it and clears the error.
    settings.EMAIL_DELIVERY_BACKEND = LOCMEM_BACKEND
    assert email_deliver(outbound_id=stored.pk) is True
    stored.refresh_from_db()
    assert stored.sent_at is not None
    assert stored.attempts == 2
    assert stored.last_error == ""
    assert len(mail.outbox) == 1
