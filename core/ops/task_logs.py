"""One log line per Celery task, and the request id carried from a request into its tasks.

The publishing process puts the current request id into the task message's headers
(``before_task_publish``); the worker takes it from there into the request-id context variable
for the run of the task (``task_prerun``, ``task_postrun``), so every line the task logs, every
task it enqueues in turn and every error report it causes carries the id of the request that
started it all. A task without one (started by beat or a command) gets a fresh id of its own.

Eager tasks (no broker: development, the tests) run inside the request, whose id they keep.
Tasks the broker refused are stored with the id and published again under it
(``core.tasks``).

``connect_task_signals`` is called once, by the Celery app (``lms/celery.py``), in every
process: the web processes publish, the workers run.
"""

from __future__ import annotations

import logging
import sys
import time
from contextvars import Token
from logging.config import dictConfig
from typing import Any

from celery import Task, signals
from celery.exceptions import Retry

from core.ops.request_id import get_request_id, new_request_id, reset_request_id, set_request_id

HEADER = "lms_request_id"

task_logger = logging.getLogger("lms.task")

# Per running task: when it started and the context token to restore afterwards. Keyed by task
# id and retry number: a task run eagerly inside another has its own entry, and the attempts of
# one task (same id) never share one.
_running: dict[tuple[str, int], tuple[float, Token[str | None]]] = {}

_LEVELS = {"success": logging.INFO, "retry": logging.WARNING, "failure": logging.ERROR}


def add_request_id_header(headers: dict[str, Any] | None = None, **_: Any) -> None:
    """``before_task_publish``: the message carries the current request id."""
    request_id = get_request_id()
    if headers is not None and request_id and not headers.get(HEADER):
        headers[HEADER] = request_id


def task_started(task_id: str | None = None, task: Task | None = None, **_: Any) -> None:
    """``task_prerun``: the task runs under its request's id (or a fresh one) and is timed."""
    if task_id is None:
        return
    request_id = _header(task) or get_request_id() or new_request_id()
    _running[(task_id, _retries(task))] = (time.perf_counter(), set_request_id(request_id))


def task_finished(
    task_id: str | None = None, task: Task | None = None, state: str | None = None, **_: Any
) -> None:
    """``task_postrun``: write the task's line, then restore the request id from before."""
    run = _running.pop((task_id or "", _retries(task)), None)
    if run is None:
        return
    began, token = run
    try:
        log_task(task, task_id, _outcome(state), duration_ms=(time.perf_counter() - began) * 1000)
    finally:
        try:
            reset_request_id(token)
        except ValueError:  # the run ended in another context than it began (a thread pool)
            set_request_id(None)


def _outcome(state: str | None) -> str:
    """success, failure, retry (or Celery's other states, in lower case)."""
    if state:
        return state.lower()
    # Eager with propagation: the error leaves the tracer before it records a state, and
    # task_postrun is sent from a ``finally`` while the exception is on its way out.
    error = sys.exc_info()[1]
    if error is None:
        return "unknown"
    return "retry" if isinstance(error, Retry) else "failure"


def _header(task: Task | None) -> str | None:
    """The request id the message carried: a worker puts message headers on the request
    itself, ``apply(headers=…)`` under ``request.headers``."""
    request = getattr(task, "request", None)
    value = getattr(request, HEADER, None)
    if not value:
        headers = getattr(request, "headers", None)
        value = headers.get(HEADER) if isinstance(headers, dict) else None
    return str(value) if value else None


def _retries(task: Task | None) -> int:
    return int(getattr(getattr(task, "request", None), "retries", None) or 0)


def log_task(task: Task | None, task_id: str | None, outcome: str, *, duration_ms: float) -> None:
    """Write the task's line to ``lms.task``: outcome success, failure, retry (or Celery's)."""
    level = _LEVELS.get(outcome, logging.INFO)
    if level == logging.INFO and getattr(getattr(task, "request", None), "is_eager", False):
        # Run inside the request or command that called it (no broker: development, tests):
        # that one's line is the record; a line per e-mail sent would bury it.
        level = logging.DEBUG
    if not task_logger.isEnabledFor(level):
        return
    name = getattr(task, "name", None) or "?"
    retries = _retries(task)
    task_logger.log(
        level,
        "%s %s in %.0f ms (retries %s)",
        name,
        outcome,
        duration_ms,
        retries,
        extra={
            "task": name,
            "task_id": task_id,
            "state": outcome,
            "duration_ms": round(duration_ms, 1),
            "retries": retries,
        },
    )


def configure_worker_logging(**_: Any) -> None:
    """``setup_logging``: a worker logs through ``settings.LOGGING``, as the web processes do.

    Connecting to this signal stops Celery from installing its own handlers and format, so the
    worker's lines (its own and the tasks') are JSON in production too. ``--loglevel`` is then
    ignored: ``LOG_LEVEL`` decides.
    """
    from django.conf import settings

    dictConfig(settings.LOGGING)


def connect_task_signals() -> None:
    """Connect the handlers above (idempotent: each has a dispatch uid)."""
    signals.before_task_publish.connect(
        add_request_id_header, weak=False, dispatch_uid="lms.request_id_header"
    )
    signals.task_prerun.connect(task_started, weak=False, dispatch_uid="lms.task_started")
    signals.task_postrun.connect(task_finished, weak=False, dispatch_uid="lms.task_finished")
    signals.setup_logging.connect(
        configure_worker_logging, weak=False, dispatch_uid="lms.worker_logging"
    )
