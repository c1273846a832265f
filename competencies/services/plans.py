"""Writes of competence plans: the plan, its goals and activities, and its workflow.

Who may do what (the predicates are ``competencies.access``'s):

- the person and whoever looks after them (their manager, HR) draft and edit the plan while it
  is a draft or returned, and submit it;
- HR of the plan's organisation approves a submitted plan or returns it with a comment (also an
  approved one, when it must change); nobody approves or returns their own plan;
- anyone who may see the plan comments on it; the person, manager or HR completes it.

Every step is a ``PlanEvent``; e-mails go out once the transaction has committed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competencies import access
from competencies.models import (
    MAX_LEVEL,
    MIN_LEVEL,
    ActivityKind,
    CompetencePlan,
    PlanActivity,
    PlanEvent,
    PlanGoal,
    PlanStatus,
)
from competencies.models.framework import LEVEL_RANGE_MESSAGE
from core.formats import long_date
from organisations.models import Organisation, User

S = PlanStatus
PLAN_FIELDS = ("title", "starts_on", "ends_on", "summary")
GOAL_FIELDS = ("competence", "target_level", "due_on", "note")
ACTIVITY_FIELDS = (
    "kind",
    "title",
    "guide",
    "course",
    "session_ref",
    "planned_on",
    "hours",
    "cost",
    "done",
)


def _lock(plan: CompetencePlan) -> CompetencePlan:
    return CompetencePlan.objects.select_for_update().get(pk=plan.pk)


def _event(plan: CompetencePlan, to_status: str, *, actor: User, comment: str = "") -> PlanEvent:
    event = PlanEvent.record(
        plan, from_status=plan.status, to_status=to_status, actor=actor, comment=comment
    )
    from competencies.tasks import notify
    from core.tasks import enqueue_on_commit

    enqueue_on_commit(notify, "plan_event", event.pk)
    return event


def _require_editable(actor: User, plan: CompetencePlan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            _("Planen kan ikke ændres, når den er %(status)s.")
            % {"status": plan.get_status_display().lower()}
        )
    if not access.cares_for_plan(actor, plan):
        raise ValidationError(_("Du kan ikke ændre denne plan."))


def _set_fields(instance: Any, fields: tuple[str, ...], values: dict[str, Any]) -> list[str]:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(instance, name, value)
    return list(values)


# --- The plan ------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor: User,
    user: User,
    organisation: Organisation,
    title: str,
    starts_on: date,
    ends_on: date,
    summary: str = "",
) -> CompetencePlan:
    """A new draft plan for ``user`` in ``organisation``, by them or by whoever looks after them."""
    if not access.is_member(user, organisation):
        raise ValidationError(_("Personen er ikke medlem af organisationen."))
    if not access.can_plan_for(actor, user, organisation):
        raise ValidationError(_("Du kan kun oprette planer for dig selv og dine medarbejdere."))
    plan = CompetencePlan(
        user=user,
        organisation=organisation,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        summary=summary,
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    PlanEvent.record(plan, from_status="", to_status=S.DRAFT, actor=actor)
    log(plan, "wagtail.create", user=actor)
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan: CompetencePlan, **values: Any) -> CompetencePlan:
    """Change title, period or the notes from the development talk of an editable plan."""
    plan = _lock(plan)
    _require_editable(actor, plan)
    fields = _set_fields(plan, PLAN_FIELDS, values)
    plan.full_clean()
    goals_outside = plan.goals.exclude(due_on__range=(plan.starts_on, plan.ends_on))
    if goals_outside.exists():
        raise ValidationError(
            {"ends_on": _("Der er mål med en dato uden for perioden. Ret dem først.")}
        )
    plan.save(update_fields=[*fields, "updated_at"])
    log(plan, "wagtail.edit", user=actor)
    return plan


# --- Goals and activities ------------------------------------------------------------------


def check_level(level: Any, field: str) -> None:
    """Refuse a level outside 1–4 with the framework's message, beside ``field``."""
    if level is None or isinstance(level, bool) or not isinstance(level, int):
        raise ValidationError({field: LEVEL_RANGE_MESSAGE})
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ValidationError({field: LEVEL_RANGE_MESSAGE})


def _check_goal(goal: PlanGoal) -> None:
    plan = goal.plan
    check_level(goal.target_level, "target_level")
    if goal.due_on and not plan.starts_on <= goal.due_on <= plan.ends_on:
        raise ValidationError(
            {
                "due_on": _("Datoen skal ligge i planens periode (%(start)s–%(end)s).")
                % {
                    "start": long_date(plan.starts_on),
                    "end": long_date(plan.ends_on),
                }
            }
        )
    if goal.competence_id and not goal.competence.is_active:
        raise ValidationError({"competence": _("Kompetencen er ikke længere i brug.")})
    goal.full_clean()


def _save_unique(instance: PlanGoal) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:  # two tabs adding the same competence at once
        raise ValidationError(
            {"competence": _("Planen har allerede et mål for denne kompetence.")}
        ) from exc


@transaction.atomic
def goal_add(*, actor: User, plan: CompetencePlan, **values: Any) -> PlanGoal:
    """Add a goal: a competence, a target level 1–4 and a date within the period."""
    plan = _lock(plan)
    _require_editable(actor, plan)
    goal = PlanGoal(plan=plan)
    _set_fields(goal, GOAL_FIELDS, values)
    _check_goal(goal)
    _save_unique(goal)
    log(plan, "wagtail.edit", user=actor)
    return goal


@transaction.atomic
def goal_update(*, actor: User, goal: PlanGoal, **values: Any) -> PlanGoal:
    """Change a goal of an editable plan (same checks as ``goal_add``)."""
    plan = _lock(goal.plan)
    _require_editable(actor, plan)
    goal.plan = plan
    _set_fields(goal, GOAL_FIELDS, values)
    _check_goal(goal)
    _save_unique(goal)
    log(plan, "wagtail.edit", user=actor)
    return goal


@transaction.atomic
def goal_remove(*, actor: User, goal: PlanGoal) -> None:
    """Remove a goal from an editable plan."""
    plan = _lock(goal.plan)
    _require_editable(actor, plan)
    goal.delete()
    log(plan, "wagtail.edit", user=actor)


def _check_activity(activity: PlanActivity) -> None:
    """What each kind of activity needs besides a title: a guide, a course, a session."""
    if activity.kind == ActivityKind.GUIDE and not activity.guide_id:
        raise ValidationError({"guide": _("Vælg den AlmenVejledning, der skal læses.")})
    if activity.kind in (ActivityKind.COURSE, ActivityKind.SESSION) and not activity.course_id:
        raise ValidationError({"course": _("Vælg et kursus.")})
    if activity.kind == ActivityKind.SESSION and not activity.session_ref:
        raise ValidationError({"session_ref": _("Vælg et hold på kurset.")})
    # What does not belong to the kind is dropped, so a changed kind leaves no stale link.
    if activity.kind not in (ActivityKind.COURSE, ActivityKind.SESSION):
        activity.course = None
    if activity.kind != ActivityKind.SESSION:
        activity.session_ref = None
    if not (activity.title or "").strip():
        activity.title = _default_title(activity)
    activity.full_clean()


def _default_title(activity: PlanActivity) -> str:
    """An activity without a title is named after its course or guide."""
    if activity.course is not None:
        return str(activity.course.title)[:200]
    guide = activity.guide
    if guide is not None:
        return (_("Selvstudium i %(code)s %(title)s") % {"code": guide.code, "title": guide.title})[
            :200
        ]
    raise ValidationError({"title": _("Skriv, hvad aktiviteten går ud på.")})


@transaction.atomic
def activity_add(*, actor: User, plan: CompetencePlan, **values: Any) -> PlanActivity:
    """Add a planned activity (a guide, a course or session, learning on site, a network)."""
    plan = _lock(plan)
    _require_editable(actor, plan)
    activity = PlanActivity(plan=plan)
    _set_fields(activity, ACTIVITY_FIELDS, values)
    _check_activity(activity)
    activity.save()
    log(plan, "wagtail.edit", user=actor)
    return activity


@transaction.atomic
def activity_update(*, actor: User, activity: PlanActivity, **values: Any) -> PlanActivity:
    """Change an activity of an editable plan, or tick it off while the approved plan runs."""
    plan = _lock(activity.plan)
    if "done" in values and set(values) == {"done"} and plan.status == S.APPROVED:
        # Ticking an activity off is allowed while the approved plan runs.
        if not access.cares_for_plan(actor, plan):
            raise ValidationError(_("Du kan ikke ændre denne plan."))
    else:
        _require_editable(actor, plan)
    activity.plan = plan
    _set_fields(activity, ACTIVITY_FIELDS, values)
    _check_activity(activity)
    activity.save()
    log(plan, "wagtail.edit", user=actor)
    return activity


@transaction.atomic
def activity_remove(*, actor: User, activity: PlanActivity) -> None:
    """Remove an activity from an editable plan."""
    plan = _lock(activity.plan)
    _require_editable(actor, plan)
    activity.delete()
    log(plan, "wagtail.edit", user=actor)


# --- Workflow ------------------------------------------------------------------------------


def _move(
    plan: CompetencePlan, to_status: str, *, actor: User, comment: str, fields: dict[str, Any]
) -> CompetencePlan:
    _event(plan, to_status, actor=actor, comment=comment)
    plan.status = to_status
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save(update_fields=["status", *fields, "updated_at"])
    log(plan, f"lms.plan.{to_status}", user=actor)
    return plan


@transaction.atomic
def plan_submit(*, actor: User, plan: CompetencePlan, comment: str = "") -> CompetencePlan:
    """The person or their manager sends the plan to HR; it needs at least one goal."""
    plan = _lock(plan)
    _require_editable(actor, plan)
    if not plan.goals.exists():
        raise ValidationError(_("Planen skal have mindst ét mål, før den kan indsendes."))
    return _move(
        plan, S.SUBMITTED, actor=actor, comment=comment, fields={"submitted_at": timezone.now()}
    )


def _require_reviewer(actor: User, plan: CompetencePlan) -> None:
    if access.is_own(actor, plan):
        raise ValidationError(_("Du kan ikke godkende din egen kompetenceplan."))
    if not access.can_review_plan(actor, plan):
        raise ValidationError(_("Kun HR i organisationen kan godkende kompetenceplaner."))


@transaction.atomic
def plan_approve(*, actor: User, plan: CompetencePlan, comment: str = "") -> CompetencePlan:
    """HR approves a submitted plan (never their own)."""
    plan = _lock(plan)
    _require_reviewer(actor, plan)
    if plan.status != S.SUBMITTED:
        raise ValidationError(_("Kun en indsendt plan kan godkendes."))
    return _move(
        plan,
        S.APPROVED,
        actor=actor,
        comment=comment,
        fields={"approved_by": actor, "approved_at": timezone.now()},
    )


@transaction.atomic
def plan_return(*, actor: User, plan: CompetencePlan, comment: str) -> CompetencePlan:
    """HR sends a submitted (or approved) plan back with a comment; the person edits it."""
    plan = _lock(plan)
    _require_reviewer(actor, plan)
    if plan.status not in (S.SUBMITTED, S.APPROVED):
        raise ValidationError(_("Kun en indsendt eller godkendt plan kan sendes retur."))
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Skriv en kommentar, så personen ved, hvad der skal rettes.")}
        )
    return _move(
        plan,
        S.RETURNED,
        actor=actor,
        comment=comment,
        fields={"approved_by": None, "approved_at": None},
    )


@transaction.atomic
def plan_comment(*, actor: User, plan: CompetencePlan, comment: str) -> PlanEvent:
    """A comment in the plan's history, without changing its status."""
    plan = _lock(plan)
    if not (access.cares_for_plan(actor, plan) or access.can_review_plan(actor, plan)):
        raise ValidationError(_("Du kan ikke kommentere denne plan."))
    if not comment.strip():
        raise ValidationError({"comment": _("Skriv en kommentar.")})
    return _event(plan, plan.status, actor=actor, comment=comment)


@transaction.atomic
def plan_complete(*, actor: User, plan: CompetencePlan, comment: str = "") -> CompetencePlan:
    """An approved plan is closed at the end of its period (or when its goals are reached)."""
    plan = _lock(plan)
    if plan.status != S.APPROVED:
        raise ValidationError(_("Kun en godkendt plan kan afsluttes."))
    if not access.cares_for_plan(actor, plan):
        raise ValidationError(_("Du kan ikke afslutte denne plan."))
    return _move(
        plan, S.COMPLETED, actor=actor, comment=comment, fields={"completed_at": timezone.now()}
    )
