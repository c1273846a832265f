"""``manage.py tasks_requeue [--list]``: enqueue the Celery tasks a broker outage left stored.

Celery beat does the same every minute (``lms.flush_pending_tasks``); this is for an operator
who wants it now, or whose beat is not running.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.mail.models import PendingTask
from core.tasks import pending_tasks_flush


class Command(BaseCommand):
    help = "Enqueue stored tasks again (those the broker refused); --list only shows them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", dest="show", help="Show stored tasks; send none."
        )

    def handle(self, *args: Any, show: bool = False, **options: Any) -> None:
        if show:
            rows = PendingTask.objects.order_by("pk")
            self.stdout.write(f"{rows.count()} stored task(s).")
            for row in rows[:200]:
                self.stdout.write(
                    f"  #{row.pk:<8} {row.created_at:%Y-%m-%d %H:%M}  {row.task_name} "
                    f"args={row.args} attempts={row.attempts} error={row.last_error[:80]!r}"
                )
            return
        result = pending_tasks_flush()
        while result.sent and result.left:
            result = pending_tasks_flush()
        self.stdout.write(f"Enqueued again: done; {result.left} task(s) still stored.")
