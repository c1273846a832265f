"""Writes of rooms (projektrum): create and edit.

Who may create: HR, managers and project leaders in their organisation, network editors for the
network (``rooms.access.may_create_room``). The creator becomes the room's first owner. An
erfaringsgruppe of an organisation meets about at least one of its departments (seed 003).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from onsite.models import BuildingProject
from organisations.models import Department, Organisation, User
from rooms import access
from rooms.models import ActivityVerb, MemberRole, Room, RoomKind, RoomMember
from rooms.services.activity import activity_record


def _check_may_create(actor: User, organisation: Organisation | None) -> None:
    if organisation is None:
        if not access.may_create_network_room(actor):
            raise ValidationError(
                {"organisation": _("Kun netværkets redaktører kan oprette rum for netværket.")}
            )
        return
    allowed = {org.pk for org in access.creatable_organisations(actor)}
    if organisation.pk not in allowed:
        raise ValidationError(
            {"organisation": _("Du kan ikke oprette projektrum for denne organisation.")}
        )


def _check_belongings(
    *,
    kind: str,
    organisation: Organisation | None,
    departments: list[Department],
    project: BuildingProject | None,
) -> None:
    errors: dict[str, list[str]] = {}
    org_id = organisation.pk if organisation is not None else None
    if any(department.organisation_id != org_id for department in departments):
        errors["departments"] = [
            _("Afdelingerne skal høre til rummets organisation.")
            if organisation is not None
            else _("Et rum for netværket hører ikke til afdelinger i én organisation.")
        ]
    elif kind == RoomKind.ERFA and organisation is not None and not departments:
        errors["departments"] = [_("En erfaringsgruppe skal have mindst én afdeling.")]
    if project is not None and project.organisation_id != org_id:
        errors["project"] = [_("Byggesagen skal høre til rummets organisation.")]
    if errors:
        raise ValidationError(errors)


def _check_kind(kind: str) -> None:
    if kind not in RoomKind.values:
        raise ValidationError({"kind": _("Vælg en af typerne.")})


def _clean_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise ValidationError({"title": _("Giv rummet et navn.")})
    return cleaned


@transaction.atomic
def room_create(
    *,
    actor: User,
    title: str,
    kind: str,
    description: str = "",
    organisation: Organisation | None = None,
    departments: Iterable[Department] = (),
    project: BuildingProject | None = None,
) -> Room:
    """Create a room; ``actor`` becomes its owner."""
    _check_may_create(actor, organisation)
    _check_kind(kind)
    title = _clean_title(title)
    chosen = list(departments)
    _check_belongings(kind=kind, organisation=organisation, departments=chosen, project=project)
    room = Room(
        organisation=organisation,
        kind=kind,
        title=title,
        description=description.strip(),
        project=project,
        created_by=actor,
    )
    room.full_clean()
    room.save()
    room.departments.set(chosen)
    RoomMember.objects.create(room=room, user=actor, role=MemberRole.OWNER)
    activity_record(
        room=room,
        actor=actor,
        verb=ActivityVerb.JOINED,
        subject=title,
        path=reverse("rooms:detail", args=[room.pk]),
    )
    log(room, "rooms.room.create", user=actor, data={"title": title})
    return room


@transaction.atomic
def room_update(
    *,
    room: Room,
    actor: User,
    title: str,
    kind: str,
    description: str = "",
    departments: Iterable[Department] = (),
    project: BuildingProject | None = None,
) -> Room:
    """Change a room's name, type, description, departments and building project (owners).

    The organisation stays: who the room belongs to decides who may have created it.
    """
    if not access.is_owner(actor, room):
        raise ValidationError(_("Kun rummets ejere kan rette rummet."))
    _check_kind(kind)
    title = _clean_title(title)
    chosen = list(departments)
    _check_belongings(
        kind=kind, organisation=room.organisation, departments=chosen, project=project
    )
    room.title, room.kind, room.description, room.project = (
        title,
        kind,
        description.strip(),
        project,
    )
    room.full_clean()
    room.save(update_fields=["title", "kind", "description", "project"])
    room.departments.set(chosen)
    log(room, "rooms.room.update", user=actor, data={"title": title})
    return room


__all__ = ["room_create", "room_update"]
