"""Reads of a room's discussion forum: the threads (latest post first, with the reader's unread
marker) and a thread's posts, page by page.

Both come in a fixed number of queries however many threads or posts there are: the post count
and the time of the latest post are columns kept by ``rooms.services.forum``; the unread marker
is one subquery on the reader's ``ThreadRead``; authors come joined and attachments prefetched.
The room and thread come from ``rooms.access``; these functions only shape their rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, F, OuterRef, Prefetch, Q, QuerySet, Subquery, When

from rooms.models import Post, PostAttachment, Room, Thread, ThreadRead

if TYPE_CHECKING:
    from organisations.access import AnyUser

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 50


def _id(user: AnyUser) -> int:
    # An anonymous visitor never gets here (login required); 0 matches nobody's reads.
    return user.pk or 0


def threads_of(room: Room, user: AnyUser) -> QuerySet[Thread]:
    """The room's threads, latest post first; ``unread`` is true when the thread has posts
    after what the person has read (or they never opened it)."""
    read_until = ThreadRead.objects.filter(thread=OuterRef("pk"), user_id=_id(user)).values(
        "read_until"
    )[:1]
    return (
        Thread.objects.filter(room=room)
        .select_related("created_by")
        .annotate(read_until=Subquery(read_until))
        .annotate(
            unread=Case(
                When(
                    Q(last_post_at__isnull=False)
                    & (Q(read_until__isnull=True) | Q(last_post_at__gt=F("read_until"))),
                    then=True,
                ),
                default=False,
                output_field=BooleanField(),
            )
        )
        .order_by(F("last_post_at").desc(nulls_last=True), "-pk")
    )


def threads_page(room: Room, user: AnyUser, number: str | int | None) -> Page[Thread]:
    return Paginator(threads_of(room, user), THREADS_PER_PAGE).get_page(number)


def read_until(thread: Thread, user: AnyUser) -> datetime | None:
    """How far the person had read the thread (None: never opened)."""
    return (
        ThreadRead.objects.filter(thread=thread, user_id=_id(user))
        .values_list("read_until", flat=True)
        .first()
    )


def posts_of(thread: Thread) -> QuerySet[Post]:
    """The thread's posts in order, with author, hider and attachments."""
    return (
        Post.objects.filter(thread=thread)
        .select_related("author", "hidden_by")
        .prefetch_related(Prefetch("attachments", queryset=PostAttachment.objects.order_by("pk")))
        .order_by("created_at", "pk")
    )


def posts_page(thread: Thread, number: str | int | None) -> Page[Post]:
    """One page of the thread's posts; each knows its thread without another query."""
    page = Paginator(posts_of(thread), POSTS_PER_PAGE).get_page(number)
    posts = list(page.object_list)
    for post in posts:
        post.thread = thread
    page.object_list = posts
    return page


def last_page_number(thread: Thread) -> int:
    """The page with the newest post (where a reply lands)."""
    return max(1, -(-thread.post_count // POSTS_PER_PAGE))
