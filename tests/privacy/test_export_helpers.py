"""Small builders for the export tests."""

from __future__ import annotations

from decimal import Decimal

from wagtail.models import Page


def course_for():
    """A published course page under the root (enough for an enrolment to point at)."""
    from competencies.models import Guide
    from courses.models import CoursePage

    existing = CoursePage.objects.first()
    if existing is not None:
        return existing
    course = CoursePage(
        title="Fremtidsanalyse",
        slug="fremtidsanalyse",
        guide=Guide.objects.get(code="A3"),
        summary="Et kursus.",
        learning_outcomes="<p>At kunne analysere.</p>",
        format="self_paced",
        duration_hours=Decimal("3"),
        price=Decimal("0"),
    )
    Page.get_first_root_node().add_child(instance=course)
    return course
