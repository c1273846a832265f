"""The production layout scales out (issue 17, item 5): proven on this machine.

The test starts the layout of ``make prod`` itself: the same Procfile lines, the same launcher
(``deploy/prod.py``: migrate, collectstatic, haproxy's configuration), production settings, on a
PostgreSQL database of its own (created and dropped here), Redis databases 10 (broker) and 11
(cache), and the media in a bucket of the local S3-compatible server. Each Procfile line runs as a
process group of its own instead of under honcho, which stops every process as soon as one
exits: here one is killed on purpose and the others must carry on.

What it shows, and prints (the figures go into the closing note):

a. a person logs in through app server 1's own port; the same session cookie opens a logged-in
   page on app server 2's port (sessions live in the shared database/cache, not in a process);
b. a document uploaded through app server 1 downloads, byte for byte, through app server 2;
c. a few threads of GETs through the proxy for about 20 s; app server 1 is killed (SIGKILL, its
   whole process group) in the middle. Counted: requests sent and failed before the kill,
   between the kill and the moment haproxy marks the server DOWN, and after; the test asserts
   no failure after haproxy noticed (its retries with redispatch should make it 0 throughout);
d. a worker is killed (SIGKILL, the whole worker) while it runs a task; the other worker runs
   the task to its end once Redis hands it out again (the visibility timeout, 8 s here).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from deploy import prod
from tests.support.s3 import S3Server

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

BROKER_DB = 10
CACHE_DB = 11
# The demo's person without two-factor (organisations.demo): staff of Fjordbo.
EMAIL = "karen@fjordbo.example"
PASSWORD = "AlmenDemo-2026"  # organisations.demo.DEMO_PASSWORD
NAME = "Karen"
VISIBILITY_TIMEOUT = 8
DIAG_TASK_SECONDS = 5
LOAD_SECONDS = 20
KILL_AFTER_SECONDS = 6
LOAD_THREADS = 4
LOAD_PATHS = ("/", "/konto/login/", "/healthz")
START_TIMEOUT = 120
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n"
    + f"% scale-out {uuid.uuid4().hex}\n".encode()
    + b"%%EOF\n"
)


# --- The layout -------------------------------------------------------------------------------


@dataclass
class Running:
    """The started layout: its processes by Procfile name, their logs, the addresses."""

    env: dict[str, str]
    layout: prod.Layout
    logs: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.layout.proxy_port}"

    def web(self, name: str) -> str:
        return f"http://127.0.0.1:{self.layout.web_ports[name]}"

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def kill(self, name: str) -> None:
        """SIGKILL the process and everything it started (gunicorn's or Celery's children)."""
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _service_urls() -> tuple[str, str]:
    """The PostgreSQL server of DATABASE_URL and the Redis server of CELERY_BROKER_URL."""
    database = urlsplit(os.environ["DATABASE_URL"])
    broker = urlsplit(os.environ["CELERY_BROKER_URL"])
    return database._replace(path="").geturl(), broker._replace(path="").geturl()


def _postgres(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server + "/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)  # type: ignore[arg-type]  (names made here, never input)


def _redis(server: str, db: int) -> Any:
    import redis

    return redis.Redis.from_url(f"{server}/{db}", socket_timeout=5)


def _wait_for_200(url: str, processes: dict[str, subprocess.Popen[bytes]], logs: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                log = (logs / f"{name}.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"{name} exited with {process.returncode} while starting:\n{log}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer 200 within {START_TIMEOUT} s")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory, s3_server: S3Server) -> Iterator[Running]:
    haproxy = prod.find_haproxy()
    if haproxy is None:
        pytest.fail("haproxy is missing: apt-get install haproxy (.ci/run installs it)")
    postgres, redis_server = _service_urls()
    run_id = uuid.uuid4().hex[:10]
    database = f"almen_prod_scale_{run_id}"
    queue = f"lms-scale-{run_id}"
    run_dir = tmp_path_factory.mktemp("prod-layout")
    logs = run_dir / "logs"
    logs.mkdir()
    web_ports = {name: _free_port() for name in prod.web_entries()}
    layout = prod.Layout(_free_port(), web_ports, run_dir)
    # The test's own settings and services must not leak into the layout's processes.
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "MEDIA_", "LMS_", "PYTEST_", "SENTRY_"))
        and key not in ("DATABASE_URL", "REDIS_CACHE_URL")
    }
    base.update(
        {
            "DATABASE_URL": f"{postgres}/{database}",
            "CELERY_BROKER_URL": f"{redis_server}/{BROKER_DB}",
            "REDIS_CACHE_URL": f"{redis_server}/{CACHE_DB}",
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "LMS_OPS_DIAG_TASKS": "true",
            "LMS_RUN_DIR": str(run_dir),
            "MEDIA_ROOT": str(run_dir / "media"),
            "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            **s3_server.env(s3_server.create_bucket(f"scale-{run_id}")),
        }
    )
    env = prod.environment(base, layout, haproxy)
    _postgres(postgres, f'CREATE DATABASE "{database}"')
    _redis(redis_server, CACHE_DB).flushdb()  # the layout's own cache database
    started = Running(env, layout, logs)
    clock = time.monotonic()
    try:
        prod.prepare(env, layout)
        print(f"\nScale-out layout: migrate and collectstatic {time.monotonic() - clock:.0f} s")
        # The demo is seeded while the servers start. Its tasks run eagerly in seed_demo (no
        # broker): a backlog of its notifications would hold up the task of the last test.
        seed_env = {k: v for k, v in env.items() if k != "CELERY_BROKER_URL"}
        with (logs / "seed_demo.log").open("wb") as log:
            seed = subprocess.Popen(
                [sys.executable, "manage.py", "seed_demo"],
                cwd=prod.REPO,
                env=seed_env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        for name, command in prod.commands(env).items():
            with (logs / f"{name}.log").open("wb") as log:
                started.processes[name] = subprocess.Popen(
                    command,
                    cwd=prod.REPO,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group, killed as a whole
                )
        if seed.wait(timeout=600) != 0:
            pytest.fail("seed_demo failed:\n" + (logs / "seed_demo.log").read_text()[-3000:])
        print(f"Scale-out layout: seed_demo done at {time.monotonic() - clock:.0f} s")
        for name in web_ports:
            _wait_for_200(started.web(name) + "/healthz", started.processes, logs)
        _wait_for_200(started.proxy + "/konto/login/", started.processes, logs)
        _wait_for_workers(started)
        print(f"Scale-out layout: all processes answer at {time.monotonic() - clock:.0f} s")
        yield started
    finally:
        started.stop()
        broker = _redis(redis_server, BROKER_DB)
        keys = [*broker.scan_iter(match=f"*{queue}*"), *broker.scan_iter(match="lms:diag:*")]
        if keys:
            broker.delete(*keys)
        _redis(redis_server, CACHE_DB).flushdb()
        _postgres(postgres, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _wait_for_workers(running: Running) -> None:
    """Both workers consume (their log says so) before a task is sent to them."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if all(" ready." in running.log(name) for name in ("worker_mail", "worker_slow")):
            return
        time.sleep(0.5)
    pytest.fail("the workers did not start:\n" + running.log("worker_mail")[-2000:])


def _queued(running: Running) -> int:
    """Tasks waiting in the layout's queues (beat's first sweeps, say)."""
    from lms.queues import queue_names

    broker = _redis(_server(running.env["CELERY_BROKER_URL"]), BROKER_DB)
    return sum(broker.llen(q) for q in queue_names(running.env["CELERY_TASK_DEFAULT_QUEUE"]))


def _server(url: str) -> str:
    return urlsplit(url)._replace(path="").geturl()


# --- A browser's session ------------------------------------------------------------------------


class LoopbackBrowser(requests.Session):
    """A browser on 127.0.0.1: it sends ``Secure`` cookies over plain HTTP, as browsers do for
    the loopback address (a secure context); production settings mark every cookie ``Secure``.
    (requests copies the jar for each request, so a cookie policy of its own would be lost.)"""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        response = super().request(*args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def _browser() -> requests.Session:
    return LoopbackBrowser()


class FormFields(HTMLParser):
    """The fields of the form with ``enctype`` or ``method="post"`` on a page: hidden inputs'
    values, and each select's selected (or else first non-empty) option."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            self.options.setdefault(self._select or "", [])
        elif tag == "option" and self._select and a.get("value"):
            if "selected" in a:
                self.fields[self._select] = a["value"]
            self.options[self._select].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None

    def form(self) -> dict[str, str]:
        chosen = {name: values[0] for name, values in self.options.items() if values}
        return {**chosen, **self.fields}


def _form(html: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(html)
    return parser.form()


def _log_in(session: requests.Session, base: str) -> None:
    """The real allauth login (the person has no second step)."""
    page = session.get(base + "/konto/login/", timeout=10)
    assert page.status_code == 200
    data = {**_form(page.text), "login": EMAIL, "password": PASSWORD}
    response = session.post(base + "/konto/login/", data=data, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:2000]
    assert "/2fa/" not in response.headers["Location"]


# --- The tests --------------------------------------------------------------------------------


def test_a_session_started_on_one_app_server_continues_on_the_other(running: Running) -> None:
    browser = _browser()
    _log_in(browser, running.web("web1"))

    page = browser.get(running.web("web2") + "/min-side/", allow_redirects=False, timeout=10)

    assert page.status_code == 200
    assert NAME in page.text
    anonymous = requests.get(running.web("web2") + "/min-side/", allow_redirects=False, timeout=10)
    assert anonymous.status_code == 302  # the page needs the session: it is not public


def test_a_file_uploaded_on_one_app_server_downloads_from_the_other(running: Running) -> None:
    browser = _browser()
    _log_in(browser, running.web("web1"))
    path = "/kompetencer/dokumentation/ny/"
    page = browser.get(running.web("web1") + path, timeout=10)
    assert page.status_code == 200
    data = {
        **_form(page.text),
        "achieved_on": date.today().isoformat(),
        "title": "Skaleringstest",
        "note": "Uploadet via app-server 1, hentet via app-server 2.",
    }

    created = browser.post(
        running.web("web1") + path,
        data=data,
        files={"document": ("bevis.pdf", PDF, "application/pdf")},
        allow_redirects=False,
        timeout=20,
    )

    assert created.status_code == 302, created.text[:3000]
    detail = re.search(r"/kompetencer/dokumentation/(\d+)/$", created.headers["Location"])
    assert detail is not None, created.headers["Location"]
    download = browser.get(
        running.web("web2") + f"/kompetencer/dokumentation/{detail.group(1)}/fil/", timeout=20
    )
    assert download.status_code == 200
    assert download.content == PDF


def test_killing_an_app_server_loses_no_request_once_the_proxy_notices(
    running: Running,
) -> None:
    results: list[tuple[float, bool, str]] = []  # (time, failed, what)
    lock = threading.Lock()
    stop = threading.Event()

    def load(number: int) -> None:
        session = requests.Session()
        i = number
        while not stop.is_set():
            path = LOAD_PATHS[i % len(LOAD_PATHS)]
            i += 1
            try:
                status = session.get(running.proxy + path, timeout=10).status_code
                outcome = (status != 200, f"{status} {path}")
            except requests.RequestException as exc:
                outcome = (True, f"{type(exc).__name__} {path}")
            with lock:
                results.append((time.monotonic(), *outcome))

    threads = [threading.Thread(target=load, args=(n,)) for n in range(LOAD_THREADS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(KILL_AFTER_SECONDS)
    seen = len(running.log("proxy"))  # it was DOWN once already, before gunicorn had started
    killed_at = time.monotonic()
    running.kill("web1")
    noticed_at = None
    while time.monotonic() - started < LOAD_SECONDS:
        if noticed_at is None and "app/web1 is DOWN" in running.log("proxy")[seen:]:
            noticed_at = time.monotonic()
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=15)

    assert noticed_at is not None, "haproxy never marked web1 DOWN:\n" + running.log("proxy")
    phases = {
        "before the kill": [r for r in results if r[0] < killed_at],
        "kill → proxy noticed": [r for r in results if killed_at <= r[0] < noticed_at],
        "after the proxy noticed": [r for r in results if r[0] >= noticed_at],
    }
    print(
        f"\nScale-out, app server killed: {len(results)} requests through the proxy in "
        f"{LOAD_SECONDS} s ({LOAD_THREADS} threads); haproxy marked it DOWN "
        f"{noticed_at - killed_at:.1f} s after the kill."
    )
    for phase, rows in phases.items():
        failed = [what for _, bad, what in rows if bad]
        print(f"  {phase}: {len(rows)} sent, {len(failed)} failed {sorted(set(failed))}")
    assert len(phases["before the kill"]) > 0
    assert len(phases["after the proxy noticed"]) > 0
    assert [what for _, bad, what in phases["after the proxy noticed"] if bad] == []
    # The remaining server serves alone.
    assert requests.get(running.proxy + "/konto/login/", timeout=10).status_code == 200


def test_a_task_whose_worker_is_killed_is_finished_by_the_other_worker(running: Running) -> None:
    from celery import Celery

    queue = running.env["CELERY_TASK_DEFAULT_QUEUE"]
    # Not the current app: the shared tasks of later tests would resolve to it and stop being
    # eager (the test suite's tasks run eagerly unless a test is marked redis).
    sender = Celery("scale-out-test", broker=running.env["CELERY_BROKER_URL"], set_as_current=False)
    sender.conf.broker_transport_options = {"visibility_timeout": VISIBILITY_TIMEOUT}
    token = uuid.uuid4().hex
    broker = _redis(_server(running.env["CELERY_BROKER_URL"]), BROKER_DB)
    deadline = time.monotonic() + 60
    while _queued(running) and time.monotonic() < deadline:
        time.sleep(0.2)  # the workers are idle: the task starts at once and is killed in its middle
    key = f"lms:diag:{token}"

    def events() -> list[str]:
        return [item.decode() for item in broker.lrange(key, 0, -1)]

    # An explicit connection: Celery prefers the CELERY_BROKER_URL of the environment (the test
    # session's broker) to the broker an app is given.
    with sender.connection_for_write(running.env["CELERY_BROKER_URL"]) as connection:
        sender.send_task(
            "lms.diag_sleep", args=[token, DIAG_TASK_SECONDS], queue=queue, connection=connection
        )
    deadline = time.monotonic() + 30
    while not events() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert events(), "no worker started the task"
    first = events()[0].split(" ", 1)[1]  # "started mail@host"
    victim = "worker_mail" if first.startswith("mail@") else "worker_slow"
    time.sleep(1)  # well inside the task
    killed_at = time.monotonic()
    running.kill(victim)

    deadline = killed_at + VISIBILITY_TIMEOUT + DIAG_TASK_SECONDS + 30
    while not any(e.startswith("finished") for e in events()) and time.monotonic() < deadline:
        time.sleep(0.2)
    took = time.monotonic() - killed_at
    print(
        f"\nScale-out, worker killed mid-task: {victim} killed; events {events()}; "
        f"finished {took:.1f} s after the kill (visibility timeout {VISIBILITY_TIMEOUT} s)"
    )

    finished = [e.split(" ", 1)[1] for e in events() if e.startswith("finished")]
    assert finished, f"the task was not finished: {events()}"
    assert finished[0] != first  # by the other worker
    assert f"finished {first}" not in events()
    sender.close()
