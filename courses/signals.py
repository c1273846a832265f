"""Receivers that keep the course figures and the cached catalogue pages in step with the rows.

Why receivers and not only the services: enrolments also change outside the enrolment services
(a person's erasure deletes theirs by cascade, factories and the admin save rows), and a figure
that drifts from its rows is worse than none. The receivers only call services.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core import page_cache
from courses.models import CourseSession, Enrolment, Evaluation
from courses.models.enrolments import seat_kind
from courses.services import figures


def enrolment_saved(sender: type[Enrolment], instance: Enrolment, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures: rebuilt with course_figures_rebuild()
    before = instance.loaded_place
    after = (instance.session_id, seat_kind(instance.status))
    if before == after:
        return
    for session_id, kind in {before, after}:
        if session_id is not None and kind:
            figures.session_counts_refresh(session_id=session_id)
    instance.loaded_place = after


def enrolment_deleted(sender: type[Enrolment], instance: Enrolment, **kwargs: Any) -> None:
    for session_id, kind in {
        instance.loaded_place,
        (instance.session_id, seat_kind(instance.status)),
    }:
        if session_id is not None and kind:
            figures.session_counts_refresh(session_id=session_id)


def evaluation_changed(sender: type[Evaluation], instance: Evaluation, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    course_id = (
        Enrolment.objects.filter(pk=instance.enrolment_id)
        .values_list("course_id", flat=True)
        .first()
    )
    if course_id is not None:
        figures.course_summary_refresh(course_id=course_id)


def session_saved(sender: type[CourseSession], instance: CourseSession, **kwargs: Any) -> None:
    """A session's dates, price, capacity or status show on the cached catalogue pages."""
    transaction.on_commit(page_cache.bump_on_commit(figures.CATALOGUE))
