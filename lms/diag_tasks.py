"""A diagnostic task for the scale-out test: it sleeps and records which worker ran it.

Imported by workers only when ``LMS_OPS_DIAG_TASKS`` is true (``CELERY_IMPORTS`` in the
settings), so a production worker never has it. No real task fits the test "kill a worker in the
middle of a task": on the demo data every export and import finishes in well under a second, and
the test needs one that is still running when the worker is killed.

The record is a Redis list on the broker (``lms:diag:<token>``), one ``started <worker>`` or
``finished <worker>`` entry each time, kept for an hour: the test reads it without a result
backend (``CELERY_TASK_IGNORE_RESULT``).
"""

from __future__ import annotations

import time
from typing import Any

from celery import shared_task
from django.conf import settings

KEEP_SECONDS = 3600


def _record(token: str, event: str, worker: str) -> None:
    import redis

    client = redis.Redis.from_url(str(settings.CELERY_BROKER_URL), socket_timeout=5)
    try:
        key = f"lms:diag:{token}"
        client.rpush(key, f"{event} {worker}")
        client.expire(key, KEEP_SECONDS)
    finally:
        client.close()


@shared_task(name="lms.diag_sleep", bind=True, acks_late=True, reject_on_worker_lost=True)
def diag_sleep(self: Any, token: str, seconds: float) -> str:
    """Sleep ``seconds``; safe to run twice (it only records)."""
    worker = str(self.request.hostname)
    _record(token, "started", worker)
    time.sleep(seconds)
    _record(token, "finished", worker)
    return worker
