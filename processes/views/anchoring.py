"""The anchoring plan (forankringsplan) of a forankring process: /forloeb/<pk>/forankringsplan/.

Leaders edit (``access.anchoring_actions_for``); the process's people read; everybody else and
processes of other kinds get 404. Each change is one call to ``processes.services.anchoring``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import require
from core.submissions import once_per_submission
from core.views import service_refusal
from organisations.access import me
from processes import access, anchoring_pdf, selectors_anchoring
from processes.forms_anchoring import (
    ActivityForm,
    AnchoringPlanForm,
    LearningItemForm,
    RoleShiftForm,
)
from processes.models import AnchoringActivity, LearningItem, Process, RoleShift
from processes.services import anchoring as services


def nav(process: Process) -> dict[str, Any]:
    """The breadcrumb's addresses: the process list and the process page."""
    return {
        "list_url": reverse("processes:list"),
        "process_url": reverse("processes:detail", args=[process.pk]),
    }


def _editable(request: HttpRequest, pk: int) -> Process:
    process = access.get_anchoring_process_for(request.user, pk)
    require(access.anchoring_actions_for(request.user, process).can_edit)
    return process


def _shift_form(process: Process, data: Any = None, **kwargs: Any) -> RoleShiftForm:
    return RoleShiftForm(
        data,
        people=access.organisation_people(process),
        competences=selectors_anchoring.competence_choices(),
        **kwargs,
    )


def _page(
    request: HttpRequest, process: Process, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The plan's page; a leader also gets the forms (bound ones keep what was typed)."""
    actions = access.anchoring_actions_for(request.user, process)
    plan = selectors_anchoring.anchoring_plan(process)
    context: dict[str, Any] = {
        "process": process,
        "anchoring_plan": plan,
        "actions": actions,
        "role_shift_kinds": selectors_anchoring.role_shift_explanations(),
        **nav(process),
    }
    if actions.can_edit:
        context["plan_form"] = forms.get("plan_form") or AnchoringPlanForm(
            initial={
                "models_chosen": [m.key for m in plan.chosen_models],
                "strategy": plan.strategy,
            }
        )
        context["activity_form"] = forms.get("activity_form") or ActivityForm(
            people=access.organisation_people(process)
        )
        context["shift_form"] = forms.get("shift_form") or _shift_form(process)
        context["learning_form"] = forms.get("learning_form") or LearningItemForm()
    return render(request, "processes/anchoring/plan.html", context, status=status)


@login_required
def anchoring_detail(request: HttpRequest, pk: int) -> HttpResponse:
    process = access.get_anchoring_process_for(request.user, pk)
    return _page(request, process)


@login_required
@require_POST
def anchoring_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    process = _editable(request, pk)
    form = AnchoringPlanForm(request.POST)
    if form.is_valid():
        with service_refusal(form) as refused:
            services.anchoring_plan_update(actor=me(request), process=process, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Forankringsmodeller og strategi er gemt."))
            return redirect("processes:anchoring", pk=process.pk)
    return _page(request, process, status=400, plan_form=form)


# --- Rows: activities, role shifts, learning programme ---------------------------------------


@login_required
@require_POST
@once_per_submission
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    process = _editable(request, pk)
    form = ActivityForm(request.POST, people=access.organisation_people(process))
    if form.is_valid():
        with service_refusal(form) as refused:
            services.anchoring_activity_save(
                actor=me(request), process=process, **form.cleaned_data
            )
        if not refused:
            messages.success(request, _("Aktiviteten er tilføjet."))
            return redirect("processes:anchoring", pk=process.pk)
    return _page(request, process, status=400, activity_form=form)


def _activity_initial(row: AnchoringActivity) -> dict[str, Any]:
    return {
        "title": row.title,
        "model": row.model,
        "owner": row.owner_id,
        "owner_name": row.owner_name,
        "anchored_on": row.anchored_on,
        "note": row.note,
    }


def _row_page(
    request: HttpRequest, process: Process, form: Any, heading: str, status: int = 200
) -> HttpResponse:
    context = {"process": process, "form": form, "heading": heading, **nav(process)}
    return render(request, "processes/anchoring/row_form.html", context, status=status)


@login_required
def activity_edit(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    process = _editable(request, pk)
    row = access.get_anchoring_activity_for(request.user, process, row_pk)
    people = access.organisation_people(process)
    form = ActivityForm(request.POST or None, people=people, initial=_activity_initial(row))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.anchoring_activity_save(
                actor=me(request), process=process, activity=row, **form.cleaned_data
            )
        if not refused:
            messages.success(request, _("Aktiviteten er gemt."))
            return redirect("processes:anchoring", pk=process.pk)
    status = 400 if request.method == "POST" else 200
    return _row_page(request, process, form, _("Ret aktivitet"), status)


@login_required
@require_POST
def activity_remove(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    process = _editable(request, pk)
    row = access.get_anchoring_activity_for(request.user, process, row_pk)
    with service_refusal(request) as refused:
        services.anchoring_activity_remove(actor=me(request), activity=row)
    if not refused:
        messages.success(request, _("Aktiviteten er fjernet."))
    return redirect("processes:anchoring", pk=process.pk)


@login_required
@require_POST
@once_per_submission
def role_shift_create(request: HttpRequest, pk: int) -> HttpResponse:
    process = _editable(request, pk)
    form = _shift_form(process, request.POST)
    if form.is_valid():
        with service_refusal(form) as refused:
            services.role_shift_save(actor=me(request), process=process, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Rolleskiftet er tilføjet."))
            return redirect("processes:anchoring", pk=process.pk)
    return _page(request, process, status=400, shift_form=form)


def _shift_initial(row: RoleShift) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "person": row.person_id,
        "person_name": row.person_name,
        "training_need": row.training_need,
        "competence": row.competence_id,
        "target_level": row.target_level,
        "due_on": row.due_on,
    }


@login_required
def role_shift_edit(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    process = _editable(request, pk)
    row = access.get_role_shift_for(request.user, process, row_pk)
    form = _shift_form(process, request.POST or None, initial=_shift_initial(row))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.role_shift_save(
                actor=me(request), process=process, shift=row, **form.cleaned_data
            )
        if not refused:
            messages.success(request, _("Rolleskiftet er gemt."))
            return redirect("processes:anchoring", pk=process.pk)
    status = 400 if request.method == "POST" else 200
    return _row_page(request, process, form, _("Ret rolleskift"), status)


@login_required
@require_POST
def role_shift_remove(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    process = _editable(request, pk)
    row = access.get_role_shift_for(request.user, process, row_pk)
    with service_refusal(request) as refused:
        services.role_shift_remove(actor=me(request), shift=row)
    if not refused:
        messages.success(request, _("Rolleskiftet er fjernet."))
    return redirect("processes:anchoring", pk=process.pk)


@login_required
@require_POST
def role_shift_goal(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """Turn the role shift into a goal in the person's competence plan (once)."""
    process = access.get_anchoring_process_for(request.user, pk)
    require(access.anchoring_actions_for(request.user, process).can_make_goals)
    row = access.get_role_shift_for(request.user, process, row_pk)
    with service_refusal(request) as refused:
        goal = services.role_shift_make_goal(actor=me(request), shift=row)
    if not refused:
        messages.success(
            request,
            _("Rolleskiftet er et mål i kompetenceplanen: %(competence)s, niveau %(level)s.")
            % {"competence": goal.competence, "level": goal.target_level},
        )
    return redirect("processes:anchoring", pk=process.pk)


@login_required
@require_POST
@once_per_submission
def learning_create(request: HttpRequest, pk: int) -> HttpResponse:
    process = _editable(request, pk)
    form = LearningItemForm(request.POST)
    if form.is_valid():
        with service_refusal(form) as refused:
            services.learning_item_save(actor=me(request), process=process, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Læringsforløbet er tilføjet."))
            return redirect("processes:anchoring", pk=process.pk)
    return _page(request, process, status=400, learning_form=form)


def _learning_initial(row: LearningItem) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "title": row.title,
        "held_on": row.held_on,
        "audience": row.audience,
        "note": row.note,
    }


@login_required
def learning_edit(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    process = _editable(request, pk)
    row = access.get_learning_item_for(request.user, process, row_pk)
    form = LearningItemForm(request.POST or None, initial=_learning_initial(row))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.learning_item_save(
                actor=me(request), process=process, item=row, **form.cleaned_data
            )
        if not refused:
            messages.success(request, _("Læringsforløbet er gemt."))
            return redirect("processes:anchoring", pk=process.pk)
    status = 400 if request.method == "POST" else 200
    return _row_page(request, process, form, _("Ret del af læringsprogrammet"), status)


@login_required
@require_POST
def learning_remove(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    process = _editable(request, pk)
    row = access.get_learning_item_for(request.user, process, row_pk)
    with service_refusal(request) as refused:
        services.learning_item_remove(actor=me(request), item=row)
    if not refused:
        messages.success(request, _("Læringsforløbet er fjernet."))
    return redirect("processes:anchoring", pk=process.pk)


# --- PDF -----------------------------------------------------------------------------------


@login_required
def anchoring_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The anchoring plan as a print-ready Danish PDF."""
    process = access.get_anchoring_process_for(request.user, pk)
    plan = selectors_anchoring.anchoring_plan(process)
    response = HttpResponse(anchoring_pdf.anchoring_plan_pdf(plan), "application/pdf")
    filename = anchoring_pdf.anchoring_plan_filename(process)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


PREFIX = "forloeb/<int:pk>/forankringsplan"

urlpatterns: list[URLPattern] = [
    path(f"{PREFIX}/", anchoring_detail, name="anchoring"),
    path("forloeb/<int:pk>/forankringsplan.pdf", anchoring_pdf_view, name="anchoring_pdf"),
    path(f"{PREFIX}/modeller/", anchoring_plan_edit, name="anchoring_plan_edit"),
    path(f"{PREFIX}/aktiviteter/ny/", activity_create, name="anchoring_activity_create"),
    path(f"{PREFIX}/aktiviteter/<int:row_pk>/", activity_edit, name="anchoring_activity_edit"),
    path(
        f"{PREFIX}/aktiviteter/<int:row_pk>/fjern/",
        activity_remove,
        name="anchoring_activity_remove",
    ),
    path(f"{PREFIX}/rolleskift/ny/", role_shift_create, name="anchoring_shift_create"),
    path(f"{PREFIX}/rolleskift/<int:row_pk>/", role_shift_edit, name="anchoring_shift_edit"),
    path(
        f"{PREFIX}/rolleskift/<int:row_pk>/fjern/",
        role_shift_remove,
        name="anchoring_shift_remove",
    ),
    path(f"{PREFIX}/rolleskift/<int:row_pk>/maal/", role_shift_goal, name="anchoring_shift_goal"),
    path(f"{PREFIX}/laering/ny/", learning_create, name="anchoring_learning_create"),
    path(f"{PREFIX}/laering/<int:row_pk>/", learning_edit, name="anchoring_learning_edit"),
    path(
        f"{PREFIX}/laering/<int:row_pk>/fjern/",
        learning_remove,
        name="anchoring_learning_remove",
    ),
]
