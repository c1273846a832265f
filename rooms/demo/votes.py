"""Demo of the voting room: in the network room, a closed secret vote and an open one.

Idempotent: a vote is found by its room and question before it is made. The ballots go through
the service (so a secret ballot is as anonymous here as anywhere); the closed vote is opened
with a deadline ahead, voted in, and only then given a deadline in the past — directly on the
row, since the service rightly refuses a deadline in the past.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from rooms.models import Vote, VoteOption
from rooms.services import votes as services

if TYPE_CHECKING:
    from organisations.models import User
    from rooms.demo import DemoRooms
    from rooms.models import Room


CLOSED_QUESTION = "Hvilken AlmenVejledning skal vi starte med i 2027?"
CLOSED_OPTIONS = [
    "A3 Fremtidsanalyse",
    "B Projektering",
    "C Udførelse",
    "D Drift og vedligehold",
]
# Who voted for which option (by position); the vote is secret, so the result shows counts only.
CLOSED_BALLOTS = {"peter": 1, "anna": 2, "sara": 1, "bente": 4, "karen": 1}

OPEN_QUESTION = "Næste netværksmøde: fysisk eller online?"
OPEN_OPTIONS = ["Fysisk møde i Aarhus", "Online på Teams"]
OPEN_BALLOTS = {"peter": 1, "anna": 2}


def _cast(vote: Vote, ballots: dict[str, int], people: dict[str, User]) -> None:
    options = {option.position: option.pk for option in VoteOption.objects.filter(vote=vote)}
    for name, position in ballots.items():
        person = people.get(name)
        if person is not None:
            services.vote_cast(vote=vote, voter=person, option_ids=[options[position]])


def _closed_vote(room: Room, owner: User, people: dict[str, User]) -> None:
    if Vote.objects.filter(room=room, question=CLOSED_QUESTION).exists():
        return
    vote = services.vote_create(
        room=room,
        actor=owner,
        question=CLOSED_QUESTION,
        description=(
            "Netværket tager én AlmenVejledning op ad gangen i 2027: kurser, "
            "erfaringsudveksling og et fælles arrangement. Hvilken skal vi begynde med?"
        ),
        options=CLOSED_OPTIONS,
        deadline=timezone.now() + timedelta(days=1),
        secret=True,
    )
    _cast(vote, CLOSED_BALLOTS, people)
    Vote.objects.filter(pk=vote.pk).update(deadline=timezone.now() - timedelta(days=14))


def _open_vote(room: Room, owner: User, people: dict[str, User]) -> None:
    if Vote.objects.filter(room=room, question=OPEN_QUESTION).exists():
        return
    vote = services.vote_create(
        room=room,
        actor=owner,
        question=OPEN_QUESTION,
        description="Vi skiftes normalt, men denne gang bestemmer flertallet.",
        options=OPEN_OPTIONS,
        deadline=timezone.now() + timedelta(days=10),
    )
    _cast(vote, OPEN_BALLOTS, people)


def seed(rooms: DemoRooms) -> None:
    owner = rooms.people["maria"]
    _closed_vote(rooms.network, owner, rooms.people)
    _open_vote(rooms.network, owner, rooms.people)
