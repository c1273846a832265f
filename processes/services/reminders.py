"""Reminders of milestone deadlines (Celery beat, daily): upcoming and overdue.

For every open milestone of a running process with a responsible person and a due date:

- due within ``UPCOMING_DAYS`` days: one "frist nærmer sig" e-mail;
- past due: one "frist overskredet" e-mail.

At most one e-mail per milestone, kind and due date: the ``MilestoneReminder`` row is claimed
first (its unique constraint decides between two workers running at once) and the e-mail is
stored in the outbox in the same transaction (``core.mail``), which delivers it after the commit
and retries on failure. So a lost delivery is retried, never lost, and a second run sends
nothing. A due date that moves gives a new reminder; a reached or skipped milestone none.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from processes import notifications
from processes.models import (
    Milestone,
    MilestoneReminder,
    ProcessStatus,
    ReminderKind,
)

UPCOMING_DAYS = 7


def kind_for(due_on: date, today: date) -> str | None:
    """Which reminder a due date calls for today, if any."""
    if due_on < today:
        return ReminderKind.OVERDUE
    if due_on <= today + timedelta(days=UPCOMING_DAYS):
        return ReminderKind.UPCOMING
    return None


def due_milestones(today: date) -> QuerySet[Milestone]:
    """Open milestones of running processes with a responsible person, due within the window,
    that have no reminder yet of the kind their due date calls for."""
    window = today + timedelta(days=UPCOMING_DAYS)
    sent_overdue = MilestoneReminder.objects.filter(
        milestone=OuterRef("pk"), kind=ReminderKind.OVERDUE, due_on=OuterRef("due_on")
    )
    sent_upcoming = MilestoneReminder.objects.filter(
        milestone=OuterRef("pk"), kind=ReminderKind.UPCOMING, due_on=OuterRef("due_on")
    )
    return (
        Milestone.objects.open()
        .filter(
            process__status=ProcessStatus.ACTIVE,
            responsible__isnull=False,
            responsible__is_active=True,
            due_on__isnull=False,
            due_on__lte=window,
        )
        .filter(
            (Q(due_on__lt=today) & ~Exists(sent_overdue))
            | (Q(due_on__gte=today) & ~Exists(sent_upcoming))
        )
        .select_related("process__organisation", "responsible")
        .order_by("pk")
    )


def _claim(milestone: Milestone, kind: str) -> bool:
    """Create the reminder row; False when another run got there first (race-safe)."""
    assert milestone.due_on is not None
    try:
        with transaction.atomic():
            _reminder, created = MilestoneReminder.objects.get_or_create(
                milestone=milestone,
                kind=kind,
                due_on=milestone.due_on,
                defaults={"recipient": milestone.responsible},
            )
    except IntegrityError:
        return False
    return created


def milestone_reminders_send(*, today: date | None = None) -> int:
    """E-mail each responsible person once per milestone, kind and due date; returns how many
    e-mails were stored for delivery."""
    today = today or timezone.localdate()
    sent = 0
    for milestone in due_milestones(today).iterator(chunk_size=200):
        assert milestone.due_on is not None
        kind = kind_for(milestone.due_on, today)
        if kind is None:
            continue
        # The row and the stored e-mail commit together: both or neither.
        with transaction.atomic():
            if _claim(milestone, kind):
                notifications.milestone_reminder_email(milestone=milestone, kind=kind, today=today)
                sent += 1
    return sent
