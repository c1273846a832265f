"""Organisation pages for members, and invitations for HR and managers.

Views stay thin: rows and permissions from ``organisations.access`` (404 outside the person's
reach), lists from ``organisations.selectors``, writes through ``services``; the invitation link's
page is the kernel's (``core.invitations``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import invitations
from core.views import service_refusal
from organisations import access, selectors, services
from organisations.access import me
from organisations.forms import InvitationAcceptForm, InvitationForm
from organisations.models import Invitation

PAGE_SIZE = 50


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisation_list(request.user)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "organisations/organisation_list.html", {"page": page})


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_user(request.user, pk)
    # Members of the viewer's department (and the department-less) only, unless HR: see access.
    members = selectors.organisation_members(request.user, organisation)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {
        "organisation": organisation,
        "page": page,
        "departments": selectors.departments_with_counts(organisation),
        "actions": access.actions_for(request.user, organisation),
    }
    return render(request, "organisations/organisation_detail.html", context)


@login_required
def department_detail(request: HttpRequest, pk: int, department_pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_user(request.user, pk)
    department = access.get_department_for_user(request.user, organisation, department_pk)
    # The department itself is organisation structure; its members follow ``memberships_for``.
    members = selectors.department_members(request.user, department)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {
        "organisation": organisation,
        "department": department,
        "page": page,
        "actions": access.actions_for(request.user, organisation),
    }
    return render(request, "organisations/department_detail.html", context)


@login_required
def invitation_list(request: HttpRequest, pk: int) -> HttpResponse:
    # Not an inviter here: 404, as for an organisation the person cannot see (the tests' rule).
    organisation = access.get_organisation_for_inviter(request.user, pk)
    actions = access.actions_for(request.user, organisation)
    form = InvitationForm(
        request.POST or None,
        organisation=organisation,
        department_scope=actions.invite_department_id,
    )
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            invitation = services.invitation_create(
                organisation=organisation, invited_by=me(request), **form.cleaned_data
            )
        if not refused:
            messages.success(
                request, _("Invitationen er sendt til %(email)s.") % {"email": invitation.email}
            )
            return redirect("organisations:invitations", pk=organisation.pk)
    invitations_shown = selectors.organisation_invitations(request.user, organisation)
    page = Paginator(invitations_shown, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {"organisation": organisation, "form": form, "page": page, "actions": actions}
    return render(request, "organisations/invitation_list.html", context)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_inviter(request.user, pk)
    invitation = access.get_invitation_for(request.user, organisation, invitation_pk)
    with service_refusal(request) as refused:
        services.invitation_revoke(invitation=invitation, actor=me(request))
    if not refused:
        messages.success(request, _("Invitationen er trukket tilbage."))
    return redirect("organisations:invitations", pk=organisation.pk)


def _welcome(request: HttpRequest, invitation: Invitation, new_account: bool) -> HttpResponse:
    name = invitation.organisation.name
    if new_account:
        messages.success(request, _("Velkommen til %(org)s på AlmenLæring.") % {"org": name})
        return redirect("/")
    messages.success(request, _("Du er nu medlem af %(org)s.") % {"org": name})
    return redirect("organisations:detail", pk=invitation.organisation_id)


ACCEPT = invitations.AcceptFlow(
    template="organisations/invitation_accept.html",
    wording=services.WORDING,
    form_class=InvitationAcceptForm,
    accept=services.invitation_accept,
    welcome=_welcome,
)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: join as a new person, or as the logged-in one."""
    invitation = invitations.get_by_token(Invitation, token, "organisation")
    return invitations.accept_page(request, invitation, ACCEPT)
