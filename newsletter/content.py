"""What an issue says, as plain values for the e-mail and the archive page alike.

An item whose page is no longer live, or whose lesson was withdrawn, is left out: the e-mail
must not link to something the reader cannot open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from core.formats import long_date
from core.site_url import absolute_url, page_full_url
from newsletter.models import Issue


@dataclass(frozen=True)
class Item:
    kind: str  # Danish label: Nyhed, Arrangement, Delt erfaring
    title: str
    url: str
    text: str
    when: str = ""


def _page_item(kind: str, page: Any) -> Item | None:
    if page is None or not page.live:
        return None
    page = page.specific
    text = getattr(page, "intro", "") or page.search_description or ""
    starts = getattr(page, "starts_at", None) or getattr(page, "date", None)
    return Item(
        kind=kind,
        title=page.title,
        url=page_full_url(page),
        text=str(text),
        when=long_date(starts) if starts else "",
    )


def _lesson_item(lesson: Any) -> Item | None:
    if lesson is None or lesson.withdrawn_at is not None:
        return None
    return Item(
        kind=_("Delt erfaring"),
        title=lesson.title,
        url=absolute_url(reverse("onsite:lesson_detail", kwargs={"pk": lesson.pk})),
        text=lesson.what_we_learned,
    )


def issue_items(issue: Issue) -> list[Item]:
    """The issue's chosen items in order, each with an absolute link."""
    items: list[Item] = []
    for block in issue.items:
        item: Item | None
        if block.block_type == "news":
            item = _page_item(_("Nyhed"), block.value)
        elif block.block_type == "event":
            item = _page_item(_("Arrangement"), block.value)
        else:
            item = _lesson_item(block.value)
        if item is not None:
            items.append(item)
    return items
