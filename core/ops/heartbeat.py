"""What the Celery workers tell the web servers through the broker's Redis: alive, and failures.

Workers and web servers may run on different machines; the one store they all reach is the
broker (``CELERY_BROKER_URL``), so both records live there, under ``lms:``, beside kombu's own
keys (which start with the queue names, ``_kombu.`` and ``unacked``):

- ``lms:worker:<hostname>``: each worker's heartbeat, a JSON object (``at``, ``queues``, ``pid``)
  rewritten every ``HEARTBEAT_INTERVAL`` seconds with a time to live of ``HEARTBEAT_TTL``. A worker
  that dies or hangs stops writing, and its key expires; a worker that shuts down cleanly deletes
  it. ``/readyz?workers=1`` asks for at least one fresh key.
- ``lms:tasks:failed``: a hash of task name → number of failures, incremented by every process in
  which a task fails (``task_failure``), so the count survives restarts and adds up across
  workers and machines. Prometheus reads it as a counter (``core.ops.metrics``).

The heartbeat is a thread started when the worker is ready, not a Celery timer or beat: a timer
runs in the worker's event loop, which a long task blocks under the solo pool, and beat is one
process for the whole site. The thread proves the worker process is alive and connected.

Without a broker (eager mode: tasks run in the web process) there is no worker to watch, and the
failure counter is kept in this process's memory.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import redis
from celery.signals import task_failure, worker_ready, worker_shutdown
from django.conf import settings

logger = logging.getLogger(__name__)

HEARTBEAT_PREFIX = "lms:worker:"
FAILED_TASKS_KEY = "lms:tasks:failed"
HEARTBEAT_INTERVAL = 10.0  # seconds between two writes
HEARTBEAT_TTL = 30  # seconds; three missed writes and the worker counts as gone
# Every call on the broker's Redis from here gives up within this, so a dead broker costs a
# health check or a failing task at most two seconds.
REDIS_TIMEOUT = 2.0

_local_failures: Counter[str] = Counter()
_local_lock = threading.Lock()


def broker_redis() -> redis.Redis | None:
    """A client of the broker's Redis, or None without a Redis broker (eager mode)."""
    url = getattr(settings, "CELERY_BROKER_URL", None)
    if not url or urlsplit(url).scheme not in ("redis", "rediss"):
        return None
    return _client(url)


@lru_cache(maxsize=8)
def _client(url: str) -> redis.Redis:
    # One client (and connection pool, which is thread-safe) per URL and process.
    return redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
    )


# --- Heartbeat ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heartbeat:
    hostname: str
    at: float  # Unix time of the last write
    queues: tuple[str, ...]

    def age(self, now: float | None = None) -> float:
        return (time.time() if now is None else now) - self.at


def write_heartbeat(client: redis.Redis, hostname: str, queues: Iterable[str]) -> None:
    payload = {"at": time.time(), "queues": sorted(queues), "pid": os.getpid()}
    client.set(HEARTBEAT_PREFIX + hostname, json.dumps(payload), ex=HEARTBEAT_TTL)


def fresh_heartbeats(client: redis.Redis, *, prefix: str | None = None) -> list[Heartbeat]:
    """The workers whose heartbeat is younger than ``HEARTBEAT_TTL`` seconds.

    The key's time to live already drops silent workers; the age check also drops a key whose
    writer's clock is far off, or one that was written without an expiry by hand.
    """
    prefix = HEARTBEAT_PREFIX if prefix is None else prefix
    keys = sorted(client.scan_iter(match=prefix + "*", count=100))
    if not keys:
        return []
    beats = []
    now = time.time()
    for key, raw in zip(keys, client.mget(keys), strict=True):
        if raw is None:
            continue  # expired between SCAN and MGET
        try:
            data = json.loads(raw)
            beat = Heartbeat(
                hostname=_text(key)[len(prefix) :],
                at=float(data["at"]),
                queues=tuple(str(q) for q in data.get("queues", ())),
            )
        except (ValueError, KeyError, TypeError):
            continue
        if beat.age(now) <= HEARTBEAT_TTL:
            beats.append(beat)
    return beats


class HeartbeatThread(threading.Thread):
    """Writes this worker's heartbeat every ``interval`` seconds until stopped."""

    def __init__(
        self,
        client: redis.Redis,
        hostname: str,
        queues: Iterable[str],
        interval: float = HEARTBEAT_INTERVAL,
    ) -> None:
        super().__init__(name="lms-heartbeat", daemon=True)
        self.client = client
        self.hostname = hostname
        self.queues = tuple(queues)
        self.interval = interval
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                write_heartbeat(self.client, self.hostname, self.queues)
            except (redis.RedisError, OSError) as exc:
                # The broker is away: the worker cannot take tasks either, so a stale heartbeat
                # is the truth. Try again at the next tick.
                logger.warning("Heartbeat not written: %s", type(exc).__name__)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        # Wait for a write in progress, or it could land after the delete below.
        self.join(timeout=REDIS_TIMEOUT + 1)
        try:
            self.client.delete(HEARTBEAT_PREFIX + self.hostname)
        except (redis.RedisError, OSError):
            pass  # the key expires on its own


_heartbeat: HeartbeatThread | None = None


def _consumer_queues(consumer: Any) -> list[str]:
    task_consumer = getattr(consumer, "task_consumer", None)
    queues = getattr(task_consumer, "queues", None) or []
    names = [str(q.name) for q in queues]
    if names:
        return names
    app = getattr(consumer, "app", None)
    return list(app.amqp.queues.consume_from) if app is not None else []


def _on_worker_ready(sender: Any = None, **kwargs: Any) -> None:
    global _heartbeat
    client = broker_redis()
    if client is None or _heartbeat is not None:
        return
    hostname = str(getattr(sender, "hostname", None) or socket.gethostname())
    _heartbeat = HeartbeatThread(client, hostname, _consumer_queues(sender))
    _heartbeat.start()


def _on_worker_shutdown(**kwargs: Any) -> None:
    global _heartbeat
    if _heartbeat is not None:
        _heartbeat.stop()
        _heartbeat = None


# --- Failed tasks ------------------------------------------------------------------------------


def record_failure(task_name: str) -> None:
    """Count one failure of ``task_name``; never raises (it runs inside Celery's error path)."""
    client = broker_redis()
    if client is None:
        with _local_lock:
            _local_failures[task_name] += 1
        return
    try:
        client.hincrby(FAILED_TASKS_KEY, task_name, 1)
    except (redis.RedisError, OSError) as exc:
        logger.warning("Failed task %s not counted: %s", task_name, type(exc).__name__)


def failed_task_counts() -> dict[str, int]:
    """Failures per task name since the counter was created (Redis) or the process started."""
    client = broker_redis()
    if client is None:
        with _local_lock:
            return dict(_local_failures)
    raw = client.hgetall(FAILED_TASKS_KEY)
    return {_text(name): int(count) for name, count in raw.items()}


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _on_task_failure(sender: Any = None, **kwargs: Any) -> None:
    record_failure(str(getattr(sender, "name", None) or "unknown"))


def connect_signals() -> None:
    """Called once by ``lms.celery``: the heartbeat in workers, failure counting everywhere."""
    worker_ready.connect(_on_worker_ready, weak=False, dispatch_uid="lms-heartbeat-start")
    worker_shutdown.connect(_on_worker_shutdown, weak=False, dispatch_uid="lms-heartbeat-stop")
    task_failure.connect(_on_task_failure, weak=False, dispatch_uid="lms-task-failure-count")
