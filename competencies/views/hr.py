"""HR and managers: the competence dashboard, the gap analysis, a person's page and the
organisation's role profiles.

Who sees what is ``competencies.access``: HR and managers of the organisation may enter
(everybody else gets 404), and the people they see are ``access.people_for`` — HR the whole
organisation, a manager their department; ``actions`` (``access.hr_actions_for``) says what the
page offers them. Figures come from ``competencies.gaps`` and ``figures`` (database aggregates),
the rest of the reads from ``competencies.selectors``; what closes a gap and what was spent on
completed courses come from the course catalogue through ``competencies.offers``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from competencies import (
    access,
    export_jobs,
    figures,
    gaps,
    offers,
    selectors,
    services,
    summaries,
)
from competencies.forms.hr import GapFilterForm, RemoveRequirementForm, RequirementForm
from competencies.models import GuideCompetence, RoleProfile
from core.access import require
from core.audit import AccessAction, audit_access
from core.charts import Series, bar_chart, coverage_band, coverage_legend, line_chart
from core.formats import money, month
from core.jobs.views import export_page
from core.views import service_refusal
from organisations.access import me
from organisations.models import JobFunction, Organisation

PAGE_SIZE = 50
DEPARTMENTS_SHOWN = 20
EVIDENCE_PAGE_SIZE = 25
AWAITING_SHOWN = 10
PLANS_SHOWN = 10
MONTHS = 12

# Per (competence, required level): the guides that build it that far, with their courses.
Offers = dict[tuple[int, int], list[dict[str, Any]]]


# --- Access --------------------------------------------------------------------------------


def _organisation(request: HttpRequest, org_pk: int) -> Organisation:
    """The organisation, when the person is HR or a manager in it; 404 for everybody else."""
    return access.get_dashboard_organisation_for(request.user, org_pk)


def _scope(request: HttpRequest, organisation: Organisation) -> gaps.Scope:
    """The people the viewer looks after in the organisation (a manager: their department)."""
    actions = access.hr_actions_for(request.user, organisation)
    return gaps.Scope(
        organisation.pk,
        access.people_for(request.user, organisation),
        whole_organisation=actions.sees_whole_organisation,
    )


# --- What closes a gap ---------------------------------------------------------------------


def _closing(needs: set[tuple[int, int]]) -> Offers:
    """Per (competence, required level): the guides that build it that far, each with its live
    courses and their open sessions. Three queries, however many gaps."""
    links = gaps.guides_closing(needs)
    guide_ids = sorted({link.guide_id for _need, found in links.items() for link in found})
    courses = offers.catalogue().courses_for_guides(guide_ids)
    return {
        need: [_guide_offer(link, courses.get(link.guide_id, [])) for link in found]
        for need, found in links.items()
    }


def _guide_offer(link: GuideCompetence, courses: list[Any]) -> dict[str, Any]:
    return {"guide": link.guide, "level": link.level, "courses": courses}


def _attach_closing(requirements: list[gaps.Requirement]) -> list[dict[str, Any]]:
    """Each requirement with ``offers`` (empty for one that is met)."""
    needs = {(r.competence.pk, r.required) for r in requirements if r.is_gap}
    found = _closing(needs)
    return [
        {"requirement": r, "offers": found.get((r.competence.pk, r.required), [])}
        for r in requirements
    ]


# --- Dashboard -----------------------------------------------------------------------------


def _learning(scope: gaps.Scope, year: int) -> dict[str, Any]:
    """Planned (the strategy's plan lines) and spent (completed courses) hours and money."""
    rate = figures.hourly_rate(scope.organisation_id, year)
    done = offers.catalogue().completed_learning(
        organisation_id=scope.organisation_id,
        user_ids=scope.user_ids(),
        year=year,
    )
    spent = figures.LearningBudget(
        hours=done.hours, money=(done.fees + done.hours * rate).quantize(Decimal("1"))
    )
    return {
        "year": year,
        "rate": rate,
        "planned": figures.planned_learning(scope.organisation_id, year),
        "spent": spent,
        "completed": done.count,
    }


def _dashboard_figures(scope: gaps.Scope) -> dict[str, Any]:
    analysis = gaps.Analysis(scope)
    awaiting = figures.plans_awaiting_review(scope)
    return {
        "total": analysis.total,
        "people": analysis.people_counts(),
        "heatmap": analysis.heatmap(),
        "plan_counts": figures.plan_status_counts(scope),
        "awaiting": awaiting,
        "learning": _learning(scope, timezone.localdate().year),
        "over_time": summaries.coverage_history(scope, gaps.month_ends(MONTHS), now=analysis.total),
        "pending_prior_learning": figures.pending_prior_learning(scope),
    }


def _day_label(day: Any, today: Any) -> str:
    if day == today:
        return _("I dag")
    return month(day)


def _charts(found: dict[str, Any]) -> dict[str, Any]:
    learning, today = found["learning"], timezone.localdate()
    planned, spent = learning["planned"], learning["spent"]
    labels = [_("Planlagt i Læringspilen"), _("Brugt på gennemførte kurser")]
    over_time = found["over_time"]
    return {
        "hours": bar_chart(
            title=_("Timer i %(year)s") % {"year": learning["year"]},
            description=_("Planlagte og brugte læringstimer i år."),
            labels=labels,
            series=[Series(_("Timer"), [planned.hours, spent.hours])],
            label_heading=_("Opgørelse"),
        ),
        "money": bar_chart(
            title=_("Budget i %(year)s (kr.)") % {"year": learning["year"]},
            description=_(
                "Planlagt og brugt budget i år: kursusgebyrer plus timer til %(rate)s pr. time."
            )
            % {"rate": money(learning["rate"])},
            labels=labels,
            series=[Series(_("Kroner"), [planned.money, spent.money])],
            unit="kr.",
            label_heading=_("Opgørelse"),
        ),
        "coverage": line_chart(
            title=_("Dækning over tid"),
            description=_(
                "Andel af de krævede kompetencer, som dokumentationen dækkede ved hver "
                "månedsafslutning, for de personer, der er her i dag."
            ),
            labels=[_day_label(day, today) for day, _c in over_time],
            series=[Series(_("Dækning"), [coverage.percent for _d, coverage in over_time])],
            unit="%",
            y_max=100,
            label_heading=_("Dato"),
        ),
    }


def _heat_rows(heatmap: gaps.Heatmap) -> list[dict[str, Any]]:
    """The heatmap's rows with each cell's colour band (the number is always shown too)."""
    return [
        {
            "competence": row.competence,
            "coverage": row.coverage,
            "cells": [
                {
                    "coverage": cell.coverage,
                    "band": coverage_band(cell.coverage.percent if cell.coverage else None),
                }
                for cell in row.cells
            ],
        }
        for row in heatmap.rows
    ]


@login_required
def dashboard(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk)
    found = _dashboard_figures(_scope(request, organisation))
    awaiting, awaiting_count = figures.first_awaiting(found["awaiting"], AWAITING_SHOWN)
    context = {
        "organisation": organisation,
        "actions": access.hr_actions_for(request.user, organisation),
        "figures": found,
        "heat_rows": _heat_rows(found["heatmap"]),
        "legend": coverage_legend(),
        "charts": _charts(found),
        "awaiting": awaiting,
        "awaiting_count": awaiting_count,
    }
    return render(request, "competencies/hr/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dashboard_export(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The dashboard as XLSX, built in the background (``competencies.export_jobs``): POST
    starts it and answers with the job's page; GET (an old link) shows the button."""
    organisation = _organisation(request, org_pk)
    return export_page(
        request, kind=export_jobs.DASHBOARD, parameters={"organisation": organisation.pk}
    )


# --- Gap analysis --------------------------------------------------------------------------


def _filtered_scope(
    request: HttpRequest, organisation: Organisation
) -> tuple[GapFilterForm, gaps.Scope]:
    scope = _scope(request, organisation)
    departments = selectors.departments_of(scope.memberships)
    form = GapFilterForm(request.GET or None, departments=departments)
    return form, scope.narrowed(**form.filters())


def _filtered(form: GapFilterForm) -> bool:
    """Whether any filter is chosen (the export follows it)."""
    chosen = form.filters()
    return any(chosen[name] for name in chosen)


def _gap_line(gap: gaps.Requirement, closing: Offers) -> dict[str, Any]:
    """One gap as the list shows it; its text is made here once, not by the template per row
    (a page holds hundreds of gaps)."""
    codes = [offer["guide"].code for offer in closing.get((gap.competence.pk, gap.required), [])]
    return {
        "competence": gap.competence.name,
        "levels": _("niveau %(current)s, kræver %(required)s")
        % {"current": gap.current, "required": gap.required},
        "anchor": _anchor(gap.competence.pk, gap.required),
        "closers": (
            _("lukkes af %(guides)s") % {"guides": ", ".join(codes)}
            if codes
            else _("ingen vejledning – se forslag")
        ),
    }


def _anchor(competence_id: int, level: int) -> str:
    return f"luk-{competence_id}-{level}"


def _needs_on_page(found: list[gaps.Requirement], closing: Offers) -> list[dict[str, Any]]:
    """Each (competence, required level) missing on the page once, in framework order: what
    closes it is shown there, and every gap links to it (rather than repeating it per person)."""
    needs = {(g.competence.pk, g.required): g.competence for g in found}
    ordered = sorted(
        needs.items(), key=lambda item: (item[1].area.sort_order, item[1].sort_order, item[0][1])
    )
    return [
        {
            "competence": competence,
            "level": level,
            "anchor": _anchor(pk, level),
            "offers": closing.get((pk, level), []),
        }
        for (pk, level), competence in ordered
    ]


def _lowest(
    pairs: list[tuple[Any, gaps.Coverage]], limit: int
) -> tuple[list[tuple[Any, gaps.Coverage]], int]:
    """The ``limit`` items with the lowest coverage, in their own order, and how many were left
    out. A large organisation has hundreds of departments: a table of all of them beside the
    gaps is unreadable (and a third of the page's weight); the filter and the export have
    them all."""
    if len(pairs) <= limit:
        return pairs, 0
    percents = [coverage.percent for _item, coverage in pairs]
    ranked = sorted(range(len(pairs)), key=lambda i: (percents[i] is None, percents[i] or 0))
    kept = set(ranked[:limit])
    return [pair for i, pair in enumerate(pairs) if i in kept], len(pairs) - limit


def _banded(pairs: list[tuple[Any, gaps.Coverage]]) -> list[tuple[Any, gaps.Coverage, Any]]:
    return [(item, coverage, coverage_band(coverage.percent)) for item, coverage in pairs]


@login_required
def gap_analysis(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk)
    form, scope = _filtered_scope(request, organisation)
    analysis = gaps.Analysis(scope)
    page = Paginator(gaps.people_with_gaps(scope), PAGE_SIZE).get_page(request.GET.get("page"))
    people = list(page.object_list)
    gaps_by_person = gaps.gaps_of(scope, [m.pk for m in people])
    found = [g for m in people for g in gaps_by_person[m.pk]]
    closing = _closing({(g.competence.pk, g.required) for g in found})
    departments, departments_hidden = _lowest(analysis.by_department(), DEPARTMENTS_SHOWN)
    rows = [
        {"membership": m, "gaps": [_gap_line(g, closing) for g in gaps_by_person[m.pk]]}
        for m in people
    ]
    context = {
        "organisation": organisation,
        "form": form,
        # The export follows the filter; its button says so (issue 18: "alle gab" exported less).
        "filtered": _filtered(form),
        "actions": access.hr_actions_for(request.user, organisation),  # tabs (hr/_nav.html)
        "analysis": analysis,
        "total": analysis.total,
        "people_count": gaps.count_people_with_profile(scope),
        "page_obj": page,
        "rows": rows,
        "closing": _needs_on_page(found, closing),
        "by_job_function": _banded(analysis.by_job_function()),
        "by_department": _banded(departments),
        "departments_hidden": departments_hidden,
        "by_competence": _banded(analysis.by_competence()),
        "legend": coverage_legend(),
    }
    return render(request, "competencies/hr/gaps.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def gaps_export(request: HttpRequest, org_pk: int) -> HttpResponse:
    """Every gap (following the page's filter) as XLSX, built in the background
    (``competencies.export_jobs``); the download is audited as an HR export."""
    organisation = _organisation(request, org_pk)
    form, _scope = _filtered_scope(request, organisation)
    parameters = export_jobs.gap_parameters(organisation.pk, form.filters())
    return export_page(request, kind=export_jobs.GAPS, parameters=parameters)


# --- A person ------------------------------------------------------------------------------


@login_required
def person(request: HttpRequest, org_pk: int, user_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk)
    scope = _scope(request, organisation)
    membership = access.get_person_for(request.user, organisation, user_pk)
    requirements = gaps.requirements_of(scope.of(membership.pk), membership.pk)
    evidence = selectors.person_evidence(request.user, user_pk)
    plans = selectors.person_plans(request.user, organisation, user_pk)
    audit_access(
        request,
        action=AccessAction.PERSON_VIEWED,
        subject=membership.user_id,
        obj=membership,
        organisation=organisation,
    )
    context = {
        "organisation": organisation,
        "membership": membership,
        "person": membership.user,
        "requirements": _attach_closing(requirements),
        "coverage": gaps.Coverage(len(requirements), sum(not r.is_gap for r in requirements)),
        "evidence_page": Paginator(evidence, EVIDENCE_PAGE_SIZE).get_page(request.GET.get("page")),
        "plans": list(plans[:PLANS_SHOWN]),
        "actions": access.hr_actions_for(request.user, organisation),
    }
    return render(request, "competencies/hr/person.html", context)


# --- Role profiles -------------------------------------------------------------------------


@login_required
def profile_list(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk)
    scope = _scope(request, organisation)
    profiles = selectors.profiles_by_job_function(organisation)
    people = selectors.people_per_job_function(scope.memberships)
    rows = [
        {"job_function": jf, "profile": profiles.get(jf.pk), "people": people.get(jf.pk, 0)}
        for jf in selectors.job_functions()
    ]
    context = {
        "organisation": organisation,
        "rows": rows,
        "without_function": people.get(None, 0),
        "actions": access.hr_actions_for(request.user, organisation),
    }
    return render(request, "competencies/hr/profiles.html", context)


def _adopt(
    request: HttpRequest,
    organisation: Organisation,
    job_function: JobFunction,
    profile: RoleProfile | None,
) -> None:
    services.role_profile_adopt(
        actor=me(request), organisation=organisation, job_function=job_function
    )
    messages.success(request, _("Profilen er nu jeres egen. Tilpas de krævede niveauer."))


def _reset(
    request: HttpRequest,
    organisation: Organisation,
    job_function: JobFunction,
    profile: RoleProfile,
) -> None:
    services.role_profile_reset(actor=me(request), profile=profile)
    messages.success(request, _("Netværkets standardprofil gælder igen."))


def _remove(
    request: HttpRequest,
    organisation: Organisation,
    job_function: JobFunction,
    profile: RoleProfile,
) -> None:
    form = RemoveRequirementForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["competence"]))
        return
    competence = form.cleaned_data["competence"]
    services.role_requirement_set(
        actor=me(request), profile=profile, competence=competence, required_level=None
    )
    messages.success(
        request, _("%(competence)s er fjernet fra profilen.") % {"competence": competence}
    )


def _set(
    request: HttpRequest,
    organisation: Organisation,
    job_function: JobFunction,
    profile: RoleProfile,
) -> RequirementForm | None:
    form = RequirementForm(request.POST)
    if not form.is_valid():
        return form
    with service_refusal(form) as refused:
        services.role_requirement_set(actor=me(request), profile=profile, **form.cleaned_data)
    if refused:
        return form
    messages.success(request, _("Det krævede niveau er gemt."))
    return None


# action → (handler, needs the organisation's own profile)
PROFILE_ACTIONS: dict[str, tuple[Any, bool]] = {
    "adopt": (_adopt, False),
    "reset": (_reset, True),
    "remove": (_remove, True),
    "set": (_set, True),
}


def _profile_post(
    request: HttpRequest,
    organisation: Organisation,
    job_function: JobFunction,
    profile: RoleProfile | None,
) -> tuple[HttpResponse | None, RequirementForm | None]:
    """Carry out one HR action on the profile: a redirect, or the form with its errors."""
    handler, needs_own = PROFILE_ACTIONS.get(request.POST.get("action", ""), (None, False))
    if handler is None or (needs_own and not _own(profile, organisation)):
        raise Http404
    form = None
    with service_refusal(request):
        form = handler(request, organisation, job_function, profile)
    if form is not None:
        return None, form
    target = redirect(
        "competencies:profile_detail", org_pk=organisation.pk, job_function_pk=job_function.pk
    )
    return target, None


def _own(profile: RoleProfile | None, organisation: Organisation) -> bool:
    return profile is not None and profile.organisation_id == organisation.pk


@login_required
def profile_detail(request: HttpRequest, org_pk: int, job_function_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk)
    job_function = selectors.get_job_function(job_function_pk)
    actions = access.hr_actions_for(request.user, organisation)
    profile = selectors.effective_profile(organisation, job_function)
    form = None
    if request.method == "POST":
        require(actions.can_manage_role_profiles)
        response, form = _profile_post(request, organisation, job_function, profile)
        if response is not None:
            return response
    default_levels = selectors.network_default_levels(job_function)
    requirements = selectors.profile_requirements(profile)
    context = {
        "organisation": organisation,
        "job_function": job_function,
        "profile": profile,
        "is_own": _own(profile, organisation),
        "requirements": [
            {"requirement": r, "default": default_levels.get(r.competence_id)} for r in requirements
        ],
        "form": form or RequirementForm(),
        "actions": actions,
        "people": selectors.people_with_function(
            _scope(request, organisation).memberships, job_function
        ),
    }
    return render(request, "competencies/hr/profile_detail.html", context)


urlpatterns = [
    path("kompetencer/organisation/<int:org_pk>/", dashboard, name="dashboard"),
    path(
        "kompetencer/organisation/<int:org_pk>/oversigt.xlsx",
        dashboard_export,
        name="dashboard_export",
    ),
    path("kompetencer/organisation/<int:org_pk>/gab/", gap_analysis, name="gaps"),
    path("kompetencer/organisation/<int:org_pk>/gab.xlsx", gaps_export, name="gaps_export"),
    path("kompetencer/organisation/<int:org_pk>/personer/<int:user_pk>/", person, name="person"),
    path("kompetencer/organisation/<int:org_pk>/profiler/", profile_list, name="profiles"),
    path(
        "kompetencer/organisation/<int:org_pk>/profiler/<int:job_function_pk>/",
        profile_detail,
        name="profile_detail",
    ),
]
