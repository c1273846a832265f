"""The voting room: once per person (held by the database), change until the deadline, nothing
after it, a secret vote that no row, page or workbook can tie to a person, results live or
after close, bad input refused beside the field, and 404 for anyone outside the room."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from organisations.models import User
from rooms.demo import DemoRooms
from rooms.demo import votes as demo
from rooms.models import (
    ActivityVerb,
    Ballot,
    MemberRole,
    Room,
    RoomActivity,
    RoomKind,
    RoomMember,
    Vote,
    VoteOption,
    VoteParticipation,
)
from rooms.services import votes as services
from tests.factories import OrganisationFactory, person

pytestmark = pytest.mark.django_db


# --- Fixtures ---------------------------------------------------------------------------------


@dataclass
class World:
    room: Room
    other_room: Room
    owner: User
    member: User
    guest: User
    outsider: User


@pytest.fixture
def world() -> World:
    fjordbo = OrganisationFactory.create(name="Fjordbo")
    nordlys = OrganisationFactory.create(name="Nordlys")
    owner = person("maja@fjordbo.example", fjordbo, ["staff"], "Maja", "Ejersen")
    member = person("peder@nordlys.example", nordlys, ["staff"], "Peder", "Medlemsen")
    guest = person("kirsten@fjordbo.example", fjordbo, ["staff"], "Kirsten", "Gæstesen")
    outsider = person("olga@nordlys.example", nordlys, ["staff"], "Olga", "Udenforsen")
    room = Room.objects.create(kind=RoomKind.NETWORK, title="Udviklingsprojektet")
    other_room = Room.objects.create(kind=RoomKind.ERFA, title="Andet rum", organisation=nordlys)
    for user, role in ((owner, MemberRole.OWNER), (member, MemberRole.MEMBER)):
        RoomMember.objects.create(room=room, user=user, role=role)
    RoomMember.objects.create(room=room, user=guest, role=MemberRole.GUEST)
    RoomMember.objects.create(room=other_room, user=outsider, role=MemberRole.OWNER)
    return World(room, other_room, owner, member, guest, outsider)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_vote(world: World, room: Room | None = None, **extra: Any) -> Vote:
    values: dict[str, Any] = {
        "question": "Fysisk eller online?",
        "options": ["Fysisk", "Online", "Begge dele"],
        "deadline": timezone.now() + timedelta(days=7),
    }
    values.update(extra)
    return services.vote_create(room=room or world.room, actor=world.owner, **values)


def option(vote: Vote, label: str) -> VoteOption:
    return VoteOption.objects.get(vote=vote, label=label)


def past_deadline(vote: Vote) -> None:
    Vote.objects.filter(pk=vote.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    vote.refresh_from_db()


def results_section(html: str) -> str:
    found = re.search(r'id="resultat".*?</section>', html, re.S)
    assert found is not None
    return found.group(0)


def workbook_text(content: bytes) -> str:
    book = load_workbook(BytesIO(content))
    return " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def url(name: str, vote: Vote) -> str:
    return reverse(f"rooms:{name}", kwargs={"pk": vote.room_id, "v": vote.pk})


# --- Opening a vote ---------------------------------------------------------------------------


def test_an_owner_opens_a_vote_with_options_in_order_and_an_activity_line(world: World) -> None:
    vote = open_vote(world, description="Baggrund")
    assert [o.label for o in vote.options.order_by("position")] == [
        "Fysisk",
        "Online",
        "Begge dele",
    ]
    line = RoomActivity.objects.get(room=world.room)
    assert line.verb == ActivityVerb.VOTE and line.subject == vote.question
    assert line.path == url("vote", vote)
    assert ModelLogEntry.objects.filter(action="rooms.vote.create").count() == 1


def test_the_create_page_opens_a_vote_from_danish_date_and_time(world: World) -> None:
    day = (timezone.localdate() + timedelta(days=3)).strftime("%d.%m.%Y")
    response = logged_in(world.owner).post(
        reverse("rooms:vote_create", kwargs={"pk": world.room.pk}),
        {
            "question": "Hvornår holder vi temadag?",
            "options": "Marts\nApril\n\n",
            "deadline_date": day,
            "deadline_time": "12.00",
            "secret": "on",
        },
    )
    vote = Vote.objects.get(question="Hvornår holder vi temadag?")
    assert response.status_code == 302 and response["Location"] == url("vote", vote)
    assert vote.secret and not vote.multiple
    assert timezone.localtime(vote.deadline).strftime("%d.%m.%Y %H:%M") == f"{day} 12:00"
    assert vote.options.count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"options": "Kun én"}, "options", "mindst to svarmuligheder"),
        ({"options": "Ja\nja "}, "options", "står der to gange"),
        ({"options": "\n".join(f"Mulighed {n}" for n in range(21))}, "options", "højst have 20"),
        ({"deadline_date": "01.01.2020"}, "deadline_date", "Fristen er overskredet"),
        ({"deadline_date": "31.02.2030"}, "deadline_date", "gyldig dato"),
        ({"question": "   "}, "question", "Skriv spørgsmålet"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_kept(
    world: World, changes: dict[str, str], field: str, message: str
) -> None:
    data = {
        "question": "Skal vi mødes i Aarhus?",
        "options": "Ja\nNej",
        "deadline_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "deadline_time": "12:00",
        "description": "Min baggrundstekst",
    }
    data.update(changes)
    response = logged_in(world.owner).post(
        reverse("rooms:vote_create", kwargs={"pk": world.room.pk}), data
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert "Min baggrundstekst" in response.content.decode()  # the input is kept
    assert not Vote.objects.exists() and not VoteOption.objects.exists()


def test_members_and_guests_may_not_open_close_or_export(world: World) -> None:
    vote = open_vote(world, live_results=True)
    for user in (world.member, world.guest):
        client = logged_in(user)
        assert (
            client.get(reverse("rooms:vote_create", kwargs={"pk": world.room.pk})).status_code
            == 403
        )
        assert client.post(url("vote_close", vote)).status_code == 403
        assert client.get(url("vote_results_xlsx", vote)).status_code == 403
    vote.refresh_from_db()
    assert vote.closed_at is None


# --- Casting and changing ---------------------------------------------------------------------


def test_an_open_ballot_names_its_voter_and_a_second_cast_changes_it(world: World) -> None:
    vote = open_vote(world)
    first = services.vote_cast(
        vote=vote, voter=world.member, option_ids=[option(vote, "Fysisk").pk]
    )
    assert first.voter == world.member and first.cast_at is not None
    assert first.receipt == services.receipt(vote, world.member)

    second = services.vote_cast(
        vote=vote, voter=world.member, option_ids=[option(vote, "Online").pk]
    )
    assert second.pk == first.pk
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert VoteParticipation.objects.filter(vote=vote, user=world.member).count() == 1
    assert [o.label for o in Ballot.objects.get(vote=vote).options.all()] == ["Online"]
    actions = list(
        ModelLogEntry.objects.filter(action__startswith="rooms.vote.c").values_list(
            "action", "data"
        )
    )
    assert ("rooms.vote.change", {"options": ["Online"]}) in actions


def test_the_database_holds_one_ballot_per_person(world: World) -> None:
    vote = open_vote(world)
    Ballot.objects.create(vote=vote, receipt=services.receipt(vote, world.member))
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(vote=vote, receipt=services.receipt(vote, world.member))


def test_a_simultaneous_twin_is_refused_and_leaves_one_ballot(world: World) -> None:
    """The twin's ballot is not visible to the lookup (uncommitted); the constraint decides."""
    vote = open_vote(world)
    fysisk = option(vote, "Fysisk").pk
    services.vote_cast(vote=vote, voter=world.member, option_ids=[fysisk])
    unseen = mock.Mock()
    unseen.filter.return_value.first.return_value = None
    with mock.patch.object(Ballot.objects, "select_for_update", return_value=unseen):
        with pytest.raises(ValidationError) as caught:
            services.vote_cast(vote=vote, voter=world.member, option_ids=[fysisk])
    assert "Du har allerede stemt" in caught.value.messages[0]
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert VoteParticipation.objects.filter(vote=vote).count() == 1


def test_voting_after_the_deadline_or_after_close_is_refused(world: World) -> None:
    vote = open_vote(world)
    fysisk = option(vote, "Fysisk").pk
    services.vote_cast(vote=vote, voter=world.member, option_ids=[fysisk])
    past_deadline(vote)
    with pytest.raises(ValidationError, match="Fristen for afstemningen er overskredet"):
        services.vote_cast(vote=vote, voter=world.member, option_ids=[option(vote, "Online").pk])
    assert [o.label for o in Ballot.objects.get(vote=vote).options.all()] == ["Fysisk"]

    closed = open_vote(world, question="Lukket?")
    services.vote_close(vote=closed, actor=world.owner)
    response = logged_in(world.guest).post(
        url("vote_cast", closed), {"options": [str(option(closed, "Fysisk").pk)]}
    )
    assert response.status_code == 400
    assert "Afstemningen er lukket" in response.content.decode()
    assert not Ballot.objects.filter(vote=closed).exists()
    with pytest.raises(ValidationError, match="allerede slut"):
        services.vote_close(vote=closed, actor=world.owner)
    assert RoomActivity.objects.filter(verb=ActivityVerb.VOTE_CLOSED).count() == 1


def test_bad_ballots_are_refused_beside_the_options(world: World) -> None:
    vote = open_vote(world)
    other = open_vote(world, question="En anden afstemning")
    client = logged_in(world.member)
    two = [str(option(vote, "Fysisk").pk), str(option(vote, "Online").pk)]
    response = client.post(url("vote_cast", vote), {"options": two})
    assert response.status_code == 400
    assert "kun vælge én" in str(response.context["form"].errors["options"])

    response = client.post(url("vote_cast", vote), {"options": [str(option(other, "Fysisk").pk)]})
    assert response.status_code == 400 and response.context["form"].errors["options"]
    response = client.post(url("vote_cast", vote), {})
    assert response.status_code == 400 and response.context["form"].errors["options"]
    with pytest.raises(ValidationError, match="egne svarmuligheder"):
        services.vote_cast(vote=vote, voter=world.member, option_ids=[option(other, "Online").pk])
    assert not Ballot.objects.exists() and not VoteParticipation.objects.exists()


def test_a_multiple_choice_ballot_keeps_every_choice_and_the_page_shows_mine(world: World) -> None:
    vote = open_vote(world, multiple=True)
    two = [str(option(vote, "Fysisk").pk), str(option(vote, "Online").pk)]
    client = logged_in(world.guest)
    response = client.post(url("vote_cast", vote), {"options": two})
    assert response.status_code == 302
    assert Ballot.objects.get(vote=vote).options.count() == 2
    page = client.get(url("vote", vote))
    assert page.context["view"].i_voted
    assert sorted(page.context["form"].initial["options"]) == sorted(two)
    assert "Du har stemt" in page.content.decode()


# --- Secret votes -----------------------------------------------------------------------------


def test_no_row_of_a_secret_vote_links_a_person_to_an_option(world: World) -> None:
    vote = open_vote(world, secret=True)
    for user, label in ((world.owner, "Fysisk"), (world.member, "Online"), (world.guest, "Online")):
        services.vote_cast(vote=vote, voter=user, option_ids=[option(vote, label).pk])
    services.vote_cast(vote=vote, voter=world.member, option_ids=[option(vote, "Fysisk").pk])

    ballots = list(Ballot.objects.filter(vote=vote).values("voter", "cast_at"))
    assert len(ballots) == 3
    assert all(row["voter"] is None and row["cast_at"] is None for row in ballots)
    assert VoteParticipation.objects.filter(vote=vote).count() == 3
    # The audit log says that people voted, never what.
    for entry in ModelLogEntry.objects.filter(action__in=["rooms.vote.cast", "rooms.vote.change"]):
        assert entry.data == {}
    # Ids tell no order: none is next to a participation's, nor issued at a change.
    assert all(pk >= 2**40 for pk in Ballot.objects.filter(vote=vote).values_list("pk", flat=True))
    through = Ballot.options.through.objects.filter(ballot__vote=vote)
    assert through.count() == 3 and all(pk >= 2**40 for pk in through.values_list("pk", flat=True))
    # Only the person finds their own ballot again.
    mine = Ballot.objects.get(receipt=services.receipt(vote, world.member))
    assert [o.label for o in mine.options.all()] == ["Fysisk"]


def test_nobody_sees_who_voted_what_in_a_secret_vote(world: World) -> None:
    vote = open_vote(world, secret=True)
    services.vote_cast(vote=vote, voter=world.member, option_ids=[option(vote, "Online").pk])
    services.vote_cast(vote=vote, voter=world.guest, option_ids=[option(vote, "Fysisk").pk])
    services.vote_close(vote=vote, actor=world.owner)

    owner = logged_in(world.owner)
    section = results_section(owner.get(url("vote", vote)).content.decode())
    for name in ("Peder", "Medlemsen", "Kirsten", "Gæstesen"):
        assert name not in section
    assert ">1</td>" in section  # counts only
    response = owner.get(url("vote_results_xlsx", vote))
    assert response.status_code == 200
    text = workbook_text(response.content)
    for name in ("Peder", "Medlemsen", "Kirsten", "Gæstesen", "peder@", "kirsten@"):
        assert name not in text
    assert len(load_workbook(BytesIO(response.content)).worksheets) == 1


# --- Results: live, after close, names ----------------------------------------------------------


def test_results_wait_for_the_close_unless_live(world: World) -> None:
    hidden = open_vote(world)
    live = open_vote(world, question="Live?", live_results=True)
    for vote in (hidden, live):
        services.vote_cast(vote=vote, voter=world.member, option_ids=[option(vote, "Online").pk])
    client = logged_in(world.guest)

    page = client.get(url("vote", hidden))
    assert not page.context["view"].results_visible
    assert "Resultatet vises, når afstemningen er slut" in page.content.decode()
    assert logged_in(world.owner).get(url("vote_results_xlsx", hidden)).status_code == 403

    page = client.get(url("vote", live))
    section = results_section(page.content.decode())
    assert "Foreløbigt resultat" in section and "Peder" not in section  # live: counts, no names

    services.vote_close(vote=hidden, actor=world.owner)
    page = client.get(url("vote", hidden))
    assert page.context["view"].results_visible
    assert "Afstemningen er slut" in page.content.decode()


def test_an_open_vote_shows_who_voted_what_after_it_closed(world: World) -> None:
    vote = open_vote(world)
    services.vote_cast(vote=vote, voter=world.member, option_ids=[option(vote, "Online").pk])
    past_deadline(vote)
    section = results_section(logged_in(world.guest).get(url("vote", vote)).content.decode())
    assert "Peder Medlemsen" in section
    text = workbook_text(logged_in(world.owner).get(url("vote_results_xlsx", vote)).content)
    assert "Peder Medlemsen" in text and "Online" in text


# --- Access -----------------------------------------------------------------------------------


def test_every_route_answers_404_outside_the_room(world: World) -> None:
    vote = open_vote(world, live_results=True)
    foreign = open_vote(world, room=world.other_room, question="I det andet rum")
    routes = [
        ("get", reverse("rooms:votes", kwargs={"pk": world.room.pk})),
        ("get", reverse("rooms:vote_create", kwargs={"pk": world.room.pk})),
        ("get", url("vote", vote)),
        ("post", url("vote_cast", vote)),
        ("post", url("vote_close", vote)),
        ("get", url("vote_results_xlsx", vote)),
    ]
    outsider = logged_in(world.outsider)
    for method, path in routes:
        assert getattr(outsider, method)(path).status_code == 404, path
    # A vote of another room, reached through a room one is a member of.
    owner = logged_in(world.owner)
    for name in ("vote", "vote_cast", "vote_close", "vote_results_xlsx"):
        path = reverse(f"rooms:{name}", kwargs={"pk": world.room.pk, "v": foreign.pk})
        method = "post" if name in ("vote_cast", "vote_close") else "get"
        assert getattr(owner, method)(path).status_code == 404, path
    assert not Ballot.objects.exists()


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_open_votes_first_with_my_state(world: World) -> None:
    closed = open_vote(world, question="Afsluttet spørgsmål")
    services.vote_cast(vote=closed, voter=world.member, option_ids=[option(closed, "Online").pk])
    services.vote_close(vote=closed, actor=world.owner)
    voted = open_vote(world, question="Stemt spørgsmål")
    services.vote_cast(vote=voted, voter=world.member, option_ids=[option(voted, "Online").pk])
    open_vote(world, question="Ikke stemt spørgsmål")
    response = logged_in(world.member).get(reverse("rooms:votes", kwargs={"pk": world.room.pk}))
    html = response.content.decode()
    assert html.index("Stemt spørgsmål") < html.index("Afsluttet spørgsmål")
    assert html.index("Åbne afstemninger") < html.index("Afsluttede afstemninger")
    rows = {vote.question: vote for vote in response.context["page_obj"]}
    assert rows["Stemt spørgsmål"].i_voted and not rows["Ikke stemt spørgsmål"].i_voted
    assert [o.count for o in rows["Afsluttet spørgsmål"].results] == [0, 1, 0]
    assert rows["Stemt spørgsmål"].results is None
    assert "1 af 3 har stemt" in html


def _list_queries(world: World, count: int) -> int:
    now = timezone.now()
    votes = Vote.objects.bulk_create(
        Vote(
            room=world.room,
            question=f"Spørgsmål {n}",
            deadline=now + timedelta(days=1 if n % 2 else -1),
            live_results=n % 3 == 0,
        )
        for n in range(count)
    )
    options = VoteOption.objects.bulk_create(
        VoteOption(vote=vote, label=label, position=p)
        for vote in votes
        for p, label in enumerate(("Ja", "Nej"))
    )
    ballots = Ballot.objects.bulk_create(
        Ballot(vote=vote, receipt=services.receipt(vote, world.member)) for vote in votes
    )
    Ballot.options.through.objects.bulk_create(
        Ballot.options.through(ballot_id=ballot.pk, voteoption_id=options[2 * n].pk)
        for n, ballot in enumerate(ballots)
    )
    VoteParticipation.objects.bulk_create(
        VoteParticipation(vote=vote, user=world.member) for vote in votes
    )
    client = logged_in(world.member)
    path = reverse("rooms:votes", kwargs={"pk": world.room.pk})
    client.get(path)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"page": 2} if count > 25 else {})
    assert response.status_code == 200
    return len(captured)


def test_the_list_runs_the_same_queries_for_10_and_1000_votes(world: World) -> None:
    few = _list_queries(world, 10)
    Vote.objects.all().delete()
    many = _list_queries(world, 1000)
    assert few == many


# --- Demo -------------------------------------------------------------------------------------


def test_the_demo_has_a_closed_secret_vote_and_an_open_one() -> None:
    network = Room.objects.create(kind=RoomKind.DEVELOPMENT, title="Programmets udviklingsprojekt")
    erfa = Room.objects.create(kind=RoomKind.ERFA, title="ERFA Fjordparken")
    people = {}
    for first in ("maria", "peter", "anna", "sara", "bente", "karen"):
        organisation = OrganisationFactory.create(name=f"Organisation for {first}")
        people[first] = person(f"{first}@demo.example", organisation, ["staff"], first.title())
        role = MemberRole.OWNER if first == "maria" else MemberRole.MEMBER
        RoomMember.objects.create(room=network, user=people[first], role=role)
    rooms = DemoRooms(network, erfa, people)
    demo.seed(rooms)
    demo.seed(rooms)  # idempotent

    closed = Vote.objects.get(room=network, question=demo.CLOSED_QUESTION)
    assert closed.secret and services.is_closed(closed)
    assert closed.options.count() == 4
    assert Ballot.objects.filter(vote=closed).count() == 5
    assert not Ballot.objects.filter(vote=closed, voter__isnull=False).exists()
    assert VoteParticipation.objects.filter(vote=closed).count() == 5

    running = Vote.objects.get(room=network, question=demo.OPEN_QUESTION)
    assert not running.secret and not running.multiple and not services.is_closed(running)
    assert running.deadline > timezone.now() + timedelta(days=9)
    assert Ballot.objects.filter(vote=running, voter__isnull=False).count() == 2
