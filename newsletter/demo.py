"""Demo data of the newsletter: four topics, about forty confirmed subscribers, two sent
issues built from the other demos' news, events and lessons (an item whose demo is missing is
left out), and one draft.

Idempotent: topics are found by slug, subscribers by e-mail, issues by subject. The sent issues
get their Delivery rows marked sent directly: the demo e-mails nobody.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import resolve_model_string

from events.models import EventPage
from newsletter.models import (
    Delivery,
    DeliveryState,
    Issue,
    IssueStatus,
    Subscriber,
    SubscriberStatus,
    Topic,
)
from onsite.models import Lesson

TOPICS = (
    ("kurser", "Kurser og uddannelse", "Nye kurser og hold på AlmenVejledningerne."),
    ("byggeri", "Byggeri og renovering", "Erfaringer fra byggepladsen og helhedsplaner."),
    ("drift", "Drift og samdrift", "Drift, samdrift og forankring i afdelingerne."),
    ("netvaerk", "Netværk og arrangementer", "Temadage, workshops og netværksmøder."),
)
FIRST_NAMES = ("Anne", "Bo", "Camilla", "Dorte", "Erik", "Frederik", "Gitte", "Henrik")
LAST_NAMES = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Larsen")
CONSENT = (
    "Ja tak, AlmenLæring må sende mig nyhedsbrevet om de valgte emner på e-mail. Jeg kan til "
    "enhver tid afmelde mig med linket nederst i hvert nyhedsbrev."
)
SUBSCRIBERS = 40

SENT_ISSUES = (
    (
        "Nyhedsbrev: Nye kurser og erfaringer fra byggepladsen",
        "<p>Her er det nyeste fra AlmenLæring: nyheder fra netværket, kommende arrangementer "
        "og erfaringer, som boligorganisationerne har delt fra deres byggesager.</p>",
        60,
    ),
    (
        "Nyhedsbrev: Samdrift, forankring og temadage",
        "<p>Denne gang om samdrift mellem afdelinger, om at forankre helhedsplanen i driften "
        "og om netværkets næste temadage.</p>",
        20,
    ),
)
DRAFT = (
    "Nyhedsbrev: Kladde til næste udgave",
    "<p>Kladde: skriv indledningen og vælg nyheder, arrangementer og erfaringer.</p>",
)


def _topics() -> list[Topic]:
    found = []
    for order, (slug, name, description) in enumerate(TOPICS):
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            topic = Topic.objects.create(slug=slug, name=name, description=description, order=order)
        found.append(topic)
    return found


def _subscribers(topics: list[Topic]) -> list[Subscriber]:
    now = timezone.now()
    found = []
    for n in range(SUBSCRIBERS):
        first = FIRST_NAMES[n % len(FIRST_NAMES)]
        last = LAST_NAMES[n % len(LAST_NAMES)]
        email = f"abonnent{n + 1:02d}@example.invalid"
        subscriber = Subscriber.objects.filter(email=email).first()
        if subscriber is None:
            subscriber = Subscriber.objects.create(
                email=email,
                name=f"{first} {last}",
                status=SubscriberStatus.CONFIRMED,
                confirmed_at=now - timedelta(days=90 - n),
                consent_text=CONSENT,
            )
            # Most choose one or two topics; every fifth chooses none, i.e. everything.
            if n % 5:
                subscriber.topics.set([topics[n % 4], topics[(n // 4) % 4]])
        found.append(subscriber)
    return found


def _items(offset: int) -> list[tuple[str, Any]]:
    """Two news, one event and one lesson from the other demos; missing kinds are left out."""
    news_model: Any = resolve_model_string(settings.NEWSLETTER_NEWS_PAGE_TYPE)
    news = list(
        news_model.objects.live().order_by("-first_published_at", "pk")[offset : offset + 2]
    )
    events = list(EventPage.objects.live().order_by("pk")[offset : offset + 1])
    lessons = list(Lesson.objects.published().order_by("pk")[offset : offset + 1])
    items: list[tuple[str, Any]] = [("news", page) for page in news]
    items += [("event", page) for page in events]
    items += [("lesson", lesson) for lesson in lessons]
    return items


def _issue(subject: str, intro: str, items: list[tuple[str, Any]]) -> tuple[Issue, bool]:
    issue = Issue.objects.filter(subject=subject).first()
    if issue is not None:
        return issue, False
    issue = Issue(subject=subject, intro=intro)
    issue.items = items  # a StreamField accepts (block type, value) pairs
    issue.save()
    return issue, True


@transaction.atomic
def seed() -> list[Issue]:
    topics = _topics()
    subscribers = _subscribers(topics)
    issues = []
    for offset, (subject, intro, days_ago) in enumerate(SENT_ISSUES):
        issue, created = _issue(subject, intro, _items(offset))
        if created:
            sent_at = timezone.now() - timedelta(days=days_ago)
            Delivery.objects.bulk_create(
                [
                    Delivery(issue=issue, subscriber=s, state=DeliveryState.SENT, sent_at=sent_at)
                    for s in subscribers
                ],
                ignore_conflicts=True,
            )
            issue.status = IssueStatus.SENT
            issue.sent_at = sent_at
            issue.recipient_count = len(subscribers)
            issue.save(update_fields=["status", "sent_at", "recipient_count"])
        issues.append(issue)
    draft, _created = _issue(*DRAFT, [])
    issues.append(draft)
    return issues
