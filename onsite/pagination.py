"""A paginator that never counts more rows than a person could page through.

Counting every hit of a search for "byggeri" among a million rows costs as much as finding
them; nobody reads past the first pages. ``CappedPaginator`` counts with ``LIMIT cap + 1`` and
says whether there were more, so the page shows "over 1.000" and costs the same at any size.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """Pages over at most ``cap`` rows of a queryset; ``more`` says whether it holds more."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        # Only the ids, without ordering or annotations (a search's rank is not needed to count).
        return self.queryset.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def more(self) -> bool:
        """More rows than ``cap`` match (the count shown is the cap)."""
        return self._counted > self.cap


class CountedPaginator(Paginator):
    """A paginator told its count (read with other figures in one aggregate) instead of
    running a ``COUNT(*)`` of its own."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count
