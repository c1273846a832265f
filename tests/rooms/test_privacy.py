"""The project web's personal data: every field of every rooms model classified; the export
holds the person's memberships, posts and open ballots with their choices, and for a secret
vote only that they took part; erasure deletes the person's own rows, keeps the room's record
(posts, ballots, agreements) without them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from core import privacy
from organisations.models import User
from privacy import erasure
from privacy.export import about_person
from rooms.models import (
    ActivityVerb,
    Agreement,
    Ballot,
    MemberRole,
    Post,
    Room,
    RoomActivity,
    RoomMember,
    Thread,
    ThreadRead,
    Vote,
    VoteOption,
    VoteParticipation,
)

pytestmark = pytest.mark.django_db


def test_every_field_of_every_rooms_model_is_classified() -> None:
    mine = list(apps.get_app_config("rooms").get_models())
    assert not privacy.unclassified(mine)
    assert all(privacy.declaration_for(model) is not None for model in mine)
    assert not [name for name in privacy.unknown_fields() if name.startswith("rooms.")]


@pytest.fixture
def touched(alice: User, bob: User, fjordbo_room: Room) -> dict[str, object]:
    """Bob wrote a post, read a thread, voted openly and secretly, holds an agreement."""
    thread = Thread.objects.create(room=fjordbo_room, title="Beboermøde", created_by=alice)
    post = Post.objects.create(thread=thread, author=bob, body="<p>Jeg tager referatet.</p>")
    ThreadRead.objects.create(thread=thread, user=bob, read_until=timezone.now())
    deadline = timezone.now() + timedelta(days=3)
    open_vote = Vote.objects.create(room=fjordbo_room, question="Mødested?", deadline=deadline)
    yes = VoteOption.objects.create(vote=open_vote, label="Fælleshuset")
    VoteOption.objects.create(vote=open_vote, label="Kontoret")
    open_ballot = Ballot.objects.create(
        vote=open_vote, receipt="r-open", voter=bob, cast_at=timezone.now()
    )
    open_ballot.options.set([yes])
    VoteParticipation.objects.create(vote=open_vote, user=bob)
    secret_vote = Vote.objects.create(
        room=fjordbo_room, question="Ny formand?", deadline=deadline, secret=True
    )
    chosen = VoteOption.objects.create(vote=secret_vote, label="Karen")
    secret_ballot = Ballot.objects.create(vote=secret_vote, receipt="r-secret")
    secret_ballot.options.set([chosen])
    VoteParticipation.objects.create(vote=secret_vote, user=bob)
    Agreement.objects.create(room=fjordbo_room, what="Tjek lys", responsible=bob, created_by=bob)
    RoomActivity.objects.create(room=fjordbo_room, actor=bob, verb=ActivityVerb.POST)
    return {"post": post, "open": open_ballot, "secret": secret_ballot}


def _rows(model: type, person: User) -> list[dict[str, object]]:
    declaration = privacy.declaration_for(model)
    assert declaration is not None
    rows = about_person(declaration, person)
    return [] if rows is None else list(rows.values())


def test_the_export_holds_the_persons_rows_and_never_a_secret_choice(
    bob: User, touched: dict[str, object]
) -> None:
    assert len(_rows(RoomMember, bob)) == 1
    assert [row["body"] for row in _rows(Post, bob)] == ["<p>Jeg tager referatet.</p>"]
    ballots = _rows(Ballot, bob)
    assert [row["receipt"] for row in ballots] == ["r-open"]  # the secret ballot is no one's
    declaration = privacy.declaration_for(Ballot)
    assert declaration is not None and "options__label" in declaration.context
    took_part = _rows(VoteParticipation, bob)
    assert len(took_part) == 2  # that Bob voted, in the open and the secret vote
    assert len(_rows(Agreement, bob)) == 1


def test_erasure_keeps_the_rooms_record_without_the_person(
    alice: User, bob: User, fjordbo_room: Room, touched: dict[str, object],
    django_capture_on_commit_callbacks,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        erasure.person_erase(person=bob, erased_by=alice)
    assert not RoomMember.objects.filter(user=bob).exists()
    assert RoomMember.objects.filter(room=fjordbo_room, role=MemberRole.OWNER).exists()
    post = Post.objects.get()
    assert post.author is None and post.body == "<p>Jeg tager referatet.</p>"
    assert not ThreadRead.objects.exists()
    assert not VoteParticipation.objects.exists()
    open_ballot = Ballot.objects.get(receipt="r-open")
    assert open_ballot.voter is None  # the vote's result stays, without the voter
    assert [option.label for option in open_ballot.options.all()] == ["Fælleshuset"]
    assert Ballot.objects.filter(receipt="r-secret").exists()  # nobody's: untouched
    agreement = Agreement.objects.get()
    assert (agreement.responsible, agreement.created_by, agreement.what) == (None, None, "Tjek lys")
    assert RoomActivity.objects.get().actor is None
