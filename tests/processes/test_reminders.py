"""Milestone reminders (Celery beat, daily): upcoming and overdue, once per milestone, kind and
due date; a moved due date gives a new one; a reached milestone none."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError

from core.mail.models import OutboundEmail
from organisations.models import User
from processes.models import Milestone, MilestoneReminder, MilestoneStatus, Process, ReminderKind
from processes.services.milestones import milestone_plan, milestone_set_status
from processes.services.reminders import kind_for, milestone_reminders_send
from processes.tasks import send_milestone_reminders

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture
def due(alice: User, bob: User, milestone: Milestone) -> Milestone:
    """Milestone 1, Bob responsible, due in three days; the others without a responsible."""
    return milestone_plan(
        actor=alice, milestone=milestone, responsible=bob, due_on=TODAY + timedelta(days=3)
    )


def _send(django_capture_on_commit_callbacks, today: date = TODAY) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return milestone_reminders_send(today=today)


def test_the_kinds() -> None:
    assert kind_for(TODAY - timedelta(days=1), TODAY) == ReminderKind.OVERDUE
    assert kind_for(TODAY, TODAY) == ReminderKind.UPCOMING
    assert kind_for(TODAY + timedelta(days=7), TODAY) == ReminderKind.UPCOMING
    assert kind_for(TODAY + timedelta(days=8), TODAY) is None


def test_an_upcoming_milestone_is_mailed_once(
    bob: User, due: Milestone, django_capture_on_commit_callbacks
) -> None:
    assert _send(django_capture_on_commit_callbacks) == 1
    assert _send(django_capture_on_commit_callbacks) == 0  # run twice → one mail
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [bob.email]
    assert "Fristen nærmer sig" in message.subject
    assert "5. marts 2026" in message.body
    assert f"/forloeb/{due.process_id}/milepaele/{due.pk}/" in message.body
    reminder = MilestoneReminder.objects.get()
    assert (reminder.kind, reminder.due_on, reminder.recipient) == (
        ReminderKind.UPCOMING,
        due.due_on,
        bob,
    )


def test_an_overdue_milestone_gets_its_own_reminder(
    due: Milestone, django_capture_on_commit_callbacks
) -> None:
    _send(django_capture_on_commit_callbacks)
    later = TODAY + timedelta(days=5)
    assert _send(django_capture_on_commit_callbacks, later) == 1
    assert _send(django_capture_on_commit_callbacks, later + timedelta(days=1)) == 0
    assert "overskredet" in mail.outbox[-1].subject
    assert set(MilestoneReminder.objects.values_list("kind", flat=True)) == {
        ReminderKind.UPCOMING,
        ReminderKind.OVERDUE,
    }


def test_a_moved_due_date_gives_a_new_reminder(
    alice: User, bob: User, due: Milestone, django_capture_on_commit_callbacks
) -> None:
    _send(django_capture_on_commit_callbacks)
    milestone_plan(actor=alice, milestone=due, responsible=bob, due_on=TODAY + timedelta(days=6))
    assert _send(django_capture_on_commit_callbacks) == 1
    assert MilestoneReminder.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_reached_milestone_gets_none(
    alice: User, due: Milestone, django_capture_on_commit_callbacks
) -> None:
    milestone_set_status(actor=alice, milestone=due, status=MilestoneStatus.REACHED)
    assert _send(django_capture_on_commit_callbacks, TODAY + timedelta(days=10)) == 0
    assert not mail.outbox


def test_a_far_or_unassigned_milestone_gets_none(
    alice: User, process: Process, django_capture_on_commit_callbacks
) -> None:
    first = process.milestones.get(position=1)
    milestone_plan(actor=alice, milestone=first, responsible=None, due_on=TODAY)
    second = process.milestones.get(position=2)
    milestone_plan(
        actor=alice, milestone=second, responsible=alice, due_on=TODAY + timedelta(days=30)
    )
    assert _send(django_capture_on_commit_callbacks) == 0


def test_two_workers_cannot_both_claim(due: Milestone) -> None:
    MilestoneReminder.objects.create(milestone=due, kind=ReminderKind.UPCOMING, due_on=due.due_on)
    with pytest.raises(IntegrityError):
        MilestoneReminder.objects.create(
            milestone=due, kind=ReminderKind.UPCOMING, due_on=due.due_on
        )


def test_the_row_and_the_mail_commit_together(
    due: Milestone, django_capture_on_commit_callbacks
) -> None:
    """The e-mail is stored in the outbox with the reminder row: a failed delivery is retried
    by the outbox, never lost."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        milestone_reminders_send(today=TODAY)
    assert MilestoneReminder.objects.count() == 1
    stored = OutboundEmail.objects.get()
    assert stored.sent_at is None  # delivered only after commit
    assert callbacks  # the delivery is enqueued on commit


def test_the_task_runs_the_service(due: Milestone, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        # The task uses today's date: put the milestone inside the window of today.
        from django.utils import timezone

        Milestone.objects.filter(pk=due.pk).update(due_on=timezone.localdate())
        assert send_milestone_reminders.apply().get() == 1


def test_the_beat_schedule_runs_it_daily() -> None:
    from lms.celery_schedule import CELERY_BEAT_SCHEDULE

    entries = [
        e
        for e in CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "processes.send_milestone_reminders"
    ]
    assert len(entries) == 1
