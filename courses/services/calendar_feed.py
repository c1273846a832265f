"""Writes for a person's calendar feed link: a new link, or the feed switched off or on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F

from courses.models import CalendarFeed

if TYPE_CHECKING:
    from organisations.models import User


def _feed_locked(user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return CalendarFeed.objects.select_for_update().get(pk=feed.pk)


@transaction.atomic
def calendar_feed_rotate(*, user: User) -> CalendarFeed:
    """Give the person a new feed link (and switch the feed on); the old link answers 404."""
    feed = _feed_locked(user)
    CalendarFeed.objects.filter(pk=feed.pk).update(version=F("version") + 1, enabled=True)
    feed.refresh_from_db()
    return feed


@transaction.atomic
def calendar_feed_disable(*, user: User) -> CalendarFeed:
    """Switch the person's feed off: every link made so far answers 404."""
    feed = _feed_locked(user)
    # A new version too, so that switching on again never revives a link that was shared.
    CalendarFeed.objects.filter(pk=feed.pk).update(version=F("version") + 1, enabled=False)
    feed.refresh_from_db()
    return feed
