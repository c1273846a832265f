"""Processes (forløb): the list with filters, starting one from a drejebog, the process page
(timeline and table, who waits on whom, roles, advice, tools) and naming people in the roles.

Views stay thin: rows come through ``processes.access`` (404 outside the person's reach), reads
through ``processes.selectors``, every change is one call to ``processes.services``.
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
from core.submissions import once_per_submission
from core.views import service_refusal
from organisations.access import me
from processes import access, selectors
from processes.forms import ProcessEditForm, ProcessFilterForm, ProcessStartForm, RoleAssignForm
from processes.models import Process, ProcessStatus
from processes.services import processes as services

PAGE_SIZE = 20


@login_required
def process_list(request: HttpRequest) -> HttpResponse:
    visible = access.processes_for(request.user)
    filters = ProcessFilterForm(request.GET or None, processes=visible)
    rows = selectors.process_listing(visible, filters.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    next_due = selectors.next_milestones(list(page.object_list))
    context = {
        "page_obj": page,
        "rows": [(p, next_due.get(p.pk)) for p in page.object_list],
        "filters": filters,
        "actions": access.list_actions(request.user),
    }
    return render(request, "processes/process_list.html", context)


@login_required
@once_per_submission
def process_start(request: HttpRequest) -> HttpResponse:
    require(access.list_actions(request.user).can_start)
    templates = list(selectors.live_templates())
    chosen = request.GET.get("drejebog")
    if request.method != "POST" and not chosen:
        return render(request, "processes/start_choose.html", {"templates": templates})
    initial = {"template": chosen} if chosen and chosen.isdigit() else {}
    form = ProcessStartForm(request.POST or None, user=me(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            process = services.process_start(actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Forløbet »%(title)s« er startet.") % {"title": process})
            return redirect("processes:detail", pk=process.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "templates": templates}
    return render(request, "processes/start_form.html", context, status=status)


@login_required
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    process = access.get_process_for(request.user, pk)
    page = selectors.process_page(process)
    context = {
        "process": process,
        "actions": access.actions_for(request.user, process),
        "page": page,
        "departments": list(selectors.departments_of(process)),
        "sheets": list(selectors.sheets_of(process)),
        "statuses": ProcessStatus,
    }
    return render(request, "processes/process_detail.html", context)


def _roles_page(
    request: HttpRequest, process: Process, *, failed: RoleAssignForm | None = None
) -> HttpResponse:
    rows = []
    for role in selectors.roles_of(process):
        prefix = f"r{role.pk}"
        if failed is not None and failed.prefix == prefix:
            form = failed
        else:
            initial = {"person": role.person_id, "party": role.party}
            form = RoleAssignForm(process=process, initial=initial, prefix=prefix)
        rows.append((role, form))
    status = 400 if failed is not None else 200
    context = {"process": process, "rows": rows}
    return render(request, "processes/process_roles.html", context, status=status)


@login_required
def process_roles(request: HttpRequest, pk: int) -> HttpResponse:
    process = access.get_process_for(request.user, pk)
    require(access.actions_for(request.user, process).can_lead)
    return _roles_page(request, process)


@login_required
@require_POST
def role_assign(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    process = access.get_process_for(request.user, pk)
    require(access.actions_for(request.user, process).can_lead)
    role = access.get_role_for(request.user, process, role_pk)
    form = RoleAssignForm(request.POST, process=process, prefix=f"r{role.pk}")
    if form.is_valid():
        with service_refusal(form) as refused:
            services.role_assign(actor=me(request), process=process, role=role, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Rollen »%(role)s« er gemt.") % {"role": role.name})
            return redirect("processes:roles", pk=process.pk)
    return _roles_page(request, process, failed=form)


@login_required
def process_edit(request: HttpRequest, pk: int) -> HttpResponse:
    process = access.get_process_for(request.user, pk)
    require(access.actions_for(request.user, process).can_lead)
    initial = {
        "title": process.title,
        "description": process.description,
        "departments": list(selectors.departments_of(process)),
    }
    form = ProcessEditForm(request.POST or None, process=process, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.process_update(actor=me(request), process=process, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Forløbet er gemt."))
            return redirect("processes:detail", pk=process.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "processes/process_edit.html", {"process": process, "form": form}, status=status
    )


@login_required
@require_POST
def process_close(request: HttpRequest, pk: int) -> HttpResponse:
    process = access.get_process_for(request.user, pk)
    require(access.actions_for(request.user, process).can_lead)
    status = request.POST.get("status", "")
    with service_refusal(request) as refused:
        services.process_close(actor=me(request), process=process, status=status)
    if not refused:
        messages.success(request, _("Forløbets status er gemt."))
    return redirect("processes:detail", pk=process.pk)


urlpatterns: list[URLPattern] = [
    path("forloeb/", process_list, name="list"),
    path("forloeb/start/", process_start, name="start"),
    path("forloeb/<int:pk>/", process_detail, name="detail"),
    path("forloeb/<int:pk>/rediger/", process_edit, name="edit"),
    path("forloeb/<int:pk>/roller/", process_roles, name="roles"),
    path("forloeb/<int:pk>/roller/<int:role_pk>/", role_assign, name="role_assign"),
    path("forloeb/<int:pk>/status/", process_close, name="close"),
]
