"""Organisation pages for members, and invitations for HR and managers.

Views stay thin: access through ``organisations.access``, writes through ``services``.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors
from organisations import access, services
from organisations.forms import InvitationAcceptForm, InvitationForm
from organisations.models import Invitation

PAGE_SIZE = 50


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = (
        access.organisations_for(request.user)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "organisations/organisation_list.html", {"page": page})


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_user(request.user, pk)
    # Members of the viewer's department (and the department-less) only, unless HR: see access.
    members = access.memberships_for(request.user).filter(organisation=organisation).for_listing()
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("side"))
    departments = organisation.departments.annotate(
        member_count=Count("memberships", distinct=True)
    )
    context = {
        "organisation": organisation,
        "page": page,
        "departments": departments,
        "can_invite": access.can_invite(request.user, organisation),
        "members_limited": not access.sees_all_members(request.user, organisation),
    }
    return render(request, "organisations/organisation_detail.html", context)


@login_required
def department_detail(request: HttpRequest, pk: int, department_pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_user(request.user, pk)
    department = access.get_department_for_user(request.user, organisation, department_pk)
    # The department itself is organisation structure; its members follow ``memberships_for``.
    members = access.memberships_for(request.user).filter(department=department).for_listing()
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {
        "organisation": organisation,
        "department": department,
        "page": page,
        "members_limited": not access.sees_all_members(request.user, organisation),
    }
    return render(request, "organisations/department_detail.html", context)


@login_required
def invitation_list(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_inviter(request.user, pk)
    form = InvitationForm(
        request.POST or None,
        organisation=organisation,
        department_scope=access.department_scope(request.user, organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Invitationen er sendt til %(email)s.") % {"email": invitation.email}
            )
            return redirect("organisations:invitations", pk=organisation.pk)
    invitations = (
        access.invitations_for(request.user)
        .filter(organisation=organisation)
        .select_related("invited_by", "job_function", "department")
    )
    page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {"organisation": organisation, "form": form, "page": page}
    return render(request, "organisations/invitation_list.html", context)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_inviter(request.user, pk)
    invitation = get_object_or_404(
        access.invitations_for(request.user), organisation=organisation, pk=invitation_pk
    )
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitationen er trukket tilbage."))
    return redirect("organisations:invitations", pk=organisation.pk)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: join as a new person, or as the logged-in one."""
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    template = "organisations/invitation_accept.html"
    try:
        services.invitation_check(invitation=invitation)
    except ValidationError as error:
        return render(request, template, {"invitation": invitation, "problem": error.messages[0]})

    if request.user.is_authenticated:
        return _accept_as_logged_in(request, invitation)
    from organisations.models import User

    if User.objects.filter(email__iexact=invitation.email).exists():
        return render(request, template, {"invitation": invitation, "existing_account": True})

    initial = {"first_name": invitation.first_name, "last_name": invitation.last_name}
    form = InvitationAcceptForm(request.POST or None, initial=initial, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            return render(
                request, template, {"invitation": invitation, "problem": error.messages[0]}
            )
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Velkommen til %(org)s på AlmenLæring.") % {"org": invitation.organisation.name},
        )
        return redirect("/")
    return render(request, template, {"invitation": invitation, "form": form})


def _accept_as_logged_in(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    template = "organisations/invitation_accept.html"
    if request.method != "POST":
        return render(request, template, {"invitation": invitation, "confirm": True})
    try:
        services.invitation_accept(token=invitation.token, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        return render(request, template, {"invitation": invitation, "problem": error.messages[0]})
    messages.success(
        request, _("Du er nu medlem af %(org)s.") % {"org": invitation.organisation.name}
    )
    return redirect("organisations:detail", pk=invitation.organisation.pk)
