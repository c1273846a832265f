"""Competence plans for the person, their manager and HR: list, create, detail, workflow, PDF.

Thin views: every plan comes through ``organisations.access.own_or_looked_after`` (404 for
everyone else), every change is one call to ``competencies.services``. Courses and sessions of
activities are resolved for display through the courses app's selectors (a view may compose
other apps' reads; the competence models never import the courses app).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from competencies import plan_pdf, services
from competencies.forms.plans import (
    PlanActionForm,
    PlanCreateForm,
    PlanForm,
)
from competencies.levels import levels_of
from competencies.models import (
    CompetencePlan,
    PlanActivity,
    PlanStatus,
)
from core.audit import AccessAction, audit_access
from core.safety import int_or_none
from core.submissions import once_per_submission
from core.views import apply_errors
from courses import selectors as course_selectors
from courses.models import CourseSession
from organisations import access
from organisations.access import me
from organisations.models import Membership, Organisation

PAGE_SIZE = 25
S = PlanStatus


def plan_for(user: Any, pk: int) -> CompetencePlan:
    """A plan of the person, or of someone they look after; 404 for every other."""
    plans = CompetencePlan.objects.select_related("user", "organisation", "approved_by")
    return get_object_or_404(access.own_or_looked_after(user, plans), pk=pk)


def detail_redirect(plan: CompetencePlan) -> HttpResponse:
    """Back to the plan's page after a change."""
    return redirect("competencies:plan_detail", pk=plan.pk)


# --- List and create -----------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Own plans and those of the people one looks after; HR sees what awaits review first."""
    plans = access.own_or_looked_after(request.user, CompetencePlan.objects.for_listing())
    status = request.GET.get("status", "")
    if status in S.values:
        plans = plans.filter(status=status)
    whose = request.GET.get("hvem", "")
    if whose == "mine":
        plans = plans.filter(user=me(request))
    elif whose == "andre":
        plans = plans.exclude(user=me(request))
    hr_ids = access.hr_organisation_ids(request.user)
    if hr_ids:
        waiting_first = Case(
            When(status=S.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        plans = plans.order_by(waiting_first, "-starts_on", "-pk")
    else:
        # for_listing() groups by plan, and grouped queries leave Meta.ordering out.
        plans = plans.order_by("-starts_on", "-pk")
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "statuses": S.choices,
        "status": status,
        "whose": whose,
        "hr_ids": hr_ids,
        "hr_organisations": Organisation.objects.filter(pk__in=hr_ids).order_by("name"),
        "looks_after_anyone": bool(hr_ids or access.approver_organisation_ids(request.user)),
    }
    return render(request, "competencies/plans/list.html", context)


def _plannable_memberships(user: Any) -> QuerySet[Membership]:
    """The person's own memberships, then those of the people they look after."""
    own = Membership.objects.active().filter(user=user)
    mine_first = Case(When(user=user, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        (own | access.looked_after_memberships(user))
        .select_related("user", "organisation", "department")
        .order_by(mine_first, "organisation__name", "user__first_name", "user__last_name")
    )


@login_required
@once_per_submission
def plan_create(request: HttpRequest) -> HttpResponse:
    memberships = _plannable_memberships(request.user)
    initial: dict[str, Any] = {}
    if membership_pk := int_or_none(request.GET.get("medlem")):
        initial["membership"] = membership_pk
    form = PlanCreateForm(
        request.POST or None, memberships=memberships, me=request.user, initial=initial
    )
    if not memberships.exists():
        return render(request, "competencies/plans/create.html", {"no_membership": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        membership = data.pop("membership")
        try:
            plan = services.plan_create(
                actor=me(request),
                user=membership.user,
                organisation=membership.organisation,
                **data,
            )
        except ValidationError as error:
            apply_errors(form, error, {"user": "membership", "organisation": "membership"})
        else:
            messages.success(request, _("Planen er oprettet. Tilføj nu mål og aktiviteter."))
            return detail_redirect(plan)
    return render(request, "competencies/plans/create.html", {"form": form})


# --- Detail and workflow -------------------------------------------------------------------


def _resolve_catalogue(activities: list[PlanActivity]) -> None:
    """Give each activity its live course and its session, in at most two queries."""
    course_ids = {a.course_id for a in activities if a.course_id}
    session_ids = {a.session_ref for a in activities if a.session_ref}
    courses = {}
    if course_ids:
        courses = {c.pk: c for c in course_selectors.course_cards().filter(pk__in=course_ids)}
    sessions = {}
    if session_ids:
        sessions = {s.pk: s for s in CourseSession.objects.filter(pk__in=session_ids)}
    for activity in activities:
        activity.catalogue_course = courses.get(activity.course_id)  # type: ignore[attr-defined]
        session = sessions.get(activity.session_ref or 0)
        # A session of another course (edited since) is not shown as this activity's.
        if session is not None and session.course_id != activity.course_id:
            session = None
        activity.catalogue_session = session  # type: ignore[attr-defined]


def plan_context(plan: CompetencePlan) -> dict[str, Any]:
    """What the detail page and the PDF show: goals with levels, activities, totals, history."""
    goals = list(plan.goals.select_related("competence__area"))
    levels = levels_of(plan.user_id, [goal.competence_id for goal in goals])
    for goal in goals:
        goal.current_level = levels[goal.competence_id]  # type: ignore[attr-defined]
        goal.reached = goal.current_level >= goal.target_level  # type: ignore[attr-defined]
        goal.target_descriptor = goal.competence.descriptor(goal.target_level)  # type: ignore[attr-defined]
        goal.current_descriptor = goal.competence.descriptor(goal.current_level)  # type: ignore[attr-defined]
    activities = list(plan.activities.select_related("guide", "course"))
    _resolve_catalogue(activities)
    membership = (
        Membership.objects.filter(user_id=plan.user_id, organisation_id=plan.organisation_id)
        .select_related("department", "job_function")
        .first()
    )
    events = list(plan.events.select_related("actor"))
    returned = [e for e in events if e.to_status == S.RETURNED and not e.is_comment]
    return {
        "plan": plan,
        "membership": membership,
        "goals": goals,
        "activities": activities,
        "done_count": sum(1 for a in activities if a.done),
        "totals": plan.totals(),
        "events": events,
        "last_return": returned[-1] if plan.status == S.RETURNED and returned else None,
        "today": timezone.localdate(),
    }


def _actions(user: Any, plan: CompetencePlan) -> dict[str, bool]:
    """What the viewer may do. Whoever sees a plan is its person or looks after them."""
    can_edit = services.can_edit(user, plan)
    can_review = services.can_review(user, plan)
    return {
        "edit": can_edit,
        "submit": can_edit,
        "approve": can_review and plan.status == S.SUBMITTED,
        "return": can_review and plan.status in (S.SUBMITTED, S.APPROVED),
        "complete": plan.status == S.APPROVED,
        "tick": can_edit or plan.status == S.APPROVED,
        "assess": plan.user_id != user.pk
        and access.looks_after(user, plan.user_id, plan.organisation_id),
    }


def _render_detail(
    request: HttpRequest, plan: CompetencePlan, action_form: PlanActionForm | None = None
) -> HttpResponse:
    context = plan_context(plan)
    context["actions"] = _actions(request.user, plan)
    context["action_form"] = action_form or PlanActionForm()
    return render(request, "competencies/plans/detail.html", context)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    audit_access(
        request,
        action=AccessAction.PLAN_VIEWED,
        subject=plan.user_id,
        obj=plan,
        organisation=plan.organisation_id,
    )
    return _render_detail(request, plan)


ACTIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "submit": (services.plan_submit, gettext_lazy("Planen er indsendt til HR.")),
    "approve": (services.plan_approve, gettext_lazy("Planen er godkendt.")),
    "return": (services.plan_return, gettext_lazy("Planen er sendt retur med din kommentar.")),
    "comment": (services.plan_comment, gettext_lazy("Din kommentar er gemt.")),
    "complete": (services.plan_complete, gettext_lazy("Planen er afsluttet.")),
}


@login_required
@require_POST
def plan_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Indsend, Godkend, Send retur, Kommentér, Afslut: one form, one comment field."""
    plan = plan_for(request.user, pk)
    form = PlanActionForm(request.POST)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        form.add_error(None, _("Vælg en handling."))
        return _render_detail(request, plan, form)
    if not form.is_valid():
        return _render_detail(request, plan, form)
    service, done_message = action
    try:
        service(actor=me(request), plan=plan, comment=form.cleaned_data["comment"])
    except ValidationError as error:
        apply_errors(form, error)
        return _render_detail(request, plan, form)
    messages.success(request, str(done_message))
    return detail_redirect(plan)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    if not services.can_edit(me(request), plan):
        messages.error(request, _("Planen kan ikke ændres nu."))
        return detail_redirect(plan)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=me(request), plan=plan, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Planen er gemt."))
            return detail_redirect(plan)
    return render(request, "competencies/plans/edit.html", {"plan": plan, "form": form})


@login_required
def plan_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as a Danish PDF for the annual development talk (MUS)."""
    plan = plan_for(request.user, pk)
    audit_access(
        request,
        action=AccessAction.PLAN_VIEWED,
        subject=plan.user_id,
        obj=plan,
        organisation=plan.organisation_id,
        detail={"format": "pdf"},
    )
    response = HttpResponse(plan_pdf.plan_pdf(plan_context(plan)), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{plan_pdf.plan_filename(plan)}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("kompetencer/planer/", plan_list, name="plan_list"),
    path("kompetencer/planer/ny/", plan_create, name="plan_create"),
    path("kompetencer/planer/<int:pk>/", plan_detail, name="plan_detail"),
    path("kompetencer/planer/<int:pk>/rediger/", plan_edit, name="plan_edit"),
    path("kompetencer/planer/<int:pk>/handling/", plan_action, name="plan_action"),
    path("kompetencer/planer/<int:pk>/pdf/", plan_pdf_view, name="plan_pdf"),
]
