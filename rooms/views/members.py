"""A room's members: the participant register (deltagerregister) at /rum/<pk>/deltagere/, its
XLSX export (owners), invitations by e-mail through ``core.invitations`` (owners invite and
revoke; the link's page lets an existing or a new account in), roles and removal (owners), and
each member's own settings and leaving.

Views stay thin: the room comes through ``rooms.access`` (404 for non-members), owner actions
are ``require``d from ``actions_for``, every change is one call to ``rooms.services.members``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import invitations
from core.access import require
from core.exports import XLSX_CONTENT_TYPE
from core.submissions import once_per_submission
from core.views import service_refusal
from organisations.access import me
from organisations.forms import InvitationAcceptForm
from rooms import access, selectors
from rooms.exports import register_filename, register_xlsx
from rooms.forms import InviteForm, MySettingsForm, RoleForm
from rooms.models import MemberRole, Room, RoomInvitation, RoomMember
from rooms.services import members as services


def _managed(request: HttpRequest, pk: int) -> Room:
    room = access.get_room_for(request.user, pk)
    require(access.actions_for(request.user, room).can_manage)
    return room


def _register_page(
    request: HttpRequest, room: Room, *, invite_form: InviteForm | None = None, status: int = 200
) -> HttpResponse:
    actions = access.actions_for(request.user, room)
    page, rows = selectors.register_page(room, request.GET.get("page"))
    context: dict[str, Any] = {
        "room": room,
        "tab": "members",
        "actions": actions,
        "page": page,
        "rows": rows,
        "roles": MemberRole.choices,
    }
    if actions.can_manage:
        context["invite_form"] = invite_form or InviteForm()
        context["invitations"] = selectors.open_invitations(room)
    return render(request, "rooms/members/register.html", context, status=status)


@login_required
def members(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_room_for(request.user, pk)
    return _register_page(request, room)


@login_required
def members_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    room = _managed(request, pk)
    response = HttpResponse(register_xlsx(room), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{register_filename(room)}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Invitations ----------------------------------------------------------------------------


@login_required
@require_POST
@once_per_submission
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    room = _managed(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        with service_refusal(form) as refused:
            invitation = services.room_invitation_create(
                room=room, actor=me(request), **form.cleaned_data
            )
        if not refused:
            messages.success(
                request, _("Invitationen er sendt til %(email)s.") % {"email": invitation.email}
            )
            return redirect("rooms:members", pk=room.pk)
    return _register_page(request, room, invite_form=form, status=400)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    room = _managed(request, pk)
    invitation = access.get_invitation_for(request.user, room, invitation_pk)
    with service_refusal(request) as refused:
        services.room_invitation_revoke(invitation=invitation, actor=me(request))
    if not refused:
        messages.success(request, _("Invitationen er trukket tilbage."))
    return redirect("rooms:members", pk=room.pk)


def _welcome(request: HttpRequest, invitation: RoomInvitation, new_account: bool) -> HttpResponse:
    """The same welcome whether the account is new or not: the room is where they go."""
    messages.success(
        request, _("Velkommen i projektrummet %(room)s.") % {"room": invitation.room.title}
    )
    return redirect("rooms:detail", pk=invitation.room_id)


ACCEPT = invitations.AcceptFlow(
    template="rooms/invitations/accept.html",
    wording=services.INVITATION_WORDING,
    form_class=InvitationAcceptForm,
    accept=services.room_invitation_accept,
    welcome=_welcome,
)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: join as the logged-in person, or create an account first."""
    invitation = invitations.get_by_token(RoomInvitation, token, "room__organisation")
    return invitations.accept_page(request, invitation, ACCEPT)


# --- Members (owners) -------------------------------------------------------------------------


@login_required
@require_POST
def member_role(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    room = _managed(request, pk)
    member = access.get_member_for(request.user, room, member_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg en af rollerne."))
        return redirect("rooms:members", pk=room.pk)
    with service_refusal(request) as refused:
        services.member_role_set(member=member, actor=me(request), role=form.cleaned_data["role"])
    if not refused:
        messages.success(request, _("Rollen er ændret for %(name)s.") % {"name": member.user})
    return redirect("rooms:members", pk=room.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    room = _managed(request, pk)
    member = access.get_member_for(request.user, room, member_pk)
    with service_refusal(request) as refused:
        services.member_remove(member=member, actor=me(request))
    if not refused:
        messages.success(request, _("%(name)s er fjernet fra rummet.") % {"name": member.user})
    return redirect("rooms:members", pk=room.pk)


# --- One's own place in the room ----------------------------------------------------------------


def _settings_initial(member: RoomMember | None) -> dict[str, Any]:
    if member is None:
        return {}
    return {
        "function": member.function,
        "show_email": member.show_email,
        "show_phone": member.show_phone,
        "phone": member.phone,
        "forum_notify": member.forum_notify,
    }


@login_required
def my_settings(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_room_for(request.user, pk)
    member = access.membership(request.user, room)
    form = MySettingsForm(request.POST or None, initial=_settings_initial(member))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.member_settings_save(room=room, actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Dine indstillinger i rummet er gemt."))
            return redirect("rooms:members", pk=room.pk)
    context = {"room": room, "tab": "members", "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "rooms/members/my_settings.html", context, status=status)


@login_required
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_room_for(request.user, pk)
    if request.method != "POST":
        return render(request, "rooms/members/leave.html", {"room": room, "tab": "members"})
    with service_refusal(request) as refused:
        services.member_leave(room=room, actor=me(request))
    if refused:
        return redirect("rooms:members", pk=room.pk)
    messages.success(request, _("Du har forladt rummet %(room)s.") % {"room": room.title})
    return redirect("rooms:list")


urlpatterns: list[URLPattern] = [
    path("<int:pk>/deltagere/", members, name="members"),
    path("<int:pk>/deltagere.xlsx", members_xlsx, name="members_xlsx"),
    path("<int:pk>/deltagere/inviter/", invite, name="invite"),
    path(
        "<int:pk>/deltagere/invitation/<int:invitation_pk>/tilbagekald/",
        invitation_revoke,
        name="invitation_revoke",
    ),
    path("<int:pk>/deltagere/<int:member_pk>/rolle/", member_role, name="member_role"),
    path("<int:pk>/deltagere/<int:member_pk>/fjern/", member_remove, name="member_remove"),
    path("<int:pk>/mine-indstillinger/", my_settings, name="my_settings"),
    path("<int:pk>/forlad/", leave, name="leave"),
    path("invitation/<str:token>/", invitation_accept, name="invitation_accept"),
]
