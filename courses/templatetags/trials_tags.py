"""The course page's "Afprøvet og justeret" record (``{% trial_record page as trial %}``)."""

from __future__ import annotations

from django import template

from courses.models import CoursePage
from courses.selectors.trials import TrialRecord, course_trial_record

register = template.Library()


@register.simple_tag
def trial_record(course: CoursePage) -> TrialRecord | None:
    """The course's ended trial sessions and adjustments, or None unless it has both."""
    return course_trial_record(course)
