"""Which Celery queue a task goes to: e-mail, slow jobs, or the default queue.

Three queues, named after ``CELERY_TASK_DEFAULT_QUEUE`` (``lms`` unless set):

- ``<default>.mail``: delivering e-mail. Password resets and invitations must not wait behind a
  certificate ZIP of a large organisation, so e-mail has a worker of its own (``worker_mail``).
- ``<default>.slow``: jobs that may run for minutes (exports, certificate PDFs and ZIPs, people
  imports, personal-data exports, competence summaries, newsletter batches): ``worker_slow``.
- ``<default>``: everything else (notifications, reminders, beat's sweeps), short tasks that
  both workers take, so that either can finish one whose worker died.

The names are derived at send time from the app's ``task_default_queue``, not fixed when the
settings load: the test suite's worker runs on a queue of its own (tests/conftest.py) and must
receive every routed task too. A task sent with an explicit ``queue=`` keeps it (Celery lets the
caller's options win over the router's).
"""

from __future__ import annotations

from typing import Any, Final

MAIL: Final = "mail"
SLOW: Final = "slow"

# Task names (the ``name=`` of each task), not functions: routing must not import the apps.
MAIL_TASKS: Final = frozenset({"mail.deliver_email", "mail.sweep_unsent"})
SLOW_TASKS: Final = frozenset(
    {
        "core.run_export",
        "privacy.build_export",
        "organisations.people_import_apply",
        "organisations.people_import_invite",
        "organisations.people_invite",
        "competencies.summaries_rebuild",
        "competencies.summaries_default_profile_refresh",
        # A batch turns an issue's deliveries into outbox rows (thousands at once); the e-mails
        # themselves then go through mail.deliver_email on the mail queue.
        "newsletter.send_issue_batch",
    }
)


def queue_for(task_name: str, default_queue: str) -> str:
    """The queue ``task_name`` goes to when the default queue is ``default_queue``."""
    if task_name in MAIL_TASKS:
        return f"{default_queue}.{MAIL}"
    if task_name in SLOW_TASKS:
        return f"{default_queue}.{SLOW}"
    return default_queue


def queue_names(default_queue: str | None = None) -> list[str]:
    """Every queue a worker of this site consumes: the default, then mail, then slow.

    Without an argument, those of the running Celery app (for metrics and health checks).
    """
    if default_queue is None:
        from celery import current_app

        default_queue = str(current_app.conf.task_default_queue)
    return [default_queue, f"{default_queue}.{MAIL}", f"{default_queue}.{SLOW}"]


def route_task(
    name: str,
    args: Any,
    kwargs: Any,
    options: dict[str, Any],
    task: Any = None,
    **extra: Any,
) -> dict[str, str] | None:
    """Celery router (``CELERY_TASK_ROUTES``): mail and slow tasks to their queues.

    Returns None for the rest, so that they go to the default queue, whatever it is then.
    """
    if name not in MAIL_TASKS and name not in SLOW_TASKS:
        return None
    if task is not None:
        default_queue = str(task.app.conf.task_default_queue)
    else:
        from celery import current_app

        default_queue = str(current_app.conf.task_default_queue)
    return {"queue": queue_for(name, default_queue)}
