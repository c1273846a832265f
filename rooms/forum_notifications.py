"""E-mails about new forum posts, per member's choice (``RoomMember.forum_notify``):

- **straks**: one e-mail per new post, to every member who chose it except the author
  (``post_notices_send``, a Celery task per post, enqueued when the post commits);
- **dagligt**: one digest a day per member and room with the posts since
  ``RoomMember.digest_sent_until`` (``digests_send``, Celery beat every morning);
- **aldrig**: nothing.

Never twice: a ``PostNotice(post, user)`` row (unique) is created in the same transaction that
stores the e-mail in the outbox (``core.mail``, with a dedupe key), and a digest lists only posts
without a notice for that person. A task that runs twice, or a member who switches from
"straks" to "dagligt", therefore gets no post a second time. Hidden and deleted posts are never
sent.

Dedupe keys: ``rooms-post-<post>-<user>`` and ``rooms-digest-<room>-<user>-<date>``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import site_url
from core.db import save_or_existing
from core.mail.compose import absolute_url
from core.mail.services import email_enqueue
from rooms import richtext
from rooms.models import ForumNotify, Post, PostNotice, RoomMember
from rooms.services.forum import thread_path


def _author_name(post: Post) -> str:
    return post.author.name if post.author is not None else _("Et tidligere medlem")


def _send(
    *, to: str, subject: str, template: str, context: dict[str, Any], dedupe_key: str
) -> None:
    context = {**context, "subject": subject, "base_url": site_url.public_base_url()}
    with translation.override("da"):
        text = render_to_string(f"rooms/email/{template}.txt", context)
        html = render_to_string(f"rooms/email/{template}.html", context)
        plain = re.sub(r"\n{3,}", "\n\n", text.strip()) + "\n"
        message = EmailMultiAlternatives(subject=subject, body=plain, to=[to])
        message.attach_alternative(html, "text/html")
        email_enqueue(message=message, dedupe_key=dedupe_key)


def _sendable(post: Post) -> bool:
    return post.hidden_at is None and post.deleted_at is None


def _entry(post: Post) -> dict[str, Any]:
    return {
        "post": post,
        "author": _author_name(post),
        "text": richtext.plain_text(post.body),
        # Sanitised when it was stored (rooms.richtext), so safe to show as HTML.
        "html": mark_safe(post.body),
        "url": absolute_url(thread_path(post.thread)),
    }


# --- Straks -----------------------------------------------------------------------------------


def post_notices_send(*, post_id: int) -> int:
    """E-mail a new post to the members who want it at once; return how many were e-mailed.

    Safe to run twice: a member already told (a ``PostNotice``) is skipped.
    """
    post = Post.objects.select_related("thread__room", "author").filter(pk=post_id).first()
    if post is None or not _sendable(post):
        return 0
    members = (
        RoomMember.objects.filter(room=post.thread.room, forum_notify=ForumNotify.IMMEDIATELY)
        .exclude(user__is_active=False)
        .exclude(user_id__in=PostNotice.objects.filter(post=post).values("user_id"))
        .select_related("user")
    )
    if post.author_id is not None:
        members = members.exclude(user_id=post.author_id)
    return sum(_post_notice_send(post=post, member=member) for member in members)


@transaction.atomic
def _post_notice_send(*, post: Post, member: RoomMember) -> bool:
    notice, created = save_or_existing(
        PostNotice(post=post, user=member.user),
        existing=lambda: PostNotice.objects.filter(post=post, user=member.user).first(),
    )
    if not created or not member.user.email:
        return False
    room, thread = post.thread.room, post.thread
    entry = _entry(post)
    _send(
        to=member.user.email,
        subject=_("Nyt indlæg i »%(thread)s« (%(room)s)")
        % {"thread": thread.title, "room": room.title},
        template="forum_post",
        context={
            "greeting_name": member.user.first_name or member.user.name,
            "room": room,
            "thread": thread,
            "entry": entry,
            "thread_url": entry["url"],
        },
        dedupe_key=f"rooms-post-{post.pk}-{member.user_id}",
    )
    return True


# --- Dagligt ----------------------------------------------------------------------------------


def digests_send(*, now: datetime | None = None) -> int:
    """Send each daily member of each room their digest (once a day); return how many went."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    member_ids = list(
        RoomMember.objects.filter(
            forum_notify=ForumNotify.DAILY,
            room__archived_at__isnull=True,
            user__is_active=True,
        ).values_list("pk", flat=True)
    )
    return sum(_digest_send(member_id=pk, now=now, today=today) for pk in member_ids)


def _digest_posts(member: RoomMember, since: datetime, now: datetime) -> list[Post]:
    return list(
        Post.objects.filter(
            thread__room=member.room,
            created_at__gt=since,
            created_at__lte=now,
            hidden_at=None,
            deleted_at=None,
        )
        .exclude(author_id=member.user_id)
        .exclude(notices__user_id=member.user_id)
        .select_related("thread", "author")
        .order_by("thread__last_post_at", "thread_id", "created_at", "pk")
    )


@transaction.atomic
def _digest_send(*, member_id: int, now: datetime, today: date) -> bool:
    # The member row's lock keeps two runs at once from both sending today's digest.
    member = (
        RoomMember.objects.select_for_update(of=("self",))
        .select_related("user", "room")
        .filter(pk=member_id, forum_notify=ForumNotify.DAILY)
        .first()
    )
    if member is None:
        return False
    until = member.digest_sent_until
    if until is not None and timezone.localdate(until) >= today:
        return False  # today's digest is out; what came since waits for tomorrow's
    posts = _digest_posts(member, until or member.joined_at, now)
    member.digest_sent_until = now
    member.save(update_fields=["digest_sent_until"])
    if not posts or not member.user.email:
        return False
    PostNotice.objects.bulk_create(
        [PostNotice(post=post, user=member.user) for post in posts], ignore_conflicts=True
    )
    room = member.room
    threads: dict[int, dict[str, Any]] = {}
    for post in posts:
        group = threads.setdefault(post.thread_id, {"thread": post.thread, "entries": []})
        group["entries"].append(_entry(post))
    _send(
        to=member.user.email,
        subject=_("Nyt i debatten i %(room)s: %(count)s indlæg")
        % {"room": room.title, "count": len(posts)},
        template="forum_digest",
        context={
            "greeting_name": member.user.first_name or member.user.name,
            "room": room,
            "threads": list(threads.values()),
            "count": len(posts),
            "forum_url": absolute_url(reverse("rooms:forum", kwargs={"pk": room.pk})),
        },
        dedupe_key=f"rooms-digest-{room.pk}-{member.user_id}-{today.isoformat()}",
    )
    return True
