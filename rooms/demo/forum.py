"""Demo forum: in the network room's development project a thread on getting the operations
staff (driften) involved from the start, with four replies from members of four organisations;
in the ERFA group at Fjordparken one thread with two replies.

Idempotent: a thread is found by its room and title before it is made, and a thread that exists
is left as it is. The rows are written directly (not through the services), so seeding sends no
e-mails to the demo people; the thread's count and latest post are set as the service would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from django.urls import reverse
from django.utils import timezone

from organisations.models import User
from rooms import richtext
from rooms.models import ActivityVerb, Post, Room, Thread, ThreadRead
from rooms.services.activity import activity_record


class DemoRooms(Protocol):
    """What ``rooms.demo.DemoRooms`` (H1) gives every part's ``seed``."""

    network: Room
    erfa: Room
    people: dict[str, User]


@dataclass(frozen=True)
class DemoPost:
    author: str  # first name, lower case
    hours_ago: int
    text: str


NETWORK_TITLE = "Hvordan får vi driften med fra start?"
NETWORK_POSTS = (
    DemoPost(
        "peter",
        30 * 24,
        "I vores sidste helhedsplan kom driften først med, da byggeriet var færdigt. "
        "Ejendomsfunktionærerne kendte hverken de nye installationer eller beboernes "
        "forventninger.\n\nHvordan har I fået driften med fra starten af et projekt?",
    ),
    DemoPost(
        "anna",
        29 * 24,
        "Hos os sidder driftschefen med i byggeudvalget fra programfasen. Det har givet færre "
        "fejl ved afleveringen, fordi driften selv har peget på det, der er svært at vedligeholde.",
    ),
    DemoPost(
        "bente",
        28 * 24,
        "Vi har god erfaring med at lade ejendomsfunktionærerne gå med på byggepladsen en gang "
        "om måneden. De lærer installationerne at kende, mens de bliver bygget.",
    ),
    DemoPost(
        "sara",
        27 * 24,
        "Husk også udlejningen: de skal kunne fortælle kommende beboere, hvad der er nyt. "
        "Hos os holder driften og udlejningen et fælles møde, før de første flytter ind.",
    ),
    DemoPost(
        "maria",
        26 * 24,
        "Tak for de gode eksempler. Jeg samler dem til næste statusmøde, så vi kan skrive "
        "dem ind i projektets anbefalinger.",
    ),
)

ERFA_TITLE = "Affaldssortering i opgangene – hvad virker?"
ERFA_POSTS = (
    DemoPost(
        "henrik",
        10 * 24,
        "Efter mødet: vi har stadig storskrald i opgangene i blok C. Hvad har I prøvet i "
        "jeres afdelinger?",
    ),
    DemoPost(
        "amina",
        9 * 24,
        "Beboerne i blok A fik en fast afhentningsdag og en seddel på dansk, arabisk og "
        "somali. Det hjalp mere end påbud.",
    ),
    DemoPost(
        "birthe",
        8 * 24,
        "Vi kan lægge sedlen i velkomstmappen til nye beboere, så udlejningen tager den med "
        "fra første dag.",
    ),
)


def seed(rooms: DemoRooms) -> None:
    _thread(rooms.network, NETWORK_TITLE, NETWORK_POSTS, rooms.people)
    _thread(rooms.erfa, ERFA_TITLE, ERFA_POSTS, rooms.people)


def _thread(room: Room, title: str, posts: tuple[DemoPost, ...], people: dict[str, User]) -> None:
    if Thread.objects.filter(room=room, title=title).exists():
        return
    written = [(people[post.author], post) for post in posts if post.author in people]
    if not written:
        return
    now = timezone.now()
    first_author, first = written[0]
    thread = Thread.objects.create(room=room, title=title, created_by=first_author)
    rows = []
    for author, post in written:
        row = Post.objects.create(thread=thread, author=author, body=richtext.sanitise(post.text))
        at = now - timedelta(hours=post.hours_ago)
        Post.objects.filter(pk=row.pk).update(created_at=at)
        rows.append((author, at))
    last_at = rows[-1][1]
    Thread.objects.filter(pk=thread.pk).update(
        created_at=now - timedelta(hours=first.hours_ago),
        post_count=len(rows),
        last_post_at=last_at,
    )
    # Each writer has read the thread up to their own post.
    for author, at in rows:
        ThreadRead.objects.update_or_create(thread=thread, user=author, defaults={"read_until": at})
    path = reverse("rooms:thread", kwargs={"pk": room.pk, "t": thread.pk})
    activity_record(
        room=room, actor=first_author, verb=ActivityVerb.THREAD, subject=title, path=path
    )
