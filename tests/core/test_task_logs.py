"""One log line per task, with the id of the request that started it (core.ops.task_logs)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from celery import shared_task, signals
from celery.exceptions import Retry
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from kombu import Connection

from core.mail.models import PendingTask
from core.ops.request_id import get_request_id, request_id_context
from core.tasks import enqueue, enqueue_on_commit, pending_tasks_flush
from lms.celery import app, ping
from tests.core.test_request_logs import Lines, lines  # noqa: F401  (the JSON lines fixture)

WAIT = 30  # seconds a real worker may take to log its line

seen_ids: list[str | None] = []


@shared_task(name="tests.logs.probe")
def probe() -> None:
    """Remembers the request id it ran under."""
    seen_ids.append(get_request_id())


@shared_task(name="tests.logs.fail")
def fail() -> None:
    raise ValueError("the task broke")


@shared_task(name="tests.logs.retry_once", bind=True, max_retries=1, default_retry_delay=0)
def retry_once(self: Any) -> None:
    if self.request.retries == 0:
        raise self.retry(countdown=0)


def _starts_a_task_on_commit(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        enqueue_on_commit(probe)
    return HttpResponse("ok")


def _sends_ping(request: HttpRequest) -> HttpResponse:
    enqueue(ping)
    return HttpResponse("ok")


urlpatterns = [
    path("start/", _starts_a_task_on_commit),
    path("ping/", _sends_ping),
]


@pytest.fixture(autouse=True)
def _fresh_ids() -> None:
    seen_ids.clear()


@pytest.mark.django_db(transaction=True)
def test_a_task_started_on_commit_by_a_request_logs_the_requests_id(client, settings, lines):  # noqa: F811
    settings.ROOT_URLCONF = __name__

    response = client.get("/start/", HTTP_X_REQUEST_ID="req-task-1")

    assert response.status_code == 200
    assert seen_ids == ["req-task-1"]
    [line] = lines.of("lms.task")
    assert line["request_id"] == "req-task-1"
    # Run eagerly, inside the request: DEBUG (a worker's success line is INFO).
    assert (line["task"], line["state"], line["retries"], line["level"]) == (
        "tests.logs.probe",
        "success",
        0,
        "DEBUG",
    )
    assert line["task_id"]
    assert line["duration_ms"] >= 0
    [request_line] = lines.of("lms.request")
    assert request_line["request_id"] == "req-task-1"


def test_a_task_outside_a_request_gets_an_id_of_its_own(lines):  # noqa: F811
    probe.delay()

    [line] = lines.of("lms.task")
    assert seen_ids == [line["request_id"]]
    assert len(line["request_id"]) == 32
    assert get_request_id() is None  # the task's id does not outlive the task


def test_a_failed_task_logs_an_error_line(lines):  # noqa: F811
    with request_id_context("req-fail"), pytest.raises(ValueError):
        fail.delay()

    [line] = lines.of("lms.task")
    assert (line["state"], line["level"], line["request_id"]) == ("failure", "ERROR", "req-fail")


def test_a_task_that_asks_for_a_retry_logs_a_warning_line(lines):  # noqa: F811
    # Eagerly, Celery raises the retry instead of running the task again.
    with request_id_context("req-retry"), pytest.raises(Retry):
        retry_once.apply()

    [line] = lines.of("lms.task")
    assert (line["state"], line["level"], line["retries"]) == ("retry", "WARNING", 0)
    assert line["request_id"] == "req-retry"
    assert get_request_id() is None


def test_the_message_header_sets_the_id_in_the_worker(lines):  # noqa: F811
    # What a worker does with a message: the header becomes the id while the task runs.
    probe.apply(headers={"lms_request_id": "req-from-header"})

    assert seen_ids == ["req-from-header"]
    [line] = lines.of("lms.task")
    assert line["request_id"] == "req-from-header"


@pytest.fixture
def published_headers() -> Iterator[list[dict[str, Any]]]:
    """The headers of every message published, as the broker would get them."""
    headers: list[dict[str, Any]] = []

    def record(headers: dict[str, Any] | None = None, **_: Any) -> None:
        headers_list.append(dict(headers or {}))

    headers_list = headers
    signals.before_task_publish.connect(record, weak=False, dispatch_uid="tests.record")
    yield headers
    signals.before_task_publish.disconnect(dispatch_uid="tests.record")


@pytest.fixture
def not_eager() -> Iterator[None]:
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


def test_a_published_task_carries_the_request_id_in_its_headers(
    not_eager, published_headers, monkeypatch
):
    with Connection("memory://") as connection:
        real_send = app.send_task
        monkeypatch.setattr(
            app, "send_task", lambda *a, **kw: real_send(*a, producer=connection.Producer(), **kw)
        )
        with request_id_context("req-published"):
            app.send_task("lms.ping", ignore_result=True)

    assert published_headers[-1]["lms_request_id"] == "req-published"


def test_a_task_the_broker_refused_is_stored_and_sent_again_with_its_request_id(
    db, not_eager, published_headers, monkeypatch
):
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(ping, "apply_async", refuse)
    with request_id_context("req-stored"):
        assert enqueue(ping) is False
    assert PendingTask.objects.get().request_id == "req-stored"

    with Connection("memory://") as connection:
        real_send = app.send_task
        monkeypatch.setattr(
            app, "send_task", lambda *a, **kw: real_send(*a, producer=connection.Producer(), **kw)
        )
        result = pending_tasks_flush()

    assert result.sent == 1
    assert published_headers[-1]["lms_request_id"] == "req-stored"
    assert get_request_id() is None


@pytest.mark.redis
def test_the_worker_logs_the_task_under_the_requests_id(client, db, settings, celery_worker):
    settings.ROOT_URLCONF = __name__
    request_id = f"req-worker-{uuid.uuid4().hex[:8]}"

    response = client.get("/ping/", HTTP_X_REQUEST_ID=request_id)

    assert response.status_code == 200
    deadline = time.monotonic() + WAIT
    while True:
        found = [
            line
            for line in celery_worker.log().splitlines()
            if "lms.task" in line and f"[{request_id}]" in line
        ]
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert found, (
        f"No lms.task line with {request_id} in the worker's log:\n" + (celery_worker.log()[-4000:])
    )
    assert "lms.ping success" in found[0]
