"""Writes of the anchoring plan (forankringsplan) of a forankring process (seed 004).

The plan answers the guide's question "Hvem skal forankre?": the anchoring models chosen, the
strategy, the activities to anchor with their owner and date, the role shifts with the training
they need, and the local learning programme. Leaders of the process edit it (the policy's
``leads``); every change is a ``ProcessEvent`` and a line in Wagtail's audit log.

A role shift with a person, a competence, a level and a date becomes a goal in that person's
competence plan through the competencies services, with the actor's own rights there: the
competencies policy decides, and its Danish refusal reaches the leader unchanged.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competencies import selectors as competence_selectors
from competencies import services as competence_services
from competencies.models import Competence, PlanGoal
from competencies.models.framework import LEVEL_RANGE_MESSAGE, MAX_LEVEL, MIN_LEVEL
from competencies.models.plans import EDITABLE_STATUSES
from core.formats import long_date
from organisations.models import User
from processes import access
from processes.models import (
    AnchoringActivity,
    AnchoringModel,
    AnchoringPlan,
    LearningItem,
    Process,
    ProcessEvent,
    RoleShift,
)

EDIT_ACTION = "processes.anchoring.edit"
GOAL_ACTION = "processes.anchoring.goal"
# A competence plan made for a role shift runs a year, or to the shift's date if that is later.
NEW_PLAN_DAYS = 365


# --- Shared checks -------------------------------------------------------------------------


def record_event(process: Process, *, actor: User, action: str, comment: str) -> ProcessEvent:
    """One line in the process's history: who, when, what (in Danish)."""
    return ProcessEvent.objects.create(
        process=process, action=action, from_status="", to_status="", actor=actor, comment=comment
    )


def require_lead(actor: User, process: Process, message: str) -> None:
    if not access.leads(actor, process):
        raise ValidationError(message)


def check_not_before_start(process: Process, field: str, day: date | None) -> None:
    """A date of the plan cannot lie before the process started."""
    if day is not None and day < process.starts_on:
        raise ValidationError(
            {
                field: _("Datoen kan ikke ligge før forløbets start (%(start)s).")
                % {"start": long_date(process.starts_on)}
            }
        )


def check_person(process: Process, field: str, person: User | None) -> None:
    """A person named in the plan is one of the organisation's people."""
    if person is not None and not access.is_organisation_person(person, process):
        raise ValidationError(
            {
                field: _("%(person)s er ikke med i %(organisation)s.")
                % {"person": person.name, "organisation": process.organisation.name}
            }
        )


def check_level(level: Any, field: str, *, required: bool = False) -> None:
    """A level is 1–4 (the framework's message); ``required``: it must be there."""
    if level is None:
        if required:
            raise ValidationError({field: LEVEL_RANGE_MESSAGE})
        return
    if isinstance(level, bool) or not isinstance(level, int):
        raise ValidationError({field: LEVEL_RANGE_MESSAGE})
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ValidationError({field: LEVEL_RANGE_MESSAGE})


def check_competence(competence: Competence | None, field: str = "competence") -> None:
    if competence is not None and not competence.is_active:
        raise ValidationError({field: _("Kompetencen er ikke længere i brug.")})


def _plan(process: Process) -> AnchoringPlan:
    """The process's anchoring plan, locked; made the first time a leader writes in it."""
    AnchoringPlan.objects.get_or_create(process=process)
    return AnchoringPlan.objects.select_for_update().get(process=process)


def _start(actor: User, process: Process) -> AnchoringPlan:
    require_lead(actor, process, _("Kun forløbets ledere kan ændre forankringsplanen."))
    return _plan(process)


def _done(process: Process, *, actor: User, action: str, comment: str) -> None:
    record_event(process, actor=actor, action=action, comment=comment)
    log(process, EDIT_ACTION, user=actor)


# --- Models and strategy -------------------------------------------------------------------


@transaction.atomic
def anchoring_plan_update(
    *, actor: User, process: Process, models_chosen: list[str], strategy: str
) -> AnchoringPlan:
    """Choose the anchoring models (several may apply) and write the anchoring strategy."""
    plan = _start(actor, process)
    chosen = list(dict.fromkeys(models_chosen))
    if any(key not in AnchoringModel.values for key in chosen):
        raise ValidationError({"models_chosen": _("Vælg blandt de fire forankringsmodeller.")})
    plan.models_chosen = [key for key in AnchoringModel.values if key in chosen]
    plan.strategy = strategy.strip()
    plan.full_clean()
    plan.save(update_fields=["models_chosen", "strategy", "updated_at"])
    names = ", ".join(str(AnchoringModel(key).label) for key in plan.models_chosen)
    _done(
        process,
        actor=actor,
        action="anchoring.plan",
        comment=_("Forankringsmodeller og strategi gemt (%(models)s).")
        % {"models": names or _("ingen model valgt")},
    )
    return plan


# --- Activities to anchor ------------------------------------------------------------------


@transaction.atomic
def anchoring_activity_save(
    *,
    actor: User,
    process: Process,
    activity: AnchoringActivity | None = None,
    title: str,
    model: str = "",
    owner: User | None = None,
    owner_name: str = "",
    anchored_on: date | None = None,
    note: str = "",
) -> AnchoringActivity:
    """Add (or change) an activity to anchor: who carries it on, under which model, from when."""
    plan = _start(actor, process)
    if not owner and not owner_name.strip():
        raise ValidationError(
            {"owner": _("Vælg en person, eller skriv hvilken part der overtager aktiviteten.")}
        )
    check_person(process, "owner", owner)
    check_not_before_start(process, "anchored_on", anchored_on)
    row = activity or AnchoringActivity(plan=plan)
    row.plan = plan
    row.title, row.model, row.owner, row.owner_name = title.strip(), model, owner, owner_name
    row.anchored_on, row.note = anchored_on, note
    row.full_clean()
    row.save()
    _done(
        process,
        actor=actor,
        action="anchoring.activity",
        comment=(
            _("Aktivitet rettet: %(title)s") if activity else _("Aktivitet tilføjet: %(title)s")
        )
        % {"title": row.title},
    )
    return row


@transaction.atomic
def anchoring_activity_remove(*, actor: User, activity: AnchoringActivity) -> None:
    """Take an activity off the plan."""
    process = activity.plan.process
    _start(actor, process)
    title = activity.title
    activity.delete()
    _done(
        process,
        actor=actor,
        action="anchoring.activity",
        comment=_("Aktivitet fjernet: %(title)s") % {"title": title},
    )


# --- Role shifts ---------------------------------------------------------------------------


@transaction.atomic
def role_shift_save(
    *,
    actor: User,
    process: Process,
    shift: RoleShift | None = None,
    kind: str,
    training_need: str,
    person: User | None = None,
    person_name: str = "",
    competence: Competence | None = None,
    target_level: int | None = None,
    due_on: date | None = None,
) -> RoleShift:
    """Add (or change) a role shift: who moves to which role and what training it needs."""
    plan = _start(actor, process)
    if not person and not person_name.strip():
        raise ValidationError(
            {"person": _("Vælg en person, eller skriv hvem rolleskiftet gælder.")}
        )
    check_person(process, "person", person)
    check_competence(competence)
    check_level(target_level, "target_level")
    check_not_before_start(process, "due_on", due_on)
    if shift is not None and shift.plan_goal_id is not None:
        if (person.pk if person else None) != shift.person_id or (
            competence.pk if competence else None
        ) != shift.competence_id:
            raise ValidationError(
                {
                    "person": _(
                        "Rolleskiftet er allerede et mål i en kompetenceplan. Personen og "
                        "kompetencen kan ikke ændres; ret målet i planen."
                    )
                }
            )
    row = shift or RoleShift(plan=plan)
    row.plan, row.kind, row.training_need = plan, kind, training_need
    row.person, row.person_name = person, person_name
    row.competence, row.target_level, row.due_on = competence, target_level, due_on
    row.full_clean()
    row.save()
    _done(
        process,
        actor=actor,
        action="anchoring.role_shift",
        comment=(_("Rolleskift rettet: %(kind)s") if shift else _("Rolleskift tilføjet: %(kind)s"))
        % {"kind": row.get_kind_display()},
    )
    return row


@transaction.atomic
def role_shift_remove(*, actor: User, shift: RoleShift) -> None:
    """Take a role shift off the plan (a goal it became stays in the person's plan)."""
    process = shift.plan.process
    _start(actor, process)
    kind = shift.get_kind_display()
    shift.delete()
    _done(
        process,
        actor=actor,
        action="anchoring.role_shift",
        comment=_("Rolleskift fjernet: %(kind)s") % {"kind": kind},
    )


def _missing_for_goal(shift: RoleShift) -> dict[str, str]:
    missing: dict[str, str] = {}
    if shift.person_id is None:
        missing["person"] = _("Vælg den person, der skifter rolle.")
    if shift.competence_id is None:
        missing["competence"] = _("Vælg den kompetence, rolleskiftet kræver.")
    if shift.target_level is None:
        missing["target_level"] = _("Vælg målniveauet.")
    if shift.due_on is None:
        missing["due_on"] = _("Skriv, hvornår målet skal være nået.")
    return missing


def _open_plan(actor: User, shift: RoleShift, process: Process, due_on: date) -> Any:
    """The person's editable plan in the organisation whose period holds ``due_on``, as the
    actor may see it (the competencies selector asks the competencies policy), or None."""
    plans = competence_selectors.person_plans(actor, process.organisation, shift.person_id or 0)
    return (
        plans.filter(status__in=EDITABLE_STATUSES, starts_on__lte=due_on, ends_on__gte=due_on)
        .order_by("-starts_on", "-pk")
        .first()
    )


def _new_plan(actor: User, person: User, process: Process, due_on: date) -> Any:
    today = timezone.localdate()
    return competence_services.plan_create(
        actor=actor,
        user=person,
        organisation=process.organisation,
        title=(_("Kompetenceplan – %(process)s") % {"process": process.title})[:200],
        starts_on=min(today, due_on),
        ends_on=max(due_on, today + timedelta(days=NEW_PLAN_DAYS)),
    )


@transaction.atomic
def role_shift_make_goal(*, actor: User, shift: RoleShift) -> PlanGoal:
    """Turn a role shift into a goal in the person's competence plan (once).

    The goal goes into the person's open plan (draft or returned) in the organisation whose
    period holds the date, or into a new draft plan; a plan that already has a goal for the
    competence keeps that goal, and the shift links it. Done again, it changes nothing.
    """
    shift = (
        # Only the shift's row is locked: PostgreSQL cannot lock the nullable side of the
        # outer joins that the person, competence and goal need.
        RoleShift.objects.select_for_update(of=("self",))
        .select_related("plan__process__organisation", "person", "competence", "plan_goal")
        .get(pk=shift.pk)
    )
    process = shift.plan.process
    require_lead(actor, process, _("Kun forløbets ledere kan gøre rolleskift til mål."))
    if shift.plan_goal is not None:
        return shift.plan_goal
    missing = _missing_for_goal(shift)
    if missing:
        raise ValidationError(missing)
    person, competence, due_on = shift.person, shift.competence, shift.due_on
    assert person is not None and competence is not None and due_on is not None
    check_person(process, "person", person)
    plan = _open_plan(actor, shift, process, due_on) or _new_plan(actor, person, process, due_on)
    goal: PlanGoal | None = plan.goals.filter(competence=competence).first()
    if goal is None:
        goal = competence_services.goal_add(
            actor=actor,
            plan=plan,
            competence=competence,
            target_level=shift.target_level,
            due_on=due_on,
            note=(
                _("Rolleskift i forløbet %(process)s: %(kind)s")
                % {"process": process.title, "kind": shift.get_kind_display()}
            )[:300],
        )
    shift.plan_goal = goal
    shift.save(update_fields=["plan_goal"])
    record_event(
        process,
        actor=actor,
        action="anchoring.goal",
        comment=_("Rolleskiftet %(kind)s for %(person)s er et mål i kompetenceplanen %(plan)s.")
        % {"kind": shift.get_kind_display(), "person": person.name, "plan": plan.title},
    )
    log(process, GOAL_ACTION, user=actor)
    return goal


# --- The local learning programme ----------------------------------------------------------


@transaction.atomic
def learning_item_save(
    *,
    actor: User,
    process: Process,
    item: LearningItem | None = None,
    kind: str,
    title: str,
    held_on: date | None = None,
    audience: str = "",
    note: str = "",
) -> LearningItem:
    """Add (or change) a temadag, dialogmøde or kursus of the local learning programme."""
    plan = _start(actor, process)
    check_not_before_start(process, "held_on", held_on)
    row = item or LearningItem(plan=plan)
    row.plan, row.kind, row.title = plan, kind, title.strip()
    row.held_on, row.audience, row.note = held_on, audience, note
    row.full_clean()
    row.save()
    _done(
        process,
        actor=actor,
        action="anchoring.learning",
        comment=(
            _("Læringsprogram rettet: %(title)s")
            if item
            else _("Læringsprogram: %(title)s tilføjet")
        )
        % {"title": row.title},
    )
    return row


@transaction.atomic
def learning_item_remove(*, actor: User, item: LearningItem) -> None:
    """Take a part off the local learning programme."""
    process = item.plan.process
    _start(actor, process)
    title = item.title
    item.delete()
    _done(
        process,
        actor=actor,
        action="anchoring.learning",
        comment=_("Læringsprogram: %(title)s fjernet") % {"title": title},
    )
