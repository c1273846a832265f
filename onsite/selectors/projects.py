"""Reads of building projects: the list, the project page (timeline, parties, guides) and the
leaders' page of parties, members and invitations. Projects and entries come from
``onsite.access`` (the rows the person may see); these functions only shape them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from competencies.models import Guide
from onsite.models import (
    BuildingProject,
    EffectCategory,
    EntryKind,
    EntryStatus,
    LogEntry,
    ProjectInvitation,
    ProjectMember,
    ProjectParty,
)
from onsite.models.log import LogEntryQuerySet
from onsite.models.projects import BuildingProjectQuerySet
from organisations.models import Department, Organisation, OrganisationKind

INVITATIONS_SHOWN = 50


def project_listing(
    projects: BuildingProjectQuerySet, filters: dict[str, Any]
) -> QuerySet[BuildingProject]:
    """The list page's rows: ``projects`` (from ``access.projects_for``) after the filters."""
    return projects.for_listing().filter(**filters)


class TimelineFilter:
    """The timeline's filters, read from the URL (kind, guide, party, effect category, status).

    Unknown values are ignored rather than refused: a filter link is never an error page.
    """

    def __init__(self, params: dict[str, str]) -> None:
        self.kind = params.get("type", "") if params.get("type") in EntryKind.values else ""
        category = params.get("effekt", "")
        self.category = category if category in EffectCategory.values else ""
        status = params.get("status", "")
        self.status = status if status in EntryStatus.values else ""
        self.guide = _int_or_none(params.get("vejledning"))
        self.party = _int_or_none(params.get("part"))

    def apply(self, entries: LogEntryQuerySet) -> LogEntryQuerySet:
        """``entries`` narrowed by every filter that is set."""
        return entries.filter(self.condition())

    def condition(self) -> Q:
        """Every filter that is set as one condition without a join (the party through a
        subquery), so it can also filter a count inside an aggregate."""
        condition = Q()
        if self.kind:
            condition &= Q(kind=self.kind)
        if self.category:
            condition &= Q(effect_category=self.category)
        if self.status:
            condition &= Q(status=self.status)
        if self.guide:
            condition &= Q(guide_id=self.guide)
        if self.party:
            with_party = LogEntry.parties.through.objects.filter(projectparty_id=self.party)
            condition &= Q(pk__in=with_party.values("logentry_id"))
        return condition

    @property
    def active(self) -> bool:
        return bool(self.kind or self.category or self.status or self.guide or self.party)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def timeline(entries: LogEntryQuerySet, filters: TimelineFilter) -> LogEntryQuerySet:
    """The project page's timeline: ``entries`` (from ``access.entries_on``) after the filters."""
    return filters.apply(entries.for_timeline())


def submitted_count(entries: LogEntryQuerySet) -> int:
    """How many of ``entries`` wait for approval."""
    return entries.filter(status=EntryStatus.SUBMITTED).count()


@dataclass(frozen=True)
class TimelineCounts:
    shown: int  # entries after the timeline's filters (the pages)
    submitted: int  # entries waiting for approval, whatever the filters


def timeline_counts(entries: LogEntryQuerySet, filters: TimelineFilter) -> TimelineCounts:
    """Both counts of the project page in one pass over ``entries`` (from
    ``access.entries_on``): an index-only scan of (project, status) for a leader."""
    counts = entries.aggregate(
        shown=Count("pk", filter=filters.condition()),
        submitted=Count("pk", filter=Q(status=EntryStatus.SUBMITTED)),
    )
    return TimelineCounts(shown=counts["shown"], submitted=counts["submitted"])


def party_contributions(project: BuildingProject) -> list[ProjectParty]:
    """Each party with its number of approved entries (``entry_count``), most first: the
    parties, and one grouped count over the link table joined to the approved entries' ids
    (read from the ``onsite_entry_figures`` index) — two queries at any size."""
    counts = dict(
        LogEntry.parties.through.objects.filter(
            logentry__project=project, logentry__status=EntryStatus.APPROVED
        )
        .order_by()
        .values_list("projectparty_id")
        .annotate(n=Count("*"))
    )
    parties = list(project.parties.order_by("role", "name"))
    for party in parties:
        party.entry_count = counts.get(party.pk, 0)  # type: ignore[attr-defined]
    return sorted(parties, key=lambda party: -party.entry_count)  # type: ignore[attr-defined]


def guides_applied(project: BuildingProject) -> list[dict[str, object]]:
    """Each guide applied in approved entries, with its count, and the project's own guides."""
    counts = {
        row["guide_id"]: row["n"]
        for row in LogEntry.objects.filter(project=project, status=EntryStatus.APPROVED)
        .exclude(guide=None)
        .values("guide_id")
        .annotate(n=Count("pk"))
    }
    own = {g.pk for g in project.guides.all()}
    guides = Guide.objects.filter(Q(pk__in=own) | Q(pk__in=list(counts))).in_order()
    return [{"guide": g, "count": counts.get(g.pk, 0), "in_use": g.pk in own} for g in guides]


def current_guides() -> QuerySet[Guide]:
    """The guides a timeline may be filtered by."""
    return Guide.objects.current().in_order()


def project_departments(project: BuildingProject) -> QuerySet[Department]:
    return project.departments.order_by("number")


def project_members(project: BuildingProject) -> QuerySet[ProjectMember]:
    """The project's members with their person and party."""
    return project.members.select_related("user", "party")


def project_parties(project: BuildingProject) -> QuerySet[ProjectParty]:
    """The project's parties (with their organisation) in the order the pages list them."""
    return project.parties.select_related("organisation").order_by("role", "name")


def open_invitations(project: BuildingProject) -> QuerySet[ProjectInvitation]:
    """Invitations to the project that can still be accepted."""
    return project.invitations.open().select_related("party", "invited_by")


def recent_invitations(project: BuildingProject) -> QuerySet[ProjectInvitation]:
    """The project's latest invitations, whatever became of them."""
    return project.invitations.select_related("party", "invited_by", "accepted_by")[
        :INVITATIONS_SHOWN
    ]


def partner_organisations() -> QuerySet[Organisation]:
    """Organisations that can be a party on a project (not course providers or the network)."""
    return Organisation.objects.exclude(
        kind__in=[OrganisationKind.PROVIDER, OrganisationKind.NETWORK]
    ).order_by("name")
