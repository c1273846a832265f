"""Follow-up reminders 3, 6 and 12 months after handover (Celery beat)."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.mail.models import OutboundEmail
from lms.celery_schedule import CELERY_BEAT_SCHEDULE
from onsite.models import FollowUpReminder, ProjectMember
from onsite.models.effects import follow_up_due_on
from onsite.services.effects import follow_up_reminders_send
from onsite.tasks_effects import send_follow_up_reminders
from tests.onsite.fixtures_effects import *  # noqa: F403
from tests.onsite.fixtures_effects import make_person, make_project

pytestmark = pytest.mark.django_db


def follow_up_mails():  # type: ignore[no-untyped-def]
    return OutboundEmail.objects.filter(dedupe_key__startswith="onsite-follow-up:")


class TestDueDates:
    @pytest.mark.parametrize(
        ("handover", "months", "due"),
        [
            (date(2026, 1, 31), 3, date(2026, 4, 30)),  # April has 30 days
            (date(2025, 11, 30), 3, date(2026, 2, 28)),  # February, not a leap year
            (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
            (date(2026, 1, 31), 6, date(2026, 7, 31)),
            (date(2026, 1, 31), 12, date(2027, 1, 31)),
        ],
    )
    def test_same_day_or_the_months_last_day(self, handover, months, due):
        assert follow_up_due_on(handover, months) == due


class TestSending:
    def test_month_boundary_31_january_plus_3_months(self, project, bob):
        # The project was handed over on 31 January 2026.
        assert follow_up_reminders_send(today=date(2026, 4, 29)) == 0
        assert not FollowUpReminder.objects.exists()
        assert follow_up_reminders_send(today=date(2026, 4, 30)) == 1
        (mail,) = follow_up_mails()
        assert mail.to == [bob.email]
        assert "3 måneder efter aflevering" in mail.subject
        assert f"http://testserver/byggesager/{project.pk}/effekt/" in mail.body
        assert "Hej Bob" in mail.body
        assert list(FollowUpReminder.objects.values_list("months", flat=True)) == [3]

    def test_running_twice_sends_each_email_once(self, project, bob, fjordbo):
        second_leader = make_person("lone@fjordbo.example", "Lone", "Leder", fjordbo)
        ProjectMember.objects.create(project=project, user=second_leader, is_leader=True)
        assert follow_up_reminders_send(today=date(2026, 5, 2)) == 2
        assert follow_up_reminders_send(today=date(2026, 5, 2)) == 0
        assert follow_up_reminders_send(today=date(2026, 5, 3)) == 0
        assert sorted(m.to[0] for m in follow_up_mails()) == [bob.email, second_leader.email]
        # Then the 6-month follow-up, once.
        assert follow_up_reminders_send(today=date(2026, 7, 31)) == 2
        assert follow_up_reminders_send(today=date(2026, 8, 1)) == 0
        assert follow_up_mails().count() == 4

    def test_members_who_do_not_lead_get_nothing(self, project, dorte, erik):
        follow_up_reminders_send(today=date(2026, 4, 30))
        recipients = {m.to[0] for m in follow_up_mails()}
        assert dorte.email not in recipients and erik.email not in recipients

    def test_a_late_start_sends_only_the_latest_follow_up(self, project, bob):
        # First run 13 months after the handover: one e-mail (12 months), all three marked.
        assert follow_up_reminders_send(today=date(2027, 3, 1)) == 1
        (mail,) = follow_up_mails()
        assert "12 måneder" in mail.subject
        assert sorted(FollowUpReminder.objects.values_list("months", flat=True)) == [3, 6, 12]

    def test_without_leader_members_the_organisations_project_leaders(self, fjordbo, bob):
        project = make_project(fjordbo, "Samdrift Sølyst", handover_on=date(2026, 1, 15))
        assert not project.members.exists()
        assert follow_up_reminders_send(today=date(2026, 4, 15)) == 1
        assert follow_up_mails().get().to == [bob.email]

    def test_projects_without_handover_are_left_alone(self, fjordbo, bob):
        make_project(fjordbo, "Uden aflevering", handover_on=None, status="active")
        assert follow_up_reminders_send(today=date(2030, 1, 1)) == 0

    def test_the_beat_task_runs_it(self, project, bob):
        entry = CELERY_BEAT_SCHEDULE["onsite-follow-up-reminders"]
        assert entry["task"] == send_follow_up_reminders.name == "onsite.send_follow_up_reminders"
        today = timezone.localdate()
        project.starts_on = today - timedelta(days=400)
        project.handover_on = today - timedelta(days=100)  # the 3-month follow-up has come
        project.save(update_fields=["starts_on", "handover_on"])
        assert send_follow_up_reminders.delay().get() == 1
        assert send_follow_up_reminders.delay().get() == 0
        assert follow_up_mails().get().to == [bob.email]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_runs_send_once(project, bob):
    """Two beat runs at once (e.g. an overlapping schedule): the unique row lets one send."""
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(follow_up_reminders_send(today=date(2026, 5, 1)))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(results) == [0, 1]
    assert follow_up_mails().count() == 1
    assert FollowUpReminder.objects.count() == 1
