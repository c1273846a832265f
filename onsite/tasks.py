"""Celery finds an app's tasks in ``<app>.tasks``; the onsite tasks live in one module per area."""

from onsite.tasks_effects import *  # noqa: F403
from onsite.tasks_log import *  # noqa: F403
