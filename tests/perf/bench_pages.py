"""Benchmark: render times of the catalogue, guide page, Min side, approval queue and a
provider's participant list at large sizes.

Not part of `make test` (it asserts nothing; it measures). Run it against a database of its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_bench \\
        .venv/bin/python -m tests.perf.bench_pages --courses 1000 --enrolments 50000

Without DATABASE_URL it uses a throw-away SQLite file in /tmp. The database is created from
scratch (migrate), filled with bulk inserts, and each page is requested `--repeat` times through
Django's test client after one warm-up; the median and 95th percentile are printed with the
query count of the last request.

Against a copy of a database that ``seed_scale`` built (issue 16), the profile's own pages
(tests/perf/pages.py) are measured instead, each anonymous page twice: rendered (page cache
off) and served from the anonymous page cache (core.page_cache, Redis when REDIS_CACHE_URL is
set); with the number of cache operations per request beside the query count:

    createdb -T almen_scale_m almen_h4_m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_h4_m \
    REDIS_CACHE_URL=redis://127.0.0.1:6379/11 \
        .venv/bin/python -m tests.perf.bench_pages --seeded m --repeat 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    if not os.environ.get("DATABASE_URL"):
        path = "/tmp/almen_bench.sqlite3"
        if os.path.exists(path):
            os.remove(path)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()


def build(courses: int, enrolments: int) -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    from cms.services import site_setup_demo
    from competencies.models import Guide
    from courses import services
    from courses.models import CoursePage, CourseSession, Enrolment
    from organisations import demo
    from organisations.models import Membership, Organisation, User

    call_command("migrate", verbosity=0)
    demo.seed()
    home = site_setup_demo()
    services.catalogue_setup(home=home)
    provider = Organisation.objects.get(name="Almen Akademi")
    section = services.provider_onboard(organisation=provider)
    guides = list(Guide.objects.all())
    now = timezone.now()
    for i in range(courses):
        section.add_child(
            instance=CoursePage(
                title=f"Kursus {i}",
                guide=guides[i % len(guides)],
                summary="Resumé",
                format="online",
                learning_outcomes="<p>Udbytte</p>",
                duration_hours=Decimal("6"),
                price=Decimal(1000 + i),
                first_published_at=now,
            )
        )
    course_ids = list(CoursePage.objects.values_list("pk", flat=True))
    start = now + timedelta(days=30)
    sessions = CourseSession.objects.bulk_create(
        CourseSession(
            course_id=course_ids[i % len(course_ids)],
            provider=provider,
            starts_at=start + timedelta(days=i % 60),
            ends_at=start + timedelta(days=i % 60, hours=7),
            capacity=enrolments,
            price=1000,
            online=True,
            online_url="https://example.org",
            registration_deadline=start,
            cancellation_deadline=start,
        )
        for i in range(max(courses, 1))
    )
    housing = Organisation.objects.get(name="Boligselskabet Fjordbo")
    users = User.objects.bulk_create(
        User(email=f"bench{i}@example.dk", first_name="Bench", last_name=str(i))
        for i in range(enrolments)
    )
    Membership.objects.bulk_create(Membership(user=u, organisation=housing) for u in users)
    statuses = ["booked", "waitlisted", "awaiting_approval", "completed"]
    Enrolment.objects.bulk_create(
        Enrolment(
            user=u,
            course_id=sessions[0].course_id,
            session=sessions[0],
            organisation=housing,
            status=statuses[i % len(statuses)],
            waitlisted_at=now,
        )
        for i, u in enumerate(users)
    )
    # Lars (manager) has many enrolments of his own for Min side.
    lars = User.objects.get(email="lars@fjordbo.example")
    Enrolment.objects.bulk_create(
        Enrolment(
            user=lars, course_id=s.course_id, session=s, organisation=housing, status="booked"
        )
        for s in sessions[1:201]
    )
    return {"session": sessions[0], "guide": guides[2].code}


def measure(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return statistics.median(times), p95, len(queries)


def cache_operations(client, url: str) -> int:
    """How many operations on the default cache one request of ``url`` makes."""
    from unittest import mock

    from django.core.cache import caches

    backend = caches["default"]
    count = 0
    names = ("get", "get_many", "set", "add", "incr", "delete", "has_key", "set_many")
    originals = {name: getattr(backend, name) for name in names}

    def counting(original):
        def call(*args, **kwargs):
            nonlocal count
            count += 1
            return original(*args, **kwargs)

        return call

    patches = [mock.patch.object(backend, n, counting(f)) for n, f in originals.items()]
    for patch in patches:
        patch.start()
    try:
        client.get(url)
    finally:
        for patch in patches:
            patch.stop()
    return count


def seeded(size: str, repeat: int) -> None:
    """The profile's pages on a seeded database: anonymous (rendered and cached) and learner."""
    from django.core.cache import cache
    from django.test import Client, override_settings

    from tests.perf.pages import anonymous_pages, learner_pages

    rows = []
    anonymous = Client()
    for page in anonymous_pages():
        with override_settings(PAGE_CACHE_TIMEOUT=0):
            rows.append((page.name, "rendered", *measure(anonymous, page.path, repeat), 0))
            ops = cache_operations(anonymous, page.path)
        cache.clear()
        with override_settings(PAGE_CACHE_TIMEOUT=600):
            timing = measure(anonymous, page.path, repeat)
            rows.append((page.name, "cached", *timing, cache_operations(anonymous, page.path)))
        rows[-2] = (*rows[-2][:-1], ops)
    learner = Client()
    for page in learner_pages(size):
        if page.user is not None:
            learner.force_login(page.user)
        with override_settings(PAGE_CACHE_TIMEOUT=600):  # as in production: fragments cached
            timing = measure(learner, page.path, repeat)
            ops = cache_operations(learner, page.path)
        rows.append((page.name, "logged in", *timing, ops))
    print(
        f"{'page':34} {'mode':10} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'cache ops':>9}"
    )
    for name, mode, median, p95, queries, ops in rows:
        print(f"{name:34} {mode:10} {median:10.1f} {p95:8.1f} {queries:8d} {ops:9d}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--courses", type=int, default=300)
    parser.add_argument("--enrolments", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seeded", choices=["s", "m", "xl"], help="a seed_scale database's size")
    args = parser.parse_args()
    if args.seeded:
        if not os.environ.get("DATABASE_URL"):
            parser.error("--seeded measures the database named by DATABASE_URL")
        setup_django()
        return seeded(args.seeded, args.repeat)
    setup_django()
    from allauth.mfa.models import Authenticator
    from django.test import Client

    from organisations.models import User

    started = time.perf_counter()
    data = build(args.courses, args.enrolments)
    print(
        f"Built {args.courses} courses, {args.enrolments} enrolments in {time.perf_counter() - started:.0f} s "
        f"on {os.environ['DATABASE_URL'].split(':')[0]}"
    )
    visitor, lars, sofie = Client(), Client(), Client()
    lars.force_login(User.objects.get(email="lars@fjordbo.example"))
    editor = User.objects.get(email="sofie@almenakademi.example")
    assert Authenticator.objects.filter(user=editor).exists()
    sofie.force_login(editor)
    pages = [
        ("catalogue /kurser/", visitor, "/kurser/?series=A&sort=pris"),
        ("catalogue, free text", visitor, "/kurser/?q=kursus"),
        (f"guide page /vejledninger/{data['guide']}/", visitor, f"/vejledninger/{data['guide']}/"),
        ("Min side (200 enrolments)", lars, "/min-side/"),
        ("approval queue", lars, "/godkendelser/"),
        ("participant list (admin)", sofie, f"/admin/hold/{data['session'].pk}/deltagere/"),
    ]
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, client, url in pages:
        median, p95, queries = measure(client, url, args.repeat)
        print(f"{label:40} {median:10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    sys.exit(main())
