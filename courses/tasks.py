"""Celery tasks of the courses app: thin adapters that take ids and call ``notifications``."""

from celery import shared_task

from courses import notifications


@shared_task(
    name="courses.notify_enrolment_event", acks_late=True, max_retries=5, default_retry_delay=60
)
def notify_enrolment_event(event_id: int) -> None:
    """Send the e-mails one enrolment transition calls for; safe to run twice."""
    notifications.enrolment_event_notify(event_id=event_id)


@shared_task(
    name="courses.notify_session_changed", acks_late=True, max_retries=5, default_retry_delay=60
)
def notify_session_changed(session_id: int, sequence: int) -> None:
    """Tell booked participants that a session changed (time or place); safe to run twice."""
    notifications.session_changed_notify(session_id=session_id, sequence=sequence)


@shared_task(name="courses.send_session_reminders", acks_late=True)
def send_session_reminders() -> int:
    """Periodic (Celery beat): remind participants of sessions starting soon."""
    return notifications.session_reminders_send()
