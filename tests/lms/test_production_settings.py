"""Production settings refuse to start without their secrets and pass Django's deploy check.

Each case runs ``manage.py`` in a fresh process: settings are read once per process, so this is
the only honest way to see what a production start-up does.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_VARIABLES = ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")


def manage(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_VARIABLES and not key.startswith("DJANGO_SECURE")
    }
    env.update(DJANGO_SETTINGS_MODULE="lms.settings.production", **variables)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def secret_key() -> str:
    key = secrets.token_urlsafe(60)
    assert len(key) >= 50
    return key


def test_the_deploy_check_passes_with_a_secret_key_and_hosts(secret_key):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY=secret_key, DJANGO_ALLOWED_HOSTS="almenlaering.dk,www.almenlaering.dk",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_ALLOWED_HOSTS="almenlaering.dk")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_refuses_to_start_without_allowed_hosts(secret_key):
    result = manage("check", DJANGO_SECRET_KEY=secret_key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_an_empty_secret_key_counts_as_missing():
    result = manage("check", DJANGO_SECRET_KEY="  ", DJANGO_ALLOWED_HOSTS="almenlaering.dk")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
