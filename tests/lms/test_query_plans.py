"""Every query of the load profile's pages uses an index on a seeded ``m`` database (issue 16).

CI's PostgreSQL pass builds a database of its own with ``make seed-scale SIZE=m`` (the command
a developer runs), then ``tests.perf.plans`` requests each page of the profile as its person
and ``EXPLAIN``s every SELECT the page sends. A sequential scan of a table with more than
10,000 rows fails the test with the page, the query's number and its SQL. The database is
dropped afterwards; the test database of the session is not touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres


def _server_url(database: str) -> str:
    return urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + database).geturl()


def _admin(sql: str) -> None:
    """Run one statement on the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(_server_url("postgres"), autocommit=True) as connection:
        connection.execute(sql)


def _run(command: list[str], env: dict[str, str], timeout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def seeded_m() -> Iterator[dict[str, str]]:
    name = f"almen_plans_m_{os.getpid()}"
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": _server_url(name),
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "PYTHONUNBUFFERED": "1",
    }
    # The page cache must not answer from Redis what another run cached.
    env.pop("REDIS_CACHE_URL", None)
    try:
        built = _run(["make", "--no-print-directory", "seed-scale", "SIZE=m"], env, 20 * 60)
        assert built.returncode == 0, (
            f"make seed-scale SIZE=m failed:\n{built.stdout}\n{built.stderr}"
        )
        yield env
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_every_query_of_the_profile_uses_an_index_at_m(
    seeded_m: dict[str, str], tmp_path: Path
) -> None:
    findings = tmp_path / "plans.json"
    checked = _run(
        [sys.executable, "-m", "tests.perf.plans", "--size", "m", "--json", str(findings)],
        seeded_m,
        10 * 60,
    )
    assert checked.returncode == 0, (
        "A page of the profile reads a big table whole or did not answer 200:\n"
        f"{checked.stdout}\n{checked.stderr}"
    )
    # The check must have looked at real pages: every page answered and sent queries.
    report = checked.stdout
    assert "| HR dashboard | 200 |" in report
    assert "| project page | 200 |" in report
    assert "| lesson search | 200 |" in report
