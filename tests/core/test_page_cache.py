"""The anonymous page cache (core.page_cache): what is served from it, what never is, and that
every kind of change purges the pages that show it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from cms.models import NewsIndexPage, NewsPage
from core import page_cache
from courses import services as course_services
from onsite.models import Lesson
from tests.courses.conftest import make_course, make_learner, make_session
from tests.factories.pages import add_child

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on():
    cache.clear()
    with override_settings(PAGE_CACHE_TIMEOUT=600):
        yield
    cache.clear()


@pytest.fixture
def course(akademi):
    return make_course(akademi, "A3", "Fremtidsanalyse i praksis", price=Decimal("3000"))


def get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response


def state(response) -> str:
    return response.get("X-Page-Cache", "")


def cached_twice(client, url: str):
    """The page rendered (and stored), then served from the cache."""
    assert state(get(client, url)) == "miss"
    hit = get(client, url)
    assert state(hit) == "hit"
    return hit


class TestWhatIsServedFromTheCache:
    def test_a_hit_runs_no_query(self, client, course):
        get(client, "/vejledninger/A3/")
        with CaptureQueriesContext(connection) as queries:
            response = get(client, "/vejledninger/A3/")
        assert state(response) == "hit"
        assert len(queries) == 0
        assert "Fremtidsanalyse i praksis" in response.content.decode()

    def test_every_hit_gets_its_own_nonce_and_csrf_token(self, client, course):
        first = get(client, "/kurser/")
        client.cookies.clear()
        second = get(client, "/kurser/")
        assert state(second) == "hit"
        nonce = second["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        assert f'nonce="{nonce}"' in second.content.decode()
        assert nonce not in first.content.decode()
        assert "csrftoken" in second.cookies  # the language form's token matches a cookie
        assert 'name="csrfmiddlewaretoken" value="' in second.content.decode()
        assert b"\x00" not in second.content

    def test_the_query_string_and_the_language_vary_the_key(self, client, course):
        cached_twice(client, "/vejledninger/A3/")
        assert state(get(client, "/vejledninger/A3/?sort=titel")) == "miss"
        client.cookies["django_language"] = "en"
        assert state(get(client, "/vejledninger/A3/")) == "miss"

    def test_a_logged_in_person_is_never_served_nor_stored(self, client, course, sofie):
        cached_twice(client, "/vejledninger/A3/")
        client.force_login(sofie)
        assert state(get(client, "/vejledninger/A3/")) == ""

    def test_a_visitor_with_messages_is_not_served_from_the_cache(self, client, course):
        cached_twice(client, "/vejledninger/A3/")
        client.cookies["messages"] = "x"
        assert state(get(client, "/vejledninger/A3/")) == ""

    def test_pages_the_rules_do_not_name_are_not_stored(self, client, course):
        get(client, "/kurser/sammenlign/")
        assert state(get(client, "/kurser/sammenlign/")) == ""

    def test_off_when_the_timeout_is_zero(self, client, course):
        with override_settings(PAGE_CACHE_TIMEOUT=0):
            get(client, "/vejledninger/A3/")
            assert state(get(client, "/vejledninger/A3/")) == ""


class TestEveryChangePurges:
    def test_publishing_a_page(self, client, course, django_capture_on_commit_callbacks):
        cached_twice(client, "/vejledninger/A3/")
        course.title = "Fremtidsanalyse for begyndere"
        with django_capture_on_commit_callbacks(execute=True):
            course.save_revision().publish()
        assert "Fremtidsanalyse for begyndere" in get(client, "/vejledninger/A3/").content.decode()

    def test_unpublishing_a_page(self, client, course, django_capture_on_commit_callbacks):
        cached_twice(client, "/vejledninger/A3/")
        with django_capture_on_commit_callbacks(execute=True):
            course.unpublish()
        assert "Fremtidsanalyse i praksis" not in get(client, "/vejledninger/A3/").content.decode()

    def test_a_price_change(self, client, course, django_capture_on_commit_callbacks):
        url = course.get_url()
        assert "3.000" in cached_twice(client, url).content.decode()
        course.price = Decimal("2750")
        with django_capture_on_commit_callbacks(execute=True):
            course.save_revision().publish()
        assert "2.750" in get(client, url).content.decode()

    def test_a_seat_taken(self, client, course, fjordbo, django_capture_on_commit_callbacks):
        session = make_session(course, capacity=3)
        url = course.get_url()
        assert "3 ledige pladser" in cached_twice(client, url).content.decode()
        learner = make_learner("ny@fjordbo.example", fjordbo)
        with django_capture_on_commit_callbacks(execute=True):
            course_services.enrolment_create(
                user=learner, course=course, session=session, requested_by=learner
            )
        assert "2 ledige pladser" in get(client, url).content.decode()

    def test_a_session_changed(self, client, course, django_capture_on_commit_callbacks):
        session = make_session(course, capacity=3)
        cached_twice(client, "/vejledninger/A3/")
        with django_capture_on_commit_callbacks(execute=True):
            course_services.session_update(session=session, price=Decimal("1999"))
        assert state(get(client, "/vejledninger/A3/")) == "miss"

    def test_a_lesson_published(self, client, fjordbo, django_capture_on_commit_callbacks):
        cached_twice(client, "/erfaringer/")
        with django_capture_on_commit_callbacks(execute=True):
            Lesson.objects.create(
                source="group",
                organisation=fjordbo,
                title="Beboermøder om aftenen",
                summary="Flere kom.",
                what_we_learned="Tidspunktet betyder noget.",
                effect_category="process",
            )
        assert "Beboermøder om aftenen" in get(client, "/erfaringer/").content.decode()

    def test_news_published(self, client, home, django_capture_on_commit_callbacks):
        index = add_child(home, NewsIndexPage(title="Nyheder", slug="nyheder"))
        url = index.get_url()
        cached_twice(client, url)
        with django_capture_on_commit_callbacks(execute=True):
            add_child(index, NewsPage(title="Ny vejledning om A5", slug="ny-a5", intro="x"))
        assert "Ny vejledning om A5" in get(client, url).content.decode()

    def test_a_bump_of_one_family_leaves_the_others(self, client, course, home):
        index = add_child(home, NewsIndexPage(title="Nyheder", slug="nyheder"))
        cached_twice(client, index.get_url())
        cached_twice(client, "/vejledninger/A3/")
        page_cache.bump("catalogue")
        assert state(get(client, index.get_url())) == "hit"
        assert state(get(client, "/vejledninger/A3/")) == "miss"


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.05, "socket_timeout": 0.05},
        }
    }
)
def test_with_redis_down_pages_are_rendered_as_without_a_cache(client, course):
    from django.core.cache import caches

    caches["default"]._down_until = 0.0  # type: ignore[attr-defined]
    for _ in range(2):
        response = get(client, "/vejledninger/A3/")
        assert state(response) == ""
        assert "Fremtidsanalyse i praksis" in response.content.decode()
    page_cache.bump("catalogue")  # a purge with Redis down does not fail the change


class TestFragmentsOfLoggedInPages:
    def test_the_guides_courses_are_cached_until_the_catalogue_changes(
        self, client, course, sofie, fjordbo, django_capture_on_commit_callbacks
    ):
        session = make_session(course, capacity=3)
        client.force_login(sofie)
        get(client, "/vejledninger/A3/")  # renders and stores the fragments
        with CaptureQueriesContext(connection) as rendered:
            get(client, "/vejledninger/A3/?sort=titel")
        with CaptureQueriesContext(connection) as cached:
            response = get(client, "/vejledninger/A3/?sort=titel")
        assert state(response) == ""  # a logged-in page is never cached whole
        assert len(cached) < len(rendered)
        assert "3 ledige pladser" in response.content.decode()
        learner = make_learner("ny@fjordbo.example", fjordbo)
        with django_capture_on_commit_callbacks(execute=True):
            course_services.enrolment_create(
                user=learner, course=course, session=session, requested_by=learner
            )
        assert "2 ledige pladser" in get(client, "/vejledninger/A3/?sort=titel").content.decode()

    def test_without_the_cache_the_fragment_is_rendered_every_time(self):
        calls = []
        with override_settings(PAGE_CACHE_TIMEOUT=0):
            for _ in range(2):
                page_cache.cached_fragment("x", (), ["catalogue"], lambda: calls.append(1) or "x")
        assert len(calls) == 2
