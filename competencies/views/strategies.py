"""Læringspilen strategies: HR writes them, the organisation's managers read them.

Thin views: the strategy comes through ``competencies.selectors`` (which asks
``organisations.access``; anything outside the person's reach is 404), writes go through
``competencies.services``, and every figure comes from ``selectors.strategy_plan``.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from competencies import selectors, services
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
from core.submissions import once_per_submission
from core.views import apply_errors
from organisations import access

if TYPE_CHECKING:
    from organisations.models import User

PAGE_SIZE = 25
TEMPLATES = "competencies/strategies/"


def _saved(request: HttpRequest, form: BaseForm, save: Callable[[], Any], message: str) -> bool:
    """Validate a posted form and call the service; False (errors on the form) when refused."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, message)
    return True


def _actor(request: HttpRequest) -> User:
    """The logged-in person (every view here is behind ``login_required``)."""
    return cast("User", request.user)


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, TEMPLATES + "form.html", context)


# --- The list and the strategy itself -------------------------------------------------------


@login_required
def strategy_list(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for_strategy_reader(request.user, org_pk)
    strategies = selectors.strategy_list(organisation)
    page = Paginator(strategies, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "page": page,
        "can_edit": access.is_hr(request.user, organisation),
    }
    return render(request, TEMPLATES + "list.html", context)


@login_required
@once_per_submission
def strategy_create(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for_strategy_hr(request.user, org_pk)
    form = StrategyForm(request.POST or None)
    created: list[LearningStrategy] = []

    def save() -> None:
        created.append(
            services.strategy_create(
                actor=_actor(request), organisation=organisation, **form.service_values()
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


def _building_projects(strategy: LearningStrategy) -> list[dict[str, Any]]:
    """The linked building projects, each with a link when the project page exists."""
    rows = []
    for project in selectors.linked_building_projects(strategy):
        try:
            url = reverse("onsite:project_detail", args=[project.pk])
        except NoReverseMatch:
            url = ""
        rows.append({"project": project, "url": url})
    return rows


@login_required
def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = selectors.get_strategy_for_reader(request.user, pk)
    groups = list(selectors.target_groups(strategy))
    arrow = selectors.learning_arrow(strategy)
    numbers = {item.stage.pk: item.number for item in arrow}
    goals = list(selectors.strategy_goals(strategy))
    for goal in goals:
        goal.stage_number = numbers.get(goal.stage_id)  # type: ignore[attr-defined]
    context = {
        "strategy": strategy,
        "can_edit": access.is_hr(request.user, strategy.organisation_id),
        "arrow": arrow,
        "goals": goals,
        "groups_by_kind": [
            (kind, [g for g in groups if g.kind == kind]) for kind in TargetGroupKind
        ],
        "plan": selectors.strategy_plan(strategy, groups),
        "projects": _building_projects(strategy),
    }
    return render(request, TEMPLATES + "detail.html", context)


@login_required
def strategy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = selectors.get_strategy_for_hr(request.user, pk)
    form = StrategyForm(request.POST or None, instance=LearningStrategy.objects.get(pk=pk))

    def save() -> None:
        services.strategy_update(actor=_actor(request), strategy=strategy, **form.service_values())

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

KR = '#,##0.00 "kr."'
HOURS = "#,##0.0"
BOLD = Font(bold=True)


def _append(
    sheet: Any, values: list[Any], *, bold: bool = False, formats: dict | None = None
) -> None:
    """Append a row; text is always text (a title starting with "=" is no formula)."""
    sheet.append(values)
    for index, cell in enumerate(sheet[sheet.max_row]):
        if isinstance(cell.value, str):
            cell.data_type = "s"
        if bold:
            cell.font = BOLD
        if formats and index in formats:
            cell.number_format = formats[index]


def _plan_sheet(sheet: Any, plan: selectors.StrategyPlan) -> None:
    _append(
        sheet,
        [
            _("År"),
            _("Målgruppe"),
            _("Gruppe"),
            _("Aktivitet"),
            _("AlmenVejledning"),
            _("Kursus"),
            _("Personer"),
            _("Timer pr. person"),
            _("Timer i alt"),
            _("Gebyr pr. person (kr.)"),
            _("Budget (kr.)"),
        ],
        bold=True,
    )
    formats = {7: HOURS, 8: HOURS, 9: KR, 10: KR}
    for year in plan.years:
        for cell in year.groups:
            for line in cell.lines:
                _append(
                    sheet,
                    [
                        year.year,
                        cell.group.name,
                        cell.group.kind,
                        line.title,
                        line.guide.code if line.guide else "",
                        line.course.title if line.course else "",
                        line.people,
                        line.hours_per_person,
                        line.hours,  # type: ignore[attr-defined]
                        line.fee_per_person,
                        line.cost,  # type: ignore[attr-defined]
                    ],
                    formats=formats,
                )
        total = _("I alt %(year)s") % {"year": year.year}
        _append(
            sheet,
            [total, "", "", "", "", "", year.people, None, year.hours, None, year.budget],
            bold=True,
            formats=formats,
        )
    period = _("I alt %(start)s–%(end)s") % {
        "start": plan.strategy.starts_year,
        "end": plan.strategy.ends_year,
    }
    _append(
        sheet,
        [period, "", "", "", "", "", plan.people, None, plan.hours, None, plan.budget],
        bold=True,
        formats=formats,
    )


def strategy_workbook(
    strategy: LearningStrategy,
    plan: selectors.StrategyPlan,
    *,
    goals: list[StrategyGoal],
    groups: list[TargetGroup],
) -> bytes:
    """The strategy as a spreadsheet: the plan with its sums, the goals and the target groups."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Flerårsplan")
    _plan_sheet(sheet, plan)
    about = book.create_sheet(_("Strategi"))
    for label, value in (
        (_("Titel"), strategy.title),
        (_("Organisation"), strategy.organisation.name),
        (_("Periode"), f"{strategy.starts_year}–{strategy.ends_year}"),
        (_("Status"), strategy.get_status_display()),
        (_("Timesats (kr.)"), strategy.hourly_rate),
        (_("Formål og fremtidssikringskompetence"), strategy.vision),
    ):
        _append(about, [label, value], formats={1: KR} if label == _("Timesats (kr.)") else None)
    goal_sheet = book.create_sheet(pgettext("goals", "Mål"))
    _append(
        goal_sheet,
        [
            pgettext("goals", "Mål"),
            _("Kompetence"),
            _("Målniveau"),
            _("Måldækning (%)"),
            _("Måling"),
            _("Trin"),
        ],
        bold=True,
    )
    for goal in goals:
        _append(
            goal_sheet,
            [
                goal.title,
                goal.competence.name if goal.competence else "",
                goal.target_level,
                goal.target_coverage,
                goal.measure,
                goal.stage.name,
            ],
        )
    group_sheet = book.create_sheet(_("Målgrupper"))
    _append(
        group_sheet,
        [_("Målgruppe"), _("Gruppe"), _("Funktioner"), _("Afdelinger"), _("Personer")],
        bold=True,
    )
    for group in groups:
        _append(
            group_sheet,
            [
                group.name,
                group.get_kind_display(),
                ", ".join(str(f) for f in group.job_functions.all()),
                ", ".join(str(d) for d in group.departments.all()),
                group.people,  # type: ignore[attr-defined]
            ],
        )
    output = BytesIO()
    book.save(output)
    return output.getvalue()


@login_required
def strategy_export(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = selectors.get_strategy_for_reader(request.user, pk)
    groups = list(selectors.target_groups(strategy))
    content = strategy_workbook(
        strategy,
        selectors.strategy_plan(strategy, groups),
        goals=list(selectors.strategy_goals(strategy)),
        groups=groups,
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"laeringsstrategi-{strategy.pk}-{strategy.starts_year}-{strategy.ends_year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Goals, target groups and plan lines -----------------------------------------------------
# Each part has add, edit and delete; only HR of the strategy's organisation reaches them.

PARTS: dict[str, dict[str, Any]] = {
    "goal": {
        "model": StrategyGoal,
        "related": "goals",
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
        "related": "target_groups",
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
        "related": "plan_lines",
        "form": PlanLineForm,
        "anchor": "fleraarsplan",
        "add_title": gettext_lazy("Ny linje i flerårsplanen"),
        "edit_title": gettext_lazy("Rediger linje i flerårsplanen"),
        "saved": gettext_lazy("Linjen er gemt."),
        "deleted": gettext_lazy("Linjen er slettet."),
        "delete_title": gettext_lazy("Slet linjen?"),
    },
}


def _make_form(part: str, strategy: LearningStrategy, data: Any, instance: Model) -> BaseForm:
    form_class = PARTS[part]["form"]
    if form_class is StrategyGoalForm:
        return form_class(data, instance=instance)
    return form_class(data, instance=instance, strategy=strategy)


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
    strategy = selectors.get_strategy_for_hr(request.user, pk)
    config = PARTS[part]
    related = getattr(strategy, config["related"])
    row = get_object_or_404(related, pk=child_pk) if child_pk else None
    # The form edits its own copy: a refused save must not change the row the service gets.
    instance = related.get(pk=child_pk) if row else config["model"](strategy=strategy)
    form = _make_form(part, strategy, request.POST or None, instance)

    def save() -> None:
        _save_part(part, _actor(request), strategy, form, row)

    if _saved(request, form, save, config["saved"]):
        return redirect(_detail_url(strategy, part))
    context = {
        "form": form,
        "strategy": strategy,
        "title": config["edit_title"] if row else config["add_title"],
        "cancel_url": _detail_url(strategy, part),
        "submit": _("Gem"),
    }
    if part == "line" and not strategy.target_groups.exists():
        context["blocked"] = _("Opret først en målgruppe; hver linje i planen hører til én.")
    return _form_page(request, context)


def _part_delete(request: HttpRequest, part: str, pk: int, child_pk: int) -> HttpResponse:
    strategy = selectors.get_strategy_for_hr(request.user, pk)
    config = PARTS[part]
    row = get_object_or_404(getattr(strategy, config["related"]), pk=child_pk)
    if request.method == "POST":
        try:
            services.strategy_child_delete(actor=_actor(request), instance=row)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
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
        context["line_count"] = row.plan_lines.count()
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
