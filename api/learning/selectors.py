"""Reads of the learning endpoints, each a QuerySet that a page of any size reads in a fixed
number of queries.

Who may see what is never decided here: every read starts from the access policy of the app
that owns the rows (``courses.access``, ``competencies.access``, ``onsite.access``), asked for
the token's principal (the HR person who created it), and is then narrowed to the token's
organisation — a token acts for one organisation only, even when its creator is HR elsewhere too.

Each QuerySet carries ``changed_at``: the moment its row last changed in a way the API shows.
``updated_since`` filters on it, the cursor pages by it, and it is served as ``updated_at``.
(Named ``changed_at`` because some models already have an ``updated_at`` field that misses
changes the row shows: a revoked certificate does not touch its enrolment.)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from django.db.models import (
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from competencies import access as competence_access
from competencies.levels import current_level
from competencies.models import Competence, Evidence
from courses import access as course_access
from courses import selectors as course_selectors
from courses.models import CourseSession, EnrolmentEvent, EnrolmentStatus
from onsite import access as onsite_access
from onsite.models import EntryStatus, LogEntryRevision
from organisations.models import Membership, Organisation, User

if TYPE_CHECKING:
    from competencies.models.evidence import EvidenceQuerySet
    from courses.models.enrolments import EnrolmentQuerySet
    from organisations.models import MembershipQuerySet

S = EnrolmentStatus

# The request leaves "requested" / "awaiting approval" for a seat or the waitlist: accepted,
# by an approver or (where none is needed) at once.
_PENDING = (S.REQUESTED, S.AWAITING_APPROVAL)
_PLACED = (S.BOOKED, S.WAITLISTED)


# --- Enrolments and completions --------------------------------------------------------------


def _approved_at() -> Subquery:
    """When the enrolment was accepted: its first move from pending into a seat or the waitlist."""
    accepted = (
        EnrolmentEvent.objects.filter(
            enrolment=OuterRef("pk"), from_status__in=_PENDING, to_status__in=_PLACED
        )
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    return Subquery(accepted, output_field=DateTimeField())


def enrolments(principal: User, organisation: Organisation) -> EnrolmentQuerySet:
    """The organisation's enrolments that the principal sees, with person, course, session,
    ``approved_at`` and ``changed_at`` (the enrolment's own ``updated_at``)."""
    return (
        course_access.enrolments_for(principal)
        .filter(organisation=organisation)
        .select_related("user", "course__guide", "session")
        .annotate(approved_at=_approved_at(), changed_at=F("updated_at"))
    )


def completions(principal: User, organisation: Organisation) -> EnrolmentQuerySet:
    """The organisation's completed enrolments with their certificates; ``changed_at`` also
    moves when the certificate is revoked (which does not touch the enrolment)."""
    return (
        course_access.enrolments_for(principal)
        .filter(organisation=organisation, status=S.COMPLETED)
        .select_related("user", "course__guide", "session", "certificate")
        .annotate(
            changed_at=Greatest("updated_at", Coalesce("certificate__revoked_at", "updated_at"))
        )
    )


def enrollable_people(principal: User, organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's people the principal may enrol (those they look after: HR, all)."""
    return course_access.colleagues_to_enrol(principal).filter(organisation=organisation)


def bookable_sessions() -> QuerySet[CourseSession]:
    """The sessions one may enrol a colleague in: upcoming sessions of live courses."""
    return course_selectors.bookable_sessions()


# --- Evidence and competence levels ----------------------------------------------------------


def _evidence_changed_at() -> Coalesce:
    """Evidence is written once and then only decided on (approved, rejected, withdrawn)."""
    return Coalesce("decided_at", "created_at")


def evidence(principal: User, organisation: Organisation) -> EvidenceQuerySet:
    """Evidence recorded in the organisation that the principal sees, with person, competence
    and guide; ``changed_at`` is its latest decision, else when it was recorded."""
    return (
        competence_access.evidence_for(principal)
        .filter(organisation=organisation)
        .select_related("user", "competence", "guide")
        .annotate(changed_at=_evidence_changed_at())
    )


def _last_evidence_change() -> Subquery:
    newest = (
        Evidence.objects.filter(user_id=OuterRef("user_id"))
        .annotate(changed=_evidence_changed_at())
        .order_by("-changed")
        .values("changed")[:1]
    )
    return Subquery(newest, output_field=DateTimeField())


def level_people(principal: User, organisation: Organisation) -> MembershipQuerySet:
    """The organisation's people whose levels the principal sees (``people_for``: HR, all),
    with ``changed_at``: the later of the membership's change and the person's newest
    evidence change."""
    people = cast("MembershipQuerySet", competence_access.people_for(principal, organisation))
    return people.select_related("user").annotate(
        evidence_changed_at=_last_evidence_change(),
        changed_at=Greatest("updated_at", Coalesce("evidence_changed_at", "updated_at")),
    )


def levels_changed_since(people: MembershipQuerySet, since: datetime) -> MembershipQuerySet:
    """People whose levels may read differently than at ``since``: their membership or
    evidence changed, or evidence started or stopped counting by the calendar (achieved on a
    later day, or expired) — which changes a level without writing anything."""
    since_day, today = timezone.localdate(since), timezone.localdate()
    calendar = Q(achieved_on__gt=since_day, achieved_on__lte=today) | Q(
        expires_on__gt=since_day, expires_on__lte=today
    )
    touched = Evidence.objects.annotate(changed=_evidence_changed_at()).filter(
        Q(changed__gte=since) | calendar, user_id=OuterRef("user_id")
    )
    return people.filter(Q(changed_at__gte=since) | Exists(touched))


@dataclass(frozen=True)
class CompetenceLevel:
    """A person's current level in one competence (the rule: ``competencies.levels``)."""

    competence_id: int
    code: str
    name: str
    level: int


def levels_by_person(user_ids: list[int], on: date | None = None) -> dict[int, list[Any]]:
    """{person id: their level in every competence they have evidence for (0 included: a level
    that fell to nothing is news to a system that keeps levels)}, in one query."""
    if not user_ids:
        return {}
    rows = (
        Evidence.objects.filter(user_id__in=user_ids)
        .order_by()
        .values("user_id", "competence_id", "competence__code", "competence__name")
        .distinct()
        .annotate(level=current_level(OuterRef("user_id"), OuterRef("competence_id"), on))
    )
    result: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        result[row["user_id"]].append(
            CompetenceLevel(
                competence_id=row["competence_id"],
                code=row["competence__code"],
                name=row["competence__name"],
                level=row["level"],
            )
        )
    for levels in result.values():
        levels.sort(key=lambda level: level.code)
    return result


# --- Approved learning-log entries (xAPI) ----------------------------------------------------


def _newest_revision() -> Subquery:
    newest = (
        LogEntryRevision.objects.filter(entry=OuterRef("entry"))
        .order_by("-number")
        .values("pk")[:1]
    )
    return Subquery(newest)


def _previous_revision_number() -> Subquery:
    """The number of the approved revision this one replaces (None for the first)."""
    previous = (
        LogEntryRevision.objects.filter(entry=OuterRef("entry"), number__lt=OuterRef("number"))
        .order_by("-number")
        .values("number")[:1]
    )
    return Subquery(previous)


def approved_revisions(principal: User, organisation: Organisation) -> QuerySet[LogEntryRevision]:
    """The latest approved revision of every approved entry on the organisation's building
    projects that the principal sees (``onsite.access.entries_for``), with what a statement
    needs; ``changed_at`` is when it was approved (the statement's ``stored``)."""
    entries = onsite_access.entries_for(principal).filter(
        project__organisation=organisation, status=EntryStatus.APPROVED
    )
    return (
        LogEntryRevision.objects.filter(entry__in=entries.values("pk"), pk=_newest_revision())
        .select_related("entry__project", "entry__author", "entry__guide")
        .prefetch_related("entry__participants__user", "entry__competences__competence")
        .annotate(changed_at=F("approved_at"), previous_number=_previous_revision_number())
    )


def competences_by_code(codes: set[str]) -> dict[str, Competence]:
    """The competences named in statements, by code, in one query (none asked: none run)."""
    if not codes:
        return {}
    return {c.code: c for c in Competence.objects.filter(code__in=codes)}


# --- Small filters the viewsets apply (a view module runs no query of its own) ---------------


def of_person(rows: QuerySet[Any], person_field: str, person: int) -> QuerySet[Any]:
    """``rows`` whose person (``person_field``) is ``person``."""
    return rows.filter(**{person_field: person})


def with_status(rows: QuerySet[Any], status: str) -> QuerySet[Any]:
    """``rows`` in ``status``."""
    return rows.filter(status=status)


def one(rows: QuerySet[Any], pk: int) -> Any:
    """The row ``pk`` of ``rows`` (which already holds only what the token may see)."""
    return rows.get(pk=pk)
