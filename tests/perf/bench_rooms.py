"""Benchmark: the project web (one big projektrum), the events index and the newsletter archive.

Not part of `make test` (it measures; tests/rooms, tests/events and tests/newsletter assert that
each of these lists runs the same queries at 10 and 1,000 rows). Run it against a database of
its own:

    .venv/bin/python -m tests.perf.bench_rooms --repeat 10

    createdb -h 127.0.0.1 -U postgres almen_bench_rooms
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_bench_rooms \\
        .venv/bin/python -m tests.perf.bench_rooms --repeat 10

Without DATABASE_URL it uses a throw-away SQLite file in /tmp; a PostgreSQL database must be
empty (drop and create it again before a second run). The demo people are installed and
peter@fjordbo.example creates one room through ``room_create``; then, by bulk inserts (a thousand
service calls each would take minutes and measure the services, not the pages), the room gets
``--rows`` members, activity lines, documents (one version each, all pointing at one stored
file), posts in one thread, meetings (half past, half coming) and votes (peter voted in every
other one). The events index gets ``--events`` published events through Wagtail's ``add_child``
(about 0.1 s each, so 300 rather than 1,000 by default), the newsletter ``--rows`` sent issues.
Each page is requested ``--repeat`` times through Django's test client after one warm-up; the
median and 95th percentile are printed with the query count. Peter has TOTP in the demo, so
``force_login`` passes the two-factor gate as it would after his code.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import timedelta
from typing import Any

from tests.perf.bench_pages import measure

SQLITE_PATH = "/tmp/almen_bench_rooms.sqlite3"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    if not os.environ.get("DATABASE_URL"):
        if os.path.exists(SQLITE_PATH):
            os.remove(SQLITE_PATH)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    import django

    django.setup()


def _members(room: Any, organisation: Any, rows: int) -> None:
    from organisations.models import Membership, User
    from rooms.models import RoomMember

    users = User.objects.bulk_create(
        User(email=f"rum{i}@bench.example", first_name=f"Deltager {i}", last_name="Bench")
        for i in range(rows)
    )
    Membership.objects.bulk_create(Membership(user=u, organisation=organisation) for u in users)
    RoomMember.objects.bulk_create(
        RoomMember(room=room, user=u, show_email=i % 2 == 0, function="Beboerrepræsentant")
        for i, u in enumerate(users)
    )


def _activity(room: Any, actor: Any, rows: int) -> None:
    from rooms.models import ActivityVerb, RoomActivity

    RoomActivity.objects.bulk_create(
        RoomActivity(room=room, actor=actor, verb=ActivityVerb.POST, subject=f"Tråd {i}", path="")
        for i in range(rows)
    )


def _documents(room: Any, actor: Any, rows: int) -> None:
    from django.core.files.base import ContentFile

    from core.storage import private_storage
    from rooms.models import Document, DocumentVersion, Folder

    # One stored file shared by every version: the list reads the rows, never the files.
    name = private_storage().save(f"rooms/{room.pk}/bench.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    folder = Folder.objects.create(room=room, name="Referater")
    documents = Document.objects.bulk_create(
        Document(
            room=room,
            folder=folder if i % 2 else None,
            title=f"Dokument {i}",
            version_count=1,
            created_by=actor,
        )
        for i in range(rows)
    )
    DocumentVersion.objects.bulk_create(
        DocumentVersion(
            document=document,
            number=1,
            file=name,
            original_name=f"dokument-{document.pk}.pdf",
            size=15,
            content_type="application/pdf",
            uploaded_by=actor,
        )
        for document in documents
    )


def _thread(room: Any, actor: Any, rows: int) -> Any:
    from django.utils import timezone

    from rooms.models import Post, Thread
    from rooms.services.forum import thread_create

    thread = thread_create(
        actor=actor, room=room, title="Helhedsplanen", body="<p>Hvad mener I om planen?</p>"
    )
    Post.objects.bulk_create(
        Post(thread=thread, author=actor, body=f"<p>Svar {i}</p>") for i in range(rows)
    )
    Thread.objects.filter(pk=thread.pk).update(
        post_count=Post.objects.filter(thread=thread).count(), last_post_at=timezone.now()
    )
    thread.refresh_from_db()
    return thread


def _meetings(room: Any, rows: int) -> None:
    from django.utils import timezone

    from rooms.models import Meeting

    start = timezone.now() - timedelta(days=rows // 2)
    Meeting.objects.bulk_create(
        Meeting(
            room=room,
            title=f"Møde {i}",
            starts_at=start + timedelta(days=i),
            ends_at=start + timedelta(days=i, hours=1),
            place="Fælleshuset",
        )
        for i in range(rows)
    )


def _votes(room: Any, actor: Any, rows: int) -> None:
    from django.utils import timezone

    from rooms.models import Ballot, Vote, VoteOption, VoteParticipation
    from rooms.services.votes import receipt

    now = timezone.now()
    votes = Vote.objects.bulk_create(
        Vote(
            room=room,
            question=f"Spørgsmål {i}",
            deadline=now + timedelta(days=1 if i % 2 else -1),
            live_results=i % 3 == 0,
            created_by=actor,
        )
        for i in range(rows)
    )
    options = VoteOption.objects.bulk_create(
        VoteOption(vote=vote, label=label, position=p)
        for vote in votes
        for p, label in enumerate(("Ja", "Nej"))
    )
    voted = votes[::2]
    ballots = Ballot.objects.bulk_create(
        Ballot(vote=vote, receipt=receipt(vote, actor), voter=actor, cast_at=now) for vote in voted
    )
    first_option = {option.vote_id: option.pk for option in options if option.position == 0}
    Ballot.options.through.objects.bulk_create(
        Ballot.options.through(ballot_id=ballot.pk, voteoption_id=first_option[ballot.vote_id])
        for ballot in ballots
    )
    VoteParticipation.objects.bulk_create(VoteParticipation(vote=v, user=actor) for v in voted)


def _events(home: Any, count: int) -> Any:
    from django.utils import timezone

    from events.models import EventIndexPage, EventPage

    index = EventIndexPage(title="Arrangementer", slug="arrangementer", intro="Temadage.")
    home.add_child(instance=index)
    now = timezone.now()
    for i in range(count):
        starts = now + timedelta(days=(-30 - i if i % 3 == 0 else 5 + i % 300), minutes=i)
        index.add_child(
            instance=EventPage(
                title=f"Arrangement {i}",
                slug=f"arrangement-{i}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                place="Fjordbo",
                capacity=30,
                live=True,
            )
        )
    return index


def _issues(rows: int) -> None:
    from django.utils import timezone

    from newsletter.models import Issue, IssueStatus

    now = timezone.now()
    Issue.objects.bulk_create(
        Issue(
            subject=f"Udgave {i}",
            intro="<p>Nyt fra netværket.</p>",
            status=IssueStatus.SENT,
            sent_at=now - timedelta(days=i),
            recipient_count=500,
        )
        for i in range(rows)
    )


def build(rows: int, events: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from cms.services import site_setup_demo
    from organisations import demo
    from organisations.models import Organisation, User
    from rooms.models import RoomKind
    from rooms.services.rooms import room_create

    call_command("migrate", verbosity=0)
    demo.seed()
    home = site_setup_demo()
    fjordbo = Organisation.objects.get(name="Boligselskabet Fjordbo")
    peter = User.objects.get(email="peter@fjordbo.example")
    room = room_create(
        actor=peter,
        title="Helhedsplan Fjordparken",
        kind=RoomKind.DEVELOPMENT,
        description="Projektrum for helhedsplanen.",
        organisation=fjordbo,
    )
    _members(room, fjordbo, rows)
    _activity(room, peter, rows)
    _documents(room, peter, rows)
    thread = _thread(room, peter, rows)
    _meetings(room, rows)
    _votes(room, peter, rows)
    index = _events(home, events)
    _issues(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"room": room, "thread": thread, "index": index, "peter": peter}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    setup_django()
    from django.test import Client
    from django.urls import reverse
    from wagtail.models import Site

    from rooms.selectors_forum import POSTS_PER_PAGE

    started = time.perf_counter()
    data = build(args.rows, args.events)
    print(
        f"Built one room with {args.rows} members, activity lines, documents, posts, meetings "
        f"and votes, {args.events} events and {args.rows} issues in "
        f"{time.perf_counter() - started:.0f} s on {os.environ['DATABASE_URL'].split(':')[0]}"
    )
    room, thread = data["room"], data["thread"]
    peter, visitor = Client(), Client()
    peter.force_login(data["peter"])

    def url(name: str, **kwargs: int) -> str:
        return reverse(f"rooms:{name}", kwargs={"pk": room.pk, **kwargs})

    last = -(-thread.post_count // POSTS_PER_PAGE)
    index_url = data["index"].relative_url(Site.objects.get(is_default_site=True))
    pages = [
        ("room page", peter, url("detail")),
        ("participant register", peter, url("members")),
        ("document list", peter, url("documents")),
        ("thread, first page", peter, url("thread", t=thread.pk)),
        (f"thread, last page ({last})", peter, url("thread", t=thread.pk) + f"?page={last}"),
        ("meetings list", peter, url("meetings")),
        ("votes list", peter, url("votes")),
        ("forum list", peter, url("forum")),
        ("events index (anonymous)", visitor, index_url),
        ("newsletter archive (anonymous)", visitor, reverse("newsletter:archive")),
    ]
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, client, path in pages:
        median, p95, queries = measure(client, path, args.repeat)
        print(f"{label:40} {median:10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
