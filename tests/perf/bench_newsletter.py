"""Benchmark: sending one newsletter issue to 20,000 subscribers.

Not part of `make test` (it measures; tests/newsletter/ assert that every subscriber gets
exactly one e-mail, also after a worker died mid-batch). Run it against a database of its own:

    .venv/bin/python -m tests.perf.bench_newsletter --subscribers 20000

    createdb -h 127.0.0.1 -U postgres almen_bench_newsletter
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_bench_newsletter \\
        .venv/bin/python -m tests.perf.bench_newsletter --subscribers 20000

Without DATABASE_URL it uses a throw-away SQLite file in /tmp. ``--subscribers`` confirmed
subscribers (half of them with one of two topics, the rest with none) are bulk-inserted; one
issue with an intro goes to all of them. Timed: ``issue_send`` (the Delivery rows, written in
chunks) and every batch task after it, eagerly in this process, until the issue is sent, with
one outbox row per recipient stored. The outbox's own delivery (SMTP) is not started: that is
the mail worker's job, the same for every e-mail. Memory: the peak of Python allocations
during the send (tracemalloc) and the process's peak resident size (getrusage).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from unittest.mock import patch

SQLITE_PATH = "/tmp/almen_bench_newsletter.sqlite3"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    if not os.environ.get("DATABASE_URL"):
        if os.path.exists(SQLITE_PATH):
            os.remove(SQLITE_PATH)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    import django

    django.setup()


def build(subscribers: int) -> int:
    from django.core.management import call_command
    from django.utils import timezone

    from newsletter.models import Issue, Subscriber, SubscriberStatus, Topic

    call_command("migrate", verbosity=0)
    topics = [
        Topic.objects.create(name="Kurser og uddannelse", slug="kurser", order=0),
        Topic.objects.create(name="Byggeri og renovering", slug="byggeri", order=1),
    ]
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"abonnent{n:06d}@example.invalid",
                name=f"Abonnent {n}",
                status=SubscriberStatus.CONFIRMED,
                confirmed_at=now,
                consent_text="Ja tak til nyhedsbrevet.",
            )
            for n in range(subscribers)
        ),
        batch_size=2000,
    )
    through = Subscriber.topics.through
    ids = Subscriber.objects.order_by("pk").values_list("pk", flat=True)
    through.objects.bulk_create(
        (
            through(subscriber_id=pk, topic_id=topics[i % 2].pk)
            for i, pk in enumerate(ids.iterator(chunk_size=2000))
            if i % 2
        ),
        batch_size=2000,
    )
    issue = Issue.objects.create(
        subject="Nyhedsbrev: Nye kurser og erfaringer fra byggepladsen",
        intro="<p>Her er det nyeste fra AlmenLæring: nyheder, arrangementer og erfaringer.</p>",
    )
    return issue.pk


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=20000)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    setup_django()

    from celery import current_app
    from django.conf import settings
    from django.db import connection

    import core.mail.services as mail_services
    from core.mail.models import OutboundEmail
    from newsletter.models import Delivery, DeliveryState, Issue, IssueStatus
    from newsletter.services import sending

    current_app.conf.task_always_eager = True
    settings.NEWSLETTER_BATCH_SIZE = args.batch_size
    # Store the e-mails, but leave their delivery to the (absent) mail worker.
    patch.object(mail_services, "enqueue_on_commit", lambda *a, **k: None).start()
    # The batches chain through on_commit callbacks, one inside the other when eager.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))

    started = time.perf_counter()
    issue_id = build(args.subscribers)
    print(f"built {args.subscribers} subscribers in {time.perf_counter() - started:.1f} s")

    tracemalloc.start()
    started = time.perf_counter()
    sending.issue_send(issue=Issue.objects.get(pk=issue_id), actor=None)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    issue = Issue.objects.get(pk=issue_id)
    sent = Delivery.objects.filter(issue=issue, state=DeliveryState.SENT).count()
    stored = OutboundEmail.objects.filter(dedupe_key__startswith=f"newsletter-{issue_id}-").count()
    assert issue.status == IssueStatus.SENT, issue.status
    assert sent == stored == args.subscribers, (sent, stored)
    print(f"database: {connection.vendor}; batch size {args.batch_size}")
    print(
        f"sent to {sent} subscribers in {elapsed:.1f} s "
        f"({1000 * elapsed / sent:.2f} ms each, {sent / elapsed:.0f} per second)"
    )
    print(f"peak Python allocations during the send: {peak / 2**20:.1f} MiB")
    print(f"peak resident size of the process: {rss_mb:.0f} MiB")


if __name__ == "__main__":
    main()
