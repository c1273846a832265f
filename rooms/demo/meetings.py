"""Demo meetings: the network room's development project has two past meetings with minutes and
replies and one coming meeting with an agenda; the ERFA group at Fjordparken one past meeting
with minutes and one coming.

Idempotent: a meeting is found by its room and title before it is made. The rows are written
directly (not through the services), so seeding sends no invitations to the demo people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from organisations.models import User
from rooms.models import ActivityVerb, Attendance, Meeting, MeetingReply, Room
from rooms.services.activity import activity_record

TZ = ZoneInfo("Europe/Copenhagen")


class DemoRooms(Protocol):
    """What ``rooms.demo.DemoRooms`` (H1) gives every part's ``seed``."""

    network: Room
    erfa: Room
    people: dict[str, User]


@dataclass(frozen=True)
class DemoMeeting:
    title: str
    days: int  # from today: negative in the past
    start: time
    end: time
    place: str = ""
    online_url: str = ""
    agenda: str = ""
    minutes: str = ""
    # first name → "yes" / "no"
    replies: tuple[tuple[str, str], ...] = ()


YES, NO = Attendance.YES.value, Attendance.NO.value

NETWORK = (
    DemoMeeting(
        title="Opstartsmøde i udviklingsprojektet",
        days=-42,
        start=time(10, 0),
        end=time(12, 0),
        place="Boligselskabet Fjordbo, mødelokalet",
        agenda=(
            "1. Velkommen og præsentation af deltagerne\n"
            "2. Projektets formål og tidsplan\n"
            "3. Hvem gør hvad i første fase\n"
            "4. Næste møde"
        ),
        minutes=(
            "Deltagerne præsenterede sig og deres organisationer.\n"
            "Formålet blev drøftet: at samle erfaringer fra kurser og projekter ét sted, så "
            "de kan bruges på tværs af boligorganisationerne.\n"
            "Aftalt: Peter og Anna beskriver hver et forløb fra egen organisation til næste "
            "møde. Bente samler dokumenterne i rummet."
        ),
        replies=(("peter", YES), ("anna", YES), ("sara", NO), ("bente", YES)),
    ),
    DemoMeeting(
        title="Statusmøde: erfaringer fra de første afdelinger",
        days=-14,
        start=time(13, 0),
        end=time(14, 30),
        online_url="https://moede.almennet.example/statusmoede",
        agenda=(
            "1. Peter og Anna fortæller om deres forløb\n2. Hvad kan andre bruge?\n3. Eventuelt"
        ),
        minutes=(
            "Peter fortalte om samdriften i Fjordbo, Anna om beboerinddragelsen i Nordlys.\n"
            "Begge forløb lægges op som erfaringer, når deltagerne har godkendt teksten.\n"
            "Sara deltog for første gang og tager erfaringerne med til Engparken."
        ),
        replies=(("peter", YES), ("anna", YES), ("sara", YES), ("bente", NO)),
    ),
    DemoMeeting(
        title="Styregruppemøde: plan for anden projektfase",
        days=10,
        start=time(13, 0),
        end=time(15, 0),
        place="Boligselskabet Fjordbo, mødelokalet",
        online_url="https://moede.almennet.example/styregruppe",
        agenda=(
            "1. Opfølgning på aftaler fra statusmødet\n"
            "2. Plan for anden fase: flere afdelinger og et fælles seminar\n"
            "3. Økonomi og tidsplan\n"
            "4. Eventuelt"
        ),
        replies=(("peter", YES), ("anna", YES)),
    ),
)

ERFA = (
    DemoMeeting(
        title="ERFA-møde: fraflytninger og istandsættelse",
        days=-21,
        start=time(9, 0),
        end=time(11, 0),
        place="Fælleshuset, Fjordparken",
        agenda=(
            "1. Runde: hvad fylder lige nu?\n"
            "2. Fraflytningssyn og istandsættelse — hvor går det galt?\n"
            "3. Aftaler til næste gang"
        ),
        minutes=(
            "Runden viste, at fraflytningssyn med kort varsel giver flest klager.\n"
            "Driften og udlejningen aftalte at melde syn ud en uge før.\n"
            "Amina tager en tjekliste for syn med til næste møde."
        ),
        replies=(("peter", YES), ("karen", YES), ("amina", YES), ("birthe", NO)),
    ),
    DemoMeeting(
        title="ERFA-møde: beboerhenvendelser i driften",
        days=21,
        start=time(9, 0),
        end=time(11, 0),
        place="Fælleshuset, Fjordparken",
        agenda=(
            "1. Opfølgning på aftalerne fra sidst\n"
            "2. Tjeklisten for fraflytningssyn\n"
            "3. Hvordan tager vi imod beboerhenvendelser?"
        ),
        replies=(("karen", YES),),
    ),
)


def _at(days: int, clock: time) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, clock, tzinfo=TZ)


def _owner(room: Room) -> User | None:
    member = room.members.filter(role="owner").select_related("user").first()
    return member.user if member else None


def _seed_meeting(room: Room, spec: DemoMeeting, people: dict[str, User]) -> Meeting:
    meeting = Meeting.objects.filter(room=room, title=spec.title).first()
    if meeting is not None:
        return meeting
    owner = _owner(room)
    past = spec.days < 0
    meeting = Meeting.objects.create(
        room=room,
        title=spec.title,
        starts_at=_at(spec.days, spec.start),
        ends_at=_at(spec.days, spec.end),
        place=spec.place,
        online_url=spec.online_url,
        agenda=spec.agenda,
        minutes=spec.minutes if past else "",
        minutes_at=_at(spec.days, spec.end) + timedelta(days=1) if past and spec.minutes else None,
        created_by=owner,
    )
    path = reverse("rooms:meeting", kwargs={"pk": room.pk, "m": meeting.pk})
    activity_record(
        room=room, actor=owner, verb=ActivityVerb.MEETING, subject=spec.title, path=path
    )
    if meeting.minutes:
        activity_record(
            room=room,
            actor=owner,
            verb=ActivityVerb.MINUTES,
            subject=f"Referat: {spec.title}",
            path=path,
        )
    for name, answer in spec.replies:
        person = people.get(name)
        if person is not None and room.members.filter(user=person).exists():
            MeetingReply.objects.get_or_create(
                meeting=meeting, user=person, defaults={"answer": answer}
            )
    return meeting


def seed(rooms: DemoRooms) -> None:
    for spec in NETWORK:
        _seed_meeting(rooms.network, spec, rooms.people)
    for spec in ERFA:
        _seed_meeting(rooms.erfa, spec, rooms.people)
