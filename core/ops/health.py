"""Readiness: can this app server do its work? Each dependency checked, all within two seconds.

A load balancer asks ``/readyz`` every few seconds and takes the server out of rotation on a 503,
so the answer must come quickly even when a dependency hangs instead of refusing: every check runs
in its own thread, and whatever has not answered by the deadline counts as failed (``Timeout``).
The checks themselves also carry short timeouts (connect 2 s), so a thread left behind by a
hanging dependency ends soon after and threads do not pile up.

The checks (names are the JSON keys):

- ``database``: a fresh connection to PostgreSQL (never the request's) runs ``SELECT 1``;
- ``cache``: the Redis cache stores and reads back a key (the cache fails open, so a miss where a
  value was just written means Redis is away);
- ``broker``: the Celery broker answers a PING (eager mode, no broker: reported, not failing);
- ``storage``: the media storage answers (``core.storage.probe``);
- ``migrations``: no migration is left to apply; once true, remembered for the process's life
  (a release only migrates forward, and a new release starts new processes);
- ``workers`` (only with ``?workers=1``): at least one Celery worker wrote its heartbeat within
  the last 30 seconds (``core.ops.heartbeat``).

An answer names checks and exception class names only: never a host, a user name or a message
that could carry them. The details are in the server's log.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend

from core.ops import heartbeat

logger = logging.getLogger(__name__)

CHECK_TIMEOUT = 2.0  # seconds each check may take; they run at once, so also the whole answer
CONNECT_TIMEOUT = 2  # seconds; libpq's connect_timeout takes whole seconds, at least 2

# A check returns None, or a short note for the operator ("eager", "2 workers"), or raises.
CheckFunction = Callable[[], str | None]

_migrations_applied = False


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    ms: int
    error: str | None = None  # the exception's class name, e.g. "OperationalError"
    detail: str | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"ok": self.ok, "ms": self.ms}
        if self.error is not None:
            data["error"] = self.error
        if self.detail is not None:
            data["detail"] = self.detail
        return data


@dataclass(frozen=True)
class Readiness:
    checks: dict[str, CheckResult]

    @property
    def failing(self) -> list[str]:
        return [name for name, result in self.checks.items() if not result.ok]

    @property
    def ok(self) -> bool:
        return not self.failing

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": "ok" if self.ok else "error",
            "checks": {name: result.as_json() for name, result in self.checks.items()},
        }
        if not self.ok:
            data["failing"] = self.failing
        return data


# --- The checks --------------------------------------------------------------------------------


def _fresh_connection(alias: str = "default") -> BaseDatabaseWrapper:
    """A new connection with a short connect timeout, never shared with a request.

    Built from ``settings.DATABASES`` at call time (the test database's name is written there)
    rather than taken from ``connections``, whose connections belong to their threads and whose
    connect timeout is the operating system's.
    """
    configured = connections.configure_settings({alias: copy.deepcopy(settings.DATABASES[alias])})
    settings_dict = configured[alias]
    if "postgresql" in settings_dict["ENGINE"]:
        settings_dict["OPTIONS"] = {**settings_dict["OPTIONS"], "connect_timeout": CONNECT_TIMEOUT}
    backend = load_backend(settings_dict["ENGINE"])
    wrapper: BaseDatabaseWrapper = backend.DatabaseWrapper(settings_dict, alias)
    return wrapper


def check_database() -> str | None:
    connection = _fresh_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()
    return None


def check_migrations() -> str | None:
    global _migrations_applied
    if _migrations_applied:
        return None
    connection = _fresh_connection()
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    finally:
        connection.close()
    if plan:
        raise MigrationsPending(f"{len(plan)} migrations not applied")
    _migrations_applied = True
    return None


def preload_migrations() -> threading.Thread:
    """Import the migration files in the background, once per process (from ``lms.wsgi``).

    Importing some 250 migration modules takes 2–3 s on a busy machine: done inside the first
    ``/readyz`` it would eat that check's 2 s, and a fresh app server would answer 503 once.
    Reading the files needs no database, so a failure here only means the check does it later.
    """

    def load() -> None:
        try:
            MigrationLoader(None, ignore_no_migrations=True)
        except Exception:  # the check will load them itself, and report what fails
            logger.debug("Preloading the migrations failed", exc_info=True)

    thread = threading.Thread(target=load, name="readyz-preload", daemon=True)
    thread.start()
    return thread


class MigrationsPending(Exception):
    pass


class CacheUnavailable(Exception):
    pass


def check_cache(cache_alias: str = "default") -> CheckFunction:
    # Taken in the request's thread: Django's caches are per thread, and a thread of our own
    # would build a new client (and connection pool) for every check.
    cache = caches[cache_alias]

    def check() -> str | None:
        key = f"lms:readyz:{uuid.uuid4().hex}"
        cache.set(key, "1", timeout=10)
        value = cache.get(key)
        cache.delete(key)
        if value != "1":
            # core.cache.FailOpenRedisCache answers a miss rather than raising when Redis is
            # away; it logged the reason.
            raise CacheUnavailable("value written was not read back")
        return None

    return check


def check_broker() -> str | None:
    url = getattr(settings, "CELERY_BROKER_URL", None)
    if not url:
        return "eager"  # tasks run in the web process: nothing to reach
    client = heartbeat.broker_redis()
    if client is not None:
        client.ping()
        return None
    # Another transport (RabbitMQ…): kombu connects once, without its retry loop.
    from kombu.connection import Connection

    with Connection(url, connect_timeout=CHECK_TIMEOUT) as conn:
        conn.ensure_connection(max_retries=0, timeout=CHECK_TIMEOUT)
    return None


def check_storage() -> str | None:
    from core import storage

    probe = getattr(storage, "probe", None)
    if probe is not None:
        probe(timeout=CHECK_TIMEOUT)
        return None
    storage.private_storage().exists("readyz-probe")
    return None


class NoFreshWorker(Exception):
    pass


def check_workers() -> str | None:
    url = getattr(settings, "CELERY_BROKER_URL", None)
    if not url:
        return "eager"
    client = heartbeat.broker_redis()
    if client is None:
        raise NoFreshWorker("heartbeats are kept in a Redis broker only")
    beats = heartbeat.fresh_heartbeats(client)
    if not beats:
        raise NoFreshWorker("no worker heartbeat in the last 30 s")
    return f"{len(beats)} workers"


def default_checks(*, workers: bool = False) -> dict[str, CheckFunction]:
    checks: dict[str, CheckFunction] = {
        "database": check_database,
        "cache": check_cache(),
        "broker": check_broker,
        "storage": check_storage,
        "migrations": check_migrations,
    }
    if workers:
        checks["workers"] = check_workers
    return checks


# --- Running them ------------------------------------------------------------------------------


def run_checks(checks: Mapping[str, CheckFunction], timeout: float = CHECK_TIMEOUT) -> Readiness:
    """Run every check in its own daemon thread; give up on those still running at ``timeout``.

    Daemon threads, not a thread pool: a pool's shutdown waits for a hanging check, and the
    interpreter's exit would too.
    """
    results: dict[str, CheckResult] = {}
    lock = threading.Lock()

    def run(name: str, check: CheckFunction) -> None:
        started = time.monotonic()
        try:
            detail = check()
            result = CheckResult(ok=True, ms=_ms_since(started), detail=detail)
        except Exception as exc:  # any failure of a dependency is an answer, not a 500
            logger.warning("Readiness check %s failed: %r", name, exc)
            result = CheckResult(ok=False, ms=_ms_since(started), error=type(exc).__name__)
        with lock:
            results[name] = result

    threads = [
        threading.Thread(target=run, args=(name, check), name=f"readyz-{name}", daemon=True)
        for name, check in checks.items()
    ]
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    with lock:
        final = {
            name: results.get(name)
            or CheckResult(ok=False, ms=round(timeout * 1000), error="Timeout")
            for name in checks
        }
    for name, result in final.items():
        if result.error == "Timeout":
            logger.warning("Readiness check %s did not answer within %.1f s", name, timeout)
    return Readiness(final)


def readiness(*, workers: bool = False) -> Readiness:
    return run_checks(default_checks(workers=workers))


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def forget_migrations_state() -> None:
    """For tests: ask the database again at the next check."""
    global _migrations_applied
    _migrations_applied = False
