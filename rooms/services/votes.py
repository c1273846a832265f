"""The voting room (afstemningsrum): open a vote, cast or change a ballot, close early.

Once per person is the database's rule, not ours: every ballot carries a ``receipt`` (a keyed
hash of the vote and the person, ``receipt``) and ``Ballot`` is unique per vote and receipt, so
two submissions at the same moment cannot both land. A secret ballot names nobody and has no
time of its own; only the person, who can compute the receipt again, finds it — to change it
before the deadline; its id (and its options' rows' ids) are random, so no order of rows ties
it to a participation or a log line. ``VoteParticipation`` records that a person took part
(turnout, "du har stemt") and says nothing of the choice; the audit log of a secret vote says
the same, never the options.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from rooms.models import (
    ActivityVerb,
    Ballot,
    Room,
    RoomMember,
    Vote,
    VoteOption,
    VoteParticipation,
)
from rooms.services.activity import activity_record

if TYPE_CHECKING:
    from organisations.access import AnyUser
    from organisations.models import User

MIN_OPTIONS = 2
MAX_OPTIONS = 20
OPTION_MAX_LENGTH = 200
QUESTION_MAX_LENGTH = 300
# Secret ballots and their chosen options get random ids from far above any sequence, so that
# neither the order of the ids nor a new id at a change can be matched with the participation
# rows or the audit log's "stemme afgivet/ændret" of a person.
_RANDOM_ID_FLOOR = 2**40
_RANDOM_ID_SPAN = 2**62 - _RANDOM_ID_FLOOR


def _random_id() -> int:
    return _RANDOM_ID_FLOOR + secrets.randbelow(_RANDOM_ID_SPAN)


def receipt(vote: Vote, user: AnyUser) -> str:
    """The person's receipt for ``vote``: the same every time, unguessable without the key."""
    value = f"{vote.pk}:{user.pk}"
    return salted_hmac("rooms.ballot", value, algorithm="sha256").hexdigest()


def is_closed(vote: Vote, now: datetime | None = None) -> bool:
    """Closed early by an owner, or past its deadline."""
    return vote.closed_at is not None or vote.deadline <= (now or timezone.now())


def vote_path(vote: Vote) -> str:
    return reverse("rooms:vote", kwargs={"pk": vote.room_id, "v": vote.pk})


# --- Open a vote ------------------------------------------------------------------------------


def clean_options(options: Iterable[str]) -> list[str]:
    """The options as given, trimmed, without empty lines; refused when too few, too many,
    too long or twice the same (case does not make two options different)."""
    labels = [" ".join(label.split()) for label in options]
    labels = [label for label in labels if label]
    if len(labels) < MIN_OPTIONS:
        raise ValidationError(
            {"options": _("Skriv mindst to svarmuligheder, én pr. linje.")}, code="too_few"
        )
    if len(labels) > MAX_OPTIONS:
        message = _("En afstemning kan højst have %(max)d svarmuligheder.") % {"max": MAX_OPTIONS}
        raise ValidationError({"options": message}, code="too_many")
    too_long = [label for label in labels if len(label) > OPTION_MAX_LENGTH]
    if too_long:
        message = _("En svarmulighed må højst være %(max)d tegn: »%(label)s…«.") % {
            "max": OPTION_MAX_LENGTH,
            "label": too_long[0][:40],
        }
        raise ValidationError({"options": message}, code="too_long")
    seen: set[str] = set()
    for label in labels:
        if label.casefold() in seen:
            message = _("»%(label)s« står der to gange. Skriv hver svarmulighed én gang.") % {
                "label": label
            }
            raise ValidationError({"options": message}, code="duplicate")
        seen.add(label.casefold())
    return labels


@transaction.atomic
def vote_create(
    *,
    room: Room,
    actor: User,
    question: str,
    options: Iterable[str],
    deadline: datetime,
    description: str = "",
    multiple: bool = False,
    secret: bool = False,
    live_results: bool = False,
) -> Vote:
    """Open a vote in ``room`` (the caller checked that ``actor`` may open votes)."""
    errors: dict[str, str] = {}
    question = " ".join(question.split())
    if not question:
        errors["question"] = _("Skriv spørgsmålet, der skal stemmes om.")
    elif len(question) > QUESTION_MAX_LENGTH:
        errors["question"] = _("Spørgsmålet må højst være %(max)d tegn.") % {
            "max": QUESTION_MAX_LENGTH
        }
    if deadline <= timezone.now():
        errors["deadline"] = _("Fristen er overskredet allerede. Vælg en frist efter nu.")
    labels: list[str] = []
    try:
        labels = clean_options(options)
    except ValidationError as error:
        errors["options"] = error.message_dict["options"][0]
    if errors:
        raise ValidationError(errors)
    vote = Vote.objects.create(
        room=room,
        question=question,
        description=description.strip(),
        multiple=multiple,
        secret=secret,
        live_results=live_results,
        deadline=deadline,
        created_by=actor,
    )
    VoteOption.objects.bulk_create(
        VoteOption(vote=vote, label=label, position=position)
        for position, label in enumerate(labels, start=1)
    )
    activity_record(
        room=room, actor=actor, verb=ActivityVerb.VOTE, subject=question, path=vote_path(vote)
    )
    log(
        vote,
        "rooms.vote.create",
        user=actor,
        data={"room": room.pk, "secret": secret, "multiple": multiple, "options": labels},
    )
    return vote


# --- Cast or change a ballot ------------------------------------------------------------------


def _chosen(vote: Vote, option_ids: Iterable[int]) -> list[VoteOption]:
    ids = set(option_ids)
    if not ids:
        raise ValidationError({"options": _("Vælg en svarmulighed.")}, code="empty")
    chosen = list(VoteOption.objects.filter(vote=vote, pk__in=ids))
    if len(chosen) != len(ids):
        # An option of another vote, or one that does not exist: never counted anywhere.
        message = _("Vælg blandt afstemningens egne svarmuligheder.")
        raise ValidationError({"options": message}, code="foreign")
    if not vote.multiple and len(chosen) > 1:
        message = _("Du kan kun vælge én svarmulighed i denne afstemning.")
        raise ValidationError({"options": message}, code="single")
    return chosen


def _refuse_unless_open(vote: Vote, voter: User) -> None:
    if vote.closed_at is not None:
        raise ValidationError(_("Afstemningen er lukket. Der kan ikke længere stemmes."))
    if vote.deadline <= timezone.now():
        raise ValidationError(_("Fristen for afstemningen er overskredet. Der kan ikke stemmes."))
    if not RoomMember.objects.filter(room_id=vote.room_id, user_id=voter.pk).exists():
        raise ValidationError(_("Kun rummets deltagere kan stemme."))


def _set_options(ballot: Ballot, chosen: list[VoteOption], secret: bool) -> None:
    if not secret:
        ballot.options.set(chosen)
        return
    through = Ballot.options.through
    through.objects.filter(ballot_id=ballot.pk).delete()
    through.objects.bulk_create(
        through(id=_random_id(), ballot_id=ballot.pk, voteoption_id=option.pk) for option in chosen
    )


def _log_ballot(vote: Vote, voter: User, action: str, chosen: list[VoteOption]) -> None:
    # A secret vote's log says only that the person voted — never what.
    data = {} if vote.secret else {"options": [option.label for option in chosen]}
    log(vote, action, user=voter, data=data)


def _hold_open(vote_id: int) -> None:
    """Share-lock the vote's row until the ballot commits (PostgreSQL).

    Ballots of different people do not wait for each other (FOR SHARE locks share), but an
    owner's early close (FOR UPDATE in ``vote_close``) waits for ballots already under way, and a
    ballot that comes after the close sees it: no ballot lands after a vote has closed. SQLite
    writes one transaction at a time, so it needs nothing.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM rooms_vote WHERE id = %s FOR SHARE", [vote_id])


@transaction.atomic
def vote_cast(*, vote: Vote, voter: User, option_ids: Iterable[int]) -> Ballot:
    """Cast ``voter``'s ballot, or change it while the vote is open.

    The first cast inserts the ballot and the participation together; a simultaneous twin of
    the same person hits the unique receipt, and is refused ("Du har allerede stemt") rather
    than silently replacing a choice the person may not have seen land.
    """
    _hold_open(vote.pk)
    vote = Vote.objects.get(pk=vote.pk)  # its state now, not when the page was loaded
    _refuse_unless_open(vote, voter)
    chosen = _chosen(vote, option_ids)
    key = receipt(vote, voter)
    ballot = Ballot.objects.select_for_update(of=("self",)).filter(vote=vote, receipt=key).first()
    if ballot is not None:
        if not vote.secret:
            ballot.cast_at = timezone.now()
            ballot.save(update_fields=["cast_at"])
        _set_options(ballot, chosen, vote.secret)
        _log_ballot(vote, voter, "rooms.vote.change", chosen)
        return ballot
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                id=_random_id() if vote.secret else None,
                vote=vote,
                receipt=key,
                voter=None if vote.secret else voter,
                cast_at=None if vote.secret else timezone.now(),
            )
            _set_options(ballot, chosen, vote.secret)
            VoteParticipation.objects.create(vote=vote, user=voter)
    except IntegrityError:
        message = _(
            "Du har allerede stemt. Din stemme tæller én gang; du kan ændre den, "
            "så længe afstemningen er åben."
        )
        raise ValidationError(message, code="twice") from None
    _log_ballot(vote, voter, "rooms.vote.cast", chosen)
    return ballot


# --- Close early ------------------------------------------------------------------------------


@transaction.atomic
def vote_close(*, vote: Vote, actor: User) -> Vote:
    """Close a vote before its deadline (the caller checked that ``actor`` may)."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if is_closed(vote):
        raise ValidationError(_("Afstemningen er allerede slut."), code="closed")
    vote.closed_at = timezone.now()
    vote.save(update_fields=["closed_at"])
    activity_record(
        room=vote.room,
        actor=actor,
        verb=ActivityVerb.VOTE_CLOSED,
        subject=vote.question,
        path=vote_path(vote),
    )
    log(vote, "rooms.vote.close", user=actor, data={"room": vote.room_id})
    return vote
