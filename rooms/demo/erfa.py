"""Demo of the erfaringsgruppe at Fjordparken (seed 003): two past ERFA meetings, four aftaler
noted at them (two open, one done, one open past its deadline) and one good story shared with
the sector as a lesson.

Idempotent: meetings are found by room and title, agreements by room and text, the lesson by
its title; a second run changes nothing.
"""

from __future__ import annotations

import datetime
from typing import Protocol

from django.utils import timezone

from competencies.models import Guide
from onsite.models import Lesson
from onsite.models.lessons import LessonSource
from organisations.models import User
from rooms.models import Agreement, AgreementStatus, Meeting, Room
from rooms.services import erfa as services


class _Rooms(Protocol):
    """What this part needs of ``rooms.demo.DemoRooms``."""

    erfa: Room
    people: dict[str, User]


# (title, days before today, agenda)
MEETINGS = (
    (
        "ERFA-møde 1: Hvad kan de andre?",
        42,
        "Præsenter din kollega. Hvad laver en boligsocial projektleder, en fysisk projektleder "
        "og en driftsmedarbejder? Aftaler om genhusning og fællesarealer.",
    ),
    (
        "ERFA-møde 2: Beboerdemokrati og eksterne aktører",
        14,
        "Opfølgning på aftalerne fra sidste møde. Aftaler om beboerdemokrati og eksterne aktører.",
    ),
)

# (meeting index, what, responsible, days from today to the deadline, status, follow-up)
AGREEMENTS = (
    (
        0,
        "Driften og den boligsociale medarbejder laver en fælles tjekliste til genhusningen: "
        "hvem kontakter beboerne, og hvem hjælper særligt svage beboere med nedpakningen.",
        "peter",
        14,
        AgreementStatus.OPEN,
        "",
    ),
    (
        0,
        "Udlejningen giver driften besked, så snart en genhusningsbolig bliver ledig.",
        "amina",
        -21,
        AgreementStatus.DONE,
        "Sker nu med en fast besked hver mandag; driften har haft boligerne klar i tide.",
    ),
    (
        1,
        "Afdelingsbestyrelsen inviteres til et netværksmøde om renoveringen, så "
        "forventningerne afstemmes med beboerdemokratiet.",
        "birthe",
        -3,
        AgreementStatus.OPEN,
        "",
    ),
    (
        1,
        "Vi undersøger, om kælderlokalet kan bruges som fælleslokale under renoveringen, og "
        "spørger den lokale forening, om de vil være med.",
        "karen",
        30,
        AgreementStatus.OPEN,
        "",
    ),
)

LESSON_TITLE = "Væggen der blev flyttet"
LESSON = {
    "summary": (
        "I projekteringen af renoveringen skulle en væg i fælleshuset rives ned. På et møde i "
        "erfaringsgruppen fortalte driften, at beboerne brugte netop det hjørne til "
        "lektiecafé og strikkeklub. Væggen blev flyttet en meter i stedet."
    ),
    "what_we_learned": (
        "Driften og den boligsociale indsats kender beboerne indgående; byggeafdelingen ser "
        "bygningen. Når de mødes fast, bliver mange ubevidste aftaler synlige, før de bliver "
        "til dyre ændringer."
    ),
    "do_differently": (
        "Vi holder erfaringsgruppemøde før hver projekteringsfase og noterer aftalerne med "
        "ansvarlig og frist."
    ),
}


def _meetings(room: Room, owner: User) -> list[Meeting]:
    today = timezone.localdate()
    meetings: list[Meeting] = []
    for title, days_ago, agenda in MEETINGS:
        meeting = Meeting.objects.filter(room=room, title=title).first()
        if meeting is None:
            day = today - datetime.timedelta(days=days_ago)
            starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(13, 0)))
            meeting = Meeting.objects.create(
                room=room,
                title=title,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                place="Fjordparken, fælleshuset",
                agenda=agenda,
                created_by=owner,
            )
        meetings.append(meeting)
    return meetings


def _agreements(room: Room, owner: User, people: dict[str, User], meetings: list[Meeting]) -> None:
    today = timezone.localdate()
    for index, what, who, days, status, follow_up in AGREEMENTS:
        if Agreement.objects.filter(room=room, what=what).exists():
            continue
        due_on = today + datetime.timedelta(days=days)
        agreement = services.agreement_create(
            room=room,
            actor=owner,
            what=what,
            responsible=people.get(who),
            due_on=due_on,
            meeting=meetings[index],
        )
        if status != AgreementStatus.OPEN:
            services.agreement_update(
                agreement=agreement,
                actor=owner,
                what=what,
                status=status,
                follow_up=follow_up,
                responsible=agreement.responsible,
                due_on=due_on,
                meeting=agreement.meeting,
            )


def _lesson(room: Room, owner: User) -> None:
    shared = Lesson.objects.filter(
        source=LessonSource.GROUP, organisation=room.organisation, title=LESSON_TITLE
    )
    if room.organisation is None or shared.exists():
        return
    services.lesson_share(
        room=room,
        actor=owner,
        title=LESSON_TITLE,
        guide=Guide.objects.filter(code="A2").first(),
        **LESSON,
    )


def seed(rooms: _Rooms) -> None:
    room = rooms.erfa
    owner = rooms.people["henrik"]
    meetings = _meetings(room, owner)
    _agreements(room, owner, rooms.people, meetings)
    _lesson(room, owner)
