"""Site search at /soeg/."""

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cms.conftest import standard_page_create

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    return client.get(reverse("cms:search"), {"q": query, **params})


def test_it_finds_a_standard_page_by_a_word_in_its_body(client, home):
    # A word no other demo page has (the About page speaks of erfaringsgrupper, and
    # PostgreSQL's Danish stemming finds those too).
    standard_page_create(
        home, title="Sæt et godt hold", text="Kortlæg kompetencerne i fællesvaskeriet."
    )

    response = search(client, "fællesvaskeriet")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sæt et godt hold" in html
    assert 'value="fællesvaskeriet"' in html
    assert "1 resultat for" in html


def test_it_shows_a_danish_message_when_nothing_matches(client, home):
    response = search(client, "xylofonundervisning")

    html = response.content.decode()
    assert "Ingen sider matchede din søgning efter „xylofonundervisning“." in html
    assert 'value="xylofonundervisning"' in html


def test_an_empty_query_asks_for_words(client, home):
    response = client.get(reverse("cms:search"))

    assert "Skriv et eller flere ord i søgefeltet" in response.content.decode()


def test_unpublished_pages_are_not_found(client, home):
    page = standard_page_create(home, title="Kladde", text="Hemmelig samdriftsaftale.")
    page.unpublish()

    response = search(client, "samdriftsaftale")

    assert "Kladde" not in response.content.decode()


def test_results_are_paginated_and_keep_the_query(client, home):
    for number in range(12):
        standard_page_create(home, title=f"Milepæl {number}", text="Milepælsplanen for samdriften.")

    response = search(client, "milepælsplanen", page=2)

    html = response.content.decode()
    assert "12 resultater for" in html
    assert "?q=milep%C3%A6lsplanen&amp;page=1" in html
    assert 'aria-current="page">2</span>' in html


def _number_of_queries_for_search(client, query):
    search(client, query)  # warm Wagtail's site and content-type caches first
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        response = search(client, query)
    assert response.status_code == 200
    # captured_queries reads the connection's log lazily: count now, before the next request.
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_matches(
    client, home, django_assert_num_queries
):
    # One page type among the matches: specific pages cost one query per type on the page.
    for number in range(5):
        standard_page_create(
            home, title=f"Forankring {number}", text="Erfaringsudvekslingsmøde på byggepladsen."
        )
    queries_for_five = _number_of_queries_for_search(client, "erfaringsudvekslingsmøde")

    for number in range(5, 50):
        standard_page_create(
            home, title=f"Forankring {number}", text="Erfaringsudvekslingsmøde på byggepladsen."
        )
    search(client, "erfaringsudvekslingsmøde")

    with django_assert_num_queries(queries_for_five):
        response = search(client, "erfaringsudvekslingsmøde")
    assert "50 resultater for" in response.content.decode()
