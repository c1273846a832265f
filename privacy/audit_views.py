"""The access log for HR (/persondatalog/): who logged in, and who saw or fetched the data of the
organisation's people. Filterable, paginated, and exportable as XLSX.

Only HR of the organisation reads it (``privacy.access``: 404 for everyone else, like any other
organisation's page); reading it is not itself logged, exporting it is.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.audit import audit_record
from core.models import AccessAction
from organisations.models import Organisation
from privacy import access, exports
from privacy import audit_selectors as selectors
from privacy.audit_forms import AccessLogFilterForm

PAGE_SIZE = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The organisations whose log the person reads; straight to it when there is one."""
    organisations = list(access.log_organisations_for(request.user))
    if not organisations:
        raise Http404
    if len(organisations) == 1:
        return redirect("audit:log", org_pk=organisations[0].pk)
    return render(request, "privacy/audit_index.html", {"organisations": organisations})


def _filtered(request: HttpRequest, organisation: Organisation) -> tuple[AccessLogFilterForm, Any]:
    form = AccessLogFilterForm(
        request.GET or None, people=selectors.organisation_people(organisation)
    )
    return form, selectors.organisation_log(organisation, form.filters())


@login_required
def log(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = access.get_log_organisation_for(request.user, org_pk)
    form, events = _filtered(request, organisation)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_object_labels(page.object_list)
    context = {"organisation": organisation, "form": form, "page_obj": page}
    return render(request, "privacy/audit_log.html", context)


@login_required
def log_export(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The filtered log as XLSX."""
    organisation = access.get_log_organisation_for(request.user, org_pk)
    _form, events = _filtered(request, organisation)
    response = exports.access_log_response(events, organisation=organisation)
    audit_record(
        actor=request.user,
        action=AccessAction.HR_EXPORT,
        organisation=organisation,
        request=request,
        detail={"export": "access_log"},
    )
    return response
