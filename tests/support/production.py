"""Run a snippet of Python in a fresh process under ``lms.settings.production``.

Logging and Sentry are configured when the settings load, so what production does with them can
only be seen in a process of its own. Variables that would change the outcome are left out of the
inherited environment (``drop``); the snippet's own are added (``env``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_under_production(
    code: str, *, drop: tuple[str, ...] = ("LOG_",), env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(drop)}
    environment.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="almenlaering.example",
        **(env or {}),
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
