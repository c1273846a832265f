"""/metrics (core.ops.metrics): who may read it, what it says, and that it adds up across
processes (gunicorn's workers) and machines (Celery workers counting failures in Redis)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from celery import shared_task
from django.test import Client, override_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from core.mail.models import OutboundEmail, PendingTask
from core.ops import heartbeat, metrics

REPO_ROOT = Path(__file__).resolve().parents[2]
FAILING_TASK = "tests.ops.always_fails"
TEST_QUEUE = f"lms-metrics-test-{uuid.uuid4().hex[:10]}"


@shared_task(name=FAILING_TASK)
def always_fails() -> None:
    raise RuntimeError("this task fails on purpose")


def queues_for_test() -> list[str]:
    """``LMS_QUEUE_NAMES`` for the queue-length test."""
    return [TEST_QUEUE]


def scrape(client: Client, **extra: Any) -> dict[str, list[tuple[dict[str, str], float]]]:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    samples: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        samples.setdefault(family.name, [])
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((sample.labels, sample.value))
    return samples


def value(
    samples: dict[str, list[tuple[dict[str, str], float]]], name: str, **labels: str
) -> float:
    for sample_labels, sample_value in samples.get(name, []):
        if all(sample_labels.get(k) == v for k, v in labels.items()):
            return sample_value
    return 0.0


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_metrics_from_loopback_allowed(client: Client) -> None:
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra",
    [
        {"REMOTE_ADDR": "203.0.113.7"},
        # The loopback, but through a proxy (which runs on the loopback in `make prod`).
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"},
        # A forged header does not make a stranger local.
        {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "127.0.0.1"},
        {"REMOTE_ADDR": "203.0.113.7", "HTTP_AUTHORIZATION": "Bearer wrong-token"},
        {"REMOTE_ADDR": "203.0.113.7", "HTTP_AUTHORIZATION": "Basic s3cret-metrics-token"},
    ],
)
def test_metrics_refused_with_the_sites_own_404(client: Client, extra: dict[str, Any]) -> None:
    with override_settings(METRICS_TOKEN="s3cret-metrics-token"):
        response = client.get("/metrics", follow=True, **extra)
        # The same answers as for any unknown address (the site's slash redirect, then its
        # 404 page): nothing says /metrics exists.
        other = client.get("/no-such-page-at-all", follow=True, **extra)
    assert response.status_code == 404
    assert [code for _, code in response.redirect_chain] == [301]
    assert [code for _, code in other.redirect_chain] == [301]
    assert b"lms_http_requests" not in response.content
    assert response["Content-Type"] == other["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.django_db
def test_metrics_with_token_from_anywhere(client: Client) -> None:
    with override_settings(METRICS_TOKEN="s3cret-metrics-token"):
        response = client.get(
            "/metrics",
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR="198.51.100.1",
            HTTP_AUTHORIZATION="Bearer s3cret-metrics-token",
        )
    assert response.status_code == 200


@pytest.mark.django_db
def test_no_token_configured_means_no_token_accepted(client: Client) -> None:
    with override_settings(METRICS_TOKEN=""):
        response = client.get(
            "/metrics", follow=True, REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer "
        )
    assert response.status_code == 404


@pytest.mark.django_db
def test_allow_list_takes_networks_and_mapped_addresses(client: Client) -> None:
    with override_settings(METRICS_ALLOWED_IPS=["10.20.0.0/16", "not an address"]):
        assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
        assert client.get("/metrics", REMOTE_ADDR="10.21.3.4", follow=True).status_code == 404
    with override_settings(METRICS_ALLOWED_IPS=["127.0.0.1"]):
        assert client.get("/metrics", REMOTE_ADDR="::ffff:127.0.0.1").status_code == 200


# --- Content ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_request_metrics_by_route_name_and_status(client: Client) -> None:
    before = scrape(client)
    assert client.get("/favicon.ico").status_code == 302
    after = scrape(client)
    for name in (
        "lms_http_requests_total",
        "lms_http_request_duration_seconds_bucket",
        "lms_celery_queue_length",
        "lms_celery_workers",
        "lms_celery_tasks_failed",
        "lms_email_oldest_unsent_age_seconds",
        "lms_pending_tasks",
        "lms_export_jobs_waiting",
        "lms_metrics_source_up",
    ):
        assert name in after, name
    labels = {"view": "favicon", "status": "302"}
    assert value(after, "lms_http_requests_total", **labels) == (
        value(before, "lms_http_requests_total", **labels) + 1
    )
    assert value(after, "lms_http_request_duration_seconds_count", view="favicon") == (
        value(before, "lms_http_request_duration_seconds_count", view="favicon") + 1
    )
    # The path is never a label; the probes themselves are not counted.
    assert all("path" not in labels for labels, _ in after["lms_http_requests_total"])
    assert not [lb for lb, _ in after["lms_http_requests_total"] if "metrics" in lb["view"]]
    assert all(v == 1 for _, v in after["lms_metrics_source_up"])


@pytest.mark.django_db
def test_oldest_unsent_email_pending_tasks_and_exports(
    client: Client, django_user_model: Any
) -> None:
    from core.jobs.models import ExportJob, JobStatus

    now = timezone.now()

    def mail(age: timedelta, **fields: Any) -> None:
        row = OutboundEmail.objects.create(subject="s", from_email="a@b.dk", body="x", **fields)
        OutboundEmail.objects.filter(pk=row.pk).update(created_at=now - age)

    mail(timedelta(hours=3), sent_at=now)  # sent: not waiting
    mail(timedelta(hours=2), failed_at=now)  # given up: an operator's matter, not the queue's
    mail(timedelta(minutes=10))  # the oldest waiting
    mail(timedelta(minutes=1))
    PendingTask.objects.create(task_name="x.y")
    PendingTask.objects.create(task_name="x.z")
    user = django_user_model.objects.create_user(email="hr@example.dk", password="x")
    for status in (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE):
        ExportJob.objects.create(kind="k", requested_by=user, fingerprint="f", status=status)

    samples = scrape(client)
    age = value(samples, "lms_email_oldest_unsent_age_seconds")
    assert 600 <= age < 600 + 60
    assert value(samples, "lms_pending_tasks") == 2
    assert value(samples, "lms_export_jobs_waiting") == 1


@pytest.mark.django_db
def test_no_unsent_email_is_zero(client: Client) -> None:
    assert value(scrape(client), "lms_email_oldest_unsent_age_seconds") == 0


@pytest.mark.django_db
def test_an_unreadable_source_is_reported_not_a_500(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> int:
        raise ConnectionError("redis is away")

    monkeypatch.setattr(metrics, "pending_task_count", broken)
    samples = scrape(client)
    assert value(samples, "lms_metrics_source_up", source="pending_tasks") == 0
    assert "lms_pending_tasks" not in samples
    assert value(samples, "lms_metrics_source_up", source="email") == 1


@pytest.mark.django_db
def test_failed_task_is_counted(client: Client) -> None:
    before = heartbeat.failed_task_counts().get(FAILING_TASK, 0)
    # Run as a worker runs it: the failure is handled (and signalled), not raised to the caller.
    # (An eager .delay() with task_eager_propagates raises in the caller instead, and Celery
    # sends no task_failure for it: the request that called it fails visibly.)
    assert always_fails.apply(throw=False).failed()
    assert heartbeat.failed_task_counts()[FAILING_TASK] == before + 1
    samples = scrape(client)
    assert value(samples, "lms_celery_tasks_failed_total", task=FAILING_TASK) == before + 1


# --- Across processes and machines --------------------------------------------------------------


@pytest.mark.django_db
def test_request_metrics_add_up_across_processes(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes (as gunicorn's workers) each answer one request; one scrape sees both."""
    folder = tmp_path / "prometheus"
    folder.mkdir()
    script = """
import django
django.setup()
from django.test import Client
assert Client().get("/favicon.ico", HTTP_HOST="localhost").status_code == 302
"""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    env.pop("CELERY_BROKER_URL", None)
    env.pop("REDIS_CACHE_URL", None)
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO_ROOT, env=env, capture_output=True, timeout=120
        )
        assert done.returncode == 0, done.stderr.decode()[-3000:]
    assert len(list(folder.glob("counter_*.db"))) == 2  # one file per process
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    samples = scrape(client)
    assert value(samples, "lms_http_requests_total", view="favicon", status="302") == 2
    assert value(samples, "lms_http_request_duration_seconds_count", view="favicon") == 2


@pytest.mark.redis
@pytest.mark.django_db
def test_failed_task_on_the_real_worker_is_counted_in_redis(
    client: Client, celery_worker: Any
) -> None:
    from celery import current_app

    before = heartbeat.failed_task_counts().get("lms.ping", 0)
    # lms.ping takes no argument: the worker's call fails with a TypeError, in the worker.
    current_app.send_task("lms.ping", args=[1], queue=celery_worker.queue)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if heartbeat.failed_task_counts().get("lms.ping", 0) > before:
            break
        time.sleep(0.2)
    assert heartbeat.failed_task_counts().get("lms.ping", 0) == before + 1, celery_worker.log()
    samples = scrape(client)
    assert value(samples, "lms_celery_tasks_failed_total", task="lms.ping") == before + 1


@pytest.mark.redis
@pytest.mark.django_db
def test_queue_length_per_queue(client: Client) -> None:
    redis_client = heartbeat.broker_redis()
    assert redis_client is not None
    redis_client.lpush(TEST_QUEUE, "a", "b", "c")
    redis_client.lpush(f"{TEST_QUEUE}\x06\x163", "d")  # kombu's list for priority 3
    try:
        with override_settings(LMS_QUEUE_NAMES="tests.core.test_metrics.queues_for_test"):
            samples = scrape(client)
    finally:
        redis_client.delete(TEST_QUEUE, f"{TEST_QUEUE}\x06\x163")
    assert value(samples, "lms_celery_queue_length", queue=TEST_QUEUE) == 4
