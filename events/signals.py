"""A confirmed registration deleted outside the services (erasure of a person, an editor in the
shell) frees its seat: the waitlist moves up once the deletion is committed."""

from __future__ import annotations

from typing import Any

from core.tasks import enqueue_on_commit
from events.models import EventRegistration, RegistrationStatus


def registration_deleted(sender: type[EventRegistration], instance: Any, **kwargs: Any) -> None:
    if instance.status != RegistrationStatus.CONFIRMED:
        return
    from events import tasks

    enqueue_on_commit(tasks.waitlist_promote, instance.event_id)
