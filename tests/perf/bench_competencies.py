"""Benchmark: the HR dashboard, the gap analysis and their exports for one organisation with
2,000 people and 40 competences.

Not part of `make test` (it measures; tests/competencies/test_hr_views.py asserts that the
query count does not grow with the number of people). Run it against an empty database of its
own:

    .venv/bin/python -m tests.perf.bench_competencies --people 2000

    createdb -h 127.0.0.1 -U postgres almen_bench_competencies
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_bench_competencies \\
        .venv/bin/python -m tests.perf.bench_competencies --people 2000

Without DATABASE_URL it uses a throw-away SQLite file in /tmp. The database is migrated, the
demo people and a course catalogue (60 courses with sessions, on the A- and B-guides) are
created, and Fjordbo gets ``--people`` members with their own role profiles (``--requirements``
competences each, from ``--competences``), evidence (some short, expired or pending), plans and
a Læringspilen strategy — all bulk-inserted (tests/competencies/hr_fixtures.py) — and the
database's statistics are refreshed (ANALYZE), as in a running installation. Each page is
requested ``--repeat`` times by Fjordbo's HR through Django's test client after one warm-up;
the median and 95th percentile are printed with the query count of the last request.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from decimal import Decimal

from tests.perf.bench_pages import measure

SQLITE_PATH = "/tmp/almen_bench_competencies.sqlite3"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    if not os.environ.get("DATABASE_URL"):
        if os.path.exists(SQLITE_PATH):
            os.remove(SQLITE_PATH)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    import django

    django.setup()


def _catalogue(courses: int) -> None:
    from django.utils import timezone

    from cms.services import site_setup_demo
    from competencies.models import Guide
    from courses import services
    from courses.models import CoursePage, CourseSession
    from organisations.models import Organisation

    home = site_setup_demo()
    services.catalogue_setup(home=home)
    provider = Organisation.objects.get(name="Almen Akademi")
    section = services.provider_onboard(organisation=provider)
    guides = list(Guide.objects.filter(competence_links__isnull=False).distinct())
    now = timezone.now()
    for i in range(courses):
        section.add_child(
            instance=CoursePage(
                title=f"Kursus {i}",
                guide=guides[i % len(guides)],
                summary="Resumé",
                format="attendance",
                learning_outcomes="<p>Udbytte</p>",
                duration_hours=Decimal("7"),
                price=Decimal(1500 + i),
                first_published_at=now,
            )
        )
    start = now + timedelta(days=30)
    CourseSession.objects.bulk_create(
        CourseSession(
            course_id=course_id,
            provider=provider,
            starts_at=start + timedelta(days=i % 90),
            ends_at=start + timedelta(days=i % 90, hours=7),
            capacity=20,
            price=Decimal("2500"),
            city="Odense",
            registration_deadline=start,
            cancellation_deadline=start,
        )
        for i, course_id in enumerate(list(CoursePage.objects.values_list("pk", flat=True)) * 3)
    )


def build(people: int, competences: int, requirements: int) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from organisations import demo
    from organisations import services as org_services
    from organisations.models import Department, Organisation
    from tests.competencies.hr_fixtures import populate, strategy

    call_command("migrate", verbosity=0)
    demo.seed()
    _catalogue(60)
    fjordbo = Organisation.objects.get(name="Boligselskabet Fjordbo")
    for n in range(8):  # ten departments in all with the demo's own
        number = f"3{n:02d}"
        if not Department.objects.filter(organisation=fjordbo, number=number).exists():
            org_services.department_create(
                organisation=fjordbo, number=number, name=f"Afdeling {number}"
            )
    memberships = populate(
        fjordbo,
        people=people,
        competences=competences,
        requirements=requirements,
        tag="bench",
        analyze=True,
    )
    strategy(fjordbo, year=timezone.localdate().year)
    # Fresh statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) keeps them in
    # a running installation: without them PostgreSQL plans the bulk-loaded tables as empty.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"organisation": fjordbo, "person": memberships[0].user}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--competences", type=int, default=40)
    parser.add_argument("--requirements", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    setup_django()
    from allauth.mfa.models import Authenticator
    from django.test import Client
    from django.urls import reverse

    from competencies.models import Evidence, RoleProfileRequirement
    from organisations.models import User

    started = time.perf_counter()
    data = build(args.people, args.competences, args.requirements)
    org = data["organisation"]
    print(
        f"Built {args.people} people, {args.competences} competences, "
        f"{RoleProfileRequirement.objects.filter(profile__organisation=org).count()} "
        f"requirements, {Evidence.objects.count()} pieces of evidence in "
        f"{time.perf_counter() - started:.0f} s on {os.environ['DATABASE_URL'].split(':')[0]}"
    )
    hanne = User.objects.get(email="hanne@fjordbo.example")
    assert Authenticator.objects.filter(user=hanne).exists()
    hr = Client()
    hr.force_login(hanne)

    def url(name: str, **kwargs: int) -> str:
        return reverse(f"competencies:{name}", kwargs={"org_pk": org.pk, **kwargs})

    pages = [
        ("dashboard", url("dashboard")),
        ("gap analysis, page 1", url("gaps")),
        ("gap analysis, page 20", url("gaps") + "?page=20"),
        ("gap analysis, one job function", url("gaps") + "?job_function=1"),
        ("person page", url("person", user_pk=data["person"].pk)),
        ("role profiles", url("profiles")),
        ("dashboard XLSX", url("dashboard_export")),
        ("gap analysis XLSX (every gap)", url("gaps_export")),
    ]
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, path in pages:
        median, p95, queries = measure(hr, path, args.repeat)
        print(f"{label:40} {median:10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    sys.exit(main())
