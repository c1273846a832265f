"""Reads for the public site."""

from __future__ import annotations

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
    return pages.search(query[:MAX_QUERY_LENGTH])
