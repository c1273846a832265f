"""A milestone of a process (purpose, who does what, advice, guides, competences, tools, status,
plan, notes) and "Venter på mig": the open milestones that wait on the person.

The milestone page's three forms post to their own URLs, each calling one service; a refused
form is shown again on the page with the input kept and the message beside its field.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import require
from core.views import service_refusal
from organisations.access import me
from processes import access, selectors
from processes.forms import MilestoneNotesForm, MilestonePlanForm, MilestoneStatusForm
from processes.models import Milestone, Process
from processes.services import milestones as services

PAGE_SIZE = 30


def _load(request: HttpRequest, pk: int, mpk: int) -> tuple[Process, Milestone]:
    process = access.get_process_for(request.user, pk)
    return process, access.get_milestone_for(request.user, process, mpk)


def _page(
    request: HttpRequest,
    process: Process,
    milestone: Milestone,
    *,
    status_form: MilestoneStatusForm | None = None,
    plan_form: MilestonePlanForm | None = None,
    notes_form: MilestoneNotesForm | None = None,
) -> HttpResponse:
    process_actions = access.actions_for(request.user, process)
    actions = access.milestone_actions(request.user, milestone, process_actions=process_actions)
    failed = any(f is not None for f in (status_form, plan_form, notes_form))
    context = {
        "process": process,
        "milestone": milestone,
        "process_actions": process_actions,
        "actions": actions,
        "page": selectors.milestone_page(milestone),
        "status_form": status_form
        or MilestoneStatusForm(
            initial={"status": milestone.status, "skip_reason": milestone.skip_reason}
        ),
        "plan_form": plan_form
        or MilestonePlanForm(
            milestone=milestone,
            initial={"responsible": milestone.responsible_id, "due_on": milestone.due_on},
        ),
        "notes_form": notes_form or MilestoneNotesForm(initial={"notes": milestone.notes}),
    }
    return render(
        request, "processes/milestone_detail.html", context, status=400 if failed else 200
    )


@login_required
def milestone_detail(request: HttpRequest, pk: int, mpk: int) -> HttpResponse:
    process, milestone = _load(request, pk, mpk)
    return _page(request, process, milestone)


def _actions(
    request: HttpRequest, process: Process, milestone: Milestone
) -> access.MilestoneActions:
    process_actions = access.actions_for(request.user, process)
    return access.milestone_actions(request.user, milestone, process_actions=process_actions)


@login_required
@require_POST
def milestone_status(request: HttpRequest, pk: int, mpk: int) -> HttpResponse:
    process, milestone = _load(request, pk, mpk)
    require(_actions(request, process, milestone).can_change_status)
    form = MilestoneStatusForm(request.POST)
    if form.is_valid():
        with service_refusal(form) as refused:
            services.milestone_set_status(
                actor=me(request), milestone=milestone, **form.cleaned_data
            )
        if not refused:
            messages.success(request, _("Milepælens status er gemt."))
            return redirect("processes:milestone", pk=process.pk, mpk=milestone.pk)
    return _page(request, process, milestone, status_form=form)


@login_required
@require_POST
def milestone_plan(request: HttpRequest, pk: int, mpk: int) -> HttpResponse:
    process, milestone = _load(request, pk, mpk)
    require(_actions(request, process, milestone).can_plan)
    form = MilestonePlanForm(request.POST, milestone=milestone)
    if form.is_valid():
        with service_refusal(form) as refused:
            services.milestone_plan(actor=me(request), milestone=milestone, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Ansvarlig og frist er gemt."))
            return redirect("processes:milestone", pk=process.pk, mpk=milestone.pk)
    return _page(request, process, milestone, plan_form=form)


@login_required
@require_POST
def milestone_notes(request: HttpRequest, pk: int, mpk: int) -> HttpResponse:
    process, milestone = _load(request, pk, mpk)
    require(_actions(request, process, milestone).can_contribute)
    form = MilestoneNotesForm(request.POST)
    if form.is_valid():
        with service_refusal(form) as refused:
            services.milestone_note(actor=me(request), milestone=milestone, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Noterne er gemt."))
            return redirect("processes:milestone", pk=process.pk, mpk=milestone.pk)
    return _page(request, process, milestone, notes_form=form)


@login_required
def waiting_for_me(request: HttpRequest) -> HttpResponse:
    rows = selectors.waiting_for(me(request))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "processes/waiting.html", {"page_obj": page})


urlpatterns: list[URLPattern] = [
    path("forloeb/mine/", waiting_for_me, name="mine"),
    path("forloeb/<int:pk>/milepaele/<int:mpk>/", milestone_detail, name="milestone"),
    path("forloeb/<int:pk>/milepaele/<int:mpk>/status/", milestone_status, name="milestone_status"),
    path("forloeb/<int:pk>/milepaele/<int:mpk>/plan/", milestone_plan, name="milestone_plan"),
    path("forloeb/<int:pk>/milepaele/<int:mpk>/noter/", milestone_notes, name="milestone_notes"),
]
