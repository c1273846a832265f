"""Benchmark: Open Badges at the design size — a provider's revocation status list, the public
certificate page that verifies its credential, issuing one credential, the key set.

Not part of `make test` (tests/courses/test_badges.py asserts that the status list runs the same
queries however many credentials are revoked). Run it against a database of its own:

    .venv/bin/python -m tests.perf.bench_badges --credentials 200000 --revoked 2000

    createdb -h 127.0.0.1 -U postgres almen_bench_badges
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_bench_badges \\
        .venv/bin/python -m tests.perf.bench_badges --credentials 200000 --revoked 2000

Without DATABASE_URL it uses a throw-away SQLite file in /tmp. One provider (Almen Akademi)
with one self-paced course; ``--credentials`` learners who completed it, each with a certificate
and an issued credential (bulk-inserted, so they fill the provider's first lists: 131,072 per
list), ``--revoked`` of those certificates revoked and a tenth as many credentials of erased
people (no certificate). Then one more learner completes and takes a real, signed credential.
Each URL is requested ``--repeat`` times through Django's test client after one warm-up; the
median and 95th percentile are printed with the query count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from decimal import Decimal

from tests.perf.bench_pages import measure

SQLITE_PATH = "/tmp/almen_bench_badges.sqlite3"
BATCH = 5000


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    if not os.environ.get("DATABASE_URL"):
        if os.path.exists(SQLITE_PATH):
            os.remove(SQLITE_PATH)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    import django

    django.setup()


def _learners(count: int, organisation):  # type: ignore[no-untyped-def]
    from organisations.models import User

    for start in range(0, count, BATCH):
        User.objects.bulk_create(
            User(email=f"l{i}@bench.example", first_name="Lærende", last_name=str(i))
            for i in range(start, min(count, start + BATCH))
        )
    return list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))


def _issued(course, provider, learners, revoked: int, erased: int) -> None:  # type: ignore[no-untyped-def]
    """Completed enrolments, certificates and credentials in bulk (the signature is a stand-in:
    the status list reads places and revocations, never the signed text)."""
    from django.utils import timezone

    from courses.badges import keys
    from courses.models import BadgeCredential, Certificate, Enrolment

    now, key = timezone.now(), keys.current_key()
    for start in range(0, len(learners), BATCH):
        chunk = learners[start : start + BATCH]
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(user=u, course=course, status="completed", completed_at=now) for u in chunk
        )
        certificates = Certificate.objects.bulk_create(
            Certificate(
                enrolment=e,
                code=f"B{start + i:011d}",
                person_name="Lærende",
                course_title=course.title,
                guide_code="A3",
                provider_name=provider.name,
                hours=Decimal("7"),
                completed_on=timezone.localdate(),
                revoked_at=now if (start + i) < revoked else None,
            )
            for i, e in enumerate(enrolments)
        )
        BadgeCredential.objects.bulk_create(
            BadgeCredential(
                certificate=None if (start + i) % 10 == 0 and (start + i) < erased * 10 else c,
                provider=provider,
                status_index=start + i,
                signing_key=key,
                jws="x",
            )
            for i, c in enumerate(certificates)
        )


def build(credentials: int, revoked: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from courses.badges import services as badge_services
    from courses.models import Certificate
    from courses.services import enrolment_complete_check, enrolment_create
    from organisations.models import Organisation, User
    from tests.factories import courses as course_factories
    from tests.factories.pages import home_page

    call_command("migrate", verbosity=0)
    course_factories.catalogue(home_page())
    provider = course_factories.provider("Almen Akademi", "11111111")
    housing = Organisation.objects.create(name="Boligselskabet Bench", kind="housing")
    course = course_factories.CoursePageFactory.create(
        parent=provider.course_section, title="Fremtidsanalyse", format="self_paced"
    )
    _issued(course, provider, _learners(credentials, housing), revoked, revoked // 10)
    learner = User.objects.create_user(email="anna@bench.example", password="x", first_name="Anna")
    enrolment = enrolment_create(user=learner, course=course, requested_by=learner)
    enrolment_complete_check(enrolment=enrolment, actor=learner)
    certificate = Certificate.objects.get(enrolment=enrolment)
    started = time.perf_counter()
    badge_services.badge_issue(certificate=certificate, actor=learner)
    issue_ms = (time.perf_counter() - started) * 1000
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"provider": provider, "certificate": certificate, "issue_ms": issue_ms}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--credentials", type=int, default=200_000)
    parser.add_argument("--revoked", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from django.core.cache import cache
    from django.test import Client

    from courses.badges import verify
    from courses.models import BadgeCredential

    started = time.perf_counter()
    data = build(args.credentials, args.revoked)
    print(
        f"Built {args.credentials} credentials ({args.revoked} revoked) in "
        f"{time.perf_counter() - started:.0f} s on {os.environ['DATABASE_URL'].split(':')[0]}"
    )
    print(f"Issuing one signed credential: {data['issue_ms']:.1f} ms")
    provider, certificate = data["provider"], data["certificate"]
    jws = BadgeCredential.objects.get(certificate=certificate).jws
    started = time.perf_counter()
    for _ in range(args.repeat):
        assert verify.check_token(jws).state == "valid"
    print(
        f"check_token (signature, claims, status bit): {(time.perf_counter() - started) * 1000 / args.repeat:.1f} ms"
    )
    client = Client()
    list_url = f"/bevis/udsteder/{provider.pk}/status/0/"
    times = []
    for _ in range(args.repeat):
        cache.clear()  # as after a revocation: the list is computed from the certificates
        started = time.perf_counter()
        assert client.get(list_url).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    print(f"{'status list 0, computed (cache miss)':40} median {statistics.median(times):7.1f} ms")
    last_list = (args.credentials + 1) // 131_072
    for label, url in (
        ("status list 0, cached", list_url),
        (f"status list {last_list}, cached", f"/bevis/udsteder/{provider.pk}/status/{last_list}/"),
        ("public certificate page (verifies)", f"/bevis/{certificate.code}/"),
        ("key set", "/.well-known/jwks.json"),
        ("issuer profile", f"/bevis/udsteder/{provider.pk}/"),
    ):
        median, p95, queries = measure(client, url, args.repeat)
        print(f"{label:40} median {median:7.1f} ms  p95 {p95:7.1f} ms  {queries} queries")


if __name__ == "__main__":
    main()
