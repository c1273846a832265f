"""A Redis outage (cache and broker) neither takes the site down nor loses a task (issue 11, fault 4).

These run without services: "Redis down" is a closed port on 127.0.0.1. The same journey against
a real Redis that is stopped and started again is in ``test_resilience_services.py``.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from core import tasks as kernel
from core.cache import FailOpenRedisCache
from core.mail.models import OutboundEmail, PendingTask
from courses.models import Enrolment
from lms.celery import app
from tests.courses.conftest import make_course, make_learner, make_session

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A loopback port nobody listens on: connecting is refused at once, like a stopped Redis."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dead_cache() -> FailOpenRedisCache:
    return FailOpenRedisCache(
        f"redis://127.0.0.1:{closed_port()}/1",
        {"OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}},
    )


@contextmanager
def broker_down():
    """Celery publishes to a broker that refuses connections, as with Redis stopped."""
    saved = (app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool)
    url = f"redis://127.0.0.1:{closed_port()}/0"
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    environ = mock.patch.dict(os.environ, {"CELERY_BROKER_URL": url})
    environ.start()
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        if app._pool is not None:
            app._pool.force_close_all()
        environ.stop()
        app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = saved


@contextmanager
def not_eager():
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = eager


@pytest.fixture
def no_cache(settings):
    """The site's cache is the fail-open Redis backend, pointed at a Redis that is not there."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/1",
            "KEY_PREFIX": "lms",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "core.mail.backends.CeleryEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def build_course():
    """A published course with one open session on a site whose home page is "/"."""
    from wagtail.models import Page, Site

    from cms.models import HomePage
    from courses import services as course_services
    from organisations import services as org_services

    home = HomePage(title="Forside", slug="forside", hero_heading="Velkommen")
    Page.get_first_root_node().add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    course_services.catalogue_setup(home=home)
    provider = org_services.organisation_create(name="Almen Akademi", kind="provider")
    course_services.provider_onboard(organisation=provider)
    provider.refresh_from_db()
    course = make_course(provider, "A3", "Fremtidsanalyse")
    return course, make_session(course, capacity=5)


@pytest.fixture
def course_and_session(db):
    return build_course()


@pytest.fixture
def fjordbo_staff(db):
    from organisations import services as org_services

    fjordbo = org_services.organisation_create(name="Fjordbo", kind="housing", cvr="33333333")
    return make_learner("karen@fjordbo.example", fjordbo, first_name="Karen")


# --- The cache ---------------------------------------------------------------------------


class TestFailOpenCache:
    def test_every_operation_acts_as_a_miss_and_costs_milliseconds(self):
        cache = dead_cache()
        started = time.monotonic()
        assert cache.get("kurser", "standard") == "standard"
        assert cache.set("kurser", [1, 2]) is None
        assert cache.add("kurser", 1) is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set_many({"a": 1}) == []
        assert cache.has_key("a") is False
        assert cache.delete("a") is False
        assert cache.delete_many(["a"]) is None
        assert cache.touch("a") is False
        assert cache.clear() is None
        assert cache.get_or_set("b", 7) == 7
        with pytest.raises(ValueError):
            cache.incr("a")  # Django's contract for a missing key
        assert time.monotonic() - started < 1.0

    def test_a_dead_redis_is_not_asked_again_at_once_and_warned_about_once(self, caplog):
        cache = dead_cache()
        with caplog.at_level(logging.WARNING, logger="core.cache"):
            for _ in range(50):
                cache.get("x")
        warnings = [r for r in caplog.records if r.name == "core.cache"]
        assert len(warnings) == 1
        assert "unreachable" in warnings[0].getMessage()
        with mock.patch("django.core.cache.backends.redis.RedisCache.get") as real_get:
            cache.get("x")
        real_get.assert_not_called()  # within RETRY_AFTER the process does not try Redis

    def test_it_tries_redis_again_after_the_pause(self, monkeypatch):
        cache = dead_cache()
        cache.get("x")
        monkeypatch.setattr(cache, "_down_until", 0.0)
        with mock.patch(
            "django.core.cache.backends.redis.RedisCache.get", return_value="fra redis"
        ) as real_get:
            assert cache.get("x") == "fra redis"
        real_get.assert_called_once()

    def test_production_uses_it_with_short_timeouts(self):
        # base.py builds CACHES at import; check what a REDIS_CACHE_URL would give.
        import importlib

        from django.conf import settings

        from lms.settings import base

        with mock.patch.dict(os.environ, {"REDIS_CACHE_URL": "redis://127.0.0.1:6379/3"}):
            reloaded = importlib.reload(base)
            config = reloaded.CACHES["default"]
        importlib.reload(base)
        assert config["BACKEND"] == "core.cache.FailOpenRedisCache"
        assert config["OPTIONS"]["socket_connect_timeout"] <= 0.5
        assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


class TestTheSiteWithoutRedis:
    def test_public_pages_answer_with_the_cache_down(self, client, no_cache, course_and_session):
        course, _session = course_and_session
        for url in ("/", "/kurser/", course.url, "/soeg/?q=kursus"):
            response = client.get(url)
            assert response.status_code == 200, url

    def test_min_side_and_an_enrolment_work_with_cache_and_broker_down(
        self,
        client,
        no_cache,
        outbox,
        course_and_session,
        fjordbo_staff,
        django_capture_on_commit_callbacks,
    ):
        course, session = course_and_session
        client.force_login(fjordbo_staff)
        assert client.get(reverse("min_side")).status_code == 200
        with broker_down(), django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("enrol", args=[course.pk]), {"session": session.pk})
        assert response.status_code == 302
        enrolment = Enrolment.objects.get(user=fjordbo_staff)
        [pending] = PendingTask.objects.all()
        assert pending.task_name == "courses.notify_enrolment_event"
        assert pending.args[0] in set(enrolment.events.values_list("pk", flat=True))
        assert "Connection refused" in pending.last_error or "111" in pending.last_error
        assert not OutboundEmail.objects.exists()

        # Redis is back (eager here: the "worker" runs in this process).
        with django_capture_on_commit_callbacks(execute=True):
            assert kernel.pending_tasks_flush().sent == 1
        assert not PendingTask.objects.exists()
        stored = OutboundEmail.objects.get(to=[fjordbo_staff.email])
        assert stored.sent_at is not None
        assert [m.to for m in mail.outbox] == [[fjordbo_staff.email]]


# --- The kernel's enqueue ------------------------------------------------------------------


class TestEnqueue:
    def test_a_refused_publish_is_stored_fast_and_not_raised(self):
        from courses.tasks import notify_session_changed

        with broker_down():
            started = time.monotonic()
            assert kernel.enqueue(notify_session_changed, 12, 3) is False
            elapsed = time.monotonic() - started
        assert elapsed < 1.0
        pending = PendingTask.objects.get()
        assert (pending.task_name, pending.args, pending.kwargs) == (
            "courses.notify_session_changed",
            [12, 3],
            {},
        )
        assert pending.attempts == 1

    def test_the_flush_publishes_by_name_and_deletes(self):
        PendingTask.objects.create(task_name="mail.deliver_email", args=[5])
        PendingTask.objects.create(task_name="competencies.notify", args=["plan_event", 9])
        with (
            not_eager(),
            mock.patch.object(app, "send_task") as send_task,
        ):
            result = kernel.pending_tasks_flush()
        assert result == kernel.FlushResult(sent=2, left=0)
        assert [c.args[0] for c in send_task.call_args_list] == [
            "mail.deliver_email",
            "competencies.notify",
        ]
        assert send_task.call_args_list[1].kwargs["args"] == ["plan_event", 9]

    def test_a_flush_while_the_broker_is_still_down_keeps_every_row(self):
        PendingTask.objects.create(task_name="mail.deliver_email", args=[5])
        PendingTask.objects.create(task_name="mail.deliver_email", args=[6])
        with broker_down():
            result = kernel.pending_tasks_flush()
        assert result == kernel.FlushResult(sent=0, left=2)
        first = PendingTask.objects.order_by("pk").first()
        assert first.attempts == 1 and "refused" in first.last_error.lower()

    def test_the_next_successful_enqueue_flushes_what_waits(self, monkeypatch):
        from courses.tasks import notify_session_changed

        PendingTask.objects.create(task_name="mail.deliver_email", args=[5])
        monkeypatch.setattr(kernel, "_last_flush_attempt", 0.0)
        with (
            not_eager(),
            mock.patch.object(notify_session_changed, "apply_async") as apply_async,
            mock.patch.object(app, "send_task") as send_task,
        ):
            assert kernel.enqueue(notify_session_changed, 1, 1) is True
        apply_async.assert_called_once()
        send_task.assert_called_once()
        assert not PendingTask.objects.exists()

    def test_the_beat_job_and_the_command_flush(self):
        from django.core.management import call_command

        from lms.celery_schedule import CELERY_BEAT_SCHEDULE

        assert CELERY_BEAT_SCHEDULE["flush-pending-tasks"]["task"] == "lms.flush_pending_tasks"
        assert CELERY_BEAT_SCHEDULE["flush-pending-tasks"]["schedule"] == 60.0
        PendingTask.objects.create(task_name="lms.ping")
        call_command("tasks_requeue")  # eager: runs the task here
        assert not PendingTask.objects.exists()


def test_no_service_enqueues_around_the_kernel():
    """Every enqueue goes through core.tasks; a bare ``.delay(`` in a service would 500 again."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for app_dir in (
            "core",
            "competencies",
            "courses",
            "onsite",
            "organisations",
            "cms",
            "privacy",
            "lms",
        )
        for path in (root / app_dir).rglob("*.py")
        if ".delay(" in path.read_text() and "tasks" not in path.name
    ]
    assert offenders == []
