"""The production layout's pieces that need no services: queue routing, the Procfile, the launcher
and haproxy's configuration (the scale-out test runs them for real in the services pass)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from deploy import prod
from lms.queues import MAIL_TASKS, SLOW_TASKS, queue_for, queue_names, route_task

SERVICES = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/almen_x",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/10",
    "REDIS_CACHE_URL": "redis://127.0.0.1:6379/11",
}


def test_mail_and_slow_tasks_get_queues_named_after_the_default_queue() -> None:
    assert queue_for("mail.deliver_email", "lms") == "lms.mail"
    assert queue_for("core.run_export", "lms") == "lms.slow"
    assert queue_for("organisations.people_import_apply", "x") == "x.slow"
    assert queue_for("courses.notify_enrolment_event", "lms") == "lms"
    assert queue_names("lms") == ["lms", "lms.mail", "lms.slow"]


def test_every_routed_name_is_a_registered_task() -> None:
    """A renamed task would silently fall back to the default queue."""
    from lms.celery import app

    app.loader.import_default_modules()
    assert (MAIL_TASKS | SLOW_TASKS) - set(app.tasks) == set()


def test_the_router_follows_the_default_queue_of_the_moment() -> None:
    """The test suite's worker changes the default queue at run time; routing follows it."""
    from lms.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = "lms-test-abc"
    try:
        task = app.tasks["mail.deliver_email"]
        assert route_task("mail.deliver_email", (), {}, {}, task=task) == {
            "queue": "lms-test-abc.mail"
        }
        assert route_task("courses.notify_enrolment_event", (), {}, {}) is None
        assert app.amqp.router.route({}, "core.run_export")["queue"].name == "lms-test-abc.slow"
    finally:
        app.conf.task_default_queue = previous


def test_the_procfile_has_two_app_servers_a_proxy_two_workers_and_one_beat() -> None:
    entries = prod.procfile_entries()
    assert set(entries) == {"web1", "web2", "proxy", "worker_mail", "worker_slow", "beat"}
    assert prod.web_entries() == ["web1", "web2"]
    assert (
        "--queues $CELERY_TASK_DEFAULT_QUEUE.mail,$CELERY_TASK_DEFAULT_QUEUE"
        in entries["worker_mail"]
    )
    assert (
        "--queues $CELERY_TASK_DEFAULT_QUEUE.slow,$CELERY_TASK_DEFAULT_QUEUE"
        in entries["worker_slow"]
    )
    # Django logs each request as JSON: gunicorn's own access log stays off.
    assert all("access-log" not in entries[name] for name in ("web1", "web2"))


def test_a_third_app_server_is_one_procfile_line(tmp_path: Path) -> None:
    procfile = tmp_path / "Procfile"
    web = "web{n}: gunicorn lms.wsgi --bind 127.0.0.1:$WEB{n}_PORT\n"
    procfile.write_text("".join(web.format(n=n) for n in (1, 2, 3)) + "beat: celery beat\n")

    layout = prod.default_layout({"PROXY_PORT": "9000", "WEB2_PORT": "9500"}, procfile)

    assert layout.web_ports == {"web1": 9001, "web2": 9500, "web3": 9003}
    config = prod.haproxy_config(layout)
    assert "server web3 127.0.0.1:9003 check" in config


def test_the_launcher_refuses_to_start_without_shared_services(tmp_path: Path) -> None:
    layout = prod.Layout(8080, {"web1": 8081}, tmp_path)
    with pytest.raises(prod.LayoutError, match="REDIS_CACHE_URL"):
        prod.environment({"DATABASE_URL": "postgres://x/y"}, layout, "/usr/sbin/haproxy")


def test_the_environment_is_production_on_plain_http_and_set_variables_win(
    tmp_path: Path,
) -> None:
    layout = prod.Layout(8080, {"web1": 8081, "web2": 8082}, tmp_path)

    env = prod.environment({**SERVICES, "DJANGO_ALLOWED_HOSTS": "lms.example"}, layout, "hap")

    assert env["DJANGO_SETTINGS_MODULE"] == "lms.settings.production"
    assert env["DJANGO_SECURE_SSL_REDIRECT"] == "false"
    assert env["DJANGO_ALLOWED_HOSTS"] == "lms.example"
    assert (env["WEB1_PORT"], env["WEB2_PORT"]) == ("8081", "8082")
    assert env["HAPROXY_CONFIG"] == str(tmp_path / "haproxy.cfg")
    # A generated key is kept in the run folder, so that sessions outlive a restart.
    assert len(env["DJANGO_SECRET_KEY"]) > 50
    assert (
        prod.environment(SERVICES, layout, "hap")["DJANGO_SECRET_KEY"] == env["DJANGO_SECRET_KEY"]
    )
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_haproxy_accepts_the_generated_configuration(tmp_path: Path) -> None:
    haproxy = prod.find_haproxy()
    if haproxy is None:
        pytest.skip("haproxy is not installed (apt-get install haproxy; .ci/run installs it)")
    layout = prod.Layout(18080, {"web1": 18081, "web2": 18082}, tmp_path)
    config = tmp_path / "haproxy.cfg"
    config.write_text(prod.haproxy_config(layout))

    checked = subprocess.run(
        [haproxy, "-c", "-f", str(config)], capture_output=True, text=True, check=False
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
    text = config.read_text()
    for line in (
        "balance roundrobin",
        "retries 3",
        "option redispatch 1",
        "retry-on conn-failure empty-response response-timeout",
        "inter 1s",
        "fall 2 rise 2",
        "uri /healthz",
        "set-header X-Request-ID %[unique-id]",
        "server web1 127.0.0.1:18081 check",
        "server web2 127.0.0.1:18082 check",
        "bind 127.0.0.1:18080",
    ):
        assert line in text


def test_make_prod_says_how_to_install_a_missing_haproxy(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(prod, "find_haproxy", lambda: None)

    assert prod.main([]) == 2

    assert "apt-get install haproxy" in capsys.readouterr().err
