"""Prometheus metrics: what the app servers count, and what is read at scrape time.

Counted in the web processes (``RequestMetricsMiddleware``):

- ``lms_http_requests_total{view, status}``: requests by URL name (``resolver_match.view_name``,
  ``unresolved`` when none matched), never by path, so the number of series stays bounded;
- ``lms_http_request_duration_seconds{view}``: a latency histogram by the same name.

gunicorn runs several worker processes, each with its own counters. With the environment variable
``PROMETHEUS_MULTIPROC_DIR`` set (an empty folder, emptied when the server starts) prometheus-client
writes them to files there and every scrape adds them up (``MultiProcessCollector``); without it,
each process answers with its own numbers, which is fine for a single-process development server.

Read when Prometheus scrapes (``LmsCollector``), from the shared stores, so any app server gives
the same answer:

- ``lms_celery_queue_length{queue}``: messages waiting in each Celery queue (Redis LLEN);
- ``lms_celery_workers``: workers with a fresh heartbeat;
- ``lms_celery_tasks_failed_total{task}``: failures per task, counted by every worker in Redis;
- ``lms_email_oldest_unsent_age_seconds``: age of the oldest e-mail neither sent nor given up
  (0 when none waits);
- ``lms_pending_tasks``: tasks the broker refused, waiting to be sent again (``PendingTask``);
- ``lms_export_jobs_waiting``: export jobs queued and not yet started;
- ``lms_metrics_source_up{source}``: 1 if a source above could be read, 0 if not (its series are
  then missing from this scrape, rather than reported as a false 0).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from core.ops import heartbeat

logger = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_LATEST
# A scrape-time database query may not hold the scrape longer than this (PostgreSQL only).
QUERY_TIMEOUT_MS = 2000
UNRESOLVED = "unresolved"

REQUESTS = Counter(
    "lms_http_requests",
    "HTTP requests answered, by URL name and status code.",
    ["view", "status"],
)
LATENCY = Histogram(
    "lms_http_request_duration_seconds",
    "Time from the request entering Django to the response leaving it, by URL name.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


def observe_request(view: str | None, status: int, seconds: float) -> None:
    name = view or UNRESOLVED
    REQUESTS.labels(view=name, status=str(status)).inc()
    LATENCY.labels(view=name).observe(seconds)


# --- Read at scrape time -----------------------------------------------------------------------


def queue_names() -> list[str]:
    """The Celery queues of this site: ``LMS_QUEUE_NAMES`` (a dotted path to a function) lists
    them; without it, only the default queue."""
    path = getattr(settings, "LMS_QUEUE_NAMES", None)
    if path:
        names: Iterable[str] = import_string(path)()
        return list(names)
    from celery import current_app

    return [str(current_app.conf.task_default_queue)]


def queue_lengths() -> dict[str, int]:
    client = heartbeat.broker_redis()
    if client is None:
        return {}
    # kombu's Redis transport keeps a queue's prioritised messages in sibling lists named
    # <queue><sep><priority>; the queue's length is their sum.
    from kombu.transport.redis import PRIORITY_STEPS, Channel

    names = queue_names()
    pipe = client.pipeline(transaction=False)
    for name in names:
        for step in PRIORITY_STEPS:
            pipe.llen(name if step == 0 else f"{name}{Channel.sep}{step}")
    counts = pipe.execute()
    per_queue = len(PRIORITY_STEPS)
    return {name: sum(counts[i * per_queue : (i + 1) * per_queue]) for i, name in enumerate(names)}


def _with_query_timeout(read: Callable[[], Any]) -> Any:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {QUERY_TIMEOUT_MS}")
        return read()


def oldest_unsent_email_age() -> float:
    from core.mail.models import OutboundEmail

    def read() -> Any:
        return (
            OutboundEmail.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )

    oldest = _with_query_timeout(read)
    if oldest is None:
        return 0.0
    return max(0.0, float((timezone.now() - oldest).total_seconds()))


def pending_task_count() -> int:
    from core.mail.models import PendingTask

    return int(_with_query_timeout(PendingTask.objects.count))


def waiting_export_jobs() -> int:
    from core.jobs.models import ExportJob, JobStatus

    return int(_with_query_timeout(ExportJob.objects.filter(status=JobStatus.QUEUED).count))


# The scrape-time figures that are one number each: name, help, source, reader (looked up when
# called, so that each reader stays one module-level function).
SCALAR_GAUGES: tuple[tuple[str, str, str, Callable[[], Any]], ...] = (
    (
        "lms_email_oldest_unsent_age_seconds",
        "Age of the oldest e-mail neither sent nor given up; 0 when none waits.",
        "email",
        lambda: oldest_unsent_email_age(),
    ),
    (
        "lms_pending_tasks",
        "Tasks the broker refused, stored to be sent again.",
        "pending_tasks",
        lambda: pending_task_count(),
    ),
    (
        "lms_export_jobs_waiting",
        "Export jobs queued, not yet started.",
        "export_jobs",
        lambda: waiting_export_jobs(),
    ),
)


class LmsCollector(Collector):
    """The scrape-time metrics. Each source is read on its own; one that fails is reported by
    ``lms_metrics_source_up`` and leaves the others intact."""

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "lms_metrics_source_up",
            "1 if the source could be read at this scrape.",
            labels=["source"],
        )

        def read(source: str, function: Callable[[], Any]) -> Any:
            try:
                value = function()
            except Exception as exc:  # a dead dependency must not turn the scrape into a 500
                logger.warning("Metrics source %s unreadable: %r", source, exc)
                up.add_metric([source], 0)
                return None
            up.add_metric([source], 1)
            return value

        lengths = read("queues", queue_lengths)
        if lengths is not None:
            gauge = GaugeMetricFamily(
                "lms_celery_queue_length", "Messages waiting in the Celery queue.", labels=["queue"]
            )
            for name, length in lengths.items():
                gauge.add_metric([name], length)
            yield gauge

        beats = read("heartbeats", _fresh_worker_count)
        if beats is not None:
            yield GaugeMetricFamily(
                "lms_celery_workers", "Celery workers with a fresh heartbeat.", value=beats
            )

        failed = read("failed_tasks", heartbeat.failed_task_counts)
        if failed is not None:
            counter = CounterMetricFamily(
                "lms_celery_tasks_failed",
                "Tasks that ended in failure, by task name, across all workers.",
                labels=["task"],
            )
            for name, count in sorted(failed.items()):
                counter.add_metric([name], count)
            yield counter

        for name, documentation, source, function in SCALAR_GAUGES:
            value = read(source, function)
            if value is not None:
                yield GaugeMetricFamily(name, documentation, value=value)
        yield up


def _fresh_worker_count() -> int:
    client = heartbeat.broker_redis()
    if client is None:
        return 0
    return len(heartbeat.fresh_heartbeats(client))


def render() -> bytes:
    """The scrape: this server's request metrics (all its processes) and the shared ones."""
    started = time.monotonic()
    shared = CollectorRegistry()
    shared.register(LmsCollector())
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
        own = generate_latest(processes)
    else:
        own = generate_latest(REGISTRY)
    body = own + generate_latest(shared)
    logger.debug("Metrics rendered in %.3f s", time.monotonic() - started)
    return body
