"""When tests that need a service run, skip, or fail.

Three markers name what a test needs beyond the embedded default:

``postgres``  PostgreSQL, through ``DATABASE_URL=postgres://…``
``redis``     Redis and a real Celery worker, through ``CELERY_BROKER_URL=redis://…``
``browser``   Chromium at ``/usr/bin/chromium`` (or ``CHROMIUM_PATH``)

On a developer's machine a test whose service is missing is skipped with a one-line reason. With
``CI=true`` a service that is configured but does not answer, or a missing Chromium, is a failure:
CI must never pass by quietly skipping. A service that is simply not configured still skips in CI
(the SQLite pass leaves PostgreSQL and Redis out on purpose); the PostgreSQL pass adds
``--no-skips``, which turns every remaining skip into a failure.

This file is pure pytest (no Django import), so that the policy holds for any test path given.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

pytest_plugins = ["pytester"]  # tests/lms/test_service_markers.py tests this policy

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}
REDIS_SCHEMES = {"redis", "rediss"}
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CONNECT_TIMEOUT = 3


def in_ci() -> bool:
    """True when CI=true (or 1/yes): missing services then fail instead of skipping."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM


@dataclass(frozen=True)
class Service:
    """What one marker needs, and whether this machine has it."""

    marker: str
    configured: bool
    problem: str | None = None  # None: ready to use

    @property
    def ready(self) -> bool:
        return self.configured and self.problem is None


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or ''}".rstrip(":")


@functools.cache
def postgres_service() -> Service:
    url = os.environ.get("DATABASE_URL", "").strip()
    if urlsplit(url).scheme not in POSTGRES_SCHEMES:
        return Service("postgres", configured=False)
    try:
        import psycopg

        # The maintenance database exists on every server; the test database may not yet.
        psycopg.connect(url, dbname="postgres", connect_timeout=CONNECT_TIMEOUT).close()
    except Exception as exc:  # any failure to connect means "not usable", with the reason shown
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        return Service(
            "postgres",
            configured=True,
            problem=f"DATABASE_URL names PostgreSQL at {_where(url)}, which does not answer: "
            f"{first_line}",
        )
    return Service("postgres", configured=True)


@functools.cache
def redis_service() -> Service:
    url = os.environ.get("CELERY_BROKER_URL", "").strip()
    if urlsplit(url).scheme not in REDIS_SCHEMES:
        return Service("redis", configured=False)
    try:
        import redis

        client = redis.Redis.from_url(
            url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=CONNECT_TIMEOUT
        )
        client.ping()
        client.close()
    except Exception as exc:  # any failure to connect means "not usable", with the reason shown
        return Service(
            "redis",
            configured=True,
            problem=f"CELERY_BROKER_URL names Redis at {_where(url)}, which does not answer: {exc}",
        )
    return Service("redis", configured=True)


@functools.cache
def browser_service() -> Service:
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        # Chromium is always "configured": a browser test expects it, so CI fails without it.
        return Service(
            "browser",
            configured=True,
            problem=f"needs Chromium at {path} (apt-get install chromium, or set CHROMIUM_PATH)",
        )
    return Service("browser", configured=True)


SERVICES = {"postgres": postgres_service, "redis": redis_service, "browser": browser_service}

NOT_CONFIGURED = {
    "postgres": "runs in the PostgreSQL pass: set DATABASE_URL=postgres://…",
    "redis": "runs in the Redis pass: set CELERY_BROKER_URL=redis://… (a Celery worker is started)",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-skips",
        action="store_true",
        default=False,
        help="Treat every skipped test as a failure (CI's PostgreSQL pass: everything must run).",
    )


def pytest_report_header(config: pytest.Config) -> list[str]:
    def describe(service: Service) -> str:
        if not service.configured:
            return "not configured (tests skip)"
        return "ready" if service.ready else f"NOT READY ({service.problem})"

    mode = "CI=true: unusable services fail" if in_ci() else "local: unusable services skip"
    return [
        f"services ({mode}): postgres {describe(postgres_service())}; "
        f"redis {describe(redis_service())}; browser {describe(browser_service())}",
    ]


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip, or in CI fail, a marked test whose service is missing, before its fixtures run."""
    for marker, check in SERVICES.items():
        if item.get_closest_marker(marker) is None:
            continue
        service = check()
        if not service.configured:
            pytest.skip(NOT_CONFIGURED[marker])
        if service.problem is not None:
            if in_ci():
                pytest.fail(f"CI=true and {service.problem}", pytrace=False)
            pytest.skip(service.problem)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    report: pytest.TestReport = yield
    if (
        report.skipped
        and item.config.getoption("no_skips")
        and not hasattr(report, "wasxfail")  # an expected failure is not a skip
    ):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"--no-skips: this test was skipped ({reason}); everything must run here"
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With --no-skips, skips that no test report carried (a skipped module) fail the run too."""
    if not session.config.getoption("no_skips"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.write_line(
                f"--no-skips: {len(skipped)} skipped item(s); everything must run here.", red=True
            )
