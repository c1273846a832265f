"""Reads of an erfaringsgruppe (seed 003): its aftaler from meeting to meeting, and the names
a group insight must not contain.

"Jeg var overrasket over hvor mange ubevidste aftaler, der blev indgået": the list keeps them
visible — open ones first, the overdue among them said in words — in a fixed number of queries
however many there are.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from competencies.models import Guide
from organisations.models import User
from rooms.models import Agreement, AgreementStatus, Meeting, Room

# Open agreements first, then what was done, then what the group gave up.
STATUS_ORDER = (AgreementStatus.OPEN, AgreementStatus.DONE, AgreementStatus.DROPPED)
# A far-away date puts agreements without a deadline after those with one.
_NO_DEADLINE = datetime.date(9999, 12, 31)


@dataclass(frozen=True)
class AgreementRow:
    agreement: Agreement
    overdue: bool


@dataclass
class AgreementGroup:
    status: str
    label: str
    rows: list[AgreementRow] = field(default_factory=list)


def agreements_of(room: Room) -> QuerySet[Agreement]:
    """The room's agreements, open first, then by deadline; who and which meeting on the row."""
    rank = Case(
        *(When(status=status, then=Value(i)) for i, status in enumerate(STATUS_ORDER)),
        default=Value(len(STATUS_ORDER)),
        output_field=IntegerField(),
    )
    return (
        Agreement.objects.filter(room=room)
        .select_related("responsible", "meeting")
        .annotate(status_rank=rank, deadline=Coalesce("due_on", Value(_NO_DEADLINE)))
        .order_by("status_rank", "deadline", "pk")
    )


def is_overdue(agreement: Agreement, today: datetime.date) -> bool:
    """Open and past its deadline."""
    return (
        agreement.status == AgreementStatus.OPEN
        and agreement.due_on is not None
        and agreement.due_on < today
    )


def agreement_groups(agreements: Iterable[Agreement]) -> list[AgreementGroup]:
    """``agreements`` (already in list order) grouped by status, open first; empty groups left
    out."""
    today = timezone.localdate()
    labels = dict(AgreementStatus.choices)
    groups: dict[str, AgreementGroup] = {
        status: AgreementGroup(status, str(labels[status])) for status in STATUS_ORDER
    }
    for agreement in agreements:
        group = groups.get(agreement.status)
        if group is not None:
            group.rows.append(AgreementRow(agreement, is_overdue(agreement, today)))
    return [group for group in groups.values() if group.rows]


def meeting_choices(room: Room) -> QuerySet[Meeting]:
    """The room's meetings an agreement may come from, newest first."""
    return Meeting.objects.filter(room=room).order_by("-starts_at", "-pk")


def member_users(room: Room) -> QuerySet[User]:
    """The people of the room (who may be responsible for an agreement), by name."""
    return User.objects.filter(room_memberships__room=room).order_by(
        "first_name", "last_name", "pk"
    )


def member_names(room: Room) -> list[str]:
    """Every member's full name, first name and last name: what a shared lesson must not
    contain."""
    names: list[str] = []
    for first, last in member_users(room).values_list("first_name", "last_name"):
        names += [f"{first} {last}", first, last]
    return [name.strip() for name in names if name and name.strip()]


def guide_choices() -> QuerySet[Guide]:
    """The AlmenVejledninger a group insight may be filed under."""
    return Guide.objects.in_order()
