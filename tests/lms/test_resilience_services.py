"""Redis stopped and a worker killed, for real (issue 11, faults 4 and 5; services pass).

Each test starts a PRIVATE ``redis-server`` on a free loopback port and its own Celery worker
against it, so stopping Redis or killing the worker disturbs no other test or run (the shared
Redis of the CI pass is never touched). The worker delivers through ``CountingBackend``, which
writes one line per delivered message to a file: "sent exactly once" is counted, not assumed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.mail import send_mail
from django.db import transaction

from core import tasks as kernel
from core.mail.models import OutboundEmail, PendingTask
from core.mail.services import email_sweep
from core.mail.tasks import deliver_email
from courses.models import Enrolment
from lms.celery import app
from lms.queues import queue_names
from tests.conftest import REPO_ROOT, _worker_database_url
from tests.courses.conftest import make_learner
from tests.lms.test_resilience import build_course

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

WAIT = 40  # seconds for a worker to start or a delivery to arrive; far above the usual few


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(check, what: str, timeout: float = WAIT, log: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}.\n{log}")
        time.sleep(0.2)


@dataclass
class PrivateRedis:
    port: int
    process: subprocess.Popen[bytes] | None = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for(self._answers, f"redis-server on port {self.port}", timeout=10)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.exceptions.ConnectionError:
            return False


@dataclass
class Worker:
    queue: str
    log_path: Path
    process: subprocess.Popen[bytes]
    mail_log: Path = field(default=Path())

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no ack, no rollback by the worker itself."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis(_free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def start_worker(private_redis, tmp_path, monkeypatch):
    """Start workers on a private queue of the private Redis; the test process publishes there."""
    queue = f"lms-resilience-{uuid.uuid4().hex[:10]}"
    mail_log = tmp_path / "delivered.log"
    mail_log.touch()
    database_url = _worker_database_url(tmp_path)
    workers: list[Worker] = []

    def start(*, mail_delay: float = 0.0) -> Worker:
        log_path = tmp_path / f"worker-{len(workers)}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.lms.worker_settings",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": private_redis.url(0),
            "CELERY_RESULT_BACKEND": private_redis.url(0),
            "REDIS_CACHE_URL": private_redis.url(1),
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "TEST_MAIL_LOG": str(mail_log),
            "TEST_MAIL_DELAY": str(mail_delay),
            "PYTHONUNBUFFERED": "1",
        }
        command = [
            sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo",
            # Its queue and the mail and slow queues derived from it (lms.queues routes there).
            "--queues", ",".join(queue_names(queue)), "--hostname", f"{queue}-{len(workers)}@%h",
            "--loglevel=INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        worker = Worker(queue, log_path, process, mail_log)
        workers.append(worker)
        _wait_for(lambda: " ready." in worker.log_path.read_text(errors="replace"),
                  "the worker to be ready", log=log_path.read_text(errors="replace"))  # fmt: skip
        return worker

    # The test process publishes to the private Redis and queue, and fails fast like production.
    saved = (
        app.conf.broker_url, app.conf.task_default_queue, app._pool, app.amqp._producer_pool,
    )  # fmt: skip
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", private_redis.url(0))
    app.conf.broker_url = private_redis.url(0)
    app.conf.task_default_queue = queue
    app._pool = None
    app.amqp._producer_pool = None
    yield start
    for worker in workers:
        worker.stop()
    if app._pool is not None:
        app._pool.force_close_all()
    app.conf.broker_url, app.conf.task_default_queue, app._pool, app.amqp._producer_pool = saved


def _delivered(worker: Worker) -> list[str]:
    return [line for line in worker.mail_log.read_text().splitlines() if line]


def test_with_redis_stopped_the_site_serves_and_the_enrolment_mail_follows(
    client, settings, private_redis, start_worker
):
    from organisations import services as org_services

    course, session = build_course()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": private_redis.url(1),
            "KEY_PREFIX": "lms",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    fjordbo = org_services.organisation_create(name="Fjordbo", kind="housing", cvr="33333333")
    karen = make_learner("karen@fjordbo.example", fjordbo, first_name="Karen")
    client.force_login(karen)
    worker = start_worker()
    assert client.get("/kurser/").status_code == 200  # warms the cache while Redis is up

    private_redis.stop()
    started = time.monotonic()
    for url in ("/", "/kurser/", course.url, "/min-side/", "/soeg/?q=kursus"):
        assert client.get(url).status_code == 200, url
    response = client.post(f"/kurser/tilmelding/{course.pk}/", {"session": session.pk})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert Enrolment.objects.filter(user=karen).exists()
    assert PendingTask.objects.filter(task_name="courses.notify_enrolment_event").exists()
    assert not OutboundEmail.objects.filter(to=[karen.email]).exists()
    assert elapsed < 10, f"six requests with Redis down took {elapsed:.1f} s"

    private_redis.start()
    # What beat does every minute (lms.flush_pending_tasks); the first may meet a stale socket.
    _wait_for(lambda: kernel.pending_tasks_flush().left == 0, "the stored task to go out")

    def sent() -> bool:
        row = OutboundEmail.objects.filter(to=[karen.email]).first()
        return row is not None and row.sent_at is not None

    _wait_for(sent, "the enrolment e-mail to be delivered", log=worker.log())
    assert [line.split()[1] for line in _delivered(worker)] == [karen.email]


def test_a_worker_killed_mid_delivery_leaves_the_mail_sent_exactly_once(settings, start_worker):
    settings.EMAIL_BACKEND = "core.mail.backends.CeleryEmailBackend"
    slow = start_worker(mail_delay=60)

    with transaction.atomic():
        send_mail("Din tilmelding", "Hej Karen", None, ["karen@fjordbo.example"])
    outbound = OutboundEmail.objects.get()

    def claimed() -> bool:
        outbound.refresh_from_db()
        return outbound.attempts == 1

    _wait_for(claimed, "the slow worker to claim the e-mail", log=slow.log())
    time.sleep(0.5)  # inside the slow mail server now
    slow.kill()

    outbound.refresh_from_db()
    assert outbound.sent_at is None
    assert _delivered(slow) == []

    second = start_worker()
    # The sweep (beat, every 5 minutes) once the claim's back-off has passed.
    assert email_sweep(now=outbound.next_attempt_at) == 1

    def sent() -> bool:
        outbound.refresh_from_db()
        return outbound.sent_at is not None

    _wait_for(sent, "the second worker to deliver", log=second.log())
    assert outbound.attempts == 2

    # The killed worker's message comes back after the visibility timeout; simulate it, and a
    # second sweep: neither sends again.
    deliver_email.delay(outbound.pk)
    assert email_sweep(now=outbound.next_attempt_at or outbound.sent_at) == 0
    time.sleep(2)
    assert len(_delivered(second)) == 1
    assert _delivered(second)[0].startswith(f"<outbound-{outbound.pk}.")
