"""Writes of milestones: planning (responsible person, due date), status and notes.

    ikke startet ─▶ i gang ─▶ nået
          └───────────┴──────▶ sprunget over (with a reason)

Any status may be set back (a reached milestone reopened). Where the drejebog says the
milestones are reached in order, a milestone is "nået" only once every earlier one is reached or
skipped. Leaders change any milestone; the responsible person changes the status of their own.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.formats import long_date
from organisations.models import User
from processes import access
from processes.models import Milestone, MilestoneStatus, Process
from processes.services.processes import (
    check_assignable,
    check_leads,
    check_running,
    process_event,
)


def _lock(milestone: Milestone) -> tuple[Milestone, Process]:
    locked = Milestone.objects.select_for_update().select_related("process").get(pk=milestone.pk)
    return locked, locked.process


def milestone_plan(
    *,
    actor: User,
    milestone: Milestone,
    responsible: User | None = None,
    due_on: date | None = None,
) -> Milestone:
    """Set who is responsible for a milestone and its due date (leaders only; None clears)."""
    with transaction.atomic():
        milestone, process = _lock(milestone)
        check_leads(actor, process)
        check_running(process)
        if due_on is not None and due_on < process.starts_on:
            raise ValidationError(
                {
                    "due_on": _("Fristen kan ikke ligge før forløbets start (%(start)s).")
                    % {"start": long_date(process.starts_on)}
                }
            )
        check_assignable(process, responsible, "responsible")
        if milestone.responsible_id == (responsible.pk if responsible else None) and (
            milestone.due_on == due_on
        ):
            return milestone
        milestone.responsible = responsible
        milestone.due_on = due_on
        milestone.full_clean()
        milestone.save(update_fields=["responsible", "due_on", "updated_at"])
        process_event(
            process=process,
            milestone=milestone,
            actor=actor,
            action="planned",
            comment=_("%(milestone)s: ansvarlig %(who)s, frist %(due)s.")
            % {
                "milestone": str(milestone),
                "who": responsible.get_full_name() or responsible.email if responsible else "-",
                "due": long_date(due_on) if due_on else "-",
            },
        )
        log(milestone.process, "processes.milestone.plan", user=actor)
    return milestone


def milestone_set_status(
    *,
    actor: User,
    milestone: Milestone,
    status: str,
    skip_reason: str = "",
    note: str = "",
) -> Milestone:
    """Move a milestone to ``status``; ``note`` goes into the process's history.

    Refused: skipping without a reason (on ``skip_reason``); "nået" while an earlier milestone
    is open where the drejebog says they are reached in order (on ``status``, naming it).
    """
    skip_reason = skip_reason.strip()
    with transaction.atomic():
        milestone, process = _lock(milestone)
        if not access.may_change_status(actor, milestone, process):
            raise ValidationError(
                _("Kun forløbets ledere og den ansvarlige kan ændre milepælens status.")
            )
        check_running(process)
        _check_status(milestone, process, status, skip_reason)
        before = milestone.status
        milestone.status = status
        milestone.skip_reason = skip_reason if status == MilestoneStatus.SKIPPED else ""
        if status != MilestoneStatus.REACHED:
            milestone.reached_on = None
        elif before != MilestoneStatus.REACHED or milestone.reached_on is None:
            milestone.reached_on = timezone.localdate()
        milestone.full_clean()
        milestone.save(update_fields=["status", "skip_reason", "reached_on", "updated_at"])
        comment = _("%(milestone)s: %(from)s → %(to)s.") % {
            "milestone": str(milestone),
            "from": MilestoneStatus(before).label,
            "to": MilestoneStatus(status).label,
        }
        if milestone.skip_reason:
            comment += " " + _("Begrundelse: %(reason)s") % {"reason": milestone.skip_reason}
        if note.strip():
            comment += " " + note.strip()
        process_event(
            process=process,
            milestone=milestone,
            actor=actor,
            action="milestone",
            from_status=before,
            to_status=status,
            comment=comment,
        )
        log(process, "processes.milestone.status", user=actor, data={"milestone": milestone.pk})
    return milestone


def _check_status(milestone: Milestone, process: Process, status: str, skip_reason: str) -> None:
    if status not in MilestoneStatus.values:
        raise ValidationError({"status": _("Vælg en gyldig status.")})
    if status == MilestoneStatus.SKIPPED and not skip_reason:
        raise ValidationError({"skip_reason": _("Skriv hvorfor milepælen springes over.")})
    if status == MilestoneStatus.REACHED and process.milestones_in_order:
        earlier = (
            Milestone.objects.open()
            .filter(process=process, position__lt=milestone.position)
            .order_by("position")
            .first()
        )
        if earlier is not None:
            raise ValidationError(
                {
                    "status": _(
                        "Milepælene nås i rækkefølge: »%(earlier)s« er ikke nået eller "
                        "sprunget over endnu."
                    )
                    % {"earlier": str(earlier)}
                }
            )


def milestone_note(*, actor: User, milestone: Milestone, notes: str) -> Milestone:
    """Replace a milestone's notes (the process's people)."""
    with transaction.atomic():
        milestone, process = _lock(milestone)
        if not access.may_contribute(actor, process):
            raise ValidationError(_("Kun forløbets deltagere kan skrive noter."))
        check_running(process)
        milestone.notes = notes.strip()
        milestone.full_clean()
        milestone.save(update_fields=["notes", "updated_at"])
        process_event(
            process=process,
            milestone=milestone,
            actor=actor,
            action="notes",
            comment=_("%(milestone)s: noterne blev ændret.") % {"milestone": str(milestone)},
        )
        log(process, "processes.milestone.note", user=actor, data={"milestone": milestone.pk})
    return milestone
