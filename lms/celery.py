"""The Celery application.

With no ``CELERY_BROKER_URL`` the settings make tasks run eagerly in the web process, so the
embedded default needs no services; with Redis configured they run on real workers.
"""

import os

from celery import Celery

from core.ops import heartbeat, task_logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Worker heartbeats and the failed-task counter, both in the broker's Redis (core.ops.heartbeat).
heartbeat.connect_signals()
# The request id into tasks, one log line per task, and the worker logging as settings.LOGGING
# says (JSON in production): core.ops.task_logs.
task_logs.connect_task_signals()


# The one task whose result is read (CELERY_TASK_IGNORE_RESULT is on for all others).
@app.task(name="lms.ping", ignore_result=False)
def ping() -> str:
    """Answer 'pong': lets health checks and tests prove a worker receives tasks."""
    return "pong"
