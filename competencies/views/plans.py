"""Competence plans for the person, their manager and HR: list, create, detail, workflow, PDF.

Thin views: every plan comes through ``competencies.access.get_plan_for`` (404 for everyone
else) and what the viewer may do through ``actions_for``; reads are ``competencies.selectors``
(courses and sessions of activities come through the catalogue port, ``competencies.offers``),
every change is one call to ``competencies.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from competencies import access, plan_pdf, selectors, services
from competencies.forms.plans import (
    PlanActionForm,
    PlanCreateForm,
    PlanForm,
)
from competencies.models import CompetencePlan, PlanStatus
from core.audit import AccessAction, audit_access
from core.safety import int_or_none
from core.submissions import once_per_submission
from core.views import service_refusal
from organisations.access import me

PAGE_SIZE = 25
S = PlanStatus


def detail_redirect(plan: CompetencePlan) -> HttpResponse:
    """Back to the plan's page after a change."""
    return redirect("competencies:plan_detail", pk=plan.pk)


# --- List and create -----------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Own plans and those of the people one looks after; HR sees what awaits review first."""
    user = me(request)
    status = request.GET.get("status", "")
    whose = request.GET.get("hvem", "")
    plans = selectors.plan_list(user, status=status, whose=whose)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "statuses": S.choices,
        "status": status,
        "whose": whose,
        "awaiting_ids": {plan.pk for plan in page if access.awaits_review_by(user, plan)},
        "hr_organisations": access.hr_organisations_for(user),
        "looks_after_anyone": access.looks_after_anyone(user),
    }
    return render(request, "competencies/plans/list.html", context)


@login_required
@once_per_submission
def plan_create(request: HttpRequest) -> HttpResponse:
    memberships = access.plannable_memberships_for(request.user)
    initial: dict[str, Any] = {}
    if membership_pk := int_or_none(request.GET.get("medlem")):
        initial["membership"] = membership_pk
    form = PlanCreateForm(
        request.POST or None, memberships=memberships, me=request.user, initial=initial
    )
    if not access.can_make_plans(request.user):
        return render(request, "competencies/plans/create.html", {"no_membership": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        membership = data.pop("membership")
        with service_refusal(form, {"user": "membership", "organisation": "membership"}) as refused:
            plan = services.plan_create(
                actor=me(request),
                user=membership.user,
                organisation=membership.organisation,
                **data,
            )
        if not refused:
            messages.success(request, _("Planen er oprettet. Tilføj nu mål og aktiviteter."))
            return detail_redirect(plan)
    return render(request, "competencies/plans/create.html", {"form": form})


# --- Detail and workflow -------------------------------------------------------------------


def _render_detail(
    request: HttpRequest, plan: CompetencePlan, action_form: PlanActionForm | None = None
) -> HttpResponse:
    context = selectors.plan_context(plan)
    context["actions"] = access.actions_for(request.user, plan)
    context["action_form"] = action_form or PlanActionForm()
    return render(request, "competencies/plans/detail.html", context)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for(request.user, pk)
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
    plan = access.get_plan_for(request.user, pk)
    form = PlanActionForm(request.POST)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        form.add_error(None, _("Vælg en handling."))
        return _render_detail(request, plan, form)
    if not form.is_valid():
        return _render_detail(request, plan, form)
    service, done_message = action
    with service_refusal(form) as refused:
        service(actor=me(request), plan=plan, comment=form.cleaned_data["comment"])
    if refused:
        return _render_detail(request, plan, form)
    messages.success(request, str(done_message))
    return detail_redirect(plan)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for(request.user, pk)
    if not access.can_edit_plan(request.user, plan):
        messages.error(request, _("Planen kan ikke ændres nu."))
        return detail_redirect(plan)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.plan_update(actor=me(request), plan=plan, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Planen er gemt."))
            return detail_redirect(plan)
    return render(request, "competencies/plans/edit.html", {"plan": plan, "form": form})


@login_required
def plan_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as a Danish PDF for the annual development talk (MUS)."""
    plan = access.get_plan_for(request.user, pk)
    audit_access(
        request,
        action=AccessAction.PLAN_VIEWED,
        subject=plan.user_id,
        obj=plan,
        organisation=plan.organisation_id,
        detail={"format": "pdf"},
    )
    response = HttpResponse(plan_pdf.plan_pdf(selectors.plan_context(plan)), "application/pdf")
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
