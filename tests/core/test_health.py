"""/healthz, /readyz and the Celery heartbeat (core.ops): answers, faults and their time bounds.

Every fault is real where the machine allows it: a closed port (nothing listens), a hanging server
(a socket that accepts and never answers), a bucket server that was stopped, a migration recorded
as unapplied in the test database. Each /readyz must name the part within three seconds.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings

from core.ops import health, heartbeat
from tests.support.s3 import S3Server

REPO_ROOT = Path(__file__).resolve().parents[2]
BOUND = 3.0  # seconds: every /readyz answers within this, whatever hangs


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class HangingServer:
    """Accepts TCP connections and never sends a byte: a dependency that hangs."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = int(self.sock.getsockname()[1])
        self.held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def hanging() -> Iterator[HangingServer]:
    server = HangingServer()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _fresh_migration_state() -> Iterator[None]:
    health.forget_migrations_state()
    yield
    health.forget_migrations_state()


def readyz(client: Client, query: str = "") -> tuple[int, dict[str, Any], float]:
    started = time.monotonic()
    response = client.get("/readyz" + query)
    elapsed = time.monotonic() - started
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content), elapsed


def postgres_settings(port: int) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "almen_health_unreachable",
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }


def redis_cache(port: int) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


# --- /healthz -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_without_touching_database_or_cache(
    client: Client, django_assert_num_queries: Any
) -> None:
    # A session cookie and a foreign Host: what would make the session, host check or auth reach
    # the database if the probe went through the middleware.
    client.cookies["sessionid"] = "x" * 32
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_and_readyz_with_every_service_unreachable(tmp_path: Path) -> None:
    """A whole process configured with a dead PostgreSQL, Redis cache and broker.

    /healthz still answers 200 (even with SSL redirect and a Host not allowed, as a load balancer
    polls); /readyz answers 503 naming the database, the cache and the broker, within the bound.
    """
    dead = closed_port()
    script = """
import json, time, django
django.setup()
from django.test import Client
c = Client()
c.cookies["sessionid"] = "y" * 32
h = c.get("/healthz", HTTP_HOST="10.9.9.9")
t = time.monotonic()
r = c.get("/readyz", HTTP_HOST="10.9.9.9")
print(json.dumps({"healthz": h.status_code, "healthz_body": json.loads(h.content),
                  "readyz": r.status_code, "body": json.loads(r.content),
                  "elapsed": time.monotonic() - t}))
"""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MEDIA_S3_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": "health-test-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "example.invalid",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead}/almen_health_dead",
        "REDIS_CACHE_URL": f"redis://127.0.0.1:{dead}/1",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{dead}/0",
        "MEDIA_ROOT": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answer = done.stdout.strip().splitlines()[-1]  # the lines above are the server's log
    result = json.loads(answer)
    assert result["healthz"] == 200
    assert result["healthz_body"] == {"status": "ok"}
    assert result["readyz"] == 503
    body = result["body"]
    assert {"database", "cache", "broker", "migrations"} <= set(body["failing"])
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert result["elapsed"] < BOUND
    # No host, port or user name in the answer, only names of checks and exception classes
    # (the server's log has the details).
    assert str(dead) not in answer
    assert "127.0.0.1" not in answer
    assert "postgres" not in answer


# --- /readyz: all well --------------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_ok_names_every_check(client: Client) -> None:
    status, body, elapsed = readyz(client)
    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "storage", "migrations"}
    assert all(check["ok"] for check in body["checks"].values())
    assert all(isinstance(check["ms"], int) for check in body["checks"].values())
    assert "failing" not in body
    if not settings.CELERY_BROKER_URL:
        assert body["checks"]["broker"]["detail"] == "eager"
    assert elapsed < BOUND


@pytest.mark.django_db
def test_readyz_workers_in_eager_mode_needs_no_worker(client: Client) -> None:
    with override_settings(CELERY_BROKER_URL=None):
        status, body, _ = readyz(client, "?workers=1")
    assert status == 200
    assert body["checks"]["workers"] == {"ok": True, "ms": body["checks"]["workers"]["ms"],
                                         "detail": "eager"}  # fmt: skip


# --- /readyz: faults ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_readyz_database_closed_port(client: Client) -> None:
    databases = {**settings.DATABASES, "default": postgres_settings(closed_port())}
    with override_settings(DATABASES=databases):
        status, body, elapsed = readyz(client)
    assert status == 503
    assert "database" in body["failing"]
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert "cache" not in body["failing"]
    assert elapsed < BOUND


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_readyz_database_hanging(client: Client, hanging: HangingServer) -> None:
    databases = {**settings.DATABASES, "default": postgres_settings(hanging.port)}
    with override_settings(DATABASES=databases):
        status, body, elapsed = readyz(client)
    assert status == 503
    assert {"database", "migrations"} <= set(body["failing"])
    assert elapsed < BOUND
    assert hanging.held, "the database check never reached the hanging server"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["closed", "hanging"])
def test_readyz_cache_unreachable(client: Client, hanging: HangingServer, kind: str) -> None:
    port = closed_port() if kind == "closed" else hanging.port
    with override_settings(CACHES=redis_cache(port)):
        status, body, elapsed = readyz(client)
    assert status == 503
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"]["error"] == "CacheUnavailable"
    assert elapsed < BOUND


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["closed", "hanging"])
def test_readyz_broker_unreachable(client: Client, hanging: HangingServer, kind: str) -> None:
    port = closed_port() if kind == "closed" else hanging.port
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0"):
        status, body, elapsed = readyz(client)
    assert status == 503
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"]["error"] in {"ConnectionError", "TimeoutError", "Timeout"}
    assert elapsed < BOUND


@pytest.mark.django_db
def test_readyz_storage_bucket_stopped(client: Client) -> None:
    from lms.storage_config import s3_settings, storages_config
    from tests.support import s3

    server = S3Server().start()
    try:
        bucket = server.create_bucket()
        storages = storages_config(
            media_root=Path(settings.MEDIA_ROOT),
            s3=s3_settings(
                bucket=bucket,
                endpoint_url=server.endpoint_url,
                access_key_id=s3.ACCESS_KEY,
                secret_access_key=s3.SECRET_KEY,
                region=s3.REGION,
            ),
        )
        with override_settings(STORAGES=storages):
            status, body, _ = readyz(client)
            assert status == 200, body
            server.stop()
            status, body, elapsed = readyz(client)
    finally:
        server.stop()
    assert status == 503
    assert body["failing"] == ["storage"]
    assert elapsed < BOUND


@pytest.mark.django_db(transaction=True)
def test_readyz_migration_recorded_as_unapplied(client: Client) -> None:
    # A real pending migration: the newest migration of core, marked unapplied in the test
    # database (what a release that forgot `migrate` looks like), then restored.
    leaf = next(
        node for node in MigrationLoader(connection).graph.leaf_nodes() if node[0] == "core"
    )
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied(*leaf)
    try:
        status, body, elapsed = readyz(client)
    finally:
        recorder.record_applied(*leaf)
    assert status == 503
    assert body["failing"] == ["migrations"]
    assert body["checks"]["migrations"]["error"] == "MigrationsPending"
    assert elapsed < BOUND
    health.forget_migrations_state()
    status, body, _ = readyz(client)
    assert status == 200, body


def test_checks_run_concurrently_within_the_deadline() -> None:
    def slow() -> None:
        time.sleep(5)

    started = time.monotonic()
    result = health.run_checks({"a": slow, "b": slow, "c": lambda: None}, timeout=0.5)
    assert time.monotonic() - started < 1.0
    assert result.failing == ["a", "b"]
    assert result.checks["a"].error == "Timeout"
    assert result.as_json()["failing"] == ["a", "b"]


def test_a_failing_check_gives_only_its_class_name() -> None:
    def broken() -> None:
        raise ValueError("password=hunter2 host=db.internal")

    data = health.run_checks({"x": broken}).as_json()
    assert data == {
        "status": "error",
        "checks": {"x": {"ok": False, "ms": data["checks"]["x"]["ms"], "error": "ValueError"}},
        "failing": ["x"],
    }


# --- Heartbeat ----------------------------------------------------------------------------------


class FakeRedis:
    """Just what ``fresh_heartbeats`` reads: SCAN and MGET over a dict."""

    def __init__(self, data: dict[bytes, bytes]) -> None:
        self.data = data

    def scan_iter(self, match: str, count: int) -> Iterator[bytes]:
        prefix = match.rstrip("*").encode()
        return iter([key for key in self.data if key.startswith(prefix)])

    def mget(self, keys: list[bytes]) -> list[bytes | None]:
        return [self.data.get(key) for key in keys]


def test_fresh_heartbeats_drops_stale_and_malformed_entries() -> None:
    now = time.time()
    fake = FakeRedis(
        {
            b"lms:worker:a@h1": json.dumps({"at": now - 2, "queues": ["lms"]}).encode(),
            b"lms:worker:b@h2": json.dumps({"at": now - 120, "queues": ["lms"]}).encode(),
            b"lms:worker:c@h3": b"not json",
            b"other:key": json.dumps({"at": now}).encode(),
        }
    )
    beats = heartbeat.fresh_heartbeats(fake)  # type: ignore[arg-type]
    assert [(b.hostname, b.queues) for b in beats] == [("a@h1", ("lms",))]


@pytest.mark.redis
@pytest.mark.django_db
def test_heartbeat_of_the_real_worker_is_fresh(client: Client, celery_worker: Any) -> None:
    client_redis = heartbeat.broker_redis()
    assert client_redis is not None
    deadline = time.monotonic() + 15
    mine: list[heartbeat.Heartbeat] = []
    while time.monotonic() < deadline and not mine:
        beats = heartbeat.fresh_heartbeats(client_redis)
        mine = [b for b in beats if b.hostname.startswith(celery_worker.queue + "@")]
        time.sleep(0.2)
    assert mine, f"no heartbeat from {celery_worker.queue}; worker log:\n{celery_worker.log()}"
    assert celery_worker.queue in mine[0].queues
    assert mine[0].age() < heartbeat.HEARTBEAT_TTL
    ttl = client_redis.ttl(heartbeat.HEARTBEAT_PREFIX + mine[0].hostname)
    assert 0 < ttl <= heartbeat.HEARTBEAT_TTL
    status, body, _ = readyz(client, "?workers=1")
    assert status == 200, body
    assert body["checks"]["workers"]["ok"] is True


@pytest.mark.redis
@pytest.mark.django_db
def test_readyz_workers_fails_without_a_fresh_heartbeat(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Our own key space, so the session's worker (which is alive) is not seen: one stale entry
    # (written two minutes ago, key not yet expired) and nothing else.
    prefix = f"lms:worker-test-{uuid.uuid4().hex[:8]}:"
    monkeypatch.setattr(heartbeat, "HEARTBEAT_PREFIX", prefix)
    client_redis = heartbeat.broker_redis()
    assert client_redis is not None
    stale = json.dumps({"at": time.time() - 120, "queues": ["lms"], "pid": 1})
    client_redis.set(prefix + "old@host", stale, ex=60)
    try:
        status, body, elapsed = readyz(client, "?workers=1")
        assert status == 503
        assert body["failing"] == ["workers"]
        assert body["checks"]["workers"]["error"] == "NoFreshWorker"
        assert elapsed < BOUND
        # Without ?workers=1 the workers are not asked about.
        status, body, _ = readyz(client)
        assert status == 200, body
    finally:
        client_redis.delete(prefix + "old@host")


@pytest.mark.redis
def test_heartbeat_thread_writes_and_removes_its_key(monkeypatch: pytest.MonkeyPatch) -> None:
    prefix = f"lms:worker-test-{uuid.uuid4().hex[:8]}:"
    monkeypatch.setattr(heartbeat, "HEARTBEAT_PREFIX", prefix)
    client_redis = heartbeat.broker_redis()
    assert isinstance(client_redis, redis.Redis)
    thread = heartbeat.HeartbeatThread(client_redis, "w1@test", ["lms", "lms.mail"], interval=0.1)
    thread.start()
    try:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not heartbeat.fresh_heartbeats(client_redis):
            time.sleep(0.05)
        beats = heartbeat.fresh_heartbeats(client_redis)
        assert [(b.hostname, b.queues) for b in beats] == [("w1@test", ("lms", "lms.mail"))]
    finally:
        thread.stop()
        thread.join(timeout=5)
    assert heartbeat.fresh_heartbeats(client_redis) == []


def test_the_migration_files_are_imported_in_the_background_when_the_app_server_starts() -> None:
    # lms.wsgi starts this, so that a fresh app server's first /readyz does not spend its 2 s
    # importing some 250 migration modules (it answered 503 "migrations: Timeout" once).
    sys.modules.pop("core.migrations.0004_export_job", None)
    thread = health.preload_migrations()
    thread.join(60)
    assert not thread.is_alive()
    assert "core.migrations.0004_export_job" in sys.modules
