"""Writes of the room's discussion forum (debatforum): threads, posts, attachments, moderation,
read markers.

- A post's text is sanitised (``rooms.richtext``) before it is stored; a post that shows nothing
  (only whitespace, also after sanitising) is refused beside the field.
- Attachments (up to ``MAX_ATTACHMENTS``) are checked by their content and size
  (``core.uploads``) before anything is stored, kept in the private storage and handed out only
  through the room's policy. If the write fails after a file was stored, the file is deleted.
- ``Thread.post_count`` and ``last_post_at`` are kept here, under a row lock on the thread, so
  the list of threads needs no count per row and two replies at once both count.
- Every new post enqueues the "straks" notification (``rooms.forum_notifications``) on commit.
- Authors edit (not in a locked thread) and delete their own posts (soft: the text and files
  go, the place in the thread stays as "Slettet"); owners hide and unhide posts and lock threads.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core import uploads
from core.storage import private_storage
from core.tasks import enqueue_on_commit
from organisations.models import User
from rooms import access, richtext
from rooms.models import ActivityVerb, Post, PostAttachment, Room, Thread, ThreadRead
from rooms.services.activity import activity_record

MAX_ATTACHMENTS = 3
ATTACHMENT_KINDS = (
    uploads.PDF,
    uploads.DOCX,
    uploads.XLSX,
    uploads.PPTX,
    uploads.ODT,
    uploads.ODS,
    uploads.TXT,
    uploads.JPEG,
    uploads.PNG,
)


# --- Checks -----------------------------------------------------------------------------------


def _body(text: str) -> str:
    body = richtext.sanitise(text or "")
    if richtext.is_blank(body):
        raise ValidationError({"body": _("Skriv et indlæg. Det må ikke være tomt.")})
    return body


def _title(text: str) -> str:
    title = " ".join((text or "").split())
    if not title:
        raise ValidationError({"title": _("Giv tråden en overskrift.")})
    if len(title) > 200:
        raise ValidationError({"title": _("Overskriften må højst have 200 tegn.")})
    return title


def _checked_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, uploads.Kind]]:
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("Du kan højst vedhæfte %(max)s filer.") % {"max": MAX_ATTACHMENTS}}
        )
    checked = []
    for file in files:
        try:
            kind = uploads.upload_check(file, kinds=ATTACHMENT_KINDS)
        except ValidationError as error:
            name = PurePosixPath(file.name or "").name
            raise ValidationError(
                {"attachments": [f"{name}: {message}" for message in error.messages]}
            ) from error
        checked.append((file, kind))
    return checked


def _check_may_post(actor: User, room: Room) -> None:
    if not access.actions_for(actor, room).can_post:
        raise ValidationError(_("Kun rummets medlemmer kan skrive i debatten."))


def _check_open(thread: Thread) -> None:
    if thread.locked_at is not None:
        raise ValidationError(_("Tråden er låst. Der kan ikke skrives i den."))


def thread_path(thread: Thread) -> str:
    return reverse("rooms:thread", kwargs={"pk": thread.room_id, "t": thread.pk})


# --- Posting ----------------------------------------------------------------------------------


def thread_create(
    *,
    actor: User,
    room: Room,
    title: str,
    body: str,
    files: Sequence[UploadedFile] = (),
) -> Thread:
    """Start a thread with its first post (and its attachments)."""
    _check_may_post(actor, room)
    clean_title = _title(title)
    clean_body = _body(body)
    checked = _checked_files(files)
    stored: list[str] = []
    try:
        return _thread_record(
            actor=actor, room=room, title=clean_title, body=clean_body, files=checked, stored=stored
        )
    except BaseException:
        _files_delete(stored)
        raise


@transaction.atomic
def _thread_record(
    *,
    actor: User,
    room: Room,
    title: str,
    body: str,
    files: list[tuple[UploadedFile, uploads.Kind]],
    stored: list[str],
) -> Thread:
    thread = Thread.objects.create(room=room, title=title, created_by=actor)
    post = _post_record(actor=actor, thread=thread, body=body, files=files, stored=stored)
    activity_record(
        room=room, actor=actor, verb=ActivityVerb.THREAD, subject=title, path=thread_path(thread)
    )
    log(thread, "rooms.thread.create", user=actor, data={"room": room.pk, "post": post.pk})
    return thread


def post_reply(
    *, actor: User, thread: Thread, body: str, files: Sequence[UploadedFile] = ()
) -> Post:
    """Reply in a thread that is not locked."""
    _check_may_post(actor, thread.room)
    _check_open(thread)
    clean_body = _body(body)
    checked = _checked_files(files)
    stored: list[str] = []
    try:
        return _reply_record(
            actor=actor, thread=thread, body=clean_body, files=checked, stored=stored
        )
    except BaseException:
        _files_delete(stored)
        raise


@transaction.atomic
def _reply_record(
    *,
    actor: User,
    thread: Thread,
    body: str,
    files: list[tuple[UploadedFile, uploads.Kind]],
    stored: list[str],
) -> Post:
    locked = Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk)
    _check_open(locked)  # an owner may have locked it while the reply was written
    post = _post_record(actor=actor, thread=locked, body=body, files=files, stored=stored)
    thread.post_count, thread.last_post_at = locked.post_count, locked.last_post_at
    activity_record(
        room=thread.room,
        actor=actor,
        verb=ActivityVerb.POST,
        subject=thread.title,
        path=thread_path(thread),
    )
    log(thread, "rooms.post.create", user=actor, data={"post": post.pk})
    return post


def _post_record(
    *,
    actor: User,
    thread: Thread,
    body: str,
    files: list[tuple[UploadedFile, uploads.Kind]],
    stored: list[str],
) -> Post:
    """The post, its files and the thread's count (the caller holds the thread's row lock or
    has just created it)."""
    from rooms.tasks import forum_post_notify

    post = Post.objects.create(thread=thread, author=actor, body=body)
    for file, kind in files:
        stored.append(_attachment_save(post=post, file=file, kind=kind).file.name)
    thread.post_count += 1
    thread.last_post_at = post.created_at
    thread.save(update_fields=["post_count", "last_post_at"])
    # The author has read what they wrote: their own post never marks the thread unread.
    _read_until(user=actor, thread=thread, until=post.created_at)
    enqueue_on_commit(forum_post_notify, post.pk)
    return post


def _attachment_save(*, post: Post, file: UploadedFile, kind: uploads.Kind) -> PostAttachment:
    original = PurePosixPath(file.name or "").name[:200] or f"fil.{kind.extension}"
    content: File = file
    if kind.is_image:
        # A phone photo must not carry where it was taken (EXIF, GPS).
        content = uploads.image_metadata_strip(file, kind=kind) or file
    attachment = PostAttachment(
        post=post, original_name=original, size=content.size or 0, content_type=kind.mime
    )
    attachment.file.save(f"fil.{kind.extension}", content, save=False)
    attachment.save()
    return attachment


def _files_delete(names: list[str]) -> None:
    for name in names:
        private_storage().delete(name)


# --- Editing and moderation -------------------------------------------------------------------


@transaction.atomic
def post_edit(*, actor: User, post: Post, body: str) -> Post:
    """The author rewrites their post (not in a locked thread, not once deleted)."""
    if not access.post_actions_for(actor, post.thread.room, post).can_edit:
        raise ValidationError(_("Du kan kun rette dine egne indlæg i en åben tråd."))
    post.body = _body(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    log(post.thread, "rooms.post.edit", user=actor, data={"post": post.pk})
    return post


@transaction.atomic
def post_delete(*, actor: User, post: Post) -> None:
    """The author deletes their post: its text and files go, its place says "Slettet"."""
    if not access.post_actions_for(actor, post.thread.room, post).can_delete:
        raise ValidationError(_("Du kan kun slette dine egne indlæg."))
    names = [attachment.file.name for attachment in post.attachments.all()]
    post.attachments.all().delete()
    post.body = ""
    post.deleted_at = timezone.now()
    post.save(update_fields=["body", "deleted_at"])
    transaction.on_commit(lambda: _files_delete(names))
    log(post.thread, "rooms.post.delete", user=actor, data={"post": post.pk})


@transaction.atomic
def post_hide(*, actor: User, post: Post) -> Post:
    """An owner hides a post: members see "Skjult af en ejer", owners still see the text."""
    if not access.post_actions_for(actor, post.thread.room, post).can_hide:
        raise ValidationError(_("Kun rummets ejere kan skjule indlæg."))
    if post.hidden_at is None:
        post.hidden_at, post.hidden_by = timezone.now(), actor
        post.save(update_fields=["hidden_at", "hidden_by"])
        log(post.thread, "rooms.post.hide", user=actor, data={"post": post.pk})
    return post


@transaction.atomic
def post_unhide(*, actor: User, post: Post) -> Post:
    if not access.post_actions_for(actor, post.thread.room, post).can_hide:
        raise ValidationError(_("Kun rummets ejere kan vise skjulte indlæg igen."))
    if post.hidden_at is not None:
        post.hidden_at, post.hidden_by = None, None
        post.save(update_fields=["hidden_at", "hidden_by"])
        log(post.thread, "rooms.post.unhide", user=actor, data={"post": post.pk})
    return post


@transaction.atomic
def thread_lock(*, actor: User, thread: Thread) -> Thread:
    """An owner locks a thread: nobody replies or edits in it any more."""
    if not access.actions_for(actor, thread.room).can_moderate:
        raise ValidationError(_("Kun rummets ejere kan låse tråde."))
    locked = Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk)
    if locked.locked_at is None:
        locked.locked_at, locked.locked_by = timezone.now(), actor
        locked.save(update_fields=["locked_at", "locked_by"])
        log(locked, "rooms.thread.lock", user=actor)
    thread.locked_at, thread.locked_by = locked.locked_at, locked.locked_by
    return thread


@transaction.atomic
def thread_unlock(*, actor: User, thread: Thread) -> Thread:
    if not access.actions_for(actor, thread.room).can_moderate:
        raise ValidationError(_("Kun rummets ejere kan låse tråde op."))
    locked = Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk)
    if locked.locked_at is not None:
        locked.locked_at, locked.locked_by = None, None
        locked.save(update_fields=["locked_at", "locked_by"])
        log(locked, "rooms.thread.unlock", user=actor)
    thread.locked_at, thread.locked_by = None, None
    return thread


# --- Read markers -----------------------------------------------------------------------------


def thread_mark_read(*, user: User, thread: Thread) -> None:
    """The person has seen the thread up to its newest post (the unread marker clears)."""
    if thread.last_post_at is not None:
        _read_until(user=user, thread=thread, until=thread.last_post_at)


def _read_until(*, user: User, thread: Thread, until: datetime) -> None:
    # Never backwards: a page opened before a new post must not unmark the new post.
    updated = ThreadRead.objects.filter(thread=thread, user=user, read_until__lt=until).update(
        read_until=until
    )
    if not updated:
        ThreadRead.objects.get_or_create(thread=thread, user=user, defaults={"read_until": until})
