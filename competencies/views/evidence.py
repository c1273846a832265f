"""Evidence (dokumentation): prior learning, its document, HR's queue, a manager's assessment.

Thin views: evidence comes through ``competencies.access.get_evidence_for`` (the person, their
manager and HR of the organisation it was recorded in; 404 for everyone else), what the viewer
may do through ``actions_for``, lists through ``competencies.selectors``, and every change is
one call to ``competencies.services``. Documents live in private storage and are handed out
only by ``evidence_file``, after the same access check.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competencies import access, selectors, services
from competencies.forms.evidence import (
    AssessmentForm,
    DecisionForm,
    PriorLearningForm,
    WithdrawForm,
)
from competencies.models import Evidence, EvidenceStatus
from core.audit import AccessAction, audit_access
from core.safety import int_or_none
from core.submissions import once_per_submission
from core.views import service_refusal
from organisations.access import me

PAGE_SIZE = 25


# --- The person documents prior learning ---------------------------------------------------


@login_required
@once_per_submission
def evidence_create(request: HttpRequest) -> HttpResponse:
    organisations = access.member_organisations_for(request.user)
    form = PriorLearningForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            evidence = services.prior_learning_submit(user=me(request), **form.cleaned_data)
        if not refused:
            messages.success(
                request,
                _("Tak. Din dokumentation er sendt til HR. Den tæller, når HR har godkendt den."),
            )
            return redirect("competencies:evidence_detail", pk=evidence.pk)
    context = {"form": form, "no_organisation": not organisations}
    return render(request, "competencies/evidence/create.html", context)


# --- One piece of evidence, its file and HR's decisions ------------------------------------


def _render_detail(
    request: HttpRequest,
    evidence: Evidence,
    decision_form: DecisionForm | None = None,
    withdraw_form: WithdrawForm | None = None,
) -> HttpResponse:
    context = {
        "evidence": evidence,
        "level_descriptor": evidence.competence.descriptor(evidence.level),
        "actions": access.actions_for(request.user, evidence),
        "decision_form": decision_form or DecisionForm(),
        "withdraw_form": withdraw_form or WithdrawForm(),
    }
    return render(request, "competencies/evidence/detail.html", context)


@login_required
def evidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = access.get_evidence_for(request.user, pk)
    audit_access(
        request,
        action=AccessAction.EVIDENCE_VIEWED,
        subject=evidence.user_id,
        obj=evidence,
        organisation=evidence.organisation_id,
    )
    return _render_detail(request, evidence)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """The document, as an attachment with the type its content showed on upload."""
    evidence = access.get_evidence_for(request.user, pk)
    if not evidence.document:
        raise Http404
    try:
        handle = evidence.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    audit_access(
        request,
        action=AccessAction.EVIDENCE_FILE_DOWNLOADED,
        subject=evidence.user_id,
        obj=evidence,
        organisation=evidence.organisation_id,
    )
    filename = evidence.document_name or evidence.document.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=evidence.document_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """HR approves or rejects prior learning (from the queue or the evidence page)."""
    evidence = access.get_evidence_for(request.user, pk)
    form = DecisionForm(request.POST)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject") or not form.is_valid():
        if decision not in ("approve", "reject"):
            form.add_error(None, _("Vælg Godkend eller Afvis."))
        return _render_detail(request, evidence, decision_form=form)
    comment = form.cleaned_data["comment"]
    with service_refusal(form) as refused:
        if decision == "approve":
            services.evidence_approve(evidence=evidence, actor=me(request), comment=comment)
            text = _("Dokumentationen fra %(name)s er godkendt.")
        else:
            services.evidence_reject(evidence=evidence, actor=me(request), comment=comment)
            text = _("Dokumentationen fra %(name)s er afvist.")
    if refused:
        return _render_detail(request, evidence, decision_form=form)
    messages.success(request, text % {"name": evidence.user.name})
    if request.POST.get("from_queue") and evidence.organisation_id:
        return redirect("competencies:evidence_queue", org_pk=evidence.organisation_id)
    return redirect("competencies:evidence_detail", pk=evidence.pk)


@login_required
@require_POST
def evidence_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """HR withdraws approved evidence with a reason (the level no longer rests on it)."""
    evidence = access.get_evidence_for(request.user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        with service_refusal(form) as refused:
            services.evidence_withdraw(
                evidence=evidence, actor=me(request), reason=form.cleaned_data["comment"]
            )
        if not refused:
            messages.success(request, _("Dokumentationen er trukket tilbage."))
            return redirect("competencies:evidence_detail", pk=evidence.pk)
    return _render_detail(request, evidence, withdraw_form=form)


# --- HR's queue ----------------------------------------------------------------------------

QUEUE_VIEWS = {
    "afventer": EvidenceStatus.PENDING,
    "godkendt": EvidenceStatus.APPROVED,
}


@login_required
def evidence_queue(request: HttpRequest, org_pk: int) -> HttpResponse:
    """Prior learning waiting for HR, oldest first; or the approved evidence, to withdraw."""
    organisation = access.get_hr_organisation_for(request.user, org_pk)
    shown = request.GET.get("vis", "afventer")
    if shown not in QUEUE_VIEWS:
        shown = "afventer"
    # Pending: nobody decides on their own documentation, so another HR person does.
    rows = selectors.evidence_queue(me(request), organisation, QUEUE_VIEWS[shown])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "page_obj": page,
        "shown": shown,
        "decision_form": DecisionForm(),
    }
    return render(request, "competencies/evidence/queue.html", context)


# --- A manager's assessment ----------------------------------------------------------------


@login_required
@once_per_submission
def assessment_create(request: HttpRequest, org_pk: int, user_pk: int) -> HttpResponse:
    """A manager or HR records their assessment of a person they look after."""
    membership = access.get_assessment_membership_for(request.user, org_pk, user_pk)
    organisation = membership.organisation
    initial: dict[str, Any] = {"assessed_on": timezone.localdate()}
    if competence_pk := int_or_none(request.GET.get("kompetence")):
        initial["competence"] = competence_pk
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            evidence = services.assessment_record(
                actor=me(request),
                user=membership.user,
                organisation=organisation,
                **form.cleaned_data,
            )
        if not refused:
            messages.success(
                request,
                _("Din vurdering af %(name)s er registreret.") % {"name": membership.user.name},
            )
            return redirect("competencies:evidence_detail", pk=evidence.pk)
    profiles = selectors.role_profiles([membership])
    selectors.attach_levels(membership.user_id, profiles)
    context = {"form": form, "membership": membership, "profile": profiles[0]}
    return render(request, "competencies/evidence/assessment.html", context)


urlpatterns = [
    path("kompetencer/dokumentation/ny/", evidence_create, name="evidence_create"),
    path("kompetencer/dokumentation/<int:pk>/", evidence_detail, name="evidence_detail"),
    path("kompetencer/dokumentation/<int:pk>/fil/", evidence_file, name="evidence_file"),
    path("kompetencer/dokumentation/<int:pk>/afgoer/", evidence_decide, name="evidence_decide"),
    path(
        "kompetencer/dokumentation/<int:pk>/traek-tilbage/",
        evidence_withdraw,
        name="evidence_withdraw",
    ),
    path(
        "kompetencer/organisation/<int:org_pk>/dokumentation/",
        evidence_queue,
        name="evidence_queue",
    ),
    path(
        "kompetencer/organisation/<int:org_pk>/personer/<int:user_pk>/vurdering/",
        assessment_create,
        name="assessment_create",
    ),
]
