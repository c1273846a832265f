"""Enqueueing Celery tasks so that a broker outage neither fails a request nor loses a task.

Every app enqueues through :func:`enqueue_on_commit` (never ``task.delay`` in a service): the task
is published when the surrounding transaction commits. If the broker refuses at that moment
(Redis stopped, a connection timeout), the data is already committed, so failing the request
would help nobody: the task is stored as a ``PendingTask`` row instead and the request goes on.
:func:`pending_tasks_flush` publishes stored tasks again once the broker answers; it runs from
Celery beat every minute (``lms.flush_pending_tasks``), after the next successful enqueue of any
process (at most twice a minute per process), and from ``manage.py tasks_requeue``. Tasks take
ids and are idempotent, so one sent twice does no harm.

In eager mode (no broker, the embedded default and the test suite) tasks run in the calling
process, exactly as ``task.delay`` did, and their errors propagate.

This is kernel code: it imports no app but ``core.mail`` (where its model lives) and will move to
``core`` with it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from celery import Task, current_app, shared_task
from django.db import transaction
from django.utils import timezone

from core.ops.request_id import get_request_id, request_id_context

logger = logging.getLogger(__name__)

# A publish raises kombu's OperationalError, redis-py's ConnectionError or TimeoutError, or an
# OSError when the broker cannot be reached, and a RuntimeError when a Redis result backend gives
# up. In non-eager mode nothing but serialising and sending runs here, after the commit: whatever
# fails, failing the request would not undo it, so every error stores the task instead.
BROKER_ERRORS: tuple[type[BaseException], ...] = (Exception,)
# A publish tries once; the stored row is the retry. Waiting here would hold up the request.
# Nobody reads our tasks' results; not asking for one keeps the result backend out of the way.
PUBLISH_OPTIONS: dict[str, Any] = {"retry": False, "ignore_result": True}
OPPORTUNISTIC_FLUSH_INTERVAL = 30.0  # seconds between flush attempts of one process
FLUSH_BATCH = 500

_last_flush_attempt = 0.0


def _eager() -> bool:
    return bool(current_app.conf.task_always_eager)


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Publish ``task(*args, **kwargs)`` once the current transaction commits.

    Arguments must be JSON values (ids, short strings). Outside a transaction it publishes now.
    """
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


def enqueue(task: Task, *args: Any, **kwargs: Any) -> bool:
    """Publish ``task`` now; return False if the broker refused and it was stored for later.

    Call it where the data the task reads is already committed (``enqueue_on_commit`` does).
    """
    if _eager():
        task.apply_async(args=args, kwargs=kwargs)
        return True
    try:
        task.apply_async(args=args, kwargs=kwargs, **PUBLISH_OPTIONS)
    except BROKER_ERRORS as exc:
        _store(task.name, list(args), kwargs, exc)
        return False
    _maybe_flush()
    return True


def _store(name: str, args: list[Any], kwargs: dict[str, Any], exc: BaseException) -> None:
    from core.mail.models import PendingTask

    PendingTask.objects.create(
        task_name=name,
        args=args,
        kwargs=kwargs,
        request_id=get_request_id() or "",
        attempts=1,
        last_attempt_at=timezone.now(),
        last_error=repr(exc)[:2000],
    )
    logger.warning("The broker refused task %s (%r); stored to be enqueued again", name, exc)


def _maybe_flush() -> None:
    """After a successful publish the broker is evidently back: send what waits, now and then."""
    global _last_flush_attempt
    now = time.monotonic()
    if now - _last_flush_attempt < OPPORTUNISTIC_FLUSH_INTERVAL:
        return
    _last_flush_attempt = now
    from core.mail.models import PendingTask

    try:
        if PendingTask.objects.exists():
            pending_tasks_flush()
    except Exception:  # an opportunistic extra; beat and the command remain
        logger.warning("Flushing pending tasks after an enqueue failed", exc_info=True)


@dataclass(frozen=True)
class FlushResult:
    sent: int
    left: int  # rows still waiting (the broker refused again, or another flush holds them)


def pending_tasks_flush(*, limit: int = FLUSH_BATCH) -> FlushResult:
    """Publish stored tasks again, oldest first, deleting each one the broker accepts.

    Stops at the first refusal (the broker is still down). Rows are locked with SKIP LOCKED, so
    beat, the command and an opportunistic flush running together never publish a row twice.
    """
    from core.mail.models import PendingTask

    sent = 0
    with transaction.atomic():
        rows = list(PendingTask.objects.select_for_update(skip_locked=True).order_by("pk")[:limit])
        for row in rows:
            try:
                # Under the id of the request that enqueued it, which the task's lines then carry.
                with request_id_context(row.request_id or get_request_id()):
                    _publish(row.task_name, row.args, row.kwargs)
            except BROKER_ERRORS as exc:
                row.attempts += 1
                row.last_attempt_at = timezone.now()
                row.last_error = repr(exc)[:2000]
                row.save(update_fields=["attempts", "last_attempt_at", "last_error"])
                logger.warning("The broker still refuses tasks (%r); %s wait", exc, len(rows))
                break
            row.delete()
            sent += 1
    left = PendingTask.objects.count()
    if sent:
        logger.info("Enqueued %s stored task(s) again; %s left", sent, left)
    return FlushResult(sent=sent, left=left)


def _publish(name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    app = current_app
    if _eager():
        # Only a row stored before the process went eager (a developer's command) gets here.
        app.loader.import_default_modules()
        app.tasks[name].apply(args=args, kwargs=kwargs)
        return
    # By name: the web process need not have imported the task's module.
    app.send_task(name, args=args, kwargs=kwargs, **PUBLISH_OPTIONS)


@shared_task(name="lms.flush_pending_tasks")
def flush_pending_tasks() -> int:
    """Periodic (Celery beat, every minute): enqueue tasks a broker outage left stored."""
    return pending_tasks_flush().sent
