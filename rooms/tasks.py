"""Celery tasks of the project web (thin adapters: they take ids, call a service, and are safe
to run twice)."""

from celery import shared_task
from django.db import OperationalError

from rooms.services import meetings

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
}


@shared_task(name="rooms.send_meeting_invitations", **RETRY)
def send_meeting_invitations(meeting_id: int, sequence: int) -> int:
    """E-mail every member of the meeting's room its invitation, update or cancellation (with
    the .ics); once per meeting, person and sequence, however often it runs."""
    return meetings.meeting_invitations_send(meeting_id=meeting_id, sequence=sequence)


@shared_task(name="rooms.forum_post_notify", **RETRY)
def forum_post_notify(post_id: int) -> int:
    """E-mail a new forum post to the room's members who chose "straks"; once per post and
    person, however often it runs."""
    from rooms import forum_notifications

    return forum_notifications.post_notices_send(post_id=post_id)


@shared_task(name="rooms.forum_send_digests", **RETRY)
def forum_send_digests() -> int:
    """Periodic (Celery beat, daily): each "dagligt" member's digest of new forum posts; once
    a day per member and room, however often it runs."""
    from rooms import forum_notifications

    return forum_notifications.digests_send()
