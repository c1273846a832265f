"""Wagtail hooks of the site: which page type answers, for the anonymous page cache."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from core import page_cache


@hooks.register("before_serve_page")
def mark_page_type(page: Page, request: HttpRequest, serve_args: Any, serve_kwargs: Any) -> None:
    """The cache rules (settings.PAGE_CACHE_RULES) name page types; tell the middleware which
    one this is. Returns nothing, so Wagtail serves the page as usual."""
    page_cache.mark_page(request, page._meta.label_lower)
