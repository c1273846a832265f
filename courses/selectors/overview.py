"""The personal start page (Min side): the courses app's panels, composed by ``cms.overview``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count
from django.utils import timezone

from courses import access
from courses.models import CourseSession, Enrolment, EnrolmentStatus
from courses.selectors.learning import (
    PENDING_STATUSES,
    attach_memberships,
    my_enrolments,
    pending_approvals,
    with_progress,
    with_waitlist_positions,
)

if TYPE_CHECKING:
    from organisations.access import AnyUser
    from organisations.models import User


# Each panel shows what it shows in a fixed number of queries, however many rows lie behind
# it; the composing view (``cms.overview``) decides which panels a person gets.

OVERVIEW_LIMIT = 5
PROVIDER_SESSIONS_SHOWN = 8
NEXT_STATUSES = (*PENDING_STATUSES, EnrolmentStatus.BOOKED)
UNFINISHED_STATUSES = (*NEXT_STATUSES, EnrolmentStatus.ATTENDED)


@dataclass
class LearnerOverview:
    """The person's own courses, sorted into what comes next and what is under way."""

    upcoming: list[Enrolment]
    waiting: list[Enrolment]
    in_progress: list[Enrolment]
    completed: list[Enrolment]

    @property
    def has_tasks(self) -> bool:
        return bool(self.upcoming or self.waiting or self.in_progress)


def learner_overview(user: User) -> LearnerOverview:
    """Next sessions (booked or waiting for approval), waitlist places with their positions,
    courses under way with their progress, and completed courses; at most four queries."""
    now = timezone.now()
    upcoming, waiting, in_progress, completed = [], [], [], []
    for enrolment in my_enrolments(user):
        status, session = enrolment.status, enrolment.session
        if status == EnrolmentStatus.COMPLETED:
            completed.append(enrolment)
        elif status == EnrolmentStatus.WAITLISTED:
            waiting.append(enrolment)
        elif session is not None and session.ends_at > now and status in NEXT_STATUSES:
            upcoming.append(enrolment)
        elif status in UNFINISHED_STATUSES:
            # Self-paced, or a held session whose modules or attendance are still open.
            in_progress.append(enrolment)
    upcoming.sort(key=lambda e: (e.session.starts_at if e.session else now, e.pk))
    return LearnerOverview(
        upcoming=upcoming,
        waiting=with_waitlist_positions(waiting),
        in_progress=with_progress(user, in_progress),
        completed=completed,
    )


@dataclass
class ApproverOverview:
    """Enrolment requests waiting for the person's decision: the oldest few and how many."""

    requests: list[Enrolment]
    count: int


def pending_approval_count(user: AnyUser) -> int:
    """How many requests wait for the person's decision: one cheap count, kept on the user
    object for the rest of the request (the header's badge and Min side both ask); 0 for
    non-approvers without a query."""
    if not access.approves_enrolments(user):
        return 0
    cached = getattr(user, "_lms_pending_approval_count", None)
    if cached is None:
        cached = access.requests_to_decide_for(user).count()
        user._lms_pending_approval_count = cached  # type: ignore[union-attr]
    return cached


def approver_overview(user: AnyUser, *, limit: int = OVERVIEW_LIMIT) -> ApproverOverview | None:
    """None for someone who approves nothing; else the oldest ``limit`` requests (with
    their memberships, for the job function) and the total, in three queries."""
    if not access.approves_enrolments(user):
        return None
    requests = list(pending_approvals(user)[:limit])
    count = pending_approval_count(user)
    attach_memberships(requests)
    return ApproverOverview(requests=requests, count=count)


@dataclass
class ProviderOverview:
    """A provider editor's next sessions with their seats, and the requests still pending."""

    sessions: list[CourseSession]
    session_count: int
    pending_count: int


def provider_overview(
    user: AnyUser, *, limit: int = PROVIDER_SESSIONS_SHOWN
) -> ProviderOverview | None:
    """None unless the person edits for a provider; else the providers' next ``limit``
    sessions, each with ``booked_count``, ``waitlist_count`` and ``pending_count``, the number
    of upcoming sessions and of pending requests on them; three queries."""
    provider_ids = access.edited_provider_ids(user)
    if not provider_ids:
        return None
    upcoming = CourseSession.objects.upcoming().filter(provider_id__in=provider_ids)
    pending = models.Q(enrolments__status__in=PENDING_STATUSES)
    sessions = list(
        upcoming.with_seats()
        .annotate(pending_count=Count("enrolments", filter=pending))
        .select_related("course", "provider")
        .order_by("starts_at", "pk")[:limit]
    )
    pending_count = Enrolment.objects.filter(
        session__in=upcoming, status__in=PENDING_STATUSES
    ).count()
    session_count = upcoming.count()
    return ProviderOverview(sessions, session_count, pending_count)
