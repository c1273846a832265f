"""Effect indicators (effektmål) of a project: the effect page with a chart and a table per
indicator, and the project leaders' forms for indicators and measurements.

Everybody who may see the project sees its effect page; only its leaders change anything. The
leaders' forms answer 404 to everybody else, the project's other members included
(``onsite.access.get_project_for_leader``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.submissions import once_per_submission
from core.views import service_refusal
from onsite import access, selectors
from onsite.forms.effects import IndicatorForm, MeasurementForm
from onsite.models import BuildingProject
from onsite.services import effects as services
from organisations.access import me


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data of a POST (even an empty one, so the form is bound and says what is
    missing); None for a GET."""
    return request.POST if request.method == "POST" else None


def _leader_project(request: HttpRequest, pk: int) -> BuildingProject:
    """The project, if the person runs it; 404 otherwise (members who do not lead too)."""
    return access.get_project_for_leader(request.user, pk)


@login_required
def effect_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for(request.user, pk)
    indicators = selectors.project_indicators(project)
    for indicator in indicators:
        indicator.chart = selectors.indicator_chart(  # type: ignore[attr-defined]
            indicator, chart_id=f"effekt-{indicator.pk}"
        )
    context = {
        "project": project,
        "indicators": indicators,
        "actions": access.actions_for(request.user, project),
    }
    return render(request, "onsite/effects/effect_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _leader_project(request, pk)
    form = IndicatorForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            indicator = services.indicator_create(
                project=project, actor=me(request), **form.cleaned_data
            )
        if not refused:
            messages.success(request, _("Effektmålet %(name)s er oprettet.") % {"name": indicator})
            return redirect("onsite:effects", pk=project.pk)
    context = {"project": project, "form": form, "indicator": None}
    return render(request, "onsite/effects/indicator_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    indicator = access.get_indicator_for_leader(request.user, pk, indicator_pk)
    form = IndicatorForm(posted(request), initial=IndicatorForm.initial_for(indicator))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.indicator_update(indicator=indicator, actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Effektmålet er gemt."))
            return redirect("onsite:effects", pk=pk)
    context = {"project": indicator.project, "form": form, "indicator": indicator}
    return render(request, "onsite/effects/indicator_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    indicator = access.get_indicator_for_leader(request.user, pk, indicator_pk)
    if request.method == "POST":
        services.indicator_delete(indicator=indicator, actor=me(request))
        messages.success(request, _("Effektmålet %(name)s er slettet.") % {"name": indicator.name})
        return redirect("onsite:effects", pk=pk)
    context = {
        "project": indicator.project,
        "object": indicator,
        "measurement_count": selectors.measurement_count(indicator),
    }
    return render(request, "onsite/effects/confirm_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def measurement_add(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    indicator = access.get_indicator_for_leader(request.user, pk, indicator_pk)
    form = MeasurementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.measurement_add(indicator=indicator, actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Målingen af %(name)s er gemt.") % {"name": indicator.name})
            return redirect(f"{_effects_url(pk)}#effekt-{indicator.pk}")
    context = {"project": indicator.project, "indicator": indicator, "form": form}
    return render(request, "onsite/effects/measurement_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measurement_edit(
    request: HttpRequest, pk: int, indicator_pk: int, measurement_pk: int
) -> HttpResponse:
    measurement = access.get_measurement_for_leader(request.user, pk, indicator_pk, measurement_pk)
    indicator = measurement.indicator
    form = MeasurementForm(posted(request), initial=MeasurementForm.initial_for(measurement))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.measurement_update(
                measurement=measurement, actor=me(request), **form.cleaned_data
            )
        if not refused:
            messages.success(request, _("Målingen er gemt."))
            return redirect(f"{_effects_url(pk)}#effekt-{indicator.pk}")
    context = {
        "project": indicator.project,
        "indicator": indicator,
        "measurement": measurement,
        "form": form,
    }
    return render(request, "onsite/effects/measurement_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measurement_delete(
    request: HttpRequest, pk: int, indicator_pk: int, measurement_pk: int
) -> HttpResponse:
    measurement = access.get_measurement_for_leader(request.user, pk, indicator_pk, measurement_pk)
    indicator = measurement.indicator
    if request.method == "POST":
        services.measurement_delete(measurement=measurement, actor=me(request))
        messages.success(request, _("Målingen er slettet."))
        return redirect(f"{_effects_url(pk)}#effekt-{indicator.pk}")
    context = {"project": indicator.project, "object": measurement, "indicator": indicator}
    return render(request, "onsite/effects/confirm_delete.html", context)


def _effects_url(pk: int) -> str:
    return reverse("onsite:effects", args=[pk])


urlpatterns = [
    path("byggesager/<int:pk>/effekt/", effect_page, name="effects"),
    path("byggesager/<int:pk>/effekt/nyt/", indicator_create, name="indicator_create"),
    path(
        "byggesager/<int:pk>/effekt/<int:indicator_pk>/rediger/",
        indicator_edit,
        name="indicator_edit",
    ),
    path(
        "byggesager/<int:pk>/effekt/<int:indicator_pk>/slet/",
        indicator_delete,
        name="indicator_delete",
    ),
    path(
        "byggesager/<int:pk>/effekt/<int:indicator_pk>/maalinger/ny/",
        measurement_add,
        name="measurement_add",
    ),
    path(
        "byggesager/<int:pk>/effekt/<int:indicator_pk>/maalinger/<int:measurement_pk>/rediger/",
        measurement_edit,
        name="measurement_edit",
    ),
    path(
        "byggesager/<int:pk>/effekt/<int:indicator_pk>/maalinger/<int:measurement_pk>/slet/",
        measurement_delete,
        name="measurement_delete",
    ),
]
