"""Reads of "Sæt et godt hold" (seed 003): the team of a building project set against the
competences it needs, in a fixed number of queries however many people and needs.

The team is the project's members (onsite, read through its selectors) and the process's role
holders. A person's level is the competencies app's level rule: the highest approved evidence
that counts today (``Evidence.objects.valid_on``, the condition the gap analysis uses). What
closes a gap is what the gap pages show: the guides that build the competence far enough
(``competencies.gaps.guides_closing``) with their courses and open sessions from the catalogue
port (``competencies.offers.catalogue()``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from competencies import gaps, offers
from competencies.models import Evidence, Level
from onsite import selectors as onsite_selectors
from organisations.models import User
from processes.models import Process, ProcessRole, ProcessSheet, TeamNeed

MATRIX_SLUG = "funktion-partner-matrix"


@dataclass
class TeamMember:
    """A person on the team and why: their party on the project, their roles in the process."""

    user: User
    labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Cell:
    need: TeamNeed
    level: int

    @property
    def meets(self) -> bool:
        return self.level >= self.need.level

    @property
    def label(self) -> str:
        """The level as text (never colour alone): "3 – anvender"."""
        return str(Level(self.level).label)


@dataclass(frozen=True)
class TeamRow:
    member: TeamMember
    cells: list[Cell]


@dataclass
class NeedSummary:
    """One need: the best level on the team, who reaches it, and what closes the gap."""

    need: TeamNeed
    best: int
    reached_by: list[User]
    offers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return not self.reached_by

    @property
    def best_label(self) -> str:
        return str(Level(self.best).label)


@dataclass
class TeamGrid:
    needs: list[TeamNeed]
    rows: list[TeamRow]
    summaries: list[NeedSummary]
    matrix_sheet: ProcessSheet | None

    @property
    def gaps(self) -> list[NeedSummary]:
        return [summary for summary in self.summaries if summary.is_gap]


def team_needs(process: Process) -> list[TeamNeed]:
    """The competences the team needs: general first, then professional, in framework order."""
    return list(
        TeamNeed.objects.filter(process=process)
        .select_related("competence__area")
        .order_by("scope", "competence__area__sort_order", "competence__sort_order", "pk")
    )


def team_members(process: Process) -> list[TeamMember]:
    """The project's members and the process's role holders, each once, by name (two queries)."""
    people: dict[int, TeamMember] = {}
    if process.project is not None:
        for member in onsite_selectors.project_members(process.project):
            label = member.party.name if member.party else _("Byggesagen")
            if member.is_leader:
                label = _("%(party)s (projektleder)") % {"party": label}
            people.setdefault(member.user_id, TeamMember(member.user)).labels.append(label)
    roles = ProcessRole.objects.filter(process=process, person__isnull=False).select_related(
        "person"
    )
    for role in roles:
        person = role.person
        assert person is not None
        people.setdefault(person.pk, TeamMember(person)).labels.append(role.name)
    return sorted(people.values(), key=lambda m: (m.user.name.casefold(), m.user.pk))


def documented_levels(user_ids: list[int], competence_ids: list[int]) -> dict[tuple[int, int], int]:
    """(person, competence) → level from approved evidence that counts today; one query."""
    if not user_ids or not competence_ids:
        return {}
    rows = (
        Evidence.objects.valid_on()
        .filter(user_id__in=user_ids, competence_id__in=competence_ids)
        .values("user_id", "competence_id")
        .order_by()
        .annotate(level=Max("level"))
    )
    return {(row["user_id"], row["competence_id"]): row["level"] for row in rows}


def closing_offers(needs: list[TeamNeed]) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """Per (competence, level) of a gap: the guides that build it that far, each with its live
    courses and their next open sessions. Three queries, however many gaps."""
    wanted = {(need.competence_id, need.level) for need in needs}
    links = gaps.guides_closing(wanted)
    guide_ids = sorted({link.guide_id for found in links.values() for link in found})
    courses = offers.catalogue().courses_for_guides(guide_ids) if guide_ids else {}
    return {
        key: [
            {"guide": link.guide, "level": link.level, "courses": courses.get(link.guide_id, [])}
            for link in found
        ]
        for key, found in links.items()
    }


def matrix_sheet(process: Process) -> ProcessSheet | None:
    """The process's function × partner matrix (a shared tool), if it has one."""
    return (
        ProcessSheet.objects.filter(process=process, tool__slug=MATRIX_SLUG)
        .select_related("tool")
        .first()
    )


def team_grid(process: Process) -> TeamGrid:
    """People × needed competences with each documented level, per need whether someone on the
    team reaches it, and what closes each gap."""
    needs = team_needs(process)
    members = team_members(process)
    levels = documented_levels([m.user.pk for m in members], [n.competence_id for n in needs])
    rows = [
        TeamRow(
            member,
            [Cell(need, levels.get((member.user.pk, need.competence_id), 0)) for need in needs],
        )
        for member in members
    ]
    summaries = []
    for index, need in enumerate(needs):
        cells = [(row.member.user, row.cells[index]) for row in rows]
        summaries.append(
            NeedSummary(
                need=need,
                best=max((cell.level for _user, cell in cells), default=0),
                reached_by=[user for user, cell in cells if cell.meets],
            )
        )
    found = closing_offers([s.need for s in summaries if s.is_gap])
    for summary in summaries:
        if summary.is_gap:
            summary.offers = found.get((summary.need.competence_id, summary.need.level), [])
    return TeamGrid(needs=needs, rows=rows, summaries=summaries, matrix_sheet=matrix_sheet(process))
