"""Reads for the trial course (prøvehold): the evaluation tools a provider may pick, a
participant's evaluation, the anonymous summary of a trial session's evaluations, its
adjustments, and what the public course page says ("afprøvet og justeret").

Who sees which session or enrolment is ``courses.access``; these functions shape the rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from courses.access import TRIAL_PARTICIPANT_STATUSES
from courses.models import (
    CourseAdjustment,
    CoursePage,
    CourseSession,
    Enrolment,
    SessionStatus,
    TrialEvaluation,
)
from tools.models import Tool, ToolKind


def evaluation_tools() -> QuerySet[Tool]:
    """The live tools of kind "evaluation": what a trial session's evaluation may be."""
    return Tool.objects.live().filter(kind=ToolKind.EVALUATION).order_by("title")


def trial_evaluation_of(enrolment: Enrolment) -> TrialEvaluation | None:
    """The participant's evaluation of their trial session with its sheet; None before the
    first save."""
    return TrialEvaluation.objects.select_related("sheet").filter(enrolment=enrolment).first()


@dataclass
class EvaluationState:
    """What the participant's evaluation page shows: the questions (the saved sheet's, else the
    session's tool's), the answers so far, the version they build on, and whether it is in."""

    evaluation: TrialEvaluation | None
    schema: list[dict[str, Any]]
    answers: dict[str, Any]
    version: int

    @property
    def submitted(self) -> bool:
        return self.evaluation is not None and self.evaluation.submitted_at is not None


def trial_evaluation_state(enrolment: Enrolment) -> EvaluationState:
    """The participant's evaluation as the page shows it; one query (the tool comes with the
    enrolment from ``courses.access.get_trial_enrolment_for``)."""
    evaluation = trial_evaluation_of(enrolment)
    if evaluation is not None:
        sheet = evaluation.sheet
        return EvaluationState(evaluation, sheet.schema, sheet.data, sheet.version)
    session = enrolment.session
    tool = session.trial_evaluation_tool if session is not None else None
    return EvaluationState(None, tool.schema() if tool is not None else [], {}, 0)


def submitted_evaluations(session: CourseSession) -> QuerySet[TrialEvaluation]:
    """The submitted evaluations of a trial session with their answers, in the order they came.

    Carries no names: the summary and the export are anonymous."""
    return (
        TrialEvaluation.objects.filter(enrolment__session=session, submitted_at__isnull=False)
        .select_related("sheet")
        .order_by("submitted_at", "pk")
    )


def session_adjustments(session: CourseSession) -> QuerySet[CourseAdjustment]:
    """What the provider changed after the trial session, newest first."""
    return CourseAdjustment.objects.filter(session=session).order_by("-adjusted_on", "-pk")


# --- The summary -----------------------------------------------------------------------------


@dataclass
class Share:
    """One value of a question with how many gave it and their share of the answers (%)."""

    label: str
    count: int
    percent: int


@dataclass
class QuestionSummary:
    """One question of the evaluation, summed up over the submitted evaluations."""

    id: str
    kind: str
    label: str
    answered: int = 0
    average: float | None = None
    shares: list[Share] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class TrialSummary:
    """A trial session's evaluations: how many took part, answered and submitted, and every
    question summed up (scale: average and distribution; choice and checklist: counts; text:
    the answers, without names)."""

    participant_count: int
    started_count: int
    submitted_count: int
    questions: list[QuestionSummary]

    @property
    def draft_count(self) -> int:
        """Evaluations saved as a draft and not submitted."""
        return self.started_count - self.submitted_count


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def _merged_schema(
    session: CourseSession, sheets_schemas: list[list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The questions in the order the sheets asked them; a tool edited between two sheets
    contributes the questions only the later ones had. The session's tool when none is saved."""
    fields: dict[str, dict[str, Any]] = {}
    schemas = sheets_schemas
    if not schemas and session.trial_evaluation_tool is not None:
        schemas = [session.trial_evaluation_tool.schema()]
    for schema in schemas:
        for question in schema:
            fields.setdefault(str(question.get("id")), question)
    return list(fields.values())


def questions_of(
    session: CourseSession, evaluations: list[TrialEvaluation]
) -> list[dict[str, Any]]:
    """The questions the evaluations answered (the summary's and the export's columns)."""
    return _merged_schema(session, [e.sheet.schema for e in evaluations])


def _answered(value: Any) -> bool:
    return value not in (None, "", [], {})


def _summarise(question: dict[str, Any], values: list[Any]) -> QuestionSummary:
    kind = str(question.get("kind", ""))
    summary = QuestionSummary(id=str(question["id"]), kind=kind, label=question.get("label", ""))
    given = [value for value in values if _answered(value)]
    summary.answered = len(given)
    if kind == "scale":
        numbers = [v for v in given if isinstance(v, int) and not isinstance(v, bool)]
        low, high = int(question.get("minimum", 1)), int(question.get("maximum", 5))
        counts = Counter(numbers)
        summary.shares = [
            Share(str(step), counts[step], _percent(counts[step], len(numbers)))
            for step in range(low, high + 1)
        ]
        summary.average = sum(numbers) / len(numbers) if numbers else None
    elif kind == "choice":
        chosen = Counter(option for v in given for option in (v if isinstance(v, list) else [v]))
        options = list(question.get("options", []))
        options += sorted(str(o) for o in chosen if o not in options)
        summary.shares = [
            Share(str(o), chosen[o], _percent(chosen[o], len(given))) for o in options
        ]
    elif kind == "checklist":
        items = list(question.get("items", []))
        ticked = Counter(i for v in given if isinstance(v, list) for i in v)
        summary.shares = [
            Share(str(item), ticked[i], _percent(ticked[i], len(values)))
            for i, item in enumerate(items)
        ]
    elif kind == "text":
        summary.texts = [str(v) for v in given]
    return summary


def trial_summary(session: CourseSession) -> TrialSummary:
    """The anonymous summary of a trial session's evaluations, in two queries however many
    participants it had (the participants' count and the evaluations with their answers)."""
    participants = session.enrolments.filter(status__in=TRIAL_PARTICIPANT_STATUSES).count()
    evaluations = list(
        TrialEvaluation.objects.filter(enrolment__session=session)
        .select_related("sheet")
        .order_by("submitted_at", "pk")
    )
    submitted = [e for e in evaluations if e.submitted_at is not None]
    schema = _merged_schema(session, [e.sheet.schema for e in submitted])
    questions = [
        _summarise(question, [e.sheet.data.get(str(question["id"])) for e in submitted])
        for question in schema
    ]
    return TrialSummary(
        participant_count=participants,
        started_count=len(evaluations),
        submitted_count=len(submitted),
        questions=questions,
    )


# --- The public course page ------------------------------------------------------------------


@dataclass
class TrialRecord:
    """What the course page says about the course's trial: when it was tried and what changed."""

    trial_dates: list[datetime]
    adjustments: list[CourseAdjustment]

    @property
    def last_adjusted_on(self) -> date:
        return max(adjustment.adjusted_on for adjustment in self.adjustments)


def course_trial_record(course: CoursePage) -> TrialRecord | None:
    """The course's trial sessions that have ended and its adjustments, or None unless there
    is at least one of each: the page claims "afprøvet og justeret" only when both are true.
    Two queries at most."""
    trial_dates = list(
        CourseSession.objects.filter(course=course, is_trial=True, ends_at__lt=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
    )
    if not trial_dates:
        return None
    adjustments = list(
        CourseAdjustment.objects.filter(course=course).order_by("-adjusted_on", "-pk")
    )
    if not adjustments:
        return None
    return TrialRecord(trial_dates=trial_dates, adjustments=adjustments)
