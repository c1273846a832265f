"""The learner's and the approver's pages: enrol, cancel, progress, approvals (Min side is
composed in ``cms.overview``).

Views stay thin: rows come through ``courses.access`` and ``courses.selectors``; every change
is one call to ``courses.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from core import formats
from core.access import require
from core.safety import int_or_none, safe_next_url
from core.views import service_refusal
from courses import access, selectors, services
from courses.competence_fit import attach_competence_fit
from courses.enrolment_terms import enrolment_terms
from courses.forms.learner import CommentForm, EnrolColleagueForm, EvaluationForm, RejectForm
from courses.models import CoursePage, CourseSession, Enrolment, EnrolmentStatus
from organisations.access import me

PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, course_pk: int) -> HttpResponse:
    """GET: the confirmation page (price with VAT, deadlines, approval). POST: the booking."""
    course = selectors.get_live_course(course_pk)
    data = request.POST if request.method == "POST" else request.GET
    session = None
    if data.get("session"):
        session_pk = int_or_none(data["session"])
        if session_pk is None:
            messages.error(request, _("Vælg et hold fra listen."))
            return redirect(course.get_url(request))
        session = selectors.get_session_of_course(course, session_pk)
    if request.method == "GET":
        return _enrol_confirmation(request, course, session)
    user = me(request)
    with service_refusal(request) as refused:
        enrolment = services.enrolment_create(
            user=user, course=course, session=session, requested_by=user
        )
    if not refused:
        messages.success(request, _enrolled_message(enrolment))
    return redirect(course.get_url(request))


def _enrol_confirmation(
    request: HttpRequest, course: CoursePage, session: CourseSession | None
) -> HttpResponse:
    if session is None and not course.is_self_paced:
        messages.error(request, _("Vælg et hold."))
        return redirect(course.get_url(request))
    terms = enrolment_terms(user=me(request), course=course, session=session)
    return render(request, "courses/enrol_confirm.html", {"terms": terms, "course": course})


def _enrolled_message(enrolment: Enrolment) -> str:
    if enrolment.status == EnrolmentStatus.AWAITING_APPROVAL:
        return _("Din tilmelding er sendt til godkendelse hos din leder eller HR.")
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        return _("Holdet er fuldt. Du er sat på venteliste og får besked, hvis der bliver plads.")
    return _("Du er tilmeldt. Du får en bekræftelse på e-mail.")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = access.get_enrolment_for(request.user, pk)
    with service_refusal(request) as refused:
        services.enrolment_cancel(
            enrolment=enrolment, actor=me(request), reason=request.POST.get("reason", "")
        )
    if not refused:
        messages.success(
            request, _("Tilmeldingen til «%(course)s» %(when)s er afmeldt.") % _which(enrolment)
        )
    return redirect(safe_next_url(request, "min_side"))


@login_required
@require_POST
def module_done(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = selectors.get_live_module(module_pk)
    with service_refusal(request) as refused:
        services.module_complete(user=me(request), module=module)
    if not refused:
        messages.success(request, _("Modulet er markeret som gennemført."))
    return redirect(module.get_url(request))


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    require(access.approves_enrolments(request.user))
    pending = selectors.pending_approvals(request.user)
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_memberships(page.object_list)
    attach_competence_fit(page.object_list)
    context = {"page_obj": page, "comment_form": CommentForm(), "reject_form": RejectForm()}
    return render(request, "courses/approvals.html", context)


@login_required
@require_POST
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = access.get_enrolment_for(request.user, pk)
    decision = request.POST.get("decision")
    if decision == "approve":
        form: CommentForm | RejectForm = CommentForm(request.POST)
        form.is_valid()
        with service_refusal(request) as refused:
            enrolment = services.enrolment_approve(
                enrolment=enrolment,
                actor=me(request),
                comment=form.cleaned_data.get("comment", ""),
            )
        if not refused:
            messages.success(request, _decision_message(enrolment))
    elif decision == "reject":
        form = RejectForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(text) for text in form.errors["comment"]))
            return redirect("approvals")
        with service_refusal(request) as refused:
            enrolment = services.enrolment_reject(
                enrolment=enrolment, actor=me(request), comment=form.cleaned_data["comment"]
            )
        if not refused:
            messages.success(request, _decision_message(enrolment))
    return redirect("approvals")


def _which(enrolment: Enrolment) -> dict[str, str]:
    """The course's title and the session's date (or "selvstudium"), for a message that says
    which enrolment was changed."""
    session = enrolment.session
    return {
        "course": enrolment.course.title,
        "when": formats.long_date(session.starts_at) if session else _("selvstudium"),
    }


def _genitive(name: str) -> str:
    """A name in the genitive, in the active language: "Karen Madsens", "Lars'" (Danish: an
    apostrophe after s, x or z), "Karen Madsen's". Translated as a pattern, so that every message
    that uses it keeps one set of placeholders in every language."""
    if name and name[-1].lower() in "sxz":
        pattern = pgettext("genitiv af et navn, der ender på s, x eller z", "%(name)s'")
        return pattern % {"name": name}
    return pgettext("genitiv af et navn", "%(name)ss") % {"name": name}


def _decision_message(enrolment: Enrolment) -> str:
    """Which course, which session and whom the approver just decided on, and what follows.

    ``whose`` is the name in the genitive of the active language ("Karen Madsens tilmelding",
    "Karen Madsen's enrolment").
    """
    values = {
        "name": enrolment.user.name,
        "whose": _genitive(enrolment.user.name),
        **_which(enrolment),
    }
    if enrolment.status == EnrolmentStatus.REJECTED:
        return (
            _(
                "Du har afvist %(whose)s tilmelding til «%(course)s» %(when)s. "
                "%(name)s får besked med din begrundelse."
            )
            % values
        )
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        return (
            _(
                "Du har godkendt %(whose)s tilmelding til «%(course)s» %(when)s. Holdet "
                "er fuldt, så %(name)s står på venteliste og får besked, hvis der bliver plads."
            )
            % values
        )
    return _("Du har godkendt %(whose)s tilmelding til «%(course)s» %(when)s.") % values


@login_required
def enrol_colleague(request: HttpRequest) -> HttpResponse:
    require(access.approves_enrolments(request.user))
    # Only the people the person looks after are offered; anyone else is refused by the form.
    form = EnrolColleagueForm(
        request.POST or None,
        memberships=selectors.colleagues_to_enrol(request.user),
        sessions=selectors.bookable_sessions(),
    )
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        session = form.cleaned_data["session"]
        with service_refusal(form) as refused:
            enrolment = services.enrolment_create(
                user=membership.user,
                course=session.course,
                session=session,
                requested_by=me(request),
                organisation=membership.organisation,
            )
        if not refused:
            messages.success(
                request,
                _("%(name)s er tilmeldt «%(course)s» %(when)s (%(status)s).")
                % {
                    "name": membership.user.name,
                    "status": enrolment.get_status_display(),
                    **_which(enrolment),
                },
            )
            return redirect("approvals")
    return render(request, "courses/enrol_colleague.html", {"form": form})


@login_required
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = access.get_own_enrolment_for(request.user, pk)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.evaluation_submit(enrolment=enrolment, user=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Tak for din evaluering."))
            return redirect("min_side")
    return render(request, "courses/evaluate.html", {"form": form, "enrolment": enrolment})
