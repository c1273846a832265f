"""Writes for the trial course (prøvehold): a participant's structured evaluation, and the
adjustments the provider records on the course afterwards (AlmenVejledning A5: "et
kursuskoncept, der afprøves … og justeres").

The evaluation is a ``tools.Sheet`` of the session's evaluation tool, saved through
``tools.services`` (typed answers, versions); it is a draft until the participant submits it,
and read-only afterwards.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.formats import long_date
from courses import access
from courses.models import CourseAdjustment, CourseSession, Enrolment, TrialEvaluation
from organisations.models import User
from tools import services as tool_services


def _lock_participation(enrolment: Enrolment, actor: User) -> Enrolment:
    """The enrolment, locked (two tabs saving the first draft at once make one evaluation);
    refused unless it is the actor's own on a trial session they took part in."""
    locked = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course", "session__trial_evaluation_tool")
        .get(pk=enrolment.pk)
    )
    if not access.is_trial_participant(actor, locked):
        raise ValidationError(_("Kun deltagerne på prøveholdet kan evaluere det."))
    return locked


def _evaluation(enrolment: Enrolment) -> TrialEvaluation | None:
    return (
        TrialEvaluation.objects.select_for_update(of=("self",))
        .select_related("sheet")
        .filter(enrolment=enrolment)
        .first()
    )


def _evaluation_start(enrolment: Enrolment) -> TrialEvaluation:
    session = enrolment.session
    assert session is not None and session.trial_evaluation_tool is not None  # the policy's
    sheet = tool_services.sheet_create(
        tool=session.trial_evaluation_tool,
        title=_("Evaluering af prøvehold: %(course)s") % {"course": enrolment.course.title},
        owner=enrolment.user,  # the participant's own answers: in their export and erasure
    )
    evaluation = TrialEvaluation(enrolment=enrolment, sheet=sheet)
    evaluation.full_clean()
    evaluation.save()
    return evaluation


def _refuse_if_submitted(evaluation: TrialEvaluation) -> None:
    if evaluation.submitted_at is not None:
        raise ValidationError(_("Du har allerede afleveret evalueringen; den kan ikke ændres."))


@transaction.atomic
def trial_evaluation_save(
    *, enrolment: Enrolment, answers: dict[str, Any], actor: User, base_version: int
) -> TrialEvaluation:
    """Save the participant's answers as a draft (a new version of its sheet; the first save
    starts the evaluation on the session's tool).

    Refused for anyone but a participant of the trial session, for answers of the wrong type
    (beside the field, by ``tools.services.sheet_save``) and after the evaluation was
    submitted: once handed in, it is read-only.
    """
    locked = _lock_participation(enrolment, actor)
    evaluation = _evaluation(locked) or _evaluation_start(locked)
    _refuse_if_submitted(evaluation)
    tool_services.sheet_save(
        sheet=evaluation.sheet, answers=answers, actor=actor, base_version=base_version
    )
    log(evaluation, "lms.trial_evaluation.save", user=actor)
    return evaluation


@transaction.atomic
def trial_evaluation_submit(*, enrolment: Enrolment, actor: User) -> TrialEvaluation:
    """Hand the saved evaluation in to the provider: once, and read-only from then on."""
    locked = _lock_participation(enrolment, actor)
    evaluation = _evaluation(locked)
    if evaluation is None or evaluation.sheet.version == 0:
        raise ValidationError(_("Gem dine svar, før du afleverer evalueringen."))
    _refuse_if_submitted(evaluation)
    evaluation.submitted_at = timezone.now()
    evaluation.save(update_fields=["submitted_at"])
    log(evaluation, "lms.trial_evaluation.submit", user=actor)
    return evaluation


# --- Adjustments -----------------------------------------------------------------------------


def _check_adjustment(session: CourseSession, adjusted_on: date | None) -> None:
    if not session.is_trial:
        raise ValidationError(_("Justeringer skrives på et prøvehold."))
    trial_day = timezone.localdate(session.starts_at)
    if adjusted_on is not None and adjusted_on < trial_day:
        raise ValidationError(
            {
                "adjusted_on": _(
                    "Justeringen kan ikke ligge før prøveholdet (%(date)s): skriv den dato, "
                    "kurset blev ændret."
                )
                % {"date": long_date(trial_day)}
            }
        )


@transaction.atomic
def course_adjustment_create(
    *, session: CourseSession, adjusted_on: date, finding: str, change: str, actor: User
) -> CourseAdjustment:
    """Record what the evaluation of a trial session showed and what the course was changed
    with; the course page then says "afprøvet og justeret" (once the session has ended)."""
    _check_adjustment(session, adjusted_on)
    adjustment = CourseAdjustment(
        course_id=session.course_id,
        session=session,
        adjusted_on=adjusted_on,
        finding=finding.strip(),
        change=change.strip(),
        recorded_by=actor,
    )
    adjustment.full_clean()
    adjustment.save()
    log(adjustment, "wagtail.create", user=actor)
    return adjustment


@transaction.atomic
def course_adjustment_update(
    *,
    adjustment: CourseAdjustment,
    adjusted_on: date,
    finding: str,
    change: str,
    actor: User,
) -> CourseAdjustment:
    """Correct an adjustment (its date, finding or change)."""
    locked = (
        CourseAdjustment.objects.select_for_update(of=("self",))
        .select_related("session")
        .get(pk=adjustment.pk)
    )
    if locked.session is not None:
        _check_adjustment(locked.session, adjusted_on)
    locked.adjusted_on = adjusted_on
    locked.finding = finding.strip()
    locked.change = change.strip()
    locked.full_clean()
    locked.save(update_fields=["adjusted_on", "finding", "change"])
    log(locked, "wagtail.edit", user=actor)
    return locked


@transaction.atomic
def course_adjustment_delete(*, adjustment: CourseAdjustment, actor: User) -> None:
    """Remove an adjustment (the audit log keeps that it existed and who removed it)."""
    log(adjustment, "wagtail.delete", user=actor)
    adjustment.delete()
