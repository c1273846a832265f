"""Writes of an erfaringsgruppe (seed 003): the group's aftaler, kept from meeting to meeting,
and a group insight shared with the sector as a lesson.

"Det er et ledelsesansvar at afholde erfaringsgrupper og skabe samarbejde mellem fagligheder":
the group notes what it agreed about genhusning, fællesarealer, beboerdemokrati and external
partners, who sees to it and by when, and follows up at the next meeting. Owners and members
note and follow up agreements; guests read. A good story from the group ("Væggen der blev
flyttet") may become a lesson for the whole sector through the onsite lessons flow: every
member's name is taken out and the organisation is named only if it agreed.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competencies.models import Guide
from onsite.models import Lesson
from onsite.services.lessons import lesson_publish_from_group, scrub_names
from organisations.models import User
from rooms import access
from rooms.models import ActivityVerb, Agreement, AgreementStatus, Meeting, Room, RoomKind
from rooms.selectors_erfa import member_names
from rooms.services.activity import activity_record


def _require_contributor(actor: User, room: Room) -> None:
    if room.kind != RoomKind.ERFA:
        raise ValidationError(_("Kun en erfaringsgruppe har aftaler og deler erfaringer."))
    if not access.is_contributor(actor, room):
        raise PermissionDenied(_("Kun rummets ejere og medlemmer kan det (ikke gæster)."))


def _check(
    room: Room, *, what: str, responsible: User | None, meeting: Meeting | None
) -> dict[str, str]:
    """The field errors of an agreement's input (empty: all is well)."""
    errors: dict[str, str] = {}
    if not what.strip():
        errors["what"] = _("Skriv, hvad gruppen har aftalt.")
    if responsible is not None and not access.is_member(responsible, room):
        errors["responsible"] = _("Den ansvarlige skal være med i erfaringsgruppen.")
    if meeting is not None and meeting.room_id != room.pk:
        errors["meeting"] = _("Mødet hører ikke til denne erfaringsgruppe.")
    return errors


def _agreements_path(room: Room) -> str:
    return reverse("rooms:agreements", args=[room.pk])


@transaction.atomic
def agreement_create(
    *,
    room: Room,
    actor: User,
    what: str,
    responsible: User | None = None,
    due_on: datetime.date | None = None,
    meeting: Meeting | None = None,
) -> Agreement:
    """Note an aftale of the group (an owner or member): open until it is followed up."""
    _require_contributor(actor, room)
    errors = _check(room, what=what, responsible=responsible, meeting=meeting)
    if errors:
        raise ValidationError(errors)
    agreement = Agreement(
        room=room,
        what=what.strip(),
        responsible=responsible,
        due_on=due_on,
        meeting=meeting,
        status=AgreementStatus.OPEN,
        created_by=actor,
    )
    agreement.full_clean()
    agreement.save()
    activity_record(
        room=room,
        actor=actor,
        verb=ActivityVerb.AGREEMENT,
        subject=str(agreement),
        path=_agreements_path(room),
    )
    log(agreement, "rooms.agreement.create", user=actor)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    actor: User,
    what: str,
    status: str,
    follow_up: str = "",
    responsible: User | None = None,
    due_on: datetime.date | None = None,
    meeting: Meeting | None = None,
) -> Agreement:
    """Follow an aftale up: its status, what came of it, a new deadline or another person."""
    room = agreement.room
    _require_contributor(actor, room)
    errors = _check(room, what=what, responsible=responsible, meeting=meeting)
    if status not in AgreementStatus.values:
        errors["status"] = _("Vælg en af statusserne.")
    if errors:
        raise ValidationError(errors)
    # Two members following up at once: the second waits and writes over the first knowingly.
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    agreement.what = what.strip()
    agreement.status = status
    agreement.follow_up = follow_up.strip()
    agreement.responsible = responsible
    agreement.due_on = due_on
    agreement.meeting = meeting
    agreement.full_clean()
    agreement.save()
    log(agreement, "rooms.agreement.update", user=actor, data={"status": status})
    return agreement


def lesson_preview(*, room: Room, texts: dict[str, str]) -> dict[str, str]:
    """``texts`` as they would be published: every member's name replaced by "[navn]" (writes
    nothing; ``lesson_share`` scrubs once more, so a name typed back in never gets out)."""
    names = member_names(room)
    return {key: scrub_names(value.strip(), names) for key, value in texts.items()}


@transaction.atomic
def lesson_share(
    *,
    room: Room,
    actor: User,
    title: str,
    summary: str,
    what_we_learned: str,
    do_differently: str = "",
    guide: Guide | None = None,
) -> Lesson:
    """Share a group insight with the sector as a lesson (an owner or member).

    Every member's name is scrubbed (the onsite service adds the actor's own); the lesson
    belongs to the room's organisation, which decides whether it is named. A network's group
    has no organisation to answer for the lesson, so it cannot share.
    """
    _require_contributor(actor, room)
    if room.organisation is None:
        raise ValidationError(
            _(
                "En erfaringsgruppe i netværket hører ikke til en organisation og kan derfor "
                "ikke dele erfaringer. Del den i stedet fra en organisations erfaringsgruppe."
            ),
            code="network",
        )
    lesson = lesson_publish_from_group(
        organisation=room.organisation,
        actor=actor,
        title=title,
        summary=summary,
        what_we_learned=what_we_learned,
        do_differently=do_differently,
        names=member_names(room),
        guide=guide,
    )
    activity_record(
        room=room,
        actor=actor,
        verb=ActivityVerb.LESSON,
        subject=lesson.title,
        path=reverse("onsite:lesson_detail", args=[lesson.pk]),
    )
    log(room, "rooms.lesson.share", user=actor, data={"lesson": lesson.pk})
    return lesson
