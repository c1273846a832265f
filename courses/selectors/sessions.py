"""Reads of the providers' back office: sessions with their seat and request counts, a
session's participants, evaluation summaries, the providers to onboard. Which sessions and
courses an editor manages is ``courses.access``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Avg, Count, F, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone

from courses import access
from courses.models import (
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
)
from courses.models.enrolments import CourseSessionQuerySet
from courses.selectors.learning import PENDING_STATUSES
from courses.tree import section_of_course
from organisations.models import Organisation, OrganisationKind

if TYPE_CHECKING:
    from organisations.access import AnyUser


def session_participants(session: CourseSession) -> QuerySet[Enrolment]:
    """A session's enrolments for the provider's participant list."""
    return (
        Enrolment.objects.filter(session=session)
        .exclude(status__in=[EnrolmentStatus.CANCELLED, EnrolmentStatus.REJECTED])
        .select_related("user", "organisation", "certificate")
        .order_by("status", "user__first_name", "user__last_name")
    )


def with_counts(sessions: CourseSessionQuerySet) -> CourseSessionQuerySet:
    """Seats (``booked_count``, ``waitlist_count``, ``seats_left``) and ``pending_count``: the
    requests the learners' organisations have not decided yet. They hold no seat, but a
    provider who sees only "Booket 0" does not know that people are on their way; one query."""
    return sessions.with_seats().annotate(
        pending_count=Count("enrolments", filter=models.Q(enrolments__status__in=PENDING_STATUSES))
    )


def managed_sessions(user: AnyUser) -> CourseSessionQuerySet:
    """The sessions admin's listing: the editor's sessions with seat and request counts."""
    return with_counts(access.sessions_for(user))


def get_session_with_counts_for(user: AnyUser, pk: int) -> CourseSession:
    """A session the person manages, with ``with_counts``, in one query; 404 for every other."""
    return get_object_or_404(managed_sessions(user), pk=pk)


def sessions_by_time(queryset: QuerySet[CourseSession], when: str) -> QuerySet[CourseSession]:
    """``upcoming`` (not started) or ``past`` sessions of ``queryset``; any other value: all."""
    now = timezone.now()
    if when == "upcoming":
        return queryset.filter(starts_at__gte=now)
    if when == "past":
        return queryset.filter(starts_at__lt=now)
    return queryset


def provider_organisations() -> QuerySet[Organisation]:
    """Every course provider (organisation of the provider kind)."""
    return Organisation.objects.filter(kind=OrganisationKind.PROVIDER)


def providers_for_onboarding() -> QuerySet[Organisation]:
    """Course providers with their section and editor group, for the onboarding page."""
    return provider_organisations().select_related("course_section", "editor_group")


def get_provider_for_onboarding(pk: int) -> Organisation:
    """One course provider; 404 for any other organisation."""
    return get_object_or_404(providers_for_onboarding(), pk=pk)


def ranked_participants(session: CourseSession) -> QuerySet[Enrolment]:
    """The participant list, each numbered within its status (``status_rank``): the waitlist's
    order, first come first served."""
    return session_participants(session).annotate(
        status_rank=Window(
            RowNumber(),
            partition_by=[F("status")],
            order_by=[F("waitlisted_at").asc(), F("pk").asc()],
        )
    )


def get_participant(session: CourseSession, pk: int) -> Enrolment:
    """One participant of the session; 404 for anybody else's enrolment."""
    return get_object_or_404(session_participants(session), pk=pk)


def participants_by_ids(session: CourseSession, ids: list[int]) -> list[Enrolment]:
    """The session's participants among ``ids`` (others are left out)."""
    return list(session_participants(session).filter(pk__in=ids))


def evaluation_summary_by_course(user: AnyUser) -> QuerySet[CoursePage]:
    """Each course the person manages with its average rating and number of evaluations."""
    courses: QuerySet[CoursePage] = access.courses_for(user).annotate(
        rating_avg=Avg("enrolments__evaluation__rating"),
        rating_count=Count("enrolments__evaluation"),
    )
    return courses


def get_course_evaluation_summary_for(user: AnyUser, pk: int) -> CoursePage:
    """One course the person manages, with its rating summary; 404 for every other."""
    return get_object_or_404(evaluation_summary_by_course(user), pk=pk)


def evaluation_summary_by_provider(user: AnyUser) -> QuerySet[Evaluation, dict[str, Any]]:
    """Average rating and count per provider, grouped in the database."""
    section = section_of_course("enrolment__course__path")
    return (
        access.evaluations_for(user)
        .annotate(provider_name=Subquery(section.values("provider__name")[:1]))
        .values("provider_name")
        .annotate(rating_avg=Avg("rating"), rating_count=Count("pk"))
        .order_by("provider_name")
    )


def course_evaluations(course: CoursePage) -> QuerySet[Evaluation]:
    """The course's evaluations with their sessions, newest first."""
    return (
        Evaluation.objects.filter(enrolment__course=course)
        .select_related("enrolment__session")
        .order_by("-created_at")
    )
