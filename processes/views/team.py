"""Sæt et godt hold (seed 003): /forloeb/<pk>/hold/ — the competences the team of a building
project needs, set against the documented levels of the people on it, the gaps and what closes
them. Leaders edit the needs; the process's people read; other kinds of process answer 404.
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
from processes import access, selectors_anchoring, selectors_team
from processes.forms_team import TeamNeedForm
from processes.models import Process, TeamNeed
from processes.services import team as services
from processes.views.anchoring import nav


def _editable(request: HttpRequest, pk: int) -> Process:
    process = access.get_team_process_for(request.user, pk)
    require(access.team_actions_for(request.user, process).can_edit)
    return process


def _form(data: Any = None, **kwargs: Any) -> TeamNeedForm:
    return TeamNeedForm(data, competences=selectors_anchoring.competence_choices(), **kwargs)


def _page(
    request: HttpRequest, process: Process, *, form: TeamNeedForm | None = None, status: int = 200
) -> HttpResponse:
    actions = access.team_actions_for(request.user, process)
    grid = selectors_team.team_grid(process)
    sheet = grid.matrix_sheet
    context: dict[str, Any] = {
        "process": process,
        "grid": grid,
        "actions": actions,
        **nav(process),
        "matrix_url": reverse("processes:sheet", args=[process.pk, sheet.pk]) if sheet else None,
    }
    if actions.can_edit:
        context["form"] = form or _form()
    return render(request, "processes/team/team.html", context, status=status)


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    process = access.get_team_process_for(request.user, pk)
    return _page(request, process)


@login_required
@require_POST
@once_per_submission
def need_create(request: HttpRequest, pk: int) -> HttpResponse:
    process = _editable(request, pk)
    form = _form(request.POST)
    if form.is_valid():
        with service_refusal(form) as refused:
            services.team_need_save(actor=me(request), process=process, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Kompetencebehovet er tilføjet."))
            return redirect("processes:team", pk=process.pk)
    return _page(request, process, form=form, status=400)


def _initial(need: TeamNeed) -> dict[str, Any]:
    return {
        "competence": need.competence_id,
        "scope": need.scope,
        "level": need.level,
        "note": need.note,
    }


@login_required
def need_edit(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    process = _editable(request, pk)
    need = access.get_team_need_for(request.user, process, need_pk)
    form = _form(request.POST or None, initial=_initial(need))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.team_need_save(
                actor=me(request), process=process, need=need, **form.cleaned_data
            )
        if not refused:
            messages.success(request, _("Kompetencebehovet er gemt."))
            return redirect("processes:team", pk=process.pk)
    context = {"process": process, "form": form, "need": need, **nav(process)}
    status = 400 if request.method == "POST" else 200
    return render(request, "processes/team/need_form.html", context, status=status)


@login_required
@require_POST
def need_remove(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    process = _editable(request, pk)
    need = access.get_team_need_for(request.user, process, need_pk)
    with service_refusal(request) as refused:
        services.team_need_remove(actor=me(request), need=need)
    if not refused:
        messages.success(request, _("Kompetencebehovet er fjernet."))
    return redirect("processes:team", pk=process.pk)


urlpatterns: list[URLPattern] = [
    path("forloeb/<int:pk>/hold/", team_detail, name="team"),
    path("forloeb/<int:pk>/hold/behov/ny/", need_create, name="team_need_create"),
    path("forloeb/<int:pk>/hold/behov/<int:need_pk>/", need_edit, name="team_need_edit"),
    path("forloeb/<int:pk>/hold/behov/<int:need_pk>/fjern/", need_remove, name="team_need_remove"),
]
