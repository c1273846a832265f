"""Celery beat's schedule. ``lms.settings.base`` imports ``CELERY_BEAT_SCHEDULE`` from here.

Run beat next to the workers: ``celery -A lms beat``. Each periodic task is safe to run twice,
so an overlapping or repeated run does no harm.
"""

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE = {
    # Tasks a broker outage left stored (core.tasks) go out within a minute of Redis returning.
    "flush-pending-tasks": {
        "task": "lms.flush_pending_tasks",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Stored e-mails that should have gone by now (a lost task, a worker killed mid-delivery,
    # retries run out) are enqueued again, each after its back-off (core.mail.services).
    "mail-sweep-unsent": {
        "task": "mail.sweep_unsent",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
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
    # Milestones due within a week or overdue are e-mailed to their responsible person; each
    # (milestone, kind, due date) once however often it runs (processes.services.reminders).
    "processes-milestone-reminders": {
        "task": "processes.send_milestone_reminders",
        "schedule": crontab(hour=7, minute=15),
        "options": {"expires": 12 * 60 * 60},
    },
    # The project web's daily forum digest (rooms.forum_notifications), before the working day;
    # each member and room gets at most one a day however often it runs.
    "rooms-forum-digests": {
        "task": "rooms.forum_send_digests",
        "schedule": crontab(hour=6, minute=30),
        "options": {"expires": 12 * 60 * 60},
    },
    # Newsletter issues still being sent (a worker killed mid-batch, a lost task) carry on;
    # pending deliveries are claimed under skip-locked row locks, so a run alongside a live
    # batch sends nobody anything twice (newsletter.services.sending).
    "newsletter-resume-sendings": {
        "task": "newsletter.resume_sendings",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
    # Personal data past its retention (privacy.retention): at night, when nobody works.
    # `manage.py retention --dry-run` shows what the next run will remove.
    "privacy-retention": {
        "task": "privacy.apply_retention",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 6 * 60 * 60},
    },
    # The HR dashboard's and gap analysis's summaries rebuilt from scratch (issue 16): the
    # services keep them current, but a level falls when evidence expires, which no event
    # announces. After retention (02:30), so erased people are gone from the figures.
    "competencies-summaries-rebuild": {
        "task": "competencies.summaries_rebuild",
        "schedule": crontab(hour=2, minute=35),
        "options": {"expires": 6 * 60 * 60},
    },
    # HR import rows (a copy of HR's file) past retention, and previews nobody confirmed
    # (organisations.people_import.retention).
    "organisations-people-import-purge": {
        "task": "organisations.people_import_purge",
        "schedule": crontab(hour=2, minute=40),
        "options": {"expires": 6 * 60 * 60},
    },
    # Export jobs (core.jobs) nobody has touched for 10 minutes — a worker killed mid-way, a
    # lost task — are enqueued again, and given up (failed, with a message) after 3 attempts.
    "core-requeue-stale-exports": {
        "task": "core.requeue_stale_exports",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
    # Export jobs' files go after 7 days, the jobs after 30 (core.jobs.services.jobs_purge).
    "core-purge-exports": {
        "task": "core.purge_exports",
        "schedule": crontab(hour=3, minute=0),
        "options": {"expires": 6 * 60 * 60},
    },
    # Exports whose 7-day link has run out lose their file; exports a broker outage left
    # queued are enqueued again (privacy.export.exports_expire).
    "privacy-expire-exports": {
        "task": "privacy.expire_exports",
        "schedule": crontab(hour=2, minute=50),
        "options": {"expires": 6 * 60 * 60},
    },
}
