"""Reads of the voting room: the list of a room's votes, one vote's page, its results workbook.

What a person may see of a result is decided here once, for the page and the workbook alike:
counts when the vote is closed (or live, if the owner chose so); who chose what only for an
open (not secret) vote after it closed; for a secret vote never — there is no row that says it.
Every read runs a fixed number of queries, however many votes, options or ballots there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.exports import xlsx_cell
from core.slugs import danish_slugify
from rooms.models import Ballot, Room, RoomMember, Vote, VoteOption, VoteParticipation
from rooms.services.votes import is_closed, receipt

if TYPE_CHECKING:
    from organisations.models import User

PAGE_SIZE = 25


def _open_q(now: datetime) -> Q:
    return Q(closed_at__isnull=True, deadline__gt=now)


def results_visible(vote: Vote, now: datetime | None = None) -> bool:
    return vote.live_results or is_closed(vote, now)


def names_visible(vote: Vote, now: datetime | None = None) -> bool:
    """Who chose what: an open (not secret) vote, once it is over — for every member."""
    return not vote.secret and is_closed(vote, now)


def member_count(room: Room) -> int:
    return RoomMember.objects.filter(room=room).count()


# --- The list ---------------------------------------------------------------------------------


def votes_page(room: Room, user: User, page: str | int | None = None) -> Page[Vote]:
    """The room's votes, open ones first (nearest deadline first), then closed ones (latest
    first); each with ``is_open``, ``i_voted``, ``turnout`` and, where results may be seen,
    ``results`` (its options with ``count``)."""
    now = timezone.now()
    votes: QuerySet[Vote] = (
        Vote.objects.filter(room=room)
        .annotate(
            is_open=Case(
                When(_open_q(now), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            i_voted=Exists(VoteParticipation.objects.filter(vote=OuterRef("pk"), user_id=user.pk)),
            turnout=Count("participants", distinct=True),
        )
        .order_by("-is_open", "deadline", "-pk")
    )
    result: Page[Vote] = Paginator(votes, PAGE_SIZE).get_page(page)
    rows = list(result.object_list)
    _attach_results(rows, now)
    result.object_list = rows
    return result


def _attach_results(votes: list[Vote], now: datetime) -> None:
    """One query for the options (with counts) of every vote on the page whose result shows."""
    shown = [vote for vote in votes if results_visible(vote, now)]
    by_vote: dict[int, list[VoteOption]] = {vote.pk: [] for vote in shown}
    if shown:
        options = VoteOption.objects.filter(vote__in=shown).annotate(count=Count("ballots"))
        for option in options:
            by_vote[option.vote_id].append(option)
    for vote in votes:
        setattr(vote, "results", by_vote.get(vote.pk))  # noqa: B010  (an annotation of the page)


# --- One vote ---------------------------------------------------------------------------------


@dataclass
class VoteView:
    """Everything one vote's page shows to one person."""

    vote: Vote
    options: list[VoteOption]
    is_open: bool
    i_voted: bool
    my_option_ids: list[int]
    turnout: int
    members: int
    results_visible: bool
    names_visible: bool
    ballots: int = 0
    # option pk → names of those who chose it (open votes after close only)
    voters: dict[int, list[str]] = field(default_factory=dict)

    @property
    def leading(self) -> list[VoteOption]:
        best = max((getattr(option, "count", 0) for option in self.options), default=0)
        return [o for o in self.options if best and getattr(o, "count", 0) == best]


def _options(vote: Vote, with_counts: bool) -> list[VoteOption]:
    options: QuerySet[VoteOption] = VoteOption.objects.filter(vote=vote)
    if with_counts:
        options = options.annotate(count=Count("ballots"))
    return list(options.order_by("position", "pk"))


def _voters_by_option(vote: Vote) -> dict[int, list[str]]:
    """Names per option of an open vote (a secret one has no voter on any ballot)."""
    ballots = (
        Ballot.objects.filter(vote=vote, voter__isnull=False)
        .select_related("voter")
        .prefetch_related("options")
        .order_by("voter__first_name", "voter__last_name", "pk")
    )
    voters: dict[int, list[str]] = {}
    for ballot in ballots:
        name = _name(ballot.voter)
        for option in ballot.options.all():
            voters.setdefault(option.pk, []).append(name)
    return voters


def _name(person: Any) -> str:
    if person is None:
        return ""
    return str(person.name)


def vote_view(vote: Vote, user: User) -> VoteView:
    now = timezone.now()
    show = results_visible(vote, now)
    names = names_visible(vote, now)
    mine = (
        Ballot.objects.filter(vote=vote, receipt=receipt(vote, user))
        .values_list("options", flat=True)
        .order_by()
    )
    my_option_ids = [pk for pk in mine if pk is not None]
    options = _options(vote, with_counts=show)
    voters = _voters_by_option(vote) if names else {}
    for option in options:
        setattr(option, "voter_names", voters.get(option.pk, []))  # noqa: B010  (for the page)
    return VoteView(
        vote=vote,
        options=options,
        is_open=not is_closed(vote, now),
        i_voted=VoteParticipation.objects.filter(vote=vote, user_id=user.pk).exists(),
        my_option_ids=my_option_ids,
        turnout=VoteParticipation.objects.filter(vote=vote).count(),
        members=RoomMember.objects.filter(room_id=vote.room_id).count(),
        results_visible=show,
        names_visible=names,
        ballots=Ballot.objects.filter(vote=vote).count() if show else 0,
        voters=voters,
    )


# --- The results workbook ---------------------------------------------------------------------


def results_filename(vote: Vote) -> str:
    return f"afstemning-{danish_slugify(vote.question)[:60] or 'resultat'}-{vote.pk}"


def results_xlsx(vote: Vote) -> bytes:
    """Counts per option; for an open vote after close also who voted what. A secret vote's
    workbook has counts only (there is nothing else to put in it)."""
    now = timezone.now()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Resultat")[:31])
    sheet.append([_("Spørgsmål"), vote.question])
    sheet.append([_("Afstemning"), _("Hemmelig") if vote.secret else _("Åben")])
    sheet.append([_("Frist"), xlsx_cell(sheet, vote.deadline)])
    sheet.append([_("Deltog"), VoteParticipation.objects.filter(vote=vote).count()])
    sheet.append([])
    sheet.append([_("Svarmulighed"), _("Stemmer")])
    for option in _options(vote, with_counts=True):
        sheet.append([xlsx_cell(sheet, option.label), getattr(option, "count", 0)])
    if names_visible(vote, now):
        voters = workbook.create_sheet(title=_("Stemmer")[:31])
        voters.append([_("Navn"), _("Valgt"), _("Afgivet")])
        ballots = (
            Ballot.objects.filter(vote=vote, voter__isnull=False)
            .select_related("voter")
            .prefetch_related("options")
            .order_by("voter__first_name", "voter__last_name", "pk")
        )
        for ballot in ballots:
            chosen = ", ".join(option.label for option in ballot.options.all())
            voters.append(
                [
                    xlsx_cell(voters, _name(ballot.voter)),
                    xlsx_cell(voters, chosen),
                    xlsx_cell(voters, ballot.cast_at),
                ]
            )
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
