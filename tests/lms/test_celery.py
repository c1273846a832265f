"""Tasks through Redis and a real ``celery -A lms worker`` process (the ``redis`` marker).

The worker fixture (tests/conftest.py) starts the worker on a queue of its own and points it at
this run's test database. Without CELERY_BROKER_URL these tests skip (fail under CI=true only
when Redis is configured but does not answer).
"""

import time

import pytest
from django.core.mail import send_mail
from django.db import transaction

from core.mail.models import OutboundEmail
from lms.celery import app, ping

WAIT = 30  # seconds: far more than a delivery takes, short enough to fail a hung run


@pytest.mark.redis
def test_a_worker_answers_ping(celery_worker):
    assert app.conf.task_always_eager is False
    result = ping.delay()
    assert result.get(timeout=WAIT) == "pong"
    assert result.successful()


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_email_sent_in_a_transaction_is_delivered_by_the_worker(settings, celery_worker):
    settings.EMAIL_BACKEND = "core.mail.backends.CeleryEmailBackend"

    with transaction.atomic():
        send_mail("Velkommen til AlmenLæring", "Hej Karen", None, ["karen@fjordbo.example"])
        stored = OutboundEmail.objects.get()
        # Nothing is enqueued before the commit: the worker could not see the row yet.

    deadline = time.monotonic() + WAIT
    while True:
        stored.refresh_from_db()
        if stored.sent_at is not None or time.monotonic() > deadline:
            break
        time.sleep(0.2)

    assert stored.sent_at is not None, (
        f"The worker did not deliver e-mail {stored.pk} within {WAIT} s "
        f"(attempts={stored.attempts}, last_error={stored.last_error!r}). Worker log:\n"
        + celery_worker.log()[-4000:]
    )
    assert stored.attempts == 1
    assert stored.last_error == ""
