"""Every stored e-mail is sent exactly once, eventually (issue 11, fault 5).

Retries on any error, the sweep that picks up what every other path missed, the give-up mark,
and the operators' listing and "Send igen". Celery is eager here; the worker killed mid-delivery
is in ``test_resilience_services.py``.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.mail import services
from core.mail.models import OutboundEmail, PendingTask
from core.mail.services import MAIL_MAX_ATTEMPTS, email_deliver, email_sweep
from core.mail.tasks import deliver_email
from organisations.models import User

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class DatabaseRestartOnce(BaseEmailBackend):
    """Fails the first delivery with a non-SMTP error, as a database restart mid-task does."""

    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        if type(self).calls == 1:
            raise RuntimeError("server closed the connection unexpectedly")
        mail.outbox.extend(email_messages)
        return len(email_messages)


class AlwaysBroken(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ValueError("a bug in the backend")


@pytest.fixture(autouse=True)
def outbox_backend(settings):
    settings.EMAIL_BACKEND = "core.mail.backends.CeleryEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = LOCMEM
    DatabaseRestartOnce.calls = 0


def stored_email(subject="Påmindelse", *, age=timedelta(0)) -> OutboundEmail:
    """An e-mail stored but not delivered (its on-commit enqueue never ran), ``age`` old."""
    send_mail(subject, "Kurset starter i morgen", None, ["karen@fjordbo.example"])
    outbound = OutboundEmail.objects.get(subject=subject)
    OutboundEmail.objects.filter(pk=outbound.pk).update(created_at=timezone.now() - age)
    outbound.refresh_from_db()
    return outbound


class TestRetries:
    def test_a_non_smtp_error_is_retried_and_sends_once(self, settings):
        outbound = stored_email()
        settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.DatabaseRestartOnce"

        # Celery schedules a retry (before this fix only SMTP and connection errors did).
        with pytest.raises(Retry):
            deliver_email.apply(args=[outbound.pk])
        outbound.refresh_from_db()
        assert outbound.sent_at is None and "server closed" in outbound.last_error

        deliver_email.apply(args=[outbound.pk])  # the retry

        outbound.refresh_from_db()
        assert outbound.sent_at is not None
        assert outbound.attempts == 2
        assert outbound.last_error == ""
        assert len(mail.outbox) == 1

    def test_the_task_retries_on_any_exception_with_backoff_below_the_visibility_timeout(
        self, settings
    ):
        assert deliver_email.autoretry_for == (Exception,)
        assert deliver_email.acks_late and deliver_email.reject_on_worker_lost
        visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
        assert deliver_email.retry_backoff_max < visibility
        assert deliver_email.time_limit < visibility

    def test_a_failure_records_the_error_and_when_to_try_again(self, settings):
        outbound = stored_email()
        settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.AlwaysBroken"
        with pytest.raises(ValueError):
            email_deliver(outbound_id=outbound.pk)
        outbound.refresh_from_db()
        assert outbound.attempts == 1
        assert "a bug in the backend" in outbound.last_error
        assert outbound.next_attempt_at > timezone.now()
        assert outbound.failed_at is None

    def test_after_the_last_attempt_the_row_is_given_up_not_raised(self, settings):
        outbound = stored_email()
        OutboundEmail.objects.filter(pk=outbound.pk).update(attempts=MAIL_MAX_ATTEMPTS - 1)
        settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.AlwaysBroken"
        assert email_deliver(outbound_id=outbound.pk) is False
        outbound.refresh_from_db()
        assert outbound.failed_at is not None and outbound.status == "failed"
        # A late Celery retry of a given-up row does nothing.
        settings.EMAIL_DELIVERY_BACKEND = LOCMEM
        assert email_deliver(outbound_id=outbound.pk) is False
        assert mail.outbox == []

    def test_every_message_carries_a_stable_message_id(self):
        outbound = stored_email()
        email_deliver(outbound_id=outbound.pk)
        [message] = mail.outbox
        assert message.extra_headers["Message-ID"] == (
            f"<outbound-{outbound.pk}.{int(outbound.created_at.timestamp())}@almenlaering.dk>"
        )

    def test_the_backoff_grows_and_is_capped(self):
        delays = [services.retry_delay(n) for n in range(1, MAIL_MAX_ATTEMPTS + 1)]
        assert delays == sorted(delays)
        assert delays[0] == timedelta(minutes=2)
        assert delays[-1] == services.RETRY_DELAY_MAX


class TestSweep:
    def test_it_enqueues_unsent_rows_past_the_grace_and_nothing_else(self):
        due = stored_email("Glemt", age=timedelta(minutes=10))
        stored_email("Ny", age=timedelta(minutes=1))  # its own task may still be on the way
        sent = stored_email("Sendt", age=timedelta(minutes=10))
        email_deliver(outbound_id=sent.pk)
        given_up = stored_email("Opgivet", age=timedelta(minutes=10))
        OutboundEmail.objects.filter(pk=given_up.pk).update(failed_at=timezone.now())
        mail.outbox.clear()

        assert email_sweep() == 1

        due.refresh_from_db()
        assert due.sent_at is not None
        assert [m.subject for m in mail.outbox] == ["Glemt"]

    def test_a_claim_whose_worker_died_is_picked_up_after_its_backoff_and_sent_once(self):
        outbound = stored_email(age=timedelta(minutes=10))
        # The worker claimed the row, then was killed before sending (nothing else happened).
        assert services._claim(outbound.pk) is True
        outbound.refresh_from_db()
        assert outbound.attempts == 1 and outbound.sent_at is None

        assert email_sweep() == 0  # its back-off has not passed: a live delivery is not raced
        assert email_sweep(now=outbound.next_attempt_at + timedelta(seconds=1)) == 1
        assert email_sweep(now=outbound.next_attempt_at + timedelta(seconds=1)) == 0

        outbound.refresh_from_db()
        assert outbound.sent_at is not None
        assert outbound.attempts == 2
        assert len(mail.outbox) == 1

    def test_with_the_broker_down_it_stores_one_task_and_stops(self):
        from tests.lms.test_resilience import broker_down

        stored_email("En", age=timedelta(minutes=10))
        stored_email("To", age=timedelta(minutes=10))
        with broker_down():
            assert email_sweep() == 0
        assert PendingTask.objects.count() == 1

    def test_beat_runs_it_every_five_minutes(self):
        from lms.celery_schedule import CELERY_BEAT_SCHEDULE

        entry = CELERY_BEAT_SCHEDULE["mail-sweep-unsent"]
        assert entry["task"] == "mail.sweep_unsent"
        assert str(entry["schedule"]._orig_minute) == "*/5"


# --- Operators ------------------------------------------------------------------------------


@pytest.fixture
def operator(db):
    """An operator: not a superuser, in a group that may see and resend e-mails."""
    user = User.objects.create_user(email="drift@almenlaering.example", password="x")
    group = Group.objects.create(name="Drift")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_outboundemail"),
        Permission.objects.get(codename="change_outboundemail"),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def editor(db):
    """An admin user without the mail permissions."""
    user = User.objects.create_user(email="redaktoer@almenlaering.example", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


class TestAdminListing:
    def test_it_shows_state_attempts_and_error_but_never_the_body(self, client, operator):
        stuck = stored_email("Invitation til AlmenLæring", age=timedelta(hours=1))
        OutboundEmail.objects.filter(pk=stuck.pk).update(
            attempts=3, last_error="SMTPServerDisconnected('Forbindelsen blev afbrudt')"
        )
        client.force_login(operator)
        response = client.get(reverse("outboundemail:index"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Invitation til AlmenLæring" in html
        assert "karen@fjordbo.example" in html
        assert "SMTPServerDisconnected" in html
        assert "Ikke sendt endnu" in html
        assert "Kurset starter i morgen" not in html  # the body
        assert reverse("outboundemail:resend", args=[stuck.pk]) in html

    def test_filters_by_status_attempts_and_error(self, client, operator):
        sent = stored_email("Sendt mail")
        email_deliver(outbound_id=sent.pk)
        failed = stored_email("Opgivet mail")
        OutboundEmail.objects.filter(pk=failed.pk).update(
            failed_at=timezone.now(), attempts=MAIL_MAX_ATTEMPTS, last_error="x"
        )
        stored_email("Ventende mail")
        client.force_login(operator)

        def subjects(**params):
            response = client.get(reverse("outboundemail:index"), params)
            return {o.subject for o in response.context["object_list"]}

        assert subjects(status="sent") == {"Sendt mail"}
        assert subjects(status="unsent") == {"Opgivet mail", "Ventende mail"}
        assert subjects(status="failed") == {"Opgivet mail"}
        assert subjects(attempts_min=2) == {"Opgivet mail"}
        assert subjects(has_error="true") == {"Opgivet mail"}

    def test_the_listing_is_flat(self, client, operator, django_assert_num_queries):
        def add(count):
            OutboundEmail.objects.bulk_create(
                OutboundEmail(subject=f"E-mail {i}", from_email="a@b.dk", to=["k@f.dk"], body="")
                for i in range(count)
            )

        client.force_login(operator)
        add(10)
        with CaptureQueriesContext(connection) as at_10:
            client.get(reverse("outboundemail:index"))
        add(990)
        with django_assert_num_queries(len(at_10.captured_queries)):
            response = client.get(reverse("outboundemail:index"))
        assert response.context["paginator"].count == 1000

    def test_others_may_not_see_it(self, client, editor):
        client.force_login(editor)
        assert client.get(reverse("outboundemail:index")).status_code in (302, 403)
        outbound = stored_email()
        response = client.post(reverse("outboundemail:resend", args=[outbound.pk]))
        assert response.status_code in (302, 403)
        assert response.get("Location", "") != reverse("outboundemail:index")
        assert mail.outbox == []

    def test_there_is_no_way_to_create_edit_or_delete_rows(self, client, operator):
        client.force_login(operator)
        html = client.get(reverse("outboundemail:index")).content.decode()
        assert "/udgaaende-emails/new/" not in html
        for name in ("add", "edit", "delete"):
            with pytest.raises(NoReverseMatch):
                reverse(f"outboundemail:{name}", args=[1] if name != "add" else [])


class TestResend:
    def test_send_igen_delivers_a_given_up_row_once(
        self, client, operator, django_capture_on_commit_callbacks
    ):
        outbound = stored_email()
        OutboundEmail.objects.filter(pk=outbound.pk).update(
            failed_at=timezone.now(), attempts=MAIL_MAX_ATTEMPTS, last_error="x"
        )
        client.force_login(operator)
        url = reverse("outboundemail:resend", args=[outbound.pk])
        assert "Send igen" in client.get(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)
        assert response.status_code == 302
        outbound.refresh_from_db()
        assert outbound.sent_at is not None and outbound.failed_at is None
        assert outbound.attempts == 1  # a fresh series
        assert len(mail.outbox) == 1

        # Pressing it again (a stale tab) sends nothing.
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
        assert len(mail.outbox) == 1

    def test_the_command_lists_and_resends(self, django_capture_on_commit_callbacks):
        failed = stored_email("Opgivet", age=timedelta(hours=2))
        OutboundEmail.objects.filter(pk=failed.pk).update(
            failed_at=timezone.now(), attempts=MAIL_MAX_ATTEMPTS, last_error="nede"
        )
        out = StringIO()
        call_command("mail_resend", stdout=out)
        assert f"#{failed.pk}" in out.getvalue() and "GIVEN UP" in out.getvalue()
        assert mail.outbox == []

        with django_capture_on_commit_callbacks(execute=True):
            call_command("mail_resend", "--failed", stdout=StringIO())
        failed.refresh_from_db()
        assert failed.sent_at is not None
        assert [m.subject for m in mail.outbox] == ["Opgivet"]

    def test_the_command_never_resends_a_sent_row(self, django_capture_on_commit_callbacks):
        outbound = stored_email()
        email_deliver(outbound_id=outbound.pk)
        with (
            django_capture_on_commit_callbacks(execute=True),
            mock.patch.object(deliver_email, "apply_async") as apply_async,
        ):
            call_command("mail_resend", "--id", str(outbound.pk), stdout=StringIO())
        apply_async.assert_not_called()
        assert len(mail.outbox) == 1
