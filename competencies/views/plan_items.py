"""A competence plan's goals and activities: add, edit, remove, and tick an activity off.

Activities of kind course or session choose from the live catalogue and a course's upcoming
sessions in two steps (no JavaScript), through the catalogue port (``competencies.offers``,
read by ``competencies.selectors``): competencies never imports the courses app.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competencies import access, selectors, services
from competencies.forms.plans import ActivityForm, GoalForm
from competencies.models import ActivityKind, CompetencePlan, PlanActivity
from competencies.views.plans import detail_redirect
from core.formats import long_date
from core.submissions import once_per_submission
from core.views import service_refusal
from organisations.access import me

# --- Goals ---------------------------------------------------------------------------------


def _editable_plan(request: HttpRequest, pk: int) -> CompetencePlan | HttpResponse:
    plan = access.get_plan_for(request.user, pk)
    if not access.can_edit_plan(request.user, plan):
        messages.error(request, _("Planen kan ikke ændres nu."))
        return detail_redirect(plan)
    return plan


@login_required
@once_per_submission
def goal_form(request: HttpRequest, pk: int, goal_pk: int | None = None) -> HttpResponse:
    """Add a goal, or change one (with ``goal_pk``)."""
    plan = _editable_plan(request, pk)
    if isinstance(plan, HttpResponse):
        return plan
    goal = access.get_goal_for(request.user, plan, goal_pk) if goal_pk else None
    initial = {}
    if goal is not None:
        initial = {f: getattr(goal, f) for f in ("competence", "target_level", "due_on", "note")}
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            if goal is None:
                services.goal_add(actor=me(request), plan=plan, **form.cleaned_data)
            else:
                services.goal_update(actor=me(request), goal=goal, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Målet er gemt."))
            return detail_redirect(plan)
    context = {"plan": plan, "form": form, "goal": goal}
    return render(request, "competencies/plans/goal_form.html", context)


@login_required
@require_POST
def goal_remove(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    plan = access.get_plan_for(request.user, pk)
    goal = access.get_goal_for(request.user, plan, goal_pk)
    with service_refusal(request) as refused:
        services.goal_remove(actor=me(request), goal=goal)
    if not refused:
        messages.success(request, _("Målet er fjernet."))
    return detail_redirect(plan)


# --- Activities ----------------------------------------------------------------------------


def _session_label(session: Any) -> str:
    when = long_date(session.starts_at)
    seats = getattr(session, "seats_left", None)
    label = f"{when} – {session.place}"
    if seats is not None:
        label += " – " + _("%(seats)s ledige pladser") % {"seats": max(seats, 0)}
    return label


def _activity_initial(activity: PlanActivity | None) -> dict[str, Any]:
    if activity is None:
        return {"kind": ActivityKind.COURSE}
    return {
        "kind": activity.kind,
        "title": activity.title,
        "guide": activity.guide_id,
        "course": activity.course_id,
        "session": activity.session_ref,
        "planned_on": activity.planned_on,
        "hours": activity.hours,
        "cost": activity.cost,
    }


def _activity_values(data: dict[str, Any]) -> dict[str, Any]:
    """The service's values, with what the catalogue knows filled in where left empty."""
    course, session = data["course"], data["session"]
    if data["kind"] not in (ActivityKind.COURSE, ActivityKind.SESSION):
        course = session = None
    if data["kind"] != ActivityKind.SESSION:
        session = None
    values = {
        "kind": data["kind"],
        "title": data["title"],
        "guide": data["guide"] or (course.guide if course is not None else None),
        "course": course,
        "session_ref": session.pk if session is not None else None,
        "planned_on": data["planned_on"],
        "hours": data["hours"],
        "cost": data["cost"],
    }
    if session is not None and values["planned_on"] is None:
        values["planned_on"] = timezone.localtime(session.starts_at).date()
    if values["hours"] is None:
        values["hours"] = course.duration_hours if course is not None else 0
    if values["cost"] is None:
        price = session.price if session is not None else getattr(course, "price", None)
        values["cost"] = price or 0
    return values


@login_required
@once_per_submission
def activity_form(request: HttpRequest, pk: int, activity_pk: int | None = None) -> HttpResponse:
    """Add or change an activity. Without JavaScript in two steps: the course, then its hold."""
    plan = _editable_plan(request, pk)
    if isinstance(plan, HttpResponse):
        return plan
    activity = None
    if activity_pk:
        activity = access.get_activity_for(request.user, plan, activity_pk)
    courses = selectors.plannable_courses()
    posted = request.POST if request.method == "POST" else None
    initial = _activity_initial(activity)
    course = selectors.chosen_course(courses, (posted or initial).get("course"))
    keep = activity.session_ref if activity and course and activity.course_id == course.pk else None
    sessions = selectors.session_choices(course, keep)
    if posted is not None and posted.get("_step") == "sessions":
        # Step one: show the chosen course's sessions, keep what was typed, judge nothing yet.
        form = ActivityForm(
            initial={**posted.dict(), "kind": ActivityKind.SESSION},
            courses=courses,
            sessions=sessions,
            session_label=_session_label,
        )
        return _render_activity(request, plan, form, activity, course)
    form = ActivityForm(
        posted, initial=initial, courses=courses, sessions=sessions, session_label=_session_label
    )
    if posted is not None and form.is_valid():
        values = _activity_values(form.cleaned_data)
        with service_refusal(form, {"session_ref": "session"}) as refused:
            if activity is None:
                services.activity_add(actor=me(request), plan=plan, **values)
            else:
                services.activity_update(actor=me(request), activity=activity, **values)
        if not refused:
            messages.success(request, _("Aktiviteten er gemt."))
            return detail_redirect(plan)
    return _render_activity(request, plan, form, activity, course)


def _render_activity(
    request: HttpRequest,
    plan: CompetencePlan,
    form: ActivityForm,
    activity: PlanActivity | None,
    course: Any,
) -> HttpResponse:
    context = {"plan": plan, "form": form, "activity": activity, "course": course}
    return render(request, "competencies/plans/activity_form.html", context)


@login_required
@require_POST
def activity_remove(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    plan = access.get_plan_for(request.user, pk)
    activity = access.get_activity_for(request.user, plan, activity_pk)
    with service_refusal(request) as refused:
        services.activity_remove(actor=me(request), activity=activity)
    if not refused:
        messages.success(request, _("Aktiviteten er fjernet."))
    return detail_redirect(plan)


@login_required
@require_POST
def activity_done(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    """Tick an activity off (or undo it) — also while the approved plan runs."""
    plan = access.get_plan_for(request.user, pk)
    activity = access.get_activity_for(request.user, plan, activity_pk)
    done = request.POST.get("done") == "1"
    with service_refusal(request) as refused:
        services.activity_update(actor=me(request), activity=activity, done=done)
    if not refused:
        text = (
            _("»%(title)s« er markeret som gennemført.")
            if done
            else _("»%(title)s« er markeret som ikke gennemført.")
        )
        messages.success(request, text % {"title": activity.title})
    return detail_redirect(plan)


urlpatterns = [
    path("kompetencer/planer/<int:pk>/maal/ny/", goal_form, name="goal_add"),
    path("kompetencer/planer/<int:pk>/maal/<int:goal_pk>/", goal_form, name="goal_edit"),
    path("kompetencer/planer/<int:pk>/maal/<int:goal_pk>/slet/", goal_remove, name="goal_remove"),
    path("kompetencer/planer/<int:pk>/aktiviteter/ny/", activity_form, name="activity_add"),
    path(
        "kompetencer/planer/<int:pk>/aktiviteter/<int:activity_pk>/",
        activity_form,
        name="activity_edit",
    ),
    path(
        "kompetencer/planer/<int:pk>/aktiviteter/<int:activity_pk>/slet/",
        activity_remove,
        name="activity_remove",
    ),
    path(
        "kompetencer/planer/<int:pk>/aktiviteter/<int:activity_pk>/udfoert/",
        activity_done,
        name="activity_done",
    ),
]
