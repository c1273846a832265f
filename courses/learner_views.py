"""The learner's and the approver's pages: enrol, cancel, progress, Min side, approvals.

Views stay thin: rows come through ``organisations.access`` and ``courses.selectors``; every
change is one call to ``courses.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.learner_forms import CommentForm, EnrolColleagueForm, EvaluationForm, RejectForm
from courses.models import CoursePage, CourseSession, Enrolment, EnrolmentStatus, ModulePage
from lms.safety import int_or_none, safe_next_url
from lms.views import error_text
from organisations import access

PAGE_SIZE = 25


def _enrolment_for(user, pk: int) -> Enrolment:  # type: ignore[no-untyped-def]
    """An enrolment of the person or of someone they look after; 404 for every other."""
    queryset = access.own_or_looked_after(user, Enrolment.objects.all())
    return get_object_or_404(queryset.select_related("session", "course", "user"), pk=pk)


@login_required
@require_POST
def enrol(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live(), pk=course_pk)
    session = None
    if request.POST.get("session"):
        session_pk = int_or_none(request.POST["session"])
        if session_pk is None:
            messages.error(request, _("Vælg et hold fra listen."))
            return redirect(course.url)
        # Only this course's sessions: another course's (or provider's) session id is a 404.
        session = get_object_or_404(CourseSession.objects.filter(course=course), pk=session_pk)
    try:
        enrolment = services.enrolment_create(
            user=request.user, course=course, session=session, requested_by=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _enrolled_message(enrolment))
    return redirect(course.url)


def _enrolled_message(enrolment: Enrolment) -> str:
    if enrolment.status == EnrolmentStatus.AWAITING_APPROVAL:
        return _("Din tilmelding er sendt til godkendelse hos din leder eller HR.")
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        return _("Holdet er fuldt. Du er sat på venteliste og får besked, hvis der bliver plads.")
    return _("Du er tilmeldt. Du får en bekræftelse på e-mail.")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_for(request.user, pk)
    try:
        services.enrolment_cancel(
            enrolment=enrolment, actor=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Tilmeldingen er afmeldt."))
    return redirect(safe_next_url(request, "min_side"))


@login_required
@require_POST
def module_done(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_object_or_404(ModulePage.objects.live(), pk=module_pk)
    services.module_complete(user=request.user, module=module)
    messages.success(request, _("Modulet er markeret som gennemført."))
    return redirect(module.url)


@login_required
def min_side(request: HttpRequest) -> HttpResponse:
    enrolments = list(selectors.my_enrolments(request.user))
    upcoming, waiting, in_progress, completed, other = [], [], [], [], []
    for enrolment in enrolments:
        if enrolment.status == EnrolmentStatus.COMPLETED:
            completed.append(enrolment)
        elif enrolment.status == EnrolmentStatus.WAITLISTED:
            waiting.append(enrolment)
        elif enrolment.status in (
            EnrolmentStatus.BOOKED,
            EnrolmentStatus.AWAITING_APPROVAL,
            EnrolmentStatus.ATTENDED,
        ):
            (upcoming if enrolment.session_id else in_progress).append(enrolment)
        else:
            other.append(enrolment)
    context = {
        "upcoming": upcoming,
        "waiting": selectors.with_waitlist_positions(waiting),
        "in_progress": selectors.with_progress(
            request.user,
            in_progress + [e for e in upcoming if e.status == EnrolmentStatus.ATTENDED],
        ),
        "completed": completed,
        "other": other[:20],
        "pending_approvals": selectors.pending_approvals(request.user)[:10],
        "calendar_feed_url": _calendar_feed_url(request.user),
    }
    return render(request, "courses/min_side.html", context)


def _calendar_feed_url(user) -> str | None:  # type: ignore[no-untyped-def]
    try:
        from courses.calendar import calendar_feed_url
    except ImportError:  # the calendar module arrives separately
        return None
    return calendar_feed_url(user)


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    org_ids = access.approver_organisation_ids(request.user)
    if not org_ids:
        return render(request, "courses/approvals.html", {"not_approver": True}, status=403)
    pending = selectors.pending_approvals(request.user)
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_memberships(page.object_list)
    context = {"page_obj": page, "comment_form": CommentForm(), "reject_form": RejectForm()}
    return render(request, "courses/approvals.html", context)


@login_required
@require_POST
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_for(request.user, pk)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            form = CommentForm(request.POST)
            form.is_valid()
            services.enrolment_approve(
                enrolment=enrolment,
                actor=request.user,
                comment=form.cleaned_data.get("comment", ""),
            )
            messages.success(request, _("%(name)s er godkendt.") % {"name": enrolment.user.name})
        elif decision == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, error_text(ValidationError(form.errors["comment"])))
                return redirect("approvals")
            services.enrolment_reject(
                enrolment=enrolment, actor=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("%(name)s er afvist.") % {"name": enrolment.user.name})
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("approvals")


@login_required
def enrol_colleague(request: HttpRequest) -> HttpResponse:
    if not access.approver_organisation_ids(request.user):
        return render(request, "courses/approvals.html", {"not_approver": True}, status=403)
    # Only the people the person looks after are offered; anyone else is refused by the form.
    memberships = (
        access.looked_after_memberships(request.user)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__first_name", "user__last_name")
    )
    sessions = CourseSession.objects.upcoming().filter(course__live=True).select_related("course")
    form = EnrolColleagueForm(request.POST or None, memberships=memberships, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        session = form.cleaned_data["session"]
        try:
            enrolment = services.enrolment_create(
                user=membership.user,
                course=session.course,
                session=session,
                requested_by=request.user,
                organisation=membership.organisation,
            )
        except ValidationError as error:
            for field, errors in getattr(
                error, "error_dict", {"__all__": error.error_list}
            ).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("%(name)s er tilmeldt (%(status)s).")
                % {"name": membership.user.name, "status": enrolment.get_status_display()},
            )
            return redirect("approvals")
    return render(request, "courses/enrol_colleague.html", {"form": form})


@login_required
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.filter(user=request.user).select_related("course"), pk=pk
    )
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(enrolment=enrolment, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tak for din evaluering."))
            return redirect("min_side")
    return render(request, "courses/evaluate.html", {"form": form, "enrolment": enrolment})
