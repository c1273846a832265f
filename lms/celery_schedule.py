"""Celery beat's schedule. ``lms.settings.base`` imports ``CELERY_BEAT_SCHEDULE`` from here.

Run beat next to the workers: ``celery -A lms beat``. Each periodic task is safe to run twice,
so an overlapping or repeated run does no harm.
"""

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE = {
    # Reminders go out for sessions that start within courses.notifications.REMINDER_WINDOW.
    "session-reminders": {
        "task": "courses.send_session_reminders",
        "schedule": crontab(minute="*/15"),
        # A run that waited longer than the interval is superseded by the next one.
        "options": {"expires": 14 * 60},
    },
}
