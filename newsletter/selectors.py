"""Reads of the newsletter: the topics of the sign-up form and an issue's delivery state."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet

from newsletter.models import (
    Delivery,
    DeliveryState,
    Issue,
    Subscriber,
    SubscriberStatus,
    Topic,
)


def topics() -> QuerySet[Topic]:
    return Topic.objects.order_by("order", "name")


def topic_ids_of(subscriber: Subscriber) -> list[int]:
    return list(subscriber.topics.values_list("pk", flat=True))


def delivery_counts(issue: Issue) -> dict[str, int]:
    """How many deliveries of the issue are in each state (every state present, 0 if none)."""
    counts = dict.fromkeys(DeliveryState.values, 0)
    rows = (
        Delivery.objects.filter(issue=issue).order_by().values_list("state").annotate(n=Count("pk"))
    )
    for state, n in rows:
        counts[state] = n
    return counts


def deliveries_of(issue: Issue, state: str = "") -> QuerySet[Delivery]:
    rows = Delivery.objects.filter(issue=issue).select_related("subscriber").order_by("pk")
    if state in DeliveryState.values:
        rows = rows.filter(state=state)
    return rows


def recipients_of(issue: Issue) -> QuerySet[Subscriber]:
    """Confirmed subscribers of the issue's topics (of any topic or none, when it has none)."""
    confirmed = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED)
    topic_ids = list(issue.topics.values_list("pk", flat=True))
    if not topic_ids:
        return confirmed
    # EXISTS rather than a join: a subscriber of two of the topics is one recipient.
    chosen = Subscriber.topics.through.objects.filter(
        subscriber=OuterRef("pk"), topic_id__in=topic_ids
    )
    return confirmed.filter(Exists(chosen))


def recipient_count(issue: Issue) -> int:
    """How many would get the issue if it were sent now (the confirmation step shows it)."""
    return recipients_of(issue).count()
