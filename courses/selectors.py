"""Reads for the catalogue and guide pages: QuerySets that already carry what cards show."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Avg, Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from wagtail.search.backends import get_search_backend

from courses.models import (
    ACTIVE_STATUSES,
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    ModulePage,
    ModuleProgress,
    ProviderSectionPage,
)
from organisations import access

# Wagtail's tree path: every level adds four characters.
STEPLEN = 4

SORTS = {
    "titel": ["title"],
    "pris": ["price", "title"],
    "varighed": ["duration_hours", "title"],
    "nyeste": ["-first_published_at", "title"],
}


def _section_of_course() -> Subquery:
    # A course's parent is always a provider section (parent_page_types), whose path is the
    # course's path minus its last step.
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - STEPLEN)
    return ProviderSectionPage.objects.filter(path=parent_path)


def course_cards() -> QuerySet[CoursePage]:
    """Live courses with guide, provider name and id, in one query."""
    sections = _section_of_course()
    return (
        CoursePage.objects.live()
        .select_related("guide", "image")
        .annotate(
            provider_id=Subquery(sections.values("provider_id")[:1]),
            provider_name=Subquery(sections.values("provider__name")[:1]),
        )
    )


@dataclass(frozen=True)
class CatalogueFilters:
    guide: str = ""
    series: str = ""
    provider: int | None = None
    format: str = ""
    job_function: str = ""
    q: str = ""
    sort: str = ""


def course_catalogue(filters: CatalogueFilters) -> QuerySet[CoursePage]:
    """The catalogue's courses after combining every filter; ordered by ``filters.sort``.

    Free text goes through Wagtail search (so it is Danish-stemmed on PostgreSQL) and is then
    combined with the other filters as a set of ids, which keeps the query count fixed.
    """
    courses = course_cards()
    if filters.guide:
        courses = courses.filter(guide__code__iexact=filters.guide)
    if filters.series:
        courses = courses.filter(guide__series=filters.series)
    if filters.provider:
        courses = courses.filter(provider_id=filters.provider)
    if filters.format:
        courses = courses.filter(format=filters.format)
    if filters.job_function:
        courses = courses.filter(target_job_functions__code=filters.job_function)
    if filters.q:
        backend = get_search_backend()
        hits = backend.search(filters.q, CoursePage.objects.live(), operator="and")
        courses = courses.filter(pk__in=[page.pk for page in hits])
    ordering = SORTS.get(filters.sort) or SORTS["titel"]
    return courses.order_by(*ordering)


def provider_sections() -> QuerySet[ProviderSectionPage]:
    """Live provider sections with their organisations, for filters and listings."""
    return ProviderSectionPage.objects.live().select_related("provider").order_by("title")


def courses_for_guide(guide_id: int) -> QuerySet[CoursePage]:
    """Every provider's live course on one guide, cheapest first, with its average rating."""
    return (
        course_cards()
        .filter(guide_id=guide_id)
        .annotate(
            rating_avg=Avg("enrolments__evaluation__rating"),
            rating_count=Count("enrolments__evaluation"),
        )
        .order_by(F("price").asc(), "title")
    )


def attach_next_sessions(courses) -> None:  # type: ignore[no-untyped-def]
    """Set ``next_session`` (with ``seats_left``) on each course, in one query."""
    courses = list(courses)
    first = next_sessions_by_course([course.pk for course in courses])
    for course in courses:
        course.next_session = first.get(course.pk)


# --- Sessions, enrolments and progress -----------------------------------------------------


def upcoming_sessions(course: CoursePage) -> QuerySet[CourseSession]:
    """The course's sessions that have not started, with seats left, soonest first."""
    return course.sessions.upcoming().with_seats().order_by("starts_at")


def module_progress(user, course: CoursePage) -> tuple[set[int], int, int]:  # type: ignore[no-untyped-def]
    """(ids of the modules the person has done, done count, module count)."""
    modules = list(ModulePage.objects.live().child_of(course).values_list("pk", flat=True))
    if not user.is_authenticated or not modules:
        return set(), 0, len(modules)
    done = set(
        ModuleProgress.objects.filter(user=user, module_id__in=modules).values_list(
            "module_id", flat=True
        )
    )
    return done, len(done), len(modules)


def course_page_context(*, course: CoursePage, user) -> dict:  # type: ignore[no-untyped-def]
    """Everything the course page shows beyond the page itself."""
    modules = list(ModulePage.objects.live().child_of(course).specific())
    done, done_count, total = module_progress(user, course)
    enrolments = {}
    if user.is_authenticated:
        for enrolment in Enrolment.objects.active().filter(user=user, course=course):
            enrolments[enrolment.session_id] = enrolment
    return {
        "modules": modules,
        "provider": course.get_parent().specific.provider,
        "sessions": upcoming_sessions(course),
        "my_enrolments": enrolments,
        "my_enrolment": next(iter(enrolments.values()), None),
        "modules_done": done,
        "progress_percent": (100 * done_count // total) if total else 0,
    }


def next_sessions_by_course(course_ids: list[int]) -> dict[int, CourseSession]:
    """The next upcoming session of each course, with seats left, in one query."""
    sessions = (
        CourseSession.objects.upcoming()
        .filter(course_id__in=course_ids)
        .with_seats()
        .order_by("course_id", "starts_at")
    )
    first: dict[int, CourseSession] = {}
    for session in sessions:
        first.setdefault(session.course_id, session)
    return first


def my_enrolments(user) -> QuerySet[Enrolment]:  # type: ignore[no-untyped-def]
    """The person's own enrolments with what "Min side" shows."""
    return Enrolment.objects.filter(user=user).for_listing().order_by("-created_at")


def waitlist_position(enrolment: Enrolment) -> int | None:
    if enrolment.status != EnrolmentStatus.WAITLISTED or enrolment.session_id is None:
        return None
    ahead = Enrolment.objects.filter(
        session_id=enrolment.session_id, status=EnrolmentStatus.WAITLISTED
    ).filter(
        models.Q(waitlisted_at__lt=enrolment.waitlisted_at)
        | models.Q(waitlisted_at=enrolment.waitlisted_at, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1


def pending_approvals(user) -> QuerySet[Enrolment]:  # type: ignore[no-untyped-def]
    """Requests waiting for ``user`` to decide, oldest first: those of the people they look
    after (HR: the organisation; a manager: their department), never their own."""
    waiting = Enrolment.objects.filter(status=EnrolmentStatus.AWAITING_APPROVAL).for_listing()
    return access.own_or_looked_after(user, waiting).exclude(user_id=user.pk).order_by("created_at")


def session_participants(session: CourseSession) -> QuerySet[Enrolment]:
    """A session's enrolments for the provider's participant list."""
    return (
        Enrolment.objects.filter(session=session)
        .exclude(status__in=[EnrolmentStatus.CANCELLED, EnrolmentStatus.REJECTED])
        .select_related("user", "organisation", "certificate")
        .order_by("status", "user__first_name", "user__last_name")
    )


ACTIVE = ACTIVE_STATUSES


def with_waitlist_positions(enrolments: list[Enrolment]) -> list[Enrolment]:
    """Set ``waitlist_position`` on each waitlisted enrolment, in one query for them all."""
    session_ids = {e.session_id for e in enrolments if e.status == EnrolmentStatus.WAITLISTED}
    queue = (
        Enrolment.objects.filter(session_id__in=session_ids, status=EnrolmentStatus.WAITLISTED)
        .order_by("session_id", "waitlisted_at", "pk")
        .values_list("pk", "session_id")
    )
    positions: dict[int, int] = {}
    counters: dict[int, int] = {}
    for pk, session_id in queue:
        counters[session_id] = counters.get(session_id, 0) + 1
        positions[pk] = counters[session_id]
    for enrolment in enrolments:
        enrolment.waitlist_position = positions.get(enrolment.pk)  # type: ignore[attr-defined]
    return enrolments


def with_progress(user, enrolments: list[Enrolment]) -> list[Enrolment]:  # type: ignore[no-untyped-def]
    """Set ``progress_percent`` (modules done) on each enrolment, in two queries in all."""
    course_paths = {e.course.path: e for e in enrolments}
    if not course_paths:
        return enrolments
    modules = (
        ModulePage.objects.live()
        .filter(
            models.Q(
                *[models.Q(path__startswith=path) for path in course_paths], _connector=models.Q.OR
            )
        )
        .values_list("pk", "path")
    )
    done = set(
        ModuleProgress.objects.filter(
            user=user, module_id__in=[pk for pk, _ in modules]
        ).values_list("module_id", flat=True)
    )
    totals: dict[str, list[int]] = {path: [0, 0] for path in course_paths}
    for pk, path in modules:
        parent = path[:-STEPLEN]
        if parent in totals:
            totals[parent][1] += 1
            totals[parent][0] += pk in done
    for path, enrolment in course_paths.items():
        finished, total = totals[path]
        enrolment.progress_percent = 100 * finished // total if total else 0  # type: ignore[attr-defined]
    return enrolments


def attach_memberships(enrolments) -> None:  # type: ignore[no-untyped-def]
    """Give each enrolment the person's membership (job function) in its organisation; one query."""
    from organisations.models import Membership

    enrolments = list(enrolments)
    keys = {(e.user_id, e.organisation_id) for e in enrolments}
    memberships = Membership.objects.filter(
        user_id__in={u for u, _ in keys}, organisation_id__in={o for _, o in keys}
    ).select_related("job_function", "department")
    by_key = {(m.user_id, m.organisation_id): m for m in memberships}
    for enrolment in enrolments:
        enrolment.membership = by_key.get((enrolment.user_id, enrolment.organisation_id))  # type: ignore[attr-defined]


# --- For the gap analysis: what closes a gap, and what the organisation spent ---------------
# (Imports kept local to this section, so that it stands on its own at the end of the file.)


def courses_for_guides(
    guide_ids: list[int], *, per_guide: int = 3, sessions_per_course: int = 2
) -> dict[int, list[CoursePage]]:
    """Up to ``per_guide`` live courses on each guide, cheapest first, in two queries.

    Each course gets ``open_sessions``: its next ``sessions_per_course`` sessions that are open
    for enrolment (not started, status open, deadline not passed), with ``seats_left``.
    """
    from django.db.models import Window
    from django.db.models.functions import RowNumber

    if not guide_ids:
        return {}
    rank = Window(RowNumber(), partition_by=F("guide_id"), order_by=[F("price").asc(), "title"])
    courses = list(
        course_cards()
        .filter(guide_id__in=guide_ids)
        .annotate(guide_rank=rank)
        .filter(guide_rank__lte=per_guide)
        .order_by("guide_id", "price", "title")
    )
    sessions = open_sessions_by_course([c.pk for c in courses], per_course=sessions_per_course)
    by_guide: dict[int, list[CoursePage]] = {pk: [] for pk in guide_ids}
    for course in courses:
        course.open_sessions = sessions.get(course.pk, [])  # type: ignore[attr-defined]
        by_guide[course.guide_id].append(course)
    return by_guide


def open_sessions_by_course(course_ids: list[int], *, per_course: int = 2) -> dict[int, list]:
    """The next ``per_course`` sessions of each course open for enrolment, in one query."""
    from django.db.models import Window
    from django.db.models.functions import RowNumber
    from django.utils import timezone

    from courses.models import SessionStatus

    if not course_ids:
        return {}
    rank = Window(RowNumber(), partition_by=F("course_id"), order_by=[F("starts_at").asc(), "pk"])
    sessions = (
        CourseSession.objects.upcoming()
        .filter(
            course_id__in=course_ids,
            status=SessionStatus.OPEN,
            registration_deadline__gt=timezone.now(),
        )
        .with_seats()
        .annotate(course_rank=rank)
        .filter(course_rank__lte=per_course)
        .order_by("course_id", "starts_at", "pk")
    )
    result: dict[int, list[CourseSession]] = {}
    for session in sessions:
        result.setdefault(session.course_id, []).append(session)
    return result


def completed_learning(*, organisation_id: int, user_ids: QuerySet, year: int) -> dict:
    """``count``, ``hours`` (the courses' durations) and ``fees`` (the session's price, or the
    course's price when self-paced) of the enrolments through ``organisation_id`` by
    ``user_ids`` (a values QuerySet) completed in ``year``, as Decimals; one query."""
    from decimal import Decimal

    from django.db.models import Sum
    from django.db.models.functions import Coalesce

    money = models.DecimalField(max_digits=16, decimal_places=2)
    sums = Enrolment.objects.filter(
        organisation_id=organisation_id,
        user_id__in=user_ids,
        status=EnrolmentStatus.COMPLETED,
        completed_at__year=year,
    ).aggregate(
        count=Count("pk"),
        hours=Sum("course__duration_hours"),
        fees=Sum(Coalesce("session__price", "course__price", output_field=money)),
    )
    return {
        "count": sums["count"] or 0,
        "hours": Decimal(sums["hours"] or 0),
        "fees": Decimal(sums["fees"] or 0),
    }


# --- The personal start page (Min side): the courses app's panels --------------------------
# Each returns what one panel shows in a fixed number of queries, however many rows lie behind
# it; the composing view (``cms.overview``) decides which panels a person gets.

OVERVIEW_LIMIT = 5
PROVIDER_SESSIONS_SHOWN = 8
# Requests that have not reached the provider's seat count yet: the organisation still decides.
PENDING_STATUSES = (EnrolmentStatus.REQUESTED, EnrolmentStatus.AWAITING_APPROVAL)
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


def learner_overview(user) -> LearnerOverview:  # type: ignore[no-untyped-def]
    """Next sessions (booked or waiting for approval), waitlist places with their positions,
    courses under way with their progress, and completed courses; at most four queries."""
    from django.utils import timezone

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
    upcoming.sort(key=lambda e: (e.session.starts_at, e.pk))
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


def pending_approval_count(user) -> int:  # type: ignore[no-untyped-def]
    """How many requests wait for the person's decision: one cheap count, kept on the user
    object for the rest of the request (the header's badge and Min side both ask); 0 for
    non-approvers without a query."""
    if not access.approver_organisation_ids(user):
        return 0
    cached = getattr(user, "_lms_pending_approval_count", None)
    if cached is None:
        waiting = Enrolment.objects.filter(status=EnrolmentStatus.AWAITING_APPROVAL)
        cached = access.own_or_looked_after(user, waiting).exclude(user_id=user.pk).count()
        user._lms_pending_approval_count = cached
    return cached


def approver_overview(user, *, limit: int = OVERVIEW_LIMIT) -> ApproverOverview | None:  # type: ignore[no-untyped-def]
    """None for someone who approves nothing; else the oldest ``limit`` requests (with
    their memberships, for the job function) and the total, in three queries."""
    if not access.approver_organisation_ids(user):
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


def provider_overview(user, *, limit: int = PROVIDER_SESSIONS_SHOWN) -> ProviderOverview | None:  # type: ignore[no-untyped-def]
    """None unless the person edits for a provider; else the providers' next ``limit``
    sessions, each with ``booked_count``, ``waitlist_count`` and ``pending_count``, the number
    of upcoming sessions and of pending requests on them; three queries."""
    from organisations.models import Role

    provider_ids = access.organisation_ids_with_any_role(user, (Role.PROVIDER_EDITOR,))
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


def follows_course(user, course: CoursePage) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``user`` holds a place in ``course`` (booked, attended or done): the people whose
    module progress counts. Someone awaiting approval, waitlisted or not enrolled may read a
    module but not mark it done."""
    if not user.is_authenticated:
        return False
    return Enrolment.objects.holding_seats().filter(user=user, course=course).exists()
