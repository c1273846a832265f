"""A lesson published, withdrawn, featured or deleted purges the cached lesson pages (the list,
the lesson's own page and the home page's teasers; core.page_cache). Imported by the app's
``ready()``, which connects the receivers."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import page_cache
from onsite.models import Lesson

LESSONS = "lessons"


@receiver(post_save, sender=Lesson, dispatch_uid="onsite.purge.lesson_saved")
@receiver(post_delete, sender=Lesson, dispatch_uid="onsite.purge.lesson_deleted")
def lessons_changed(**kwargs: Any) -> None:
    transaction.on_commit(page_cache.bump_on_commit(LESSONS))
