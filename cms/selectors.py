"""Reads for the public site."""

from __future__ import annotations

import re

from wagtail.models import Page, Site
from wagtail.query import PageQuerySet
from wagtail.search.backends.base import BaseSearchResults

MAX_QUERY_LENGTH = 200


def page_search(*, query: str, site: Site | None) -> BaseSearchResults:
    """Published, public pages of ``site`` (all sites when None) matching ``query``, best first.

    Results are specific pages, fetched in one query per page type on each slice.
    """
    pages: PageQuerySet = Page.objects.live().public().specific()
    if site is not None:
        pages = pages.in_site(site)
    return pages.search(search_terms(query))


# The search backends quote each term but not every quote inside it: a stray '"' broke SQLite's
# full-text syntax (a server error). Visitors search for words, so everything else is a space.
NOT_A_WORD = re.compile(r"[^\w\s.@-]")


def search_terms(query: str) -> str:
    """The visitor's query as plain words: punctuation that search engines parse becomes a space."""
    return " ".join(NOT_A_WORD.sub(" ", query[:MAX_QUERY_LENGTH]).split())
