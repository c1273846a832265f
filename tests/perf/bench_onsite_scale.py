"""Benchmark: the onsite pages of the load profile against a ``seed_scale`` database.

The pages and the people who ask for them are the profile's own (``tests.perf.pages``): the
lesson list, the lesson search and one lesson (anonymous), and the project leader's project
list, project page (page 1 and page 50), effect page and entry page on the leader's largest
project. Each page is requested ``--repeat`` times through Django's test client after one
warm-up; median and 95th percentile in ms and the query count are printed. Run it against a
copy of the seeded database, as it logs people in (sessions are written):

    createdb -h 127.0.0.1 -U postgres -T almen_scale_m almen_bench_m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_bench_m \\
        .venv/bin/python -m tests.perf.bench_onsite_scale --size m --repeat 10
"""

from __future__ import annotations

import argparse
import os

from tests.perf.bench_pages import measure

ONSITE_PAGES = {"lessons", "lesson search", "lesson"}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=["s", "m", "xl"], default="m")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.test import Client

    from tests.perf.pages import anonymous_pages, project_leader_pages

    pages = [p for p in anonymous_pages() if p.name in ONSITE_PAGES]
    pages += project_leader_pages(args.size)
    print(f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for page in pages:
        client = Client()
        if page.user is not None:
            client.force_login(page.user)
        median, p95, queries = measure(client, page.path, args.repeat)
        print(f"{page.name:34} {median:10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
