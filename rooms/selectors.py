"""Reads of the project web's rooms and members: the list of my rooms, the room page's recent
activity, the participant register (deltagerregister) and the open invitations.

Every list here runs a fixed number of queries however many rows it has: counts and the latest
activity come as subqueries, a member's organisations and job function come in one prefetch.
The caller got the room from ``rooms.access`` (members only); nothing here checks access.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from onsite.models import BuildingProject
from organisations.models import Department, Membership, Organisation
from rooms import access
from rooms.models import Room, RoomActivity, RoomInvitation, RoomMember

if TYPE_CHECKING:
    from organisations.access import AnyUser

RECENT_ACTIVITY = 20


def _member_count() -> Coalesce:
    counted = (
        RoomMember.objects.filter(room=OuterRef("pk"))
        .order_by()
        .values("room")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _last_activity() -> Subquery:
    latest = RoomActivity.objects.filter(room=OuterRef("pk")).order_by("-created_at", "-pk")
    return Subquery(latest.values("created_at")[:1])


def my_rooms(user: AnyUser) -> QuerySet[Room]:
    """The rooms the person is a member of, with member count and last activity (one query)."""
    return (
        access.rooms_for(user)
        .active()
        .select_related("organisation")
        .annotate(member_count=_member_count(), last_activity=_last_activity())
        .order_by("title", "pk")
    )


def room_departments(room: Room) -> list[Department]:
    return list(room.departments.select_related("organisation").order_by("number", "name"))


def recent_activity(room: Room, limit: int = RECENT_ACTIVITY) -> list[RoomActivity]:
    """The room's latest lines of "what happened lately", newest first."""
    return list(RoomActivity.objects.filter(room=room).select_related("actor")[:limit])


def member_count(room: Room) -> int:
    return RoomMember.objects.filter(room=room).count()


# --- The participant register -----------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    """One line of the deltagerregister: only the contact details the person chose to show."""

    member: RoomMember
    name: str
    organisations: list[str]
    function: str
    role: str
    email: str
    phone: str
    joined_at: datetime


def _register_row(member: RoomMember) -> RegisterRow:
    user = member.user
    memberships: list[Membership] = getattr(user, "active_room_memberships", [])
    job_functions = [m.job_function.name for m in memberships if m.job_function is not None]
    return RegisterRow(
        member=member,
        name=user.name,
        organisations=sorted({m.organisation.name for m in memberships}),
        function=member.function or ", ".join(dict.fromkeys(job_functions)),
        role=member.get_role_display(),
        email=user.email if member.show_email else "",
        # The number the member gave for this room, shown only while they choose to.
        phone=member.phone if member.show_phone else "",
        joined_at=member.joined_at,
    )


def register_members(room: Room) -> QuerySet[RoomMember]:
    """The room's members with what the register shows (three queries, however many)."""
    active = Membership.objects.active().select_related("organisation", "job_function")
    return (
        RoomMember.objects.filter(room=room)
        .select_related("user")
        .prefetch_related(
            Prefetch("user__memberships", queryset=active, to_attr="active_room_memberships")
        )
        .order_by("user__first_name", "user__last_name", "pk")
    )


def register(room: Room) -> list[RegisterRow]:
    """The deltagerregister of ``room``: name, organisations, function, role, chosen contacts."""
    return [_register_row(member) for member in register_members(room)]


REGISTER_PAGE_SIZE = 50


def register_page(room: Room, number: str | None) -> tuple[Page[RoomMember], list[RegisterRow]]:
    """One page of the register (a network room may have hundreds of members) and its rows;
    a page number out of range gives the nearest page."""
    page = Paginator(register_members(room), REGISTER_PAGE_SIZE).get_page(number)
    return page, [_register_row(member) for member in page.object_list]


def open_invitations(room: Room) -> list[RoomInvitation]:
    return list(
        RoomInvitation.objects.open()
        .filter(room=room)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def owner_count(room: Room) -> int:
    return RoomMember.objects.filter(room=room, role="owner").count()


# --- Choices of the room form -------------------------------------------------------------------


def departments_of(organisations: list[Organisation]) -> QuerySet[Department]:
    """The departments a room of these organisations may concern."""
    return (
        Department.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name", "number", "name")
    )


def projects_of(user: AnyUser, organisations: list[Organisation]) -> QuerySet[BuildingProject]:
    """Building projects (byggesager) the person sees, of the organisations they may create in."""
    from onsite.access import projects_for

    return projects_for(user).filter(organisation__in=organisations).order_by("name")


def projects_for_room(user: AnyUser, room: Room) -> QuerySet[BuildingProject]:
    """The building projects an owner may tie the room to: those of the room's organisation the
    person sees, and the one it is tied to now (kept even if the owner cannot see it)."""
    from django.db.models import Q

    from onsite.access import projects_for

    if room.organisation_id is None:
        return BuildingProject.objects.none()
    visible = projects_for(user).filter(organisation_id=room.organisation_id).values("pk")
    return BuildingProject.objects.filter(Q(pk__in=visible) | Q(pk=room.project_id or 0)).order_by(
        "name"
    )
