"""Two first ballots of the same person at the same moment, on real PostgreSQL connections:
the unique receipt lets exactly one land — one ballot, one participation, never a 500."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from rooms.models import Ballot, VoteOption, VoteParticipation
from rooms.services import votes as services
from tests.rooms.test_votes import World, world  # noqa: F401  (the fixture)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("secret", [False, True])
def test_two_simultaneous_first_ballots_leave_one(world: World, secret: bool) -> None:  # noqa: F811
    vote = services.vote_create(
        room=world.room,
        actor=world.owner,
        question="Fysisk eller online?",
        options=["Fysisk", "Online"],
        deadline=timezone.now() + timedelta(days=1),
        secret=secret,
    )
    choices = [option.pk for option in VoteOption.objects.filter(vote=vote).order_by("position")]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def cast(option_id: int) -> None:
        try:
            barrier.wait(timeout=30)
            services.vote_cast(vote=vote, voter=world.member, option_ids=[option_id])
            outcomes.append("cast")
        except ValidationError as refusal:
            assert "Du har allerede stemt" in refusal.messages[0]
            outcomes.append("refused")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(choice,)) for choice in choices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(outcomes) == 2 and "cast" in outcomes
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert VoteParticipation.objects.filter(vote=vote, user=world.member).count() == 1
    assert Ballot.objects.get(vote=vote).options.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_early_close_waits_for_a_ballot_under_way(world: World) -> None:  # noqa: F811
    """A ballot that passed the open-check before the owner closed still commits first, and the
    close waits for it: no ballot lands in a vote that is already closed."""
    from django.db import transaction

    vote = services.vote_create(
        room=world.room,
        actor=world.owner,
        question="Fysisk eller online?",
        options=["Fysisk", "Online"],
        deadline=timezone.now() + timedelta(days=1),
    )
    option = VoteOption.objects.filter(vote=vote).first()
    assert option is not None
    ballot_started, close_started = threading.Event(), threading.Event()
    order: list[str] = []
    errors: list[BaseException] = []
    real_hold = services._hold_open

    def held(vote_id: int) -> None:
        real_hold(vote_id)
        ballot_started.set()
        close_started.wait(timeout=30)
        time.sleep(0.5)  # the close is now waiting on the row, if the lock holds

    def ballot() -> None:
        try:
            with transaction.atomic():
                services.vote_cast(vote=vote, voter=world.member, option_ids=[option.pk])
                order.append("ballot")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    def close() -> None:
        try:
            ballot_started.wait(timeout=30)
            close_started.set()
            services.vote_close(vote=vote, actor=world.owner)
            order.append("close")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    services._hold_open = held  # type: ignore[assignment]
    try:
        threads = [threading.Thread(target=ballot), threading.Thread(target=close)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        services._hold_open = real_hold  # type: ignore[assignment]
    assert not errors, errors
    assert order == ["ballot", "close"]
