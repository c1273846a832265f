"""The two demo rooms and their members, made through the services.

- *AlmenLæring – programmets udviklingsprojekt*: the network's room (no organisation), owned by
  Maria (network coordinator), with Peter (Fjordbo), Anna (Nordlys Bolig), Sara (Engparken) and
  Bente (AlmenProces) as members and Karen (Fjordbo) as guest: four organisations besides the
  network's secretariat.
- *ERFA-gruppe Fjordparken*: Fjordbo's erfaringsgruppe for department 101, owned by Henrik, with
  Peter, Karen, Amina and Birthe.

Members come in the way real people do: an owner invites them, they accept. Idempotent: a room
is found by its title, a person who is already a member is left alone.
"""

from __future__ import annotations

from organisations.models import Department, Organisation, User
from rooms.demo import DemoRooms
from rooms.models import MemberRole, Room, RoomKind, RoomMember
from rooms.services.members import (
    member_settings_save,
    room_invitation_accept,
    room_invitation_create,
)
from rooms.services.rooms import room_create

NETWORK_TITLE = "AlmenLæring – programmets udviklingsprojekt"
ERFA_TITLE = "ERFA-gruppe Fjordparken"
FJORDBO = "Boligselskabet Fjordbo"

PEOPLE = {
    "maria": "maria@almennet.example",
    "peter": "peter@fjordbo.example",
    "anna": "anna@nordlys.example",
    "sara": "sara@engparken.example",
    "bente": "bente@almenproces.example",
    "karen": "karen@fjordbo.example",
    "henrik": "henrik@fjordbo.example",
    "amina": "amina@fjordbo.example",
    "birthe": "birthe@fjordbo.example",
}

NETWORK_DESCRIPTION = (
    "Programmets eget udviklingsprojekt: her arbejder netværkssekretariatet sammen med "
    "boligorganisationer og en rådgiver om, hvordan AlmenLæring bliver brugt ude i afdelingerne. "
    "Rummet er lukket – kun deltagerne ser det."
)
ERFA_DESCRIPTION = (
    "Erfaringsgruppe for medarbejderne i Fjordparken (afdeling 101): projektleder, "
    "boligsocial medarbejder, drift og udlejning mødes og lærer af hinandens erfaringer."
)

# (first name, role, function in the room, shows e-mail, shows phone)
NETWORK_MEMBERS = (
    ("peter", MemberRole.MEMBER, "Projektleder, Boligselskabet Fjordbo", True, False),
    ("anna", MemberRole.MEMBER, "Projektleder, Nordlys Bolig", True, True),
    ("sara", MemberRole.MEMBER, "Driftschef, Engparken", False, False),
    ("bente", MemberRole.MEMBER, "Procesrådgiver", True, False),
    ("karen", MemberRole.GUEST, "Ejendomsfunktionær, følger projektet", False, False),
)
ERFA_MEMBERS = (
    ("peter", MemberRole.MEMBER, "Projektleder, renovering", True, False),
    ("karen", MemberRole.MEMBER, "Ejendomsfunktionær", True, False),
    ("amina", MemberRole.MEMBER, "Boligsocial medarbejder", True, True),
    ("birthe", MemberRole.MEMBER, "Udlejning", False, False),
)


def _people() -> dict[str, User]:
    found = {user.email: user for user in User.objects.filter(email__in=PEOPLE.values())}
    return {name: found[email] for name, email in PEOPLE.items() if email in found}


def _join(
    room: Room,
    owner: User,
    person: User,
    *,
    role: str,
    function: str,
    show_email: bool,
    show_phone: bool,
) -> None:
    if RoomMember.objects.filter(room=room, user=person).exists():
        return
    invitation = room_invitation_create(
        room=room,
        actor=owner,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        role=role,
    )
    room_invitation_accept(token=invitation.token, user=person)
    # A member who shows a phone number must give one (the service refuses an empty one).
    phone = f"20 30 40 {person.pk % 100:02d}" if show_phone else ""
    member_settings_save(
        room=room,
        actor=person,
        function=function,
        show_email=show_email,
        show_phone=show_phone,
        phone=phone,
    )


def _network_room(people: dict[str, User]) -> Room:
    owner = people["maria"]
    room = Room.objects.filter(title=NETWORK_TITLE, organisation__isnull=True).first()
    if room is None:
        room = room_create(
            actor=owner,
            title=NETWORK_TITLE,
            kind=RoomKind.DEVELOPMENT,
            description=NETWORK_DESCRIPTION,
        )
        member_settings_save(
            room=room, actor=owner, function="Netværkskoordinator", show_email=True
        )
    for name, role, function, email, phone in NETWORK_MEMBERS:
        _join(
            room,
            owner,
            people[name],
            role=role,
            function=function,
            show_email=email,
            show_phone=phone,
        )
    return room


def _erfa_room(people: dict[str, User]) -> Room:
    owner = people["henrik"]
    fjordbo = Organisation.objects.get(name=FJORDBO)
    room = Room.objects.filter(title=ERFA_TITLE, organisation=fjordbo).first()
    if room is None:
        room = room_create(
            actor=owner,
            title=ERFA_TITLE,
            kind=RoomKind.ERFA,
            description=ERFA_DESCRIPTION,
            organisation=fjordbo,
            departments=Department.objects.filter(organisation=fjordbo, number="101"),
        )
        member_settings_save(
            room=room, actor=owner, function="Projektleder, boligsocial helhedsplan"
        )
    for name, role, function, email, phone in ERFA_MEMBERS:
        _join(
            room,
            owner,
            people[name],
            role=role,
            function=function,
            show_email=email,
            show_phone=phone,
        )
    return room


def seed_rooms() -> DemoRooms:
    """The two demo rooms with their members (after the organisations' demo)."""
    people = _people()
    return DemoRooms(network=_network_room(people), erfa=_erfa_room(people), people=people)
