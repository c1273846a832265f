"""The demo's trial course (seed 001): the A5 course was tried on a trial session, evaluated
and adjusted twice; the course page says so, and a second run changes nothing."""

import io

import pytest
from django.core.management import call_command

from courses.models import CourseAdjustment, CoursePage, CourseSession, TrialEvaluation
from courses.selectors.trials import course_trial_record, trial_summary

pytestmark = pytest.mark.django_db


def test_the_a5_course_is_tried_evaluated_and_adjusted():
    call_command("seed_demo", stdout=io.StringIO())
    course = CoursePage.objects.get(
        title="Implementering og forankring af den boligsociale indsats"
    )
    trial = CourseSession.objects.get(course=course, is_trial=True)
    assert trial.trial_evaluation_tool.slug == "evaluering-af-proevehold"
    summary = trial_summary(trial)
    assert summary.submitted_count >= 2 and summary.draft_count == 1
    record = course_trial_record(course)
    assert record is not None and len(record.adjustments) == 2

    counts = (TrialEvaluation.objects.count(), CourseAdjustment.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (TrialEvaluation.objects.count(), CourseAdjustment.objects.count()) == counts
