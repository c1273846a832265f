"""Writes of a room's meeting calendar (mødekalender): call, change and cancel a meeting, reply
to it, add the minutes (referat) — and the invitation e-mails with their calendar files.

Owners and members (not guests) call meetings and write minutes; every member replies. A
meeting ends after it starts (also a database constraint). Every change a calendar must see —
time, place, online link, the cancellation — raises ``meeting.sequence`` under a row lock and
sends every member of the room an e-mail with the event (``METHOD:REQUEST``, or ``CANCEL``):
members who joined since get that update as their first. The e-mails go through a Celery task
that takes ids and is enqueued on commit; each e-mail's dedupe key names the meeting, the
person and the sequence, so a retried task never sends one twice.

Dedupe key: ``rooms-meeting:<meeting>:<person>:<sequence>``.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core import ical, uploads
from core.formats import time_span
from core.mail.services import email_enqueue
from core.tasks import enqueue_on_commit
from organisations.models import User
from rooms import access
from rooms import calendar as room_calendar
from rooms.models import ActivityVerb, Attendance, Meeting, MeetingReply, Room, RoomMember
from rooms.services.activity import activity_record

# Minutes are written documents: PDF, Word or OpenDocument text.
MINUTES_KINDS = (uploads.PDF, uploads.DOCX, uploads.ODT)
# The fields an invited calendar shows: a change to one of them is an update (RFC 5546).
CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_url")
TEXT_FIELDS = ("title", "place", "online_url", "agenda")


def meeting_path(meeting: Meeting) -> str:
    return reverse("rooms:meeting", kwargs={"pk": meeting.room_id, "m": meeting.pk})


def _check_contributor(actor: User, room: Room) -> None:
    if not access.is_contributor(actor, room):
        raise ValidationError(
            _("Kun rummets ejere og medlemmer kan indkalde til møder og skrive referat.")
        )


def _check_not_cancelled(meeting: Meeting) -> None:
    if meeting.cancelled_at is not None:
        raise ValidationError(_("Mødet er aflyst."))


def _validated(meeting: Meeting) -> None:
    """Refuse a meeting that ends before (or when) it starts beside the end field, then the
    rest of the model's rules (lengths, the link) beside their fields."""
    if not meeting.title.strip():
        raise ValidationError({"title": _("Giv mødet en titel.")})
    if meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("Mødet skal slutte, efter det er begyndt.")})
    meeting.full_clean(exclude=["minutes_file", "room", "created_by"])


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    room: Room,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
    agenda: str = "",
) -> Meeting:
    """Call a meeting and send every member of the room the invitation (REQUEST)."""
    _check_contributor(actor, room)
    meeting = Meeting(
        room=room,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
        agenda=agenda.strip(),
        created_by=actor,
    )
    _validated(meeting)
    meeting.save()
    activity_record(
        room=room,
        actor=actor,
        verb=ActivityVerb.MEETING,
        subject=meeting.title,
        path=meeting_path(meeting),
    )
    log(meeting, "rooms.meeting.create", user=actor, data={"room": room.pk})
    _invitations_send_on_commit(meeting)
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    # ``of=("self",)``: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    return Meeting.objects.select_for_update(of=("self",)).select_related("room").get(pk=meeting.pk)


def _raise_sequence(meeting: Meeting) -> None:
    """Save the meeting's next SEQUENCE (the caller holds the row lock)."""
    meeting.sequence = F("sequence") + 1  # saved as SQL: no lost update
    meeting.save(update_fields=["sequence"])
    meeting.refresh_from_db(fields=["sequence"])


@transaction.atomic
def meeting_update(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
    agenda: str = "",
) -> Meeting:
    """Change a meeting; a new time, place or link raises its SEQUENCE and sends the update."""
    locked = _locked(meeting)
    _check_contributor(actor, locked.room)
    _check_not_cancelled(locked)
    values: dict[str, Any] = {
        "title": title.strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place.strip(),
        "online_url": online_url.strip(),
        "agenda": agenda.strip(),
    }
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name, value in values.items():
        setattr(locked, name, value)
    _validated(locked)
    locked.save(update_fields=changed)
    calendar_changed = any(name in CALENDAR_FIELDS for name in changed)
    if calendar_changed:
        _raise_sequence(locked)
    activity_record(
        room=locked.room,
        actor=actor,
        verb=ActivityVerb.MEETING_CHANGED,
        subject=locked.title,
        path=meeting_path(locked),
    )
    log(locked, "rooms.meeting.update", user=actor, data={"fields": changed})
    if calendar_changed:
        _invitations_send_on_commit(locked)
    return locked


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    """Call a meeting off: every member's calendar gets a CANCEL with the raised SEQUENCE."""
    locked = _locked(meeting)
    _check_contributor(actor, locked.room)
    _check_not_cancelled(locked)
    if locked.ends_at <= timezone.now():
        raise ValidationError(_("Mødet er holdt og kan ikke aflyses."))
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at"])
    _raise_sequence(locked)
    activity_record(
        room=locked.room,
        actor=actor,
        verb=ActivityVerb.MEETING_CANCELLED,
        subject=locked.title,
        path=meeting_path(locked),
    )
    log(locked, "rooms.meeting.cancel", user=actor)
    _invitations_send_on_commit(locked)
    return locked


@transaction.atomic
def meeting_reply(*, actor: User, meeting: Meeting, answer: str) -> MeetingReply:
    """The member's answer (deltager / deltager ikke); a second answer replaces the first."""
    if not access.is_member(actor, meeting.room):
        raise ValidationError(_("Kun rummets medlemmer kan svare på indkaldelsen."))
    if answer not in Attendance.values:
        raise ValidationError({"answer": _("Vælg, om du deltager.")})
    _check_not_cancelled(meeting)
    # The unique constraint (one reply per person and meeting) holds under double clicks.
    reply, _created = MeetingReply.objects.update_or_create(
        meeting=meeting, user=actor, defaults={"answer": answer}
    )
    log(meeting, "rooms.meeting.reply", user=actor, data={"answer": answer})
    return reply


def _checked_minutes_file(file: UploadedFile) -> uploads.Kind:
    try:
        return uploads.upload_check(file, kinds=MINUTES_KINDS)
    except ValidationError as error:
        raise ValidationError({"minutes_file": error.messages}) from error


def meeting_minutes(
    *, actor: User, meeting: Meeting, minutes: str, file: UploadedFile | None = None
) -> Meeting:
    """Add or replace the minutes: a text, a checked file (private storage), or both.

    Refused before the meeting has begun and for a cancelled meeting. The file is checked
    before anything is stored; if the write then fails, the stored file is deleted again.
    """
    _check_contributor(actor, meeting.room)
    _check_not_cancelled(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Referatet kan først lægges op, når mødet er begyndt."))
    text = minutes.strip()
    if not text and file is None and not meeting.minutes_file:
        raise ValidationError({"minutes": _("Skriv referatet, eller vælg en fil.")})
    stored = ""
    original = ""
    if file is not None:
        kind = _checked_minutes_file(file)
        original = PurePosixPath(file.name or "").name[:255]
        stored = meeting.minutes_file.storage.save(f"rooms/minutes/referat.{kind.extension}", file)
    try:
        return _minutes_record(
            actor=actor, meeting=meeting, text=text, stored=stored, original=original
        )
    except BaseException:
        if stored:
            meeting.minutes_file.storage.delete(stored)
        raise


@transaction.atomic
def _minutes_record(
    *, actor: User, meeting: Meeting, text: str, stored: str, original: str
) -> Meeting:
    locked = _locked(meeting)
    _check_not_cancelled(locked)
    previous = locked.minutes_file.name if stored else ""
    first = locked.minutes_at is None
    locked.minutes = text
    if stored:
        locked.minutes_file.name = stored
        locked.minutes_file_name = original
    locked.minutes_at = timezone.now()
    locked.save(update_fields=["minutes", "minutes_file", "minutes_file_name", "minutes_at"])
    if previous:
        storage = locked.minutes_file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    if first:
        activity_record(
            room=locked.room,
            actor=actor,
            verb=ActivityVerb.MINUTES,
            subject=_("Referat: %(title)s") % {"title": locked.title},
            path=meeting_path(locked),
        )
    log(locked, "rooms.meeting.minutes", user=actor, data={"file": bool(stored)})
    return locked


# --- Invitations ------------------------------------------------------------------------------


def _invitations_send_on_commit(meeting: Meeting) -> None:
    from rooms.tasks import send_meeting_invitations

    enqueue_on_commit(send_meeting_invitations, meeting.pk, meeting.sequence)


def meeting_invitations_send(*, meeting_id: int, sequence: int) -> int:
    """E-mail every member of the room the meeting as it is at ``sequence``; return how many.

    A task for an older sequence sends nothing: the change after it enqueued its own. Safe to
    run twice (one e-mail per meeting, person and sequence).
    """
    meeting = Meeting.objects.select_related("room").filter(pk=meeting_id).first()
    if meeting is None or meeting.sequence != sequence:
        return 0
    members = (
        RoomMember.objects.filter(room_id=meeting.room_id, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    answers = dict(MeetingReply.objects.filter(meeting=meeting).values_list("user_id", "answer"))
    sent = 0
    for member in members:
        invitation_email(meeting, member.user, answer=answers.get(member.user_id))
        sent += 1
    return sent


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _subject(meeting: Meeting, when: str) -> str:
    values = {"title": meeting.title, "when": when}
    if meeting.cancelled_at is not None:
        return _("Aflyst: %(title)s (%(when)s)") % values
    if meeting.sequence > 0:
        return _("Ændret møde: %(title)s (%(when)s)") % values
    return _("Indkaldelse: %(title)s (%(when)s)") % values


def invitation_email(meeting: Meeting, person: User, *, answer: str | None = None) -> None:
    """Store the person's invitation, update or cancellation with its calendar file."""
    cancelled = meeting.cancelled_at is not None
    method = "CANCEL" if cancelled else "REQUEST"
    with translation.override("da"):
        when = time_span(meeting.starts_at, meeting.ends_at)
        subject = _subject(meeting, when)
        context = {
            "subject": subject,
            "greeting_name": person.first_name or person.name,
            "meeting": meeting,
            "room_title": meeting.room.title,
            "when": when,
            "cancelled": cancelled,
            "changed": not cancelled and meeting.sequence > 0,
            "meeting_url": room_calendar.meeting_url(meeting),
        }
        text = _tidy(render_to_string("rooms/email/meeting_invitation.txt", context))
        html = render_to_string("rooms/email/meeting_invitation.html", context)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[person.email])
        message.attach_alternative(html, "text/html")
        event = room_calendar.meeting_event(meeting, person, answer=answer)
        message.attach(*ical.attachment(event, method=method, filename="moede.ics"))
        email_enqueue(
            message=message,
            dedupe_key=f"rooms-meeting:{meeting.pk}:{person.pk}:{meeting.sequence}",
        )
