"""Celery tasks of the courses app: thin adapters that take ids and call ``notifications``.

Each is safe to run twice (the e-mails carry dedupe keys), so they acknowledge late and retry
with backoff when the database is briefly unavailable.
"""

from celery import shared_task
from django.db import OperationalError

from courses import notifications

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
}


@shared_task(name="courses.notify_enrolment_event", **RETRY)
def notify_enrolment_event(event_id: int) -> int:
    """Send the e-mails one enrolment transition calls for; safe to run twice."""
    return notifications.enrolment_event_notify(event_id=event_id)


@shared_task(name="courses.notify_session_changed", **RETRY)
def notify_session_changed(session_id: int, sequence: int) -> int:
    """Tell booked participants that a session changed (time or place); safe to run twice."""
    return notifications.session_changed_notify(session_id=session_id, sequence=sequence)


@shared_task(name="courses.send_session_reminders", **RETRY)
def send_session_reminders() -> int:
    """Periodic (Celery beat): remind participants of sessions starting soon."""
    return notifications.session_reminders_send()
