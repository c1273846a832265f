"""A registration made, moved up or cancelled changes the seats that the cached event pages
show (core.page_cache); the pages themselves are purged by publishing (cms.cache_purge).
Imported by the app's ``ready()``, which connects the receivers."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import page_cache
from events.models import EventRegistration

EVENTS = "events"


@receiver(post_save, sender=EventRegistration, dispatch_uid="events.purge.saved")
@receiver(post_delete, sender=EventRegistration, dispatch_uid="events.purge.deleted")
def seats_changed(**kwargs: Any) -> None:
    transaction.on_commit(page_cache.bump_on_commit(EVENTS))
