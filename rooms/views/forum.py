"""The room's discussion forum (debatforum): the threads, a thread with its posts and the reply
form, starting a thread, replying, editing and deleting one's own posts, owners hiding posts and
locking threads, and the access-checked download of an attachment.

Every route asks ``rooms.access`` for the room first (404 for anyone who is not a member), then
for the thread, post or attachment inside it (404 for an id from another room). Reads come from
``rooms.selectors_forum``, every change is one call to ``rooms.services.forum``; a refused post
(empty, a file that is not what its name says) is shown again with the message beside the field
and the text kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import require
from core.submissions import once_per_submission
from core.views import service_refusal
from organisations.access import me
from rooms import access
from rooms import selectors_forum as selectors
from rooms.forms_forum import PostEditForm, PostForm, ThreadForm
from rooms.models import Post, Room, Thread
from rooms.services import forum as services


def _thread_url(thread: Thread, *, page: int | None = None, anchor: str = "") -> str:
    url = reverse("rooms:thread", kwargs={"pk": thread.room_id, "t": thread.pk})
    if page and page > 1:
        url += f"?page={page}"
    return url + (f"#{anchor}" if anchor else "")


def _thread(request: HttpRequest, pk: int, t: int) -> tuple[Room, Thread]:
    room = access.get_room_for(request.user, pk)
    thread = access.get_thread_for(request.user, room, t)
    thread.room = room
    return room, thread


def _post(request: HttpRequest, pk: int, p: int) -> tuple[Room, Post]:
    room = access.get_room_for(request.user, pk)
    post = access.get_post_for(request.user, room, p)
    post.thread.room = room
    return room, post


@login_required
def forum(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_room_for(request.user, pk)
    page = selectors.threads_page(room, request.user, request.GET.get("page"))
    context = {
        "room": room,
        "tab": "forum",
        "page_obj": page,
        "threads": page.object_list,
        "actions": access.actions_for(request.user, room),
    }
    return render(request, "rooms/forum/forum.html", context)


def _thread_page(
    request: HttpRequest, room: Room, thread: Thread, form: PostForm | None, status: int = 200
) -> HttpResponse:
    actions = access.actions_for(request.user, room)
    previously_read = selectors.read_until(thread, request.user)
    page = selectors.posts_page(thread, request.GET.get("page"))
    rows = [
        (
            post,
            access.post_actions_for(request.user, room, post),
            previously_read is not None and post.created_at > previously_read,
        )
        for post in page.object_list
    ]
    services.thread_mark_read(user=me(request), thread=thread)
    context = {
        "room": room,
        "tab": "forum",
        "thread": thread,
        "page_obj": page,
        "rows": rows,
        "actions": actions,
        "form": form if form is not None else PostForm(),
    }
    return render(request, "rooms/forum/thread.html", context, status=status)


@login_required
def thread(request: HttpRequest, pk: int, t: int) -> HttpResponse:
    room, thread = _thread(request, pk, t)
    return _thread_page(request, room, thread, None)


@login_required
@once_per_submission
def thread_create(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_room_for(request.user, pk)
    require(access.actions_for(request.user, room).can_post)
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            thread = services.thread_create(
                actor=me(request),
                room=room,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        if not refused:
            messages.success(request, _("Tråden »%(title)s« er startet.") % {"title": thread})
            return redirect(_thread_url(thread))
    status = 400 if request.method == "POST" else 200
    context = {"room": room, "tab": "forum", "form": form}
    return render(request, "rooms/forum/thread_form.html", context, status=status)


@login_required
@require_POST
@once_per_submission
def post_reply(request: HttpRequest, pk: int, t: int) -> HttpResponse:
    room, thread = _thread(request, pk, t)
    require(access.actions_for(request.user, room).can_post)
    form = PostForm(request.POST, request.FILES)
    if form.is_valid():
        with service_refusal(form) as refused:
            post = services.post_reply(
                actor=me(request),
                thread=thread,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        if not refused:
            messages.success(request, _("Dit svar er skrevet."))
            page = selectors.last_page_number(thread)
            return redirect(_thread_url(thread, page=page, anchor=f"indlaeg-{post.pk}"))
    return _thread_page(request, room, thread, form, status=400)


@login_required
def post_edit(request: HttpRequest, pk: int, p: int) -> HttpResponse:
    room, post = _post(request, pk, p)
    require(access.post_actions_for(request.user, room, post).can_edit)
    form = PostEditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.post_edit(actor=me(request), post=post, body=form.cleaned_data["body"])
        if not refused:
            messages.success(request, _("Dit indlæg er rettet."))
            return redirect(_thread_url(post.thread, anchor=f"indlaeg-{post.pk}"))
    status = 400 if request.method == "POST" else 200
    context = {"room": room, "tab": "forum", "thread": post.thread, "post": post, "form": form}
    return render(request, "rooms/forum/post_form.html", context, status=status)


@login_required
@require_POST
def post_delete(request: HttpRequest, pk: int, p: int) -> HttpResponse:
    room, post = _post(request, pk, p)
    require(access.post_actions_for(request.user, room, post).can_delete)
    with service_refusal(request) as refused:
        services.post_delete(actor=me(request), post=post)
    if not refused:
        messages.success(request, _("Dit indlæg er slettet."))
    return redirect(_thread_url(post.thread, anchor=f"indlaeg-{post.pk}"))


def _moderate(request: HttpRequest, pk: int, p: int, *, hide: bool) -> HttpResponse:
    room, post = _post(request, pk, p)
    require(access.post_actions_for(request.user, room, post).can_hide)
    with service_refusal(request) as refused:
        if hide:
            services.post_hide(actor=me(request), post=post)
        else:
            services.post_unhide(actor=me(request), post=post)
    if not refused:
        messages.success(request, _("Indlægget er skjult.") if hide else _("Indlægget vises igen."))
    return redirect(_thread_url(post.thread, anchor=f"indlaeg-{post.pk}"))


@login_required
@require_POST
def post_hide(request: HttpRequest, pk: int, p: int) -> HttpResponse:
    return _moderate(request, pk, p, hide=True)


@login_required
@require_POST
def post_unhide(request: HttpRequest, pk: int, p: int) -> HttpResponse:
    return _moderate(request, pk, p, hide=False)


def _lock(request: HttpRequest, pk: int, t: int, *, lock: bool) -> HttpResponse:
    room, thread = _thread(request, pk, t)
    require(access.actions_for(request.user, room).can_moderate)
    with service_refusal(request) as refused:
        if lock:
            services.thread_lock(actor=me(request), thread=thread)
        else:
            services.thread_unlock(actor=me(request), thread=thread)
    if not refused:
        messages.success(request, _("Tråden er låst.") if lock else _("Tråden er låst op igen."))
    return redirect(_thread_url(thread))


@login_required
@require_POST
def thread_lock(request: HttpRequest, pk: int, t: int) -> HttpResponse:
    return _lock(request, pk, t, lock=True)


@login_required
@require_POST
def thread_unlock(request: HttpRequest, pk: int, t: int) -> HttpResponse:
    return _lock(request, pk, t, lock=False)


@login_required
def attachment_download(request: HttpRequest, pk: int, a: int) -> FileResponse:
    """The file, only for the room's members; always a download, never sniffed. A hidden
    post's files are the owners' only, like its text."""
    room = access.get_room_for(request.user, pk)
    attachment = access.get_attachment_for(request.user, room, a)
    post = attachment.post
    post.thread.room = room
    require(post.hidden_at is None or access.post_actions_for(request.user, room, post).can_hide)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.original_name or f"fil-{attachment.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("<int:pk>/debat/", forum, name="forum"),
    path("<int:pk>/debat/ny/", thread_create, name="thread_create"),
    path("<int:pk>/debat/<int:t>/", thread, name="thread"),
    path("<int:pk>/debat/<int:t>/svar/", post_reply, name="post_reply"),
    path("<int:pk>/debat/<int:t>/laas/", thread_lock, name="thread_lock"),
    path("<int:pk>/debat/<int:t>/laas-op/", thread_unlock, name="thread_unlock"),
    path("<int:pk>/debat/indlaeg/<int:p>/ret/", post_edit, name="post_edit"),
    path("<int:pk>/debat/indlaeg/<int:p>/slet/", post_delete, name="post_delete"),
    path("<int:pk>/debat/indlaeg/<int:p>/skjul/", post_hide, name="post_hide"),
    path("<int:pk>/debat/indlaeg/<int:p>/vis/", post_unhide, name="post_unhide"),
    path("<int:pk>/debat/fil/<int:a>/", attachment_download, name="attachment_download"),
]
