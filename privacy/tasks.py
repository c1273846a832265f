"""Celery finds an app's tasks in ``<app>.tasks``; the privacy tasks live in one module per part."""

from privacy.tasks_erasure import *  # noqa: F403
from privacy.tasks_export import *  # noqa: F403
