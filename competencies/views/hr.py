"""HR and managers: the competence dashboard, the gap analysis, a person's page and the
organisation's role profiles.

Who sees what is decided by ``organisations.access``: HR and managers of the organisation may
enter (everybody else gets 404), and the people they see are ``looked_after_memberships`` —
HR the whole organisation, a manager their department. Figures come from ``competencies.gaps``
(database aggregates); what closes a gap is composed here from the courses app's selectors.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies import exports, figures, gaps, services
from competencies.forms.hr import GapFilterForm, RemoveRequirementForm, RequirementForm
from competencies.models import CompetencePlan, Evidence, GuideCompetence, RoleProfile
from core.audit import AccessAction, audit_access, audit_record
from core.charts import Series, bar_chart, coverage_band, coverage_legend, line_chart
from core.formats import money, month
from core.views import apply_errors
from courses import selectors as course_selectors
from organisations import access
from organisations.models import Department, JobFunction, Organisation, Role

PAGE_SIZE = 50
EVIDENCE_PAGE_SIZE = 25
AWAITING_SHOWN = 10
PLANS_SHOWN = 10
MONTHS = 12
VIEWER_ROLES = {Role.HR, Role.MANAGER}


# --- Access --------------------------------------------------------------------------------


def _organisation(request: HttpRequest, org_pk: int) -> Organisation:
    """The organisation, when the person is HR or a manager in it; 404 for everybody else."""
    if not access.roles_in(request.user, org_pk) & VIEWER_ROLES:
        raise Http404
    return access.get_organisation_for_user(request.user, org_pk)


def _scope(request: HttpRequest, organisation: Organisation) -> gaps.Scope:
    """The people the viewer looks after in the organisation (a manager: their department)."""
    return gaps.Scope(organisation.pk, access.looked_after_memberships(request.user, organisation))


# --- What closes a gap ---------------------------------------------------------------------


def _closing(needs: set[tuple[int, int]]) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """Per (competence, required level): the guides that build it that far, each with its live
    courses and their open sessions. Three queries, however many gaps."""
    links = gaps.guides_closing(needs)
    guide_ids = sorted({link.guide_id for found in links.values() for link in found})
    courses = course_selectors.courses_for_guides(guide_ids)
    return {
        need: [_guide_offer(link, courses.get(link.guide_id, [])) for link in found]
        for need, found in links.items()
    }


def _guide_offer(link: GuideCompetence, courses: list) -> dict[str, Any]:
    return {"guide": link.guide, "level": link.level, "courses": courses}


def _attach_closing(requirements: list[gaps.Requirement]) -> list[dict[str, Any]]:
    """Each requirement with ``offers`` (empty for one that is met)."""
    needs = {(r.competence.pk, r.required) for r in requirements if r.is_gap}
    offers = _closing(needs)
    return [
        {"requirement": r, "offers": offers.get((r.competence.pk, r.required), [])}
        for r in requirements
    ]


# --- Dashboard -----------------------------------------------------------------------------


def _learning(scope: gaps.Scope, year: int) -> dict[str, Any]:
    """Planned (the strategy's plan lines) and spent (completed courses) hours and money."""
    rate = figures.hourly_rate(scope.organisation_id, year)
    done = course_selectors.completed_learning(
        organisation_id=scope.organisation_id,
        user_ids=scope.memberships.values("user_id"),
        year=year,
    )
    spent = figures.LearningBudget(
        hours=done["hours"], money=(done["fees"] + done["hours"] * rate).quantize(Decimal("1"))
    )
    return {
        "year": year,
        "rate": rate,
        "planned": figures.planned_learning(scope.organisation_id, year),
        "spent": spent,
        "completed": done["count"],
    }


def _dashboard_figures(scope: gaps.Scope) -> dict[str, Any]:
    analysis = gaps.Analysis(scope)
    awaiting = figures.plans_awaiting_review(scope)
    return {
        "total": analysis.total,
        "people": gaps.people_counts(scope),
        "heatmap": analysis.heatmap(),
        "plan_counts": figures.plan_status_counts(scope),
        "awaiting": awaiting,
        "learning": _learning(scope, timezone.localdate().year),
        "over_time": gaps.coverage_over_time(scope, gaps.month_ends(MONTHS)),
        "pending_prior_learning": figures.pending_prior_learning(scope),
    }


def _day_label(day: Any, today: Any) -> str:
    if day == today:
        return _("I dag")
    return month(day)


def _charts(figures: dict[str, Any]) -> dict[str, Any]:
    learning, today = figures["learning"], timezone.localdate()
    planned, spent = learning["planned"], learning["spent"]
    labels = [_("Planlagt i Læringspilen"), _("Brugt på gennemførte kurser")]
    over_time = figures["over_time"]
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
    figures = _dashboard_figures(_scope(request, organisation))
    context = {
        "organisation": organisation,
        "is_hr": access.is_hr(request.user, organisation),
        "figures": figures,
        "heat_rows": _heat_rows(figures["heatmap"]),
        "legend": coverage_legend(),
        "charts": _charts(figures),
        "awaiting": list(figures["awaiting"][:AWAITING_SHOWN]),
        "awaiting_count": figures["awaiting"].count(),
    }
    return render(request, "competencies/hr/dashboard.html", context)


@login_required
def dashboard_export(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk)
    figures = _dashboard_figures(_scope(request, organisation))
    workbook = exports.dashboard_workbook(organisation=organisation, figures=figures)
    return exports.response(workbook, name=_("kompetenceoversigt"), organisation=organisation)


# --- Gap analysis --------------------------------------------------------------------------


def _filtered_scope(request: HttpRequest, organisation: Organisation):  # type: ignore[no-untyped-def]
    scope = _scope(request, organisation)
    departments = Department.objects.filter(
        pk__in=scope.memberships.values("department_id")
    ).order_by("number")
    form = GapFilterForm(request.GET or None, departments=departments)
    return form, scope.narrowed(**form.filters())


def _gap_line(gap: gaps.Requirement, offers: dict) -> dict[str, Any]:
    """One gap as the list shows it; its text is made here once, not by the template per row
    (a page holds hundreds of gaps)."""
    codes = [offer["guide"].code for offer in offers.get((gap.competence.pk, gap.required), [])]
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


def _needs_on_page(found: list[gaps.Requirement], offers: dict) -> list[dict[str, Any]]:
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
            "offers": offers.get((pk, level), []),
        }
        for (pk, level), competence in ordered
    ]


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
    found = [g for person_gaps in gaps_by_person.values() for g in person_gaps]
    offers = _closing({(g.competence.pk, g.required) for g in found})
    rows = [
        {"membership": m, "gaps": [_gap_line(g, offers) for g in gaps_by_person[m.pk]]}
        for m in people
    ]
    context = {
        "organisation": organisation,
        "form": form,
        # The export follows the filter; its button says so (issue 18: "alle gab" exported less).
        "filtered": any(form.filters().values()),
        "is_hr": access.is_hr(request.user, organisation),  # the HR-only tabs (hr/_nav.html)
        "analysis": analysis,
        "total": analysis.total,
        "people_count": gaps.people_with_profile(scope).count(),
        "page_obj": page,
        "rows": rows,
        "closing": _needs_on_page(found, offers),
        "by_job_function": _banded(analysis.by_job_function()),
        "by_department": _banded(analysis.by_department()),
        "by_competence": _banded(analysis.by_competence()),
        "legend": coverage_legend(),
    }
    return render(request, "competencies/hr/gaps.html", context)


@login_required
def gaps_export(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk)
    _form, scope = _filtered_scope(request, organisation)
    workbook = exports.gaps_workbook(
        organisation=organisation,
        analysis=gaps.Analysis(scope),
        people=gaps.people_counts(scope),
        gap_rows=gaps.gap_listing(scope).iterator(chunk_size=2000),
    )
    # Gaps per named person: an export of the organisation's people's data.
    audit_record(
        actor=request.user,
        action=AccessAction.HR_EXPORT,
        organisation=organisation,
        request=request,
        detail={"export": "gaps"},
    )
    return exports.response(workbook, name=_("kompetencegab"), organisation=organisation)


# --- A person ------------------------------------------------------------------------------


@login_required
def person(request: HttpRequest, org_pk: int, user_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk)
    scope = _scope(request, organisation)
    membership = get_object_or_404(
        scope.memberships.select_related("user", "department", "job_function"), user_id=user_pk
    )
    person_scope = gaps.Scope(organisation.pk, scope.memberships.filter(pk=membership.pk))
    requirements = gaps.requirements_of(person_scope, membership.pk)
    evidence = access.own_or_looked_after(
        request.user, Evidence.objects.for_listing().filter(user_id=user_pk)
    )
    plans = access.own_or_looked_after(
        request.user,
        CompetencePlan.objects.for_listing().filter(user_id=user_pk, organisation=organisation),
    ).order_by("-starts_on", "-pk")
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
        "is_hr": access.is_hr(request.user, organisation),
    }
    return render(request, "competencies/hr/person.html", context)


# --- Role profiles -------------------------------------------------------------------------


@login_required
def profile_list(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk)
    scope = _scope(request, organisation)
    profiles = {
        profile.job_function_id: profile
        for profile in RoleProfile.objects.effective_for(organisation.pk).annotate(
            requirement_count=Count(
                "requirements", filter=Q(requirements__competence__is_active=True)
            )
        )
    }
    people = dict(
        scope.memberships.values("job_function_id")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("job_function_id", "n")
    )
    rows = [
        {"job_function": jf, "profile": profiles.get(jf.pk), "people": people.get(jf.pk, 0)}
        for jf in JobFunction.objects.all()
    ]
    context = {
        "organisation": organisation,
        "rows": rows,
        "without_function": people.get(None, 0),
        "is_hr": access.is_hr(request.user, organisation),
    }
    return render(request, "competencies/hr/profiles.html", context)


def _adopt(
    request: HttpRequest, organisation: Organisation, job_function: JobFunction, profile: Any
) -> None:
    services.role_profile_adopt(
        actor=request.user, organisation=organisation, job_function=job_function
    )
    messages.success(request, _("Profilen er nu jeres egen. Tilpas de krævede niveauer."))


def _reset(
    request: HttpRequest, organisation: Organisation, job_function: JobFunction, profile: Any
) -> None:
    services.role_profile_reset(actor=request.user, profile=profile)
    messages.success(request, _("Netværkets standardprofil gælder igen."))


def _remove(
    request: HttpRequest, organisation: Organisation, job_function: JobFunction, profile: Any
) -> None:
    form = RemoveRequirementForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["competence"])
    competence = form.cleaned_data["competence"]
    services.role_requirement_set(
        actor=request.user, profile=profile, competence=competence, required_level=None
    )
    messages.success(
        request, _("%(competence)s er fjernet fra profilen.") % {"competence": competence}
    )


def _set(
    request: HttpRequest, organisation: Organisation, job_function: JobFunction, profile: Any
) -> RequirementForm | None:
    form = RequirementForm(request.POST)
    if not form.is_valid():
        return form
    try:
        services.role_requirement_set(actor=request.user, profile=profile, **form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return form
    messages.success(request, _("Det krævede niveau er gemt."))
    return None


# action → (handler, needs the organisation's own profile)
PROFILE_ACTIONS = {
    "adopt": (_adopt, False),
    "reset": (_reset, True),
    "remove": (_remove, True),
    "set": (_set, True),
}


def _profile_post(
    request: HttpRequest, organisation: Organisation, job_function: JobFunction, profile: Any
) -> tuple[HttpResponse | None, RequirementForm | None]:
    """Carry out one HR action on the profile: a redirect, or the form with its errors."""
    handler, needs_own = PROFILE_ACTIONS.get(request.POST.get("action", ""), (None, False))
    if handler is None or (needs_own and not _own(profile, organisation)):
        raise Http404
    try:
        form = handler(request, organisation, job_function, profile)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        form = None
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
    job_function = get_object_or_404(JobFunction, pk=job_function_pk)
    is_hr = access.is_hr(request.user, organisation)
    profile = (
        RoleProfile.objects.effective_for(organisation.pk).filter(job_function=job_function).first()
    )
    form = None
    if request.method == "POST":
        if not is_hr:
            raise PermissionDenied
        response, form = _profile_post(request, organisation, job_function, profile)
        if response is not None:
            return response
    default = RoleProfile.objects.network_defaults().filter(job_function=job_function).first()
    default_levels = (
        dict(default.requirements.values_list("competence_id", "required_level")) if default else {}
    )
    requirements = (
        list(
            profile.requirements.filter(competence__is_active=True)
            .select_related("competence__area")
            .order_by("competence__area__sort_order", "competence__sort_order")
        )
        if profile
        else []
    )
    context = {
        "organisation": organisation,
        "job_function": job_function,
        "profile": profile,
        "is_own": _own(profile, organisation),
        "requirements": [
            {"requirement": r, "default": default_levels.get(r.competence_id)} for r in requirements
        ],
        "form": form or RequirementForm(),
        "is_hr": is_hr,
        "people": _scope(request, organisation)
        .memberships.filter(job_function=job_function)
        .count(),
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
