"""Læringspilen strategies: HR writes them, the organisation's managers read them.

Thin views: who reads or changes a strategy is ``competencies.access`` (anything outside the
person's reach is 404; a manager reaches no page that changes one), reads come through
``competencies.selectors``, writes through ``competencies.services``, the spreadsheet from
``competencies.exports``, and every figure from ``selectors.strategy_plan``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from competencies import access, export_jobs, selectors, services
from competencies.forms.strategies import (
    PlanLineForm,
    StrategyForm,
    StrategyGoalForm,
    TargetGroupForm,
)
from competencies.models import (
    LearningStrategy,
    StrategyGoal,
    StrategyPlanLine,
    TargetGroup,
    TargetGroupKind,
)
from core.jobs.views import export_page
from core.submissions import once_per_submission
from core.views import service_refusal
from organisations.access import me

PAGE_SIZE = 25
TEMPLATES = "competencies/strategies/"


def _saved(request: HttpRequest, form: BaseForm, save: Callable[[], Any], message: str) -> bool:
    """Validate a posted form and call the service; False (errors on the form) when refused."""
    if request.method != "POST" or not form.is_valid():
        return False
    with service_refusal(form) as refused:
        save()
    if refused:
        return False
    messages.success(request, message)
    return True


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, TEMPLATES + "form.html", context)


# --- The list and the strategy itself -------------------------------------------------------


@login_required
def strategy_list(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = access.get_strategy_organisation_for(request.user, org_pk)
    strategies = selectors.strategy_list(organisation)
    page = Paginator(strategies, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "page": page,
        "actions": access.strategy_actions_for(request.user, organisation),
    }
    return render(request, TEMPLATES + "list.html", context)


@login_required
@once_per_submission
def strategy_create(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = access.get_strategy_organisation_for(request.user, org_pk, editing=True)
    form = StrategyForm(request.POST or None)
    created: list[LearningStrategy] = []

    def save() -> None:
        created.append(
            services.strategy_create(
                actor=me(request), organisation=organisation, **form.service_values()
            )
        )

    if _saved(request, form, save, _("Strategien er oprettet.")):
        return redirect("competencies:strategy_detail", pk=created[0].pk)
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Ny læringsstrategi"),
            "intro": _(
                "Læringspilen: Sæt mål for organisationens egen fremtidssikringskompetence, "
                "vælg målgrupper, og læg en flerårig plan for kurser og vejledninger."
            ),
            "cancel_url": reverse("competencies:strategy_list", args=[organisation.pk]),
            "submit": _("Opret strategi"),
        },
    )


@login_required
def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = access.get_strategy_for(request.user, pk)
    groups = list(selectors.target_groups(strategy))
    arrow = selectors.learning_arrow(strategy)
    numbers = {item.stage.pk: item.number for item in arrow}
    goals = list(selectors.strategy_goals(strategy))
    for goal in goals:
        goal.stage_number = numbers.get(goal.stage_id)  # type: ignore[attr-defined]
    context = {
        "strategy": strategy,
        "actions": access.strategy_actions_for(request.user, strategy),
        "arrow": arrow,
        "goals": goals,
        "groups_by_kind": [
            (kind, [g for g in groups if g.kind == kind]) for kind in TargetGroupKind
        ],
        "plan": selectors.strategy_plan(strategy, groups),
        "projects": selectors.linked_building_projects(strategy),
    }
    return render(request, TEMPLATES + "detail.html", context)


@login_required
def strategy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = access.get_strategy_for(request.user, pk, editing=True)
    # The form edits its own copy: a refused save must not change the row the service gets.
    copy = access.get_strategy_for(request.user, pk, editing=True)
    form = StrategyForm(request.POST or None, instance=copy)

    def save() -> None:
        services.strategy_update(actor=me(request), strategy=strategy, **form.service_values())

    if _saved(request, form, save, _("Strategien er gemt.")):
        return redirect("competencies:strategy_detail", pk=strategy.pk)
    return _form_page(
        request,
        {
            "form": form,
            "strategy": strategy,
            "title": _("Rediger strategien"),
            "cancel_url": reverse("competencies:strategy_detail", args=[strategy.pk]),
            "submit": _("Gem"),
        },
    )


# --- The spreadsheet ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def strategy_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The multi-year plan as a spreadsheet, built in the background
    (``competencies.export_jobs``): POST starts it, GET (an old link) shows the button."""
    strategy = access.get_strategy_for(request.user, pk)
    return export_page(request, kind=export_jobs.STRATEGY, parameters={"strategy": strategy.pk})


# --- Goals, target groups and plan lines -----------------------------------------------------
# Each part has add, edit and delete; only HR of the strategy's organisation reaches them.

PARTS: dict[str, dict[str, Any]] = {
    "goal": {
        "model": StrategyGoal,
        "form": StrategyGoalForm,
        "anchor": "maal",
        "add_title": gettext_lazy("Nyt mål"),
        "edit_title": gettext_lazy("Rediger mål"),
        "saved": gettext_lazy("Målet er gemt."),
        "deleted": gettext_lazy("Målet er slettet."),
        "delete_title": gettext_lazy("Slet målet?"),
    },
    "group": {
        "model": TargetGroup,
        "form": TargetGroupForm,
        "anchor": "maalgrupper",
        "add_title": gettext_lazy("Ny målgruppe"),
        "edit_title": gettext_lazy("Rediger målgruppe"),
        "saved": gettext_lazy("Målgruppen er gemt."),
        "deleted": gettext_lazy("Målgruppen er slettet."),
        "delete_title": gettext_lazy("Slet målgruppen?"),
    },
    "line": {
        "model": StrategyPlanLine,
        "form": PlanLineForm,
        "anchor": "fleraarsplan",
        "add_title": gettext_lazy("Ny linje i flerårsplanen"),
        "edit_title": gettext_lazy("Rediger linje i flerårsplanen"),
        "saved": gettext_lazy("Linjen er gemt."),
        "deleted": gettext_lazy("Linjen er slettet."),
        "delete_title": gettext_lazy("Slet linjen?"),
    },
}


def _make_form(part: str, strategy: LearningStrategy, data: Any, instance: Any) -> BaseForm:
    form_class = PARTS[part]["form"]
    form: BaseForm
    if form_class is StrategyGoalForm:
        form = form_class(data, instance=instance)
    else:
        form = form_class(data, instance=instance, strategy=strategy)
    return form


def _save_part(part: str, actor: Any, strategy: LearningStrategy, form: Any, row: Any) -> None:
    values = form.service_values()
    if part == "goal":
        services.strategy_goal_save(actor=actor, strategy=strategy, goal=row, **values)
    elif part == "group":
        services.target_group_save(actor=actor, strategy=strategy, group=row, **values)
    else:
        services.plan_line_save(actor=actor, strategy=strategy, line=row, **values)


def _detail_url(strategy: LearningStrategy, part: str) -> str:
    url = reverse("competencies:strategy_detail", args=[strategy.pk])
    return f"{url}#{PARTS[part]['anchor']}"


def _part_form(request: HttpRequest, part: str, pk: int, child_pk: int | None) -> HttpResponse:
    strategy = access.get_strategy_for(request.user, pk, editing=True)
    config = PARTS[part]
    model = config["model"]
    row = instance = None
    if child_pk:
        row = access.get_strategy_part_for(strategy, model, child_pk)
        # The form edits its own copy: a refused save must not change the row the service gets.
        instance = access.get_strategy_part_for(strategy, model, child_pk)
    form = _make_form(part, strategy, request.POST or None, instance or model(strategy=strategy))

    def save() -> None:
        _save_part(part, me(request), strategy, form, row)

    if _saved(request, form, save, config["saved"]):
        return redirect(_detail_url(strategy, part))
    context = {
        "form": form,
        "strategy": strategy,
        "title": config["edit_title"] if row else config["add_title"],
        "cancel_url": _detail_url(strategy, part),
        "submit": _("Gem"),
    }
    if part == "line" and not selectors.has_target_groups(strategy):
        context["blocked"] = _("Opret først en målgruppe; hver linje i planen hører til én.")
    return _form_page(request, context)


def _part_delete(request: HttpRequest, part: str, pk: int, child_pk: int) -> HttpResponse:
    strategy = access.get_strategy_for(request.user, pk, editing=True)
    config = PARTS[part]
    row = access.get_strategy_part_for(strategy, config["model"], child_pk)
    if request.method == "POST":
        with service_refusal(request) as refused:
            services.strategy_child_delete(actor=me(request), instance=row)
        if not refused:
            messages.success(request, config["deleted"])
        return redirect(_detail_url(strategy, part))
    context = {
        "strategy": strategy,
        "object": row,
        "part": part,
        "title": config["delete_title"],
        "cancel_url": _detail_url(strategy, part),
    }
    if part == "group":
        context["line_count"] = selectors.plan_line_count(row)
    return render(request, TEMPLATES + "confirm_delete.html", context)


def _part_views(part: str) -> tuple[Callable[..., HttpResponse], ...]:
    @login_required
    @once_per_submission
    def add(request: HttpRequest, pk: int) -> HttpResponse:
        return _part_form(request, part, pk, None)

    @login_required
    def edit(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
        return _part_form(request, part, pk, child_pk)

    @login_required
    def delete(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
        return _part_delete(request, part, pk, child_pk)

    return add, edit, delete


goal_add, goal_edit, goal_delete = _part_views("goal")
group_add, group_edit, group_delete = _part_views("group")
line_add, line_edit, line_delete = _part_views("line")

BASE = "kompetencer/strategier/<int:pk>/"

urlpatterns = [
    path(
        "kompetencer/organisation/<int:org_pk>/strategier/",
        strategy_list,
        name="strategy_list",
    ),
    path(
        "kompetencer/organisation/<int:org_pk>/strategier/ny/",
        strategy_create,
        name="strategy_create",
    ),
    path(BASE, strategy_detail, name="strategy_detail"),
    path(BASE + "rediger/", strategy_edit, name="strategy_edit"),
    path(BASE + "plan.xlsx", strategy_export, name="strategy_export"),
    path(BASE + "maal/ny/", goal_add, name="strategy_goal_add"),
    path(BASE + "maal/<int:child_pk>/rediger/", goal_edit, name="strategy_goal_edit"),
    path(BASE + "maal/<int:child_pk>/slet/", goal_delete, name="strategy_goal_delete"),
    path(BASE + "maalgrupper/ny/", group_add, name="strategy_group_add"),
    path(BASE + "maalgrupper/<int:child_pk>/rediger/", group_edit, name="strategy_group_edit"),
    path(BASE + "maalgrupper/<int:child_pk>/slet/", group_delete, name="strategy_group_delete"),
    path(BASE + "plan/ny/", line_add, name="strategy_line_add"),
    path(BASE + "plan/<int:child_pk>/rediger/", line_edit, name="strategy_line_edit"),
    path(BASE + "plan/<int:child_pk>/slet/", line_delete, name="strategy_line_delete"),
]
