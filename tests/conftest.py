"""Fixtures every test gets, the shared test world (``tests/world.py``: Fjordbo, Nordlys,
Alice, Bob, Charlie), and the real Celery worker that ``redis`` tests run against.

Which tests run, skip or fail for want of a service is decided in the root ``conftest.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.support.s3 import s3_server  # noqa: F401  (the local S3-compatible server)
from tests.world import (  # noqa: F401  (the shared test world's fixtures, found by name)
    a2,
    a3,
    akademi,
    alice,
    bob,
    byggelaering,
    catalogue,
    charlie,
    charlie_with_totp,
    fjordbo,
    fremtidsanalyse,
    home,
    jonas,
    maria,
    nordlys,
    sofie,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKER_START_TIMEOUT = 90  # seconds; a cold start on a busy 2-core CI machine takes ~10


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every transactional test serialized rollback.

    A transactional test (``transaction=True``, ``transactional_db``, ``live_server``) ends by
    emptying every table. Without serialized rollback the next one starts without what the
    migrations created (Wagtail's root page and site, the job functions), and Django re-creates
    content types with new ids, which then clash with any later test that does restore them
    (on PostgreSQL: a duplicate key on django_content_type). With it, each transactional test
    starts from the migrated database, like every other test.
    """
    for item in items:
        cls = getattr(item, "cls", None)
        if cls is not None and hasattr(cls, "serialized_rollback"):
            continue  # a Django TestCase class decides for itself
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        fixtures = getattr(item, "fixturenames", ())
        transactional = kwargs.get("transaction") or (
            "transactional_db" in fixtures or "live_server" in fixtures
        )
        if transactional and not kwargs.get("serialized_rollback"):
            kwargs.update(transaction=True, serialized_rollback=True)
            # Prepended, so that it is the closest marker, ahead of the test's own.
            marker = pytest.mark.django_db(*(marker.args if marker else ()), **kwargs)
            item.add_marker(marker, append=False)


@pytest.fixture(autouse=True)
def _clear_caches() -> None:
    """Each test starts with empty caches (rate limits, for one, live in the cache)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _celery_mode(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tasks run eagerly in the test, except in ``redis`` tests, which get a real worker.

    The settings turn eager mode off as soon as CELERY_BROKER_URL is set; without this, every
    test of the Redis pass would enqueue tasks that no worker of the default queue consumes.
    """
    from lms.celery import app

    previous = app.conf.task_always_eager
    if request.node.get_closest_marker("redis") is None:
        app.conf.task_always_eager = True
    else:
        app.conf.task_always_eager = False
        request.getfixturevalue("celery_worker")
    yield
    app.conf.task_always_eager = previous


@dataclass(frozen=True)
class CeleryWorker:
    """A running ``celery -A lms worker`` process that consumes one queue of its own."""

    queue: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _worker_database_url(tmp_dir: Path) -> str:
    """The test database, as a URL the worker can open.

    pytest-django renamed the database (``test_<name>``); the worker must use that one, not the
    developer's. A SQLite test database lives in this process's memory, so a worker cannot share
    it: it gets an empty file of its own, and tests whose tasks touch the database are marked
    ``postgres`` as well as ``redis``.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_dir / 'worker.sqlite3'}"
    url = os.environ["DATABASE_URL"]
    return urlsplit(url)._replace(path="/" + quote(connection.settings_dict["NAME"])).geturl()


def _start_worker(queue: str, database_url: str, log_path: Path) -> subprocess.Popen[bytes]:
    from lms.queues import queue_names

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        # lms.settings.test delivers into an in-memory outbox already; this keeps delivery
        # harmless even if that ever changes: a worker must never send real e-mail from a test.
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "lms", "worker",
        # Its own queue and the mail and slow queues derived from it (lms.queues routes there).
        "--pool=solo", "--queues", ",".join(queue_names(queue)), "--hostname", f"{queue}@%h",
        "--loglevel=INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        return subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )


def _wait_until_it_answers(worker: CeleryWorker) -> None:
    from celery.exceptions import TimeoutError as CeleryTimeout
    from celery.result import allow_join_result

    from lms.celery import ping

    deadline = time.monotonic() + WORKER_START_TIMEOUT
    while True:
        if worker.process.poll() is not None:
            raise RuntimeError(
                f"The Celery worker exited with code {worker.process.returncode} before it "
                f"answered lms.ping. Its log:\n{worker.log()}"
            )
        try:
            with allow_join_result():
                if ping.apply_async(queue=worker.queue).get(timeout=2) == "pong":
                    return
        except CeleryTimeout:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"The Celery worker did not answer lms.ping within {WORKER_START_TIMEOUT} s "
                f"(queue {worker.queue}). Its log:\n{worker.log()}"
            )


def _stop_worker(worker: CeleryWorker) -> None:
    worker.process.terminate()  # SIGTERM: warm shutdown
    try:
        worker.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.process.kill()
        worker.process.wait(timeout=10)


def _delete_queue(queue: str) -> None:
    """Remove the queue and kombu's binding keys, so runs leave nothing behind in Redis."""
    import redis

    try:
        client = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"], socket_timeout=5)
        keys = list(client.scan_iter(match=f"*{queue}*"))
        if keys:
            client.delete(*keys)
        client.close()
    except Exception:  # tidying only; a broker gone at the end must not fail the run
        pass


@pytest.fixture(scope="session")
def _celery_worker_process(
    django_db_setup: None,
    django_db_blocker: object,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[CeleryWorker]:
    """One worker for the session, on a queue no other run or worker shares."""
    from lms.celery import app

    tmp_dir = tmp_path_factory.mktemp("celery-worker")
    queue = f"lms-test-{uuid.uuid4().hex[:12]}"
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        database_url = _worker_database_url(tmp_dir)
    log_path = tmp_dir / "worker.log"
    worker = CeleryWorker(queue, _start_worker(queue, database_url, log_path), log_path)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        _wait_until_it_answers(worker)
    except BaseException:
        _stop_worker(worker)
        raise
    finally:
        app.conf.task_always_eager = eager
    yield worker
    _stop_worker(worker)
    _delete_queue(queue)


@pytest.fixture
def celery_worker(_celery_worker_process: CeleryWorker) -> Iterator[CeleryWorker]:
    """Route this test's tasks to the session's real worker (``redis`` tests get it anyway).

    ``result.get()`` is allowed in the test: Celery's "never join inside a task" flag is one
    global, and eager tasks that ran in threads of earlier tests can leave it set.
    """
    from celery.result import allow_join_result

    from lms.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = _celery_worker_process.queue
    with allow_join_result():
        yield _celery_worker_process
    app.conf.task_default_queue = previous
