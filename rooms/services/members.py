"""Writes of a room's members: invitations (through the one mechanism, ``core.invitations``),
accepting them, roles, removing, leaving, and each member's own settings in the room.

A room always keeps an owner: the last owner cannot be removed, demoted or leave. Changes that
count owners lock the room's row first, so two owners demoting each other at once cannot leave
the room without one.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from core import invitations
from core.db import save_or_existing
from organisations import services as org_services
from organisations.models import User
from rooms import access
from rooms.models import (
    ActivityVerb,
    ForumNotify,
    MemberRole,
    Room,
    RoomInvitation,
    RoomMember,
)
from rooms.notifications import room_invitation_notify
from rooms.services.activity import activity_record

INVITATION_WORDING = invitations.Wording(
    revoked=gettext_lazy("Invitationen er trukket tilbage. Bed rummets ejer om en ny."),
    expired=gettext_lazy("Invitationen er udløbet. Bed rummets ejer om at sende en ny."),
)

LAST_OWNER = gettext_lazy("Rummet skal have mindst én ejer. Gør en anden til ejer først.")


def _require_owner(actor: User, room: Room, message: str) -> None:
    if not access.is_owner(actor, room):
        raise ValidationError(message)


def _lock_room(room: Room) -> None:
    """Queue changes that count owners (or invite the same address) on the room's row."""
    list(Room.objects.select_for_update().filter(pk=room.pk).values_list("pk"))


def _keep_an_owner(room: Room, *, leaving: RoomMember) -> None:
    others = RoomMember.objects.filter(room=room, role=MemberRole.OWNER).exclude(pk=leaving.pk)
    if not others.exists():
        raise ValidationError(str(LAST_OWNER))


def _check_role(role: str) -> None:
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Vælg en af rollerne.")})


def _room_path(room: Room) -> str:
    return reverse("rooms:members", args=[room.pk])


# --- Invitations ----------------------------------------------------------------------------


@transaction.atomic
def room_invitation_create(
    *,
    room: Room,
    actor: User,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str = MemberRole.MEMBER,
) -> RoomInvitation:
    """Invite anybody by e-mail (other organisations included) into ``room``; e-mail the link."""
    _require_owner(actor, room, _("Kun rummets ejere kan invitere."))
    _check_role(role)
    email = invitations.normalise_email(email)
    _lock_room(room)
    errors: dict[str, list[str]] = {}
    if RoomMember.objects.filter(room=room, user__email__iexact=email).exists():
        errors["email"] = [_("Personen er allerede medlem af rummet.")]
    elif RoomInvitation.objects.open().to_address(email).filter(room=room).exists():
        errors["email"] = [_("Der er allerede sendt en invitation til denne adresse.")]
    if errors:
        raise ValidationError(errors)
    invitation = RoomInvitation(
        room=room,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        invited_by=actor,
    )
    invitation.full_clean()
    invitation.save()
    log(room, "rooms.member.invite", user=actor, data={"email": email, "role": role})
    # Stored with the invitation, delivered by Celery once committed.
    room_invitation_notify(invitation_id=invitation.pk)
    return invitation


def invitation_problem(invitation: RoomInvitation) -> str:
    """Why the invitation cannot be accepted (in Danish), or "" when it can."""
    return invitations.problem(invitation, INVITATION_WORDING)


@transaction.atomic
def room_invitation_accept(
    *,
    token: str,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> RoomMember:
    """Accept an invitation: join the room with the invited role, creating an account if needed.

    The row is locked, so a link clicked twice at once adds one member. A new account gets no
    organisation membership: the person sees the rooms they are invited into.
    """
    invitation = invitations.lock_open(
        RoomInvitation.objects.select_for_update(of=("self",)).select_related("room"),
        token=token,
        wording=INVITATION_WORDING,
    )
    person: User = invitations.accepting_person(
        invitation,
        user=user,
        first_name=first_name,
        last_name=last_name,
        password=password,
        create_account=org_services.user_create,
    )
    room = invitation.room
    member = RoomMember.objects.filter(room=room, user=person).first()
    if member is None:
        member, created = save_or_existing(
            RoomMember(room=room, user=person, role=invitation.role),
            existing=lambda: RoomMember.objects.filter(room=room, user=person).first(),
        )
        if created:
            activity_record(
                room=room, actor=person, verb=ActivityVerb.JOINED, path=_room_path(room)
            )
    invitations.mark_accepted(invitation, person)
    log(room, "rooms.member.join", user=person, data={"email": person.email})
    return member


@transaction.atomic
def room_invitation_revoke(*, invitation: RoomInvitation, actor: User) -> RoomInvitation:
    """Withdraw an invitation that has not been accepted."""
    invitation = RoomInvitation.objects.select_for_update().get(pk=invitation.pk)
    room = Room.objects.get(pk=invitation.room_id)
    _require_owner(actor, room, _("Kun rummets ejere kan trække invitationer tilbage."))
    if invitations.mark_revoked(invitation):
        log(room, "rooms.invitation.revoke", user=actor, data={"email": invitation.email})
    return invitation


# --- Members --------------------------------------------------------------------------------


@transaction.atomic
def member_role_set(*, member: RoomMember, actor: User, role: str) -> RoomMember:
    """Make a member owner, member or guest (owners); never demote the last owner."""
    room = member.room
    _require_owner(actor, room, _("Kun rummets ejere kan ændre roller."))
    _check_role(role)
    _lock_room(room)
    member = RoomMember.objects.select_related("user").get(pk=member.pk)
    if member.role == MemberRole.OWNER and role != MemberRole.OWNER:
        _keep_an_owner(room, leaving=member)
    if member.role != role:
        member.role = role
        member.save(update_fields=["role"])
        log(room, "rooms.member.role", user=actor, data={"member": member.user.email, "role": role})
    return member


@transaction.atomic
def member_remove(*, member: RoomMember, actor: User) -> None:
    """Take a person out of the room (owners); what they wrote stays the room's."""
    room = member.room
    _require_owner(actor, room, _("Kun rummets ejere kan fjerne deltagere."))
    _lock_room(room)
    member = RoomMember.objects.select_related("user").get(pk=member.pk)
    if member.role == MemberRole.OWNER:
        _keep_an_owner(room, leaving=member)
    email = member.user.email
    member.delete()
    log(room, "rooms.member.remove", user=actor, data={"member": email})


@transaction.atomic
def member_leave(*, room: Room, actor: User) -> None:
    """Leave the room (anyone but the last owner)."""
    _lock_room(room)
    member = RoomMember.objects.filter(room=room, user=actor).first()
    if member is None:
        raise ValidationError(_("Du er ikke medlem af rummet."))
    if member.role == MemberRole.OWNER:
        _keep_an_owner(room, leaving=member)
    member.delete()
    activity_record(room=room, actor=actor, verb=ActivityVerb.LEFT)
    log(room, "rooms.member.leave", user=actor, data={"member": actor.email})


@transaction.atomic
def member_settings_save(
    *,
    room: Room,
    actor: User,
    function: str = "",
    show_email: bool = False,
    show_phone: bool = False,
    phone: str = "",
    forum_notify: str = ForumNotify.DAILY,
) -> RoomMember:
    """A member's own settings in the room: function, what the register shows, forum e-mails."""
    member = RoomMember.objects.select_for_update().filter(room=room, user=actor).first()
    if member is None:
        raise ValidationError(_("Du er ikke medlem af rummet."))
    if forum_notify not in ForumNotify.values:
        raise ValidationError({"forum_notify": _("Vælg, hvor ofte du vil have besked.")})
    member.function = " ".join(function.split())
    member.show_email = show_email
    member.show_phone = show_phone
    member.phone = " ".join(phone.split())
    if member.phone and not re.fullmatch(r"\+?[0-9 ()-]{6,30}", member.phone):
        raise ValidationError({"phone": _("Skriv et telefonnummer med cifre, fx 12 34 56 78.")})
    if show_phone and not member.phone:
        raise ValidationError({"phone": _("Skriv det telefonnummer, der skal vises.")})
    member.forum_notify = forum_notify
    member.full_clean()
    member.save(update_fields=["function", "show_email", "show_phone", "phone", "forum_notify"])
    log(room, "rooms.member.settings", user=actor)
    return member


__all__ = [
    "INVITATION_WORDING",
    "invitation_problem",
    "member_leave",
    "member_remove",
    "member_role_set",
    "member_settings_save",
    "room_invitation_accept",
    "room_invitation_create",
    "room_invitation_revoke",
]
