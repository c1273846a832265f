"""E-mails about enrolments and sessions: Danish, with a plain-text and an HTML part.

Every e-mail goes through ``email_enqueue`` with a dedupe key built from its cause, so a
retried task never sends the same e-mail twice:

* ``enrolment-event:<event_id>:<user_id>`` — one transition, one e-mail per recipient;
* ``session-changed:<session_id>:<sequence>:<enrolment_id>`` — one change of time or place;
* ``reminder:<session_id>:<enrolment_id>`` — the reminder before the start.

Which transition sends what:

* ``requested`` sends nothing of its own: ``enrolment_create`` moves a request on to awaiting
  approval, booked or waitlisted in the same transaction, so the learner's first e-mail (about
  that next state) says that the request was received. Two e-mails in the same second would
  only be noise.
* ``awaiting_approval``: to the learner ("afventer godkendelse") and to every approver (HR of
  the enrolment's organisation and the managers who look after the learner, except the learner).
* ``booked``: booked directly, approved, or moved up from the waitlist; with ``hold.ics``.
* ``waitlisted``: with the place in the queue.
* ``rejected``: with the approver's comment.
* ``cancelled``: by whom; a session cancelled by the provider says "Holdet er aflyst". A
  learner who held a seat gets ``hold.ics`` with METHOD:CANCEL.
* ``completed``: the certificate, with links to its PDF and public page (and, on a trial
  session, the link to evaluate it: one e-mail, not two).
* ``attended`` on a trial session (prøvehold) invites the participant to evaluate it, unless a
  certificate followed (its e-mail carries the link). Otherwise ``attended``, ``no_show`` and
  ``not_passed`` send nothing: the provider tells people that in the room, and "completed"
  follows where it applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from core import site_url
from core.formats import long_datetime, time_span
from core.mail.services import email_enqueue
from courses import access as course_access
from courses import calendar
from courses.models import (
    Certificate,
    CourseSession,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    SessionStatus,
)
from courses.models.enrolments import SEAT_STATUSES
from organisations.models import User

S = EnrolmentStatus
# Sessions starting within this window get their reminder (the beat task runs every 15 min).
REMINDER_WINDOW = timedelta(hours=48)
MIN_SIDE_PATH = "/min-side/"


# --- Building blocks -----------------------------------------------------------------------


def _absolute(path: str) -> str:
    # The request's address when the e-mail is composed while one is served, else LMS_BASE_URL.
    return site_url.absolute_url(path)


def _url(name: str, fallback: str, **kwargs: object) -> str:
    """An absolute URL by name, or ``fallback`` while that URL is not yet part of the site."""
    try:
        path = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        path = fallback
    return _absolute(path)


def session_when(session: CourseSession) -> str:
    """When a session takes place, in Danish and Copenhagen time (the site's time zone)."""
    return time_span(session.starts_at, session.ends_at)


def _local_format(value: datetime, format_string: str) -> str:
    return dateformat.format(timezone.localtime(value, ZoneInfo(calendar.TZID)), format_string)


def _session_context(session: CourseSession | None) -> dict[str, Any]:
    if session is None:
        return {"session": None}
    return {
        "session": session,
        "when": session_when(session),
        "place": session.place,
        "online_url": session.online_url if session.online else "",
        "provider_name": session.provider.name,
        "cancellation_deadline": long_datetime(session.cancellation_deadline),
    }


def _context(enrolment: Enrolment, recipient: User, **extra: object) -> dict[str, Any]:
    return {
        "recipient": recipient,
        "greeting_name": recipient.first_name or recipient.name,
        "enrolment": enrolment,
        "course_title": enrolment.course.title,
        "course_url": site_url.page_full_url(enrolment.course),
        "min_side_url": _url("min_side", MIN_SIDE_PATH),
        **_session_context(enrolment.session),
        **extra,
    }


def _tidy(text: str) -> str:
    """Plain text from a template: no trailing spaces, at most one blank line in a row."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _send(
    *,
    to: User,
    subject: str,
    template: str,
    context: dict[str, Any],
    key: str,
    ics: tuple[str, str, str] | None = None,
) -> None:
    """Render ``courses/email/<template>.{txt,html}`` and enqueue it once per ``key``."""
    context = {"subject": subject, **context}
    text = _tidy(render_to_string(f"courses/email/{template}.txt", context))
    html = render_to_string(f"courses/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to.email])
    message.attach_alternative(html, "text/html")
    if ics is not None:
        message.attach(*ics)
    email_enqueue(message=message, dedupe_key=key)


def _own_words(reason: str, *stock: str) -> str:
    """``reason`` unless it is one of the services' stock texts, in any of the site's languages.

    The services store a default reason ("Godkendt", "Holdet er aflyst") in the language of
    the request; repeating it under the e-mail's own sentence would say the same thing twice.
    """
    defaults = set(stock)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            defaults.update(translation.gettext(text) for text in stock)
    return "" if reason.strip() in defaults else reason.strip()


def _reachable(user: User) -> bool:
    return user.is_active and bool(user.email)


# --- Enrolment events ----------------------------------------------------------------------


def _event_key(event: EnrolmentEvent, user: User) -> str:
    return f"enrolment-event:{event.pk}:{user.pk}"


def _received(event: EnrolmentEvent) -> bool:
    """Whether this is the first answer to a new request (see the module docstring)."""
    return event.from_status == S.REQUESTED


def _approvers(enrolment: Enrolment) -> list[User]:
    """Who may decide on the request: HR of the enrolment's organisation and the managers who
    look after the learner there (of their department, or department-less), never the learner.
    """
    memberships = (
        course_access.approvers_of_enrolment(enrolment).select_related("user").order_by("user_id")
    )
    return [membership.user for membership in memberships]


def _on_awaiting_approval(event: EnrolmentEvent) -> int:
    enrolment, learner = event.enrolment, event.enrolment.user
    course = enrolment.course.title
    _send(
        to=learner,
        subject=_("Din tilmelding til %(course)s afventer godkendelse") % {"course": course},
        template="awaiting_approval",
        context=_context(enrolment, learner, received=_received(event)),
        key=_event_key(event, learner),
    )
    approvers = _approvers(enrolment)
    for approver in approvers:
        _send(
            to=approver,
            subject=_("Godkend tilmelding: %(person)s til %(course)s")
            % {"person": learner.name, "course": course},
            template="approval_needed",
            context=_context(
                enrolment,
                approver,
                learner=learner,
                reason=event.reason.strip(),
                approvals_url=_url("approvals", MIN_SIDE_PATH),
            ),
            key=_event_key(event, approver),
        )
    return 1 + len(approvers)


def _booked_subject(event: EnrolmentEvent, course: str) -> str:
    if event.from_status == S.WAITLISTED:
        return _("Du er rykket op fra ventelisten: %(course)s") % {"course": course}
    if event.from_status == S.AWAITING_APPROVAL:
        return _("Din tilmelding til %(course)s er godkendt") % {"course": course}
    return _("Du har fået plads på %(course)s") % {"course": course}


def _on_booked(event: EnrolmentEvent) -> int:
    enrolment, learner = event.enrolment, event.enrolment.user
    session = enrolment.session
    ics = calendar.ics_attachment(session, attendee=learner, event=event) if session else None
    approved = event.from_status == S.AWAITING_APPROVAL
    by_other = enrolment.requested_by if enrolment.requested_by_id != learner.pk else None
    context = _context(
        enrolment,
        learner,
        promoted=event.from_status == S.WAITLISTED,
        approved=approved,
        approver_name=event.actor.name if event.actor else _("Din leder"),
        enrolled_by=by_other.name if by_other else "",
        reason=_own_words(event.reason, "Godkendt") if approved else "",
        calendar_url=_session_calendar_url(session),
    )
    _send(
        to=learner,
        subject=_booked_subject(event, enrolment.course.title),
        template="booked",
        context=context,
        key=_event_key(event, learner),
        ics=ics,
    )
    return 1


def _session_calendar_url(session: CourseSession | None) -> str:
    if session is None:
        return ""
    return _url("calendar_session", f"/kalender/hold/{session.pk}.ics", session_id=session.pk)


def _waitlist_position(enrolment: Enrolment) -> int | None:
    """The person's place in the queue now (1 is next), or None if no longer waiting."""
    if enrolment.status != S.WAITLISTED or enrolment.session_id is None:
        return None
    waitlist = Enrolment.objects.filter(session_id=enrolment.session_id).waitlist()
    queue = list(waitlist.values_list("pk", flat=True))
    return queue.index(enrolment.pk) + 1 if enrolment.pk in queue else None


def _on_waitlisted(event: EnrolmentEvent) -> int:
    enrolment, learner = event.enrolment, event.enrolment.user
    context = _context(
        enrolment,
        learner,
        approved=event.from_status == S.AWAITING_APPROVAL,
        position=_waitlist_position(enrolment),
    )
    _send(
        to=learner,
        subject=_("Du er på venteliste til %(course)s") % {"course": enrolment.course.title},
        template="waitlisted",
        context=context,
        key=_event_key(event, learner),
    )
    return 1


def _on_rejected(event: EnrolmentEvent) -> int:
    enrolment, learner = event.enrolment, event.enrolment.user
    _send(
        to=learner,
        subject=_("Din tilmelding til %(course)s er afvist") % {"course": enrolment.course.title},
        template="rejected",
        context=_context(
            enrolment,
            learner,
            approver_name=event.actor.name if event.actor else _("Din leder"),
            reason=event.reason.strip(),
        ),
        key=_event_key(event, learner),
    )
    return 1


def _cancelled_by(event: EnrolmentEvent) -> str:
    """Who cancelled, as the learner reads it."""
    enrolment, actor = event.enrolment, event.actor
    session = enrolment.session
    if actor is None:
        return _("Tilmeldingen er afmeldt.")
    if actor.pk == enrolment.user_id:
        return _("Du har selv afmeldt dig.")
    if session is not None and course_access.manages_session(actor, session):
        return _("Kursusudbyderen %(provider)s har afmeldt dig.") % {
            "provider": session.provider.name
        }
    return _("%(name)s har afmeldt dig.") % {"name": actor.name}


def _on_cancelled(event: EnrolmentEvent) -> int:
    enrolment, learner = event.enrolment, event.enrolment.user
    session = enrolment.session
    session_cancelled = session is not None and session.status == SessionStatus.CANCELLED
    course = enrolment.course.title
    subject = (
        _("Holdet er aflyst: %(course)s")
        if session_cancelled
        else _("Din tilmelding til %(course)s er afmeldt")
    ) % {"course": course}
    # Only a booked person has the event in their calendar (from the booking e-mail).
    had_seat = session is not None and event.from_status in SEAT_STATUSES
    ics = None
    if session is not None and had_seat:
        ics = calendar.ics_attachment(session, method="CANCEL", attendee=learner, event=event)
    context = _context(
        enrolment,
        learner,
        session_cancelled=session_cancelled,
        cancelled_by="" if session_cancelled else _cancelled_by(event),
        reason=_own_words(event.reason, "Holdet er aflyst"),
        calendar_cancel=had_seat,
    )
    _send(
        to=learner,
        subject=subject,
        template="cancelled",
        context=context,
        key=_event_key(event, learner),
        ics=ics,
    )
    return 1


def _trial_url(enrolment: Enrolment) -> str:
    """The participant's evaluation of a trial session, or "" for any other session."""
    session = enrolment.session
    if session is None or not session.is_trial or session.trial_evaluation_tool_id is None:
        return ""
    path = f"/tilmeldinger/{enrolment.pk}/evaluering-af-proevehold/"
    return _url("trial_evaluate", path, pk=enrolment.pk)


def _on_attended(event: EnrolmentEvent) -> int:
    enrolment, learner = event.enrolment, event.enrolment.user
    trial_url = _trial_url(enrolment)
    if not trial_url or Certificate.objects.filter(enrolment=enrolment).exists():
        return 0  # not a trial, or the certificate's e-mail carries the link
    _send(
        to=learner,
        subject=_("Evaluér prøveholdet: %(course)s") % {"course": enrolment.course.title},
        template="trial_invitation",
        context=_context(enrolment, learner, trial_url=trial_url),
        key=_event_key(event, learner),
    )
    return 1


def _on_completed(event: EnrolmentEvent) -> int:
    enrolment, learner = event.enrolment, event.enrolment.user
    certificate = Certificate.objects.filter(enrolment=enrolment).first()
    if certificate is None:  # completion without a certificate: nothing to hand over
        return 0
    context = _context(
        enrolment,
        learner,
        certificate=certificate,
        trial_url=_trial_url(enrolment),
        pdf_url=_url("certificate_pdf", f"/bevis/{certificate.code}/pdf/", code=certificate.code),
        public_url=_url("certificate_public", f"/bevis/{certificate.code}/", code=certificate.code),
    )
    _send(
        to=learner,
        subject=_("Dit kursusbevis for %(course)s er klar") % {"course": enrolment.course.title},
        template="certificate",
        context=context,
        key=_event_key(event, learner),
    )
    return 1


EVENT_HANDLERS: dict[str, Callable[[EnrolmentEvent], int]] = {
    S.AWAITING_APPROVAL: _on_awaiting_approval,
    S.BOOKED: _on_booked,
    S.WAITLISTED: _on_waitlisted,
    S.REJECTED: _on_rejected,
    S.CANCELLED: _on_cancelled,
    S.COMPLETED: _on_completed,
    S.ATTENDED: _on_attended,
}


def enrolment_event_notify(*, event_id: int) -> int:
    """Send the e-mails one enrolment transition calls for; return how many were enqueued.

    Safe to run twice: the dedupe keys make the second run store and send nothing new.
    """
    event = (
        EnrolmentEvent.objects.select_related(
            "actor",
            "enrolment__user",
            "enrolment__requested_by",
            "enrolment__course",
            "enrolment__organisation",
            "enrolment__session__course",
            "enrolment__session__provider",
        )
        .filter(pk=event_id)
        .first()
    )
    handler = EVENT_HANDLERS.get(event.to_status) if event else None
    if event is None or handler is None or not _reachable(event.enrolment.user):
        return 0
    with translation.override("da"), transaction.atomic():
        return handler(event)


# --- Session changes and reminders ---------------------------------------------------------


def _booked_enrolments(session: CourseSession) -> list[Enrolment]:
    enrolments = session.enrolments.filter(status=S.BOOKED, user__is_active=True)
    enrolments = enrolments.select_related("user", "course", "session__course")
    enrolments = enrolments.select_related("session__provider")
    return [enrolment for enrolment in enrolments.order_by("pk") if enrolment.user.email]


def _send_session_changed(
    enrolment: Enrolment, session: CourseSession, sequence: int, changes: int
) -> None:
    learner = enrolment.user
    _send(
        to=learner,
        subject=_("Ændring af holdet: %(course)s") % {"course": enrolment.course.title},
        template="session_changed",
        context=_context(enrolment, learner),
        key=f"session-changed:{session.pk}:{sequence}:{enrolment.pk}",
        ics=calendar.ics_attachment(session, attendee=learner, changes=changes),
    )


def session_changed_notify(*, session_id: int, sequence: int) -> int:
    """Tell booked participants the new time or place, with an updated ``hold.ics``.

    A task for an older ``sequence`` sends nothing: a newer change is on its way with the
    latest details. A cancelled session is told through the cancellations instead.
    """
    session = (
        CourseSession.objects.select_related("course", "provider").filter(pk=session_id).first()
    )
    if session is None or session.sequence != sequence:
        return 0
    if session.status == SessionStatus.CANCELLED:
        return 0
    enrolments = _booked_enrolments(session)
    changes = calendar.changes_by_person(session)  # each one's SEQUENCE, in one query
    with translation.override("da"), transaction.atomic():
        for enrolment in enrolments:
            _send_session_changed(enrolment, session, sequence, changes.get(enrolment.user_id, 0))
    return len(enrolments)


def _send_reminder(enrolment: Enrolment, session: CourseSession) -> None:
    learner = enrolment.user
    subject = _("Påmindelse: %(course)s begynder %(date)s") % {
        "course": enrolment.course.title,
        "date": _local_format(session.starts_at, "l j. F"),
    }
    _send(
        to=learner,
        subject=subject,
        template="reminder",
        context=_context(enrolment, learner),
        key=f"reminder:{session.pk}:{enrolment.pk}",
    )


@transaction.atomic
def _remind_session(*, session_id: int, now: datetime) -> int:
    # The row lock and the re-check make two overlapping beat runs remind once.
    session = (
        CourseSession.objects.select_for_update(of=("self",))
        .select_related("course", "provider")
        .filter(pk=session_id, reminder_sent_at__isnull=True)
        .first()
    )
    if session is None:
        return 0
    enrolments = _booked_enrolments(session)
    for enrolment in enrolments:
        _send_reminder(enrolment, session)
    session.reminder_sent_at = now
    session.save(update_fields=["reminder_sent_at"])
    return len(enrolments)


def sessions_due_for_reminder(now: datetime) -> list[int]:
    """Ids of sessions that start within ``REMINDER_WINDOW`` and have had no reminder yet."""
    due = CourseSession.objects.filter(
        starts_at__gt=now, starts_at__lte=now + REMINDER_WINDOW, reminder_sent_at__isnull=True
    ).exclude(status__in=(SessionStatus.CANCELLED, SessionStatus.HELD))
    return list(due.order_by("starts_at").values_list("pk", flat=True))


def session_reminders_send(*, now: datetime | None = None) -> int:
    """Remind booked participants of sessions starting soon, once per session (beat task).

    Returns the number of reminders enqueued. ``reminder_sent_at`` marks a session done; the
    dedupe keys keep a crashed and repeated run from sending a reminder twice.
    """
    now = now or timezone.now()
    with translation.override("da"):
        return sum(_remind_session(session_id=pk, now=now) for pk in sessions_due_for_reminder(now))
