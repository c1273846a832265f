"""The rule that turns evidence into a person's current level in a competence.

    A person's current level in a competence, on a given day, is the highest level among
    their evidence for that competence that is approved, was achieved on or before that day,
    and has not expired by then. Without such evidence the level is 0.

Consequences, on purpose:

- Newer evidence never lowers a level. To lower one, HR withdraws the evidence it rests on
  (withdrawn evidence stays in the history with its reason).
- Expired evidence stops counting the day it expires, so a level can fall with time.
- Pending prior learning counts only once HR approves it; rejected evidence never counts.

``current_level`` is the rule as a database expression, so that the same rule serves one
person's page and the gap analysis of 2,000 people (one correlated subquery per row, served by
the ``competencies_ev_level`` index). Which evidence counts on a day is one condition,
``competencies.models.evidence.counts_on``; the coverage-over-time query applies that same
condition to joined evidence (a test checks it agrees with ``current_level`` month by month).
Nothing re-implements the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Expression, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from competencies.models import Evidence


def current_level(person: Any, competence: Any, on: date | None = None) -> Expression:
    """The rule, as an expression: ``person`` and ``competence`` are ids, ``OuterRef``s or F()s."""
    best = (
        Evidence.objects.valid_on(on or timezone.localdate())
        .filter(user=person, competence=competence)
        .order_by("-level")
        .values("level")[:1]
    )
    return Coalesce(Subquery(best, output_field=IntegerField()), Value(0))


def levels_of(
    user_id: int, competence_ids: Iterable[int], on: date | None = None
) -> dict[int, int]:
    """One person's current level in each of ``competence_ids`` (0 where none), in one query."""
    from competencies.models import Competence

    ids = list(competence_ids)
    rows = (
        Competence.objects.filter(pk__in=ids)
        .annotate(level=current_level(user_id, OuterRef("pk"), on))
        .values_list("pk", "level")
    )
    levels = dict.fromkeys(ids, 0)
    levels.update(rows)
    return levels


def level_of(user_id: int, competence_id: int, on: date | None = None) -> int:
    """One person's current level in one competence."""
    return levels_of(user_id, [competence_id], on)[competence_id]
