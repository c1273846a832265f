"""E-mails about new forum posts per member's choice: straks (once per post, even when the task
runs twice), dagligt (one digest a day with only new posts), aldrig (nothing); hidden and
deleted posts are never sent."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from core.mail.models import OutboundEmail
from rooms import forum_notifications
from rooms.models import ForumNotify, Post, PostNotice, RoomMember, Thread
from rooms.services import forum as services
from rooms.tasks import forum_post_notify, forum_send_digests
from tests.rooms.forum_fixtures import Forum, forum_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[Any]]


def _choose(forum: Forum, **choices: str) -> None:
    for name, choice in choices.items():
        RoomMember.objects.filter(room=forum.room, user=getattr(forum, name)).update(
            forum_notify=choice
        )


def _mails_to(email: str) -> list[OutboundEmail]:
    return [mail for mail in OutboundEmail.objects.order_by("pk") if email in mail.to]


def _start(forum: Forum, capture: Capture, body: str = "Hvordan gør I?") -> Thread:
    with capture(execute=True):
        return services.thread_create(
            actor=forum.member, room=forum.room, title="Driften med fra start", body=body
        )


def test_straks_sends_each_new_post_once_and_not_to_the_author(
    forum: Forum, django_capture_on_commit_callbacks: Capture
) -> None:
    _choose(forum, member=ForumNotify.IMMEDIATELY, colleague=ForumNotify.IMMEDIATELY)
    thread = _start(forum, django_capture_on_commit_callbacks)
    post = thread.posts.get()
    mails = _mails_to(forum.colleague.email)
    assert len(mails) == 1 and mails[0].dedupe_key == f"rooms-post-{post.pk}-{forum.colleague.pk}"
    assert "Driften med fra start" in mails[0].subject
    assert f"/rum/{forum.room.pk}/debat/{thread.pk}/" in mails[0].body
    assert "Hvordan gør I?" in mails[0].body
    assert "Du får denne e-mail, fordi du har valgt »Straks«" in mails[0].body
    assert _mails_to(forum.member.email) == []  # the author
    assert _mails_to(forum.owner.email) == [] and _mails_to(forum.guest.email) == []  # aldrig
    # The task runs again (a retry, a redelivered message): nobody gets it twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert forum_post_notify.apply(args=[post.pk]).get() == 0
    assert forum_notifications.post_notices_send(post_id=post.pk) == 0
    assert len(_mails_to(forum.colleague.email)) == 1
    assert PostNotice.objects.filter(post=post, user=forum.colleague).count() == 1


def test_a_hidden_or_deleted_post_is_not_sent(forum: Forum) -> None:
    _choose(forum, colleague=ForumNotify.IMMEDIATELY)
    thread = services.thread_create(actor=forum.member, room=forum.room, title="T", body="Først")
    hidden = services.post_reply(actor=forum.member, thread=thread, body="Skjules")
    services.post_hide(actor=forum.owner, post=hidden)
    deleted = services.post_reply(actor=forum.member, thread=thread, body="Slettes")
    services.post_delete(actor=forum.member, post=deleted)
    assert forum_notifications.post_notices_send(post_id=hidden.pk) == 0
    assert forum_notifications.post_notices_send(post_id=deleted.pk) == 0
    assert not PostNotice.objects.filter(post__in=[hidden, deleted]).exists()


def _post_at(thread: Thread, author: Any, body: str, at: datetime) -> Post:
    post = services.post_reply(actor=author, thread=thread, body=body)
    Post.objects.filter(pk=post.pk).update(created_at=at)
    return post


def test_the_daily_digest_goes_once_a_day_with_only_new_posts(forum: Forum) -> None:
    _choose(forum, colleague=ForumNotify.DAILY)
    RoomMember.objects.filter(user=forum.colleague).update(
        joined_at=timezone.now() - timedelta(days=10)
    )
    # Yesterday morning, so that every step below falls on the day it means to.
    day1 = timezone.localtime().replace(hour=6, minute=30, second=0, microsecond=0) - timedelta(
        days=1
    )
    thread = services.thread_create(actor=forum.member, room=forum.room, title="T", body="Start")
    Post.objects.filter(thread=thread).update(created_at=day1 - timedelta(hours=3))
    _post_at(thread, forum.owner, "Første svar", day1 - timedelta(hours=2))
    hidden = _post_at(thread, forum.guest, "Skjult svar", day1 - timedelta(hours=1))
    services.post_hide(actor=forum.owner, post=hidden)
    _post_at(thread, forum.colleague, "Mit eget svar", day1 - timedelta(minutes=30))

    assert forum_notifications.digests_send(now=day1) == 1
    first = _mails_to(forum.colleague.email)
    assert len(first) == 1
    assert "Start" in first[0].body and "Første svar" in first[0].body
    assert "Skjult svar" not in first[0].body and "Mit eget svar" not in first[0].body
    assert "Dagligt sammendrag" in first[0].body
    assert PostNotice.objects.filter(user=forum.colleague).count() == 2

    # Later the same day: a new post waits for tomorrow's digest.
    _post_at(thread, forum.member, "Sent svar", day1 + timedelta(minutes=10))
    assert forum_notifications.digests_send(now=day1 + timedelta(hours=1)) == 0
    assert len(_mails_to(forum.colleague.email)) == 1

    # Today (Celery beat's task): only what came since yesterday's digest.
    assert forum_send_digests.apply().get() == 1
    second = _mails_to(forum.colleague.email)
    assert len(second) == 2
    assert "Sent svar" in second[1].body and "Første svar" not in second[1].body
    assert forum_send_digests.apply().get() == 0
    assert len(_mails_to(forum.colleague.email)) == 2


def test_aldrig_gets_nothing_and_straks_posts_are_not_repeated_in_a_digest(
    forum: Forum, django_capture_on_commit_callbacks: Capture
) -> None:
    _choose(forum, colleague=ForumNotify.IMMEDIATELY, owner=ForumNotify.NEVER)
    thread = _start(forum, django_capture_on_commit_callbacks)
    assert len(_mails_to(forum.colleague.email)) == 1
    _choose(forum, colleague=ForumNotify.DAILY)
    later = timezone.now()
    assert forum_notifications.digests_send(now=later) == 0  # already told at once
    services.post_reply(actor=forum.guest, thread=thread, body="Nyt svar")
    assert forum_notifications.digests_send(now=later + timedelta(days=1)) == 1
    assert "Nyt svar" in _mails_to(forum.colleague.email)[-1].body
    assert _mails_to(forum.owner.email) == []
    assert not PostNotice.objects.filter(user=forum.owner).exists()
