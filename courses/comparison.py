"""Reads for comparing courses side by side: /kurser/sammenlign/?sammenlign=3&sammenlign=8.

The catalogue's cards carry a "Sammenlign" checkbox in a plain GET form, so comparing works
without JavaScript and a comparison can be shared as a link. Ids come from the address bar, so
every kind of bad input is expected and answered in Danish: not a number, too few or too many,
a course that does not exist or is not published (treated alike: a draft stays invisible).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from competencies.models import GuideCompetence
from core.safety import int_or_none
from courses.models import CoursePage
from courses.selectors import attach_next_sessions, course_cards

MIN_COMPARE = 2
MAX_COMPARE = 4
PARAM = "sammenlign"


@dataclass
class Comparison:
    """The courses to show (in the order chosen) and what was wrong with the request."""

    courses: list[CoursePage] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _parse(values: list[str]) -> tuple[list[int], bool]:
    """Distinct positive ids in the order given, and whether any value was not one."""
    ids: list[int] = []
    bad = False
    for value in values:
        pk = int_or_none(value.strip())  # never beyond the database's integers
        if pk is None:
            bad = True
        elif pk not in ids:
            ids.append(pk)
    return ids, bad


def compared_courses(ids: list[int]) -> list[CoursePage]:
    """The live courses among ``ids``, in that order, each with provider name, guide, rating,
    next session (with seats left) and ``competence_links``; three queries."""
    courses = {
        course.pk: course
        for course in course_cards()
        .filter(pk__in=ids)
        .annotate(
            rating_avg=Avg("enrolments__evaluation__rating"),
            rating_count=Count("enrolments__evaluation"),
        )
    }
    ordered = [courses[pk] for pk in ids if pk in courses]
    attach_next_sessions(ordered)
    links: dict[int, list[GuideCompetence]] = defaultdict(list)
    for link in GuideCompetence.objects.filter(
        guide_id__in={course.guide_id for course in ordered}, competence__is_active=True
    ).select_related("competence"):
        links[link.guide_id].append(link)
    for course in ordered:
        course.competence_links = links[course.guide_id]
    return ordered


def comparison(values: list[str]) -> Comparison:
    """What /kurser/sammenlign/ shows for the ``sammenlign`` values of the query string."""
    ids, bad = _parse(values)
    errors = []
    if len(ids) > MAX_COMPARE:
        errors.append(
            _("Du kan sammenligne højst %(max)s kurser ad gangen. De første %(max)s vises.")
            % {"max": MAX_COMPARE}
        )
        ids = ids[:MAX_COMPARE]
    courses = compared_courses(ids) if ids else []
    if bad or len(courses) < len(ids):
        errors.append(_("Et af de valgte kurser findes ikke (længere); det er sprunget over."))
    if len(courses) < MIN_COMPARE:
        errors.append(
            _("Vælg mindst %(min)s kurser i kataloget for at sammenligne dem.")
            % {"min": MIN_COMPARE}
        )
    return Comparison(courses=courses, errors=errors)
