"""The room's forum: threads and replies, sanitised text, attachments, editing, deleting, hiding,
locking, unread markers, 404 for anyone outside the room, and fixed query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisations.models import User
from rooms.models import ActivityVerb, Post, PostAttachment, RoomActivity, Thread
from rooms.services import forum as services
from tests.rooms.forum_fixtures import Forum, client_for, forum_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _pdf(name: str = "referat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _thread(forum: Forum, body: str = "Hvordan kommer vi i gang?") -> Thread:
    return services.thread_create(
        actor=forum.member, room=forum.room, title="Driften med fra start", body=body
    )


def _url(name: str, forum: Forum, **kwargs: int) -> str:
    return reverse(f"rooms:{name}", kwargs={"pk": forum.room.pk, **kwargs})


# --- Creating and replying ------------------------------------------------------------------


def test_a_member_starts_a_thread_with_an_attachment(forum: Forum) -> None:
    response = client_for(forum.member).post(
        _url("thread_create", forum),
        {"title": "Driften med fra start", "body": "Første afsnit\n\nAndet", "attachments": _pdf()},
    )
    thread = Thread.objects.get(room=forum.room)
    assert response.status_code == 302
    assert response["Location"] == _url("thread", forum, t=thread.pk)
    post = thread.posts.get()
    assert post.body == "<p>Første afsnit</p><p>Andet</p>"
    assert thread.post_count == 1 and thread.last_post_at == post.created_at
    attachment = post.attachments.get()
    assert (
        attachment.original_name == "referat.pdf" and attachment.content_type == "application/pdf"
    )
    assert RoomActivity.objects.filter(room=forum.room, verb=ActivityVerb.THREAD).exists()


def test_a_guest_replies_and_the_thread_keeps_count(forum: Forum) -> None:
    thread = _thread(forum)
    response = client_for(forum.guest).post(
        _url("post_reply", forum, t=thread.pk), {"body": "Vi har gode erfaringer med det."}
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    newest = thread.posts.order_by("-pk").first()
    assert newest is not None and newest.author == forum.guest
    assert thread.post_count == 2 and thread.last_post_at == newest.created_at
    page = client_for(forum.owner).get(_url("thread", forum, t=thread.pk)).content.decode()
    assert "Vi har gode erfaringer med det." in page and "Skriv et svar" in page


@pytest.mark.parametrize(
    "body", ["   \n\t ", "<p> </p>", "<p>&nbsp;</p><br>", "<script>x</script>"]
)
def test_an_empty_post_is_refused_beside_the_field_with_the_input_kept(
    forum: Forum, body: str
) -> None:
    response = client_for(forum.member).post(
        _url("thread_create", forum), {"title": "Min overskrift", "body": body}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["body"] == ["Skriv et indlæg. Det må ikke være tomt."]
    assert 'value="Min overskrift"' in response.content.decode()
    assert not Thread.objects.exists()


def test_an_empty_reply_is_refused_and_nothing_is_saved(forum: Forum) -> None:
    thread = _thread(forum)
    response = client_for(forum.colleague).post(
        _url("post_reply", forum, t=thread.pk), {"body": "<p> </p>"}
    )
    assert response.status_code == 400
    assert "Skriv et indlæg. Det må ikke være tomt." in response.content.decode()
    thread.refresh_from_db()
    assert thread.post_count == 1 and thread.posts.count() == 1


def test_the_service_refuses_an_empty_post_too(forum: Forum) -> None:
    thread = _thread(forum)
    with pytest.raises(ValidationError) as refused:
        services.post_reply(actor=forum.colleague, thread=thread, body="<p>\u00a0</p>")
    assert refused.value.message_dict == {"body": ["Skriv et indlæg. Det må ikke være tomt."]}


def test_sanitising_strips_scripts_event_handlers_and_javascript_links(forum: Forum) -> None:
    thread = _thread(
        forum,
        body=(
            '<script>alert("x")</script><p onclick="steal()">Se <a href="javascript:alert(1)">'
            'her</a> og <a href="https://almennet.dk" target="_blank">AlmenNet</a>'
            '<img src=x onerror="steal()"><iframe src="https://evil.example"></iframe></p>'
        ),
    )
    body = thread.posts.get().body
    assert "script" not in body and "alert" not in body
    assert "onclick" not in body and "onerror" not in body and "<img" not in body
    assert "javascript:" not in body and "iframe" not in body and "target" not in body
    assert '<a href="https://almennet.dk" rel="nofollow noopener">AlmenNet</a>' in body
    assert body.startswith('<p>Se <a rel="nofollow noopener">her</a>')


def test_plain_text_with_markup_characters_is_escaped(forum: Forum) -> None:
    thread = _thread(forum, body="Husleje < 5.000 kr. & varme > 0\nNy linje")
    assert thread.posts.get().body == "<p>Husleje &lt; 5.000 kr. &amp; varme &gt; 0<br>Ny linje</p>"


# --- Attachments ------------------------------------------------------------------------------


def test_an_attachment_whose_content_is_not_its_name_is_refused_with_the_text_kept(
    forum: Forum,
) -> None:
    fake = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = client_for(forum.member).post(
        _url("thread_create", forum),
        {"title": "Budget", "body": "Se vedhæftede", "attachments": fake},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["attachments"]
    assert errors and errors[0].startswith("budget.pdf: ")
    assert "Se vedhæftede" in response.content.decode()
    assert not Thread.objects.exists() and not PostAttachment.objects.exists()


def test_more_than_three_attachments_are_refused(forum: Forum) -> None:
    files = [_pdf(f"bilag{i}.pdf") for i in range(4)]
    response = client_for(forum.member).post(
        _url("thread_create", forum), {"title": "Bilag", "body": "Fire bilag", "attachments": files}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == ["Du kan højst vedhæfte 3 filer."]
    with pytest.raises(ValidationError):
        services.thread_create(
            actor=forum.member, room=forum.room, title="Bilag", body="x", files=files
        )
    assert not Thread.objects.exists()


def test_an_attachment_is_downloaded_by_members_only(forum: Forum) -> None:
    thread = services.thread_create(
        actor=forum.member, room=forum.room, title="Bilag", body="Se bilag", files=[_pdf()]
    )
    attachment = thread.posts.get().attachments.get()
    url = _url("attachment_download", forum, a=attachment.pk)
    response = client_for(forum.guest).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'attachment; filename="referat.pdf"' in response["Content-Disposition"]
    assert client_for(forum.outsider).get(url).status_code == 404
    other = reverse(
        "rooms:attachment_download", kwargs={"pk": forum.other_room.pk, "a": attachment.pk}
    )
    assert client_for(forum.outsider).get(other).status_code == 404


# --- Editing, deleting, hiding, locking -------------------------------------------------------


def test_the_author_edits_and_others_cannot(forum: Forum) -> None:
    post = _thread(forum).posts.get()
    url = _url("post_edit", forum, p=post.pk)
    assert client_for(forum.colleague).get(url).status_code == 403
    assert client_for(forum.owner).post(url, {"body": "Overtaget"}).status_code == 403
    response = client_for(forum.member).post(url, {"body": "Rettet tekst"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "<p>Rettet tekst</p>" and post.edited_at is not None
    refused = client_for(forum.member).post(url, {"body": "  "})
    assert refused.status_code == 400
    post.refresh_from_db()
    assert post.body == "<p>Rettet tekst</p>"


def test_the_author_deletes_softly_and_the_text_and_files_go(forum: Forum) -> None:
    thread = services.thread_create(
        actor=forum.member, room=forum.room, title="Bilag", body="Hemmelig tekst", files=[_pdf()]
    )
    post = thread.posts.get()
    attachment = post.attachments.get()
    assert (
        client_for(forum.colleague).post(_url("post_delete", forum, p=post.pk)).status_code == 403
    )
    response = client_for(forum.member).post(_url("post_delete", forum, p=post.pk))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.deleted_at is not None and post.body == ""
    assert not PostAttachment.objects.exists()
    page = client_for(forum.owner).get(_url("thread", forum, t=thread.pk)).content.decode()
    assert "Slettet" in page and "Hemmelig tekst" not in page
    download = _url("attachment_download", forum, a=attachment.pk)
    assert client_for(forum.member).get(download).status_code == 404


def test_an_owner_hides_a_post_members_see_a_note_owners_the_text(forum: Forum) -> None:
    thread = _thread(forum, body="Ufin bemærkning")
    post = thread.posts.get()
    assert client_for(forum.member).post(_url("post_hide", forum, p=post.pk)).status_code == 403
    assert client_for(forum.owner).post(_url("post_hide", forum, p=post.pk)).status_code == 302
    post.refresh_from_db()
    assert post.hidden_at is not None and post.hidden_by == forum.owner
    member_page = client_for(forum.colleague).get(_url("thread", forum, t=thread.pk))
    assert "Skjult af en ejer" in member_page.content.decode()
    assert "Ufin bemærkning" not in member_page.content.decode()
    owner_page = client_for(forum.owner).get(_url("thread", forum, t=thread.pk)).content.decode()
    assert "Ufin bemærkning" in owner_page and "Vis igen" in owner_page
    assert client_for(forum.owner).post(_url("post_unhide", forum, p=post.pk)).status_code == 302
    post.refresh_from_db()
    assert post.hidden_at is None
    assert (
        "Ufin bemærkning"
        in client_for(forum.colleague).get(_url("thread", forum, t=thread.pk)).content.decode()
    )


def test_an_owner_locks_a_thread_and_nobody_replies_or_edits(forum: Forum) -> None:
    thread = _thread(forum)
    post = thread.posts.get()
    assert client_for(forum.member).post(_url("thread_lock", forum, t=thread.pk)).status_code == 403
    assert client_for(forum.owner).post(_url("thread_lock", forum, t=thread.pk)).status_code == 302
    thread.refresh_from_db()
    assert thread.locked_at is not None and thread.locked_by == forum.owner
    page = client_for(forum.member).get(_url("thread", forum, t=thread.pk)).content.decode()
    assert "Tråden er låst. Der kan ikke skrives nye svar." in page and "Send svar" not in page
    reply = client_for(forum.member).post(_url("post_reply", forum, t=thread.pk), {"body": "Hej"})
    assert reply.status_code == 400
    assert "Tråden er låst. Der kan ikke skrives i den." in reply.content.decode()
    assert client_for(forum.member).get(_url("post_edit", forum, p=post.pk)).status_code == 403
    forum_page = client_for(forum.member).get(_url("forum", forum)).content.decode()
    assert "Låst" in forum_page
    assert (
        client_for(forum.owner).post(_url("thread_unlock", forum, t=thread.pk)).status_code == 302
    )
    thread.refresh_from_db()
    assert thread.locked_at is None
    assert (
        client_for(forum.member)
        .post(_url("post_reply", forum, t=thread.pk), {"body": "Hej"})
        .status_code
        == 302
    )


# --- Unread markers ---------------------------------------------------------------------------


def _unread(client: Client, forum: Forum) -> bool:
    response = client.get(_url("forum", forum))
    return bool(response.context["threads"][0].unread)


def test_the_unread_marker_appears_and_clears(forum: Forum) -> None:
    thread = _thread(forum)
    reader = client_for(forum.colleague)
    assert _unread(reader, forum)
    assert not _unread(client_for(forum.member), forum)  # one's own post is read
    reader.get(_url("thread", forum, t=thread.pk))
    assert not _unread(reader, forum)
    services.post_reply(actor=forum.owner, thread=thread, body="Et nyt svar")
    assert _unread(reader, forum)
    page = reader.get(_url("thread", forum, t=thread.pk)).content.decode()
    assert page.count('badge text-bg-primary">Nyt<') == 1  # the new reply, not the old post
    assert not _unread(reader, forum)


# --- Who sees what ----------------------------------------------------------------------------


def test_every_route_answers_404_outside_the_room(forum: Forum) -> None:
    thread = services.thread_create(
        actor=forum.member, room=forum.room, title="Bilag", body="Se bilag", files=[_pdf()]
    )
    post = thread.posts.get()
    attachment = post.attachments.get()
    outsider = client_for(forum.outsider)
    gets = [
        _url("forum", forum),
        _url("thread_create", forum),
        _url("thread", forum, t=thread.pk),
        _url("post_edit", forum, p=post.pk),
        _url("attachment_download", forum, a=attachment.pk),
    ]
    posts = [
        _url("thread_create", forum),
        _url("post_reply", forum, t=thread.pk),
        _url("thread_lock", forum, t=thread.pk),
        _url("thread_unlock", forum, t=thread.pk),
        _url("post_edit", forum, p=post.pk),
        _url("post_delete", forum, p=post.pk),
        _url("post_hide", forum, p=post.pk),
        _url("post_unhide", forum, p=post.pk),
    ]
    for url in gets:
        assert outsider.get(url).status_code == 404, url
    for url in posts:
        assert outsider.post(url, {"title": "x", "body": "x"}).status_code == 404, url
    post.refresh_from_db()
    assert post.body == "<p>Se bilag</p>" and post.hidden_at is None


def test_ids_from_another_room_answer_404(forum: Forum) -> None:
    theirs = services.thread_create(
        actor=forum.outsider, room=forum.other_room, title="Deres", body="Deres", files=[_pdf()]
    )
    post = theirs.posts.get()
    attachment = post.attachments.get()
    owner = client_for(forum.owner)  # an owner of our room, not of theirs
    for name, kwargs in [
        ("thread", {"t": theirs.pk}),
        ("post_edit", {"p": post.pk}),
        ("attachment_download", {"a": attachment.pk}),
    ]:
        assert owner.get(_url(name, forum, **kwargs)).status_code == 404, name
    for name, kwargs in [
        ("post_reply", {"t": theirs.pk}),
        ("thread_lock", {"t": theirs.pk}),
        ("post_hide", {"p": post.pk}),
        ("post_delete", {"p": post.pk}),
    ]:
        assert owner.post(_url(name, forum, **kwargs), {"body": "x"}).status_code == 404, name
    theirs.refresh_from_db()
    assert theirs.post_count == 1 and theirs.locked_at is None


# --- Query counts -----------------------------------------------------------------------------


def _threads(forum: Forum, count: int) -> None:
    now = timezone.now()
    Thread.objects.bulk_create(
        Thread(
            room=forum.room,
            title=f"Tråd {i}",
            created_by=forum.member,
            post_count=1,
            last_post_at=now - timedelta(minutes=i),
        )
        for i in range(count)
    )


def _queries(user: User, url: str) -> int:
    client = client_for(user)
    client.get(url)  # the first visit creates the read marker; count a later one
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_thread_list_runs_the_same_queries_for_10_and_1000_threads(forum: Forum) -> None:
    _threads(forum, 10)
    small = _queries(forum.colleague, _url("forum", forum))
    _threads(forum, 990)
    assert _queries(forum.colleague, _url("forum", forum)) == small


def _posts(forum: Forum, thread: Thread, count: int) -> None:
    authors = [forum.member, forum.colleague, forum.guest, forum.owner]
    Post.objects.bulk_create(
        Post(thread=thread, author=authors[i % 4], body=f"<p>Svar {i}</p>") for i in range(count)
    )
    for post in Post.objects.filter(thread=thread).order_by("pk")[:3]:
        post.attachments.create(original_name="a.pdf", size=1, content_type="application/pdf")
    Thread.objects.filter(pk=thread.pk).update(
        post_count=Post.objects.filter(thread=thread).count(), last_post_at=timezone.now()
    )


def test_the_thread_page_runs_the_same_queries_for_10_and_1000_posts(forum: Forum) -> None:
    thread = _thread(forum)
    _posts(forum, thread, 9)
    url = _url("thread", forum, t=thread.pk)
    small = _queries(forum.owner, url)
    _posts(forum, thread, 990)
    assert _queries(forum.owner, url) == small
    page = client_for(forum.owner).get(url)
    assert len(page.context["rows"]) == 50


# --- Demo -------------------------------------------------------------------------------------


def test_the_demo_threads_are_made_once(forum: Forum) -> None:
    from types import SimpleNamespace

    from rooms.demo import forum as demo

    people = {
        "maria": forum.owner,
        "peter": forum.member,
        "anna": forum.colleague,
        "sara": forum.guest,
        "bente": forum.outsider,
        "henrik": forum.outsider,
        "amina": forum.owner,
        "birthe": forum.member,
    }
    rooms = SimpleNamespace(network=forum.room, erfa=forum.other_room, people=people)
    demo.seed(rooms)
    demo.seed(rooms)
    network = Thread.objects.get(room=forum.room)
    assert network.title == "Hvordan får vi driften med fra start?"
    assert network.post_count == 5 and network.posts.count() == 5
    assert len({post.author_id for post in network.posts.all()}) == 5
    newest = network.posts.order_by("-created_at").first()
    assert newest is not None and network.last_post_at == newest.created_at
    erfa = Thread.objects.get(room=forum.other_room)
    assert erfa.post_count == 3
