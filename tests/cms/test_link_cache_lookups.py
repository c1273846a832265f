"""Pages that link to courses build the links from one read of Wagtail's site root paths per
request, not one cache look-up per link (issue 16: Min side made 168)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.cache import caches

from courses.models import EnrolmentStatus as S
from tests.courses.conftest import make_course, make_learner, make_session
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

OPERATIONS = ("get", "get_many", "set", "set_many", "add", "delete", "incr", "has_key")


@contextmanager
def counted_cache_operations() -> Iterator[Counter[str]]:
    """Count the default cache's operations (by name and key) while the block runs."""
    backend = caches["default"]
    counts: Counter[str] = Counter()
    patches = []
    for name in OPERATIONS:
        original = getattr(backend, name)

        def wrapper(*args, _name=name, _original=original, **kwargs):
            key = args[0] if args else ""
            counts[f"{_name} {key if isinstance(key, str) else '…'}"] += 1
            return _original(*args, **kwargs)

        patches.append(mock.patch.object(backend, name, wrapper))
    for patch in patches:
        patch.start()
    try:
        yield counts
    finally:
        for patch in patches:
            patch.stop()


def operations(client, url: str) -> Counter[str]:
    client.get(url)  # warm-up: per-site settings and the like are cached once
    with counted_cache_operations() as counts:
        response = client.get(url)
    assert response.status_code == 200
    assert b'href="/' in response.content  # the page does link somewhere
    return counts


def courses_with_sessions(provider, count, prefix):
    return [
        make_session(make_course(provider, "A3", f"{prefix} {n:03}"), capacity=3)
        for n in range(count)
    ]


def test_min_side_builds_course_links_without_a_look_up_each(client, akademi, fjordbo):
    learner = make_learner("laerende@fjordbo.example", fjordbo)
    client.force_login(learner)
    for session in courses_with_sessions(akademi, 1, "Få"):
        EnrolmentFactory.create(user=learner, session=session, organisation=fjordbo)
    few = operations(client, "/min-side/")
    for n, session in enumerate(courses_with_sessions(akademi, 10, "Mange")):
        status = S.BOOKED if n % 2 else S.COMPLETED  # the upcoming and the completed panels
        EnrolmentFactory.create(user=learner, session=session, organisation=fjordbo, status=status)
    many = operations(client, "/min-side/")
    assert many == few
    assert sum(many.values()) <= 1


@pytest.mark.parametrize(
    ("url", "few", "many"),
    [("/kurser/", 2, 12), ("/vejledninger/A3/", 2, 20), ("/soeg/?q=Kursus", 2, 10)],
)
def test_listings_build_course_links_without_a_look_up_each(client, akademi, url, few, many):
    first = courses_with_sessions(akademi, few, "Kursus")[0].course
    small = operations(client, url)
    courses_with_sessions(akademi, many - few, "Kursus mere")
    large = operations(client, url)
    assert first.get_url().encode() in client.get(url).content
    assert large == small
    assert sum(large.values()) <= 1


def test_the_comparison_builds_course_links_without_a_look_up_each(client, akademi):
    pages = [session.course for session in courses_with_sessions(akademi, 4, "Kursus")]
    two = operations(
        client, "/kurser/sammenlign/?" + "&".join(f"sammenlign={p.pk}" for p in pages[:2])
    )
    four = operations(
        client, "/kurser/sammenlign/?" + "&".join(f"sammenlign={p.pk}" for p in pages)
    )
    assert four == two
    assert sum(four.values()) <= 1
