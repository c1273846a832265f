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
    # Effect indicators are followed up 3, 6 and 12 months after a project's handover; once a
    # day is enough, and each (project, months) is e-mailed once however often it runs.
    "onsite-follow-up-reminders": {
        "task": "onsite.send_follow_up_reminders",
        "schedule": crontab(hour=7, minute=5),
        "options": {"expires": 12 * 60 * 60},
    },
}
