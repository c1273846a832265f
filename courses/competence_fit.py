"""Reads: does a requested course fit the person's competence profile?

An approver deciding on a request wants to know whether the course closes a gap in the
person's kompetenceprofil. The course builds the competences its guide builds
(``GuideCompetence``: competence and level); the person's profile is the effective role profile
of their job function in the enrolment's organisation, with their current levels, read through
``competencies.gaps.requirement_rows`` (the same rule as the gap analysis). ``competencies``
does not know courses, so the two meet here, in the courses app.

Queries: one for the guides' competences, one per organisation on the page (the effective
profile is per organisation; an approver approves for one or a few), however many requests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from competencies.gaps import Scope, requirement_rows
from competencies.models import Competence, GuideCompetence
from courses.models import Enrolment
from organisations.models import Membership


class Fit(StrEnum):
    CLOSES_GAP = "closes_gap"  # the course builds a required competence the person lacks
    MET = "met"  # the course's competences are in the profile, already at the required level
    OUTSIDE = "outside"  # none of the course's competences is in the person's profile
    NO_PROFILE = "no_profile"  # no job function, or the function has no profile
    UNKNOWN = "unknown"  # the course's guide names no competences


@dataclass(frozen=True)
class FitLine:
    """One competence the course builds, against the person's profile."""

    competence: Competence
    course_level: int
    required: int | None  # None: not in the profile
    current: int | None

    @property
    def closes_gap(self) -> bool:
        return (
            self.required is not None
            and self.current is not None
            and self.current < self.required
            and self.course_level > self.current
        )


@dataclass(frozen=True)
class CompetenceFit:
    fit: Fit
    lines: list[FitLine] = field(default_factory=list)

    @property
    def gaps_closed(self) -> list[FitLine]:
        return [line for line in self.lines if line.closes_gap]

    @property
    def competence_names(self) -> list[str]:
        return [line.competence.name for line in self.lines]

    @property
    def profile_competence_names(self) -> list[str]:
        """The course's competences that the person's profile requires."""
        return [line.competence.name for line in self.lines if line.required is not None]


def _guide_competences(guide_ids: set[int]) -> dict[int, list[GuideCompetence]]:
    links = GuideCompetence.objects.filter(
        guide_id__in=guide_ids, competence__is_active=True
    ).select_related("competence__area")
    by_guide: dict[int, list[GuideCompetence]] = defaultdict(list)
    for link in links:
        by_guide[link.guide_id].append(link)
    return by_guide


def _requirements(memberships: list[Membership]) -> dict[int, dict[int, tuple[int, int]]]:
    """{membership id: {competence id: (required, current)}} for every requirement of each
    membership's effective profile; one query per organisation."""
    by_org: dict[int, list[int]] = defaultdict(list)
    for membership in memberships:
        by_org[membership.organisation_id].append(membership.pk)
    result: dict[int, dict[int, tuple[int, int]]] = {m.pk: {} for m in memberships}
    for organisation_id, ids in by_org.items():
        scope = Scope(organisation_id, Membership.objects.filter(pk__in=ids))
        rows = requirement_rows(scope).values_list(
            "membership_id", "competence_id", "required", "current"
        )
        for membership_id, competence_id, required, current in rows:
            result[membership_id][competence_id] = (required, current)
    return result


def _fit(links: list[GuideCompetence], profile: dict[int, tuple[int, int]] | None) -> CompetenceFit:
    if not links:
        return CompetenceFit(Fit.UNKNOWN)
    if not profile:
        return CompetenceFit(
            Fit.NO_PROFILE, [FitLine(g.competence, g.level, None, None) for g in links]
        )
    lines = [
        FitLine(g.competence, g.level, *profile.get(g.competence_id, (None, None))) for g in links
    ]
    if any(line.closes_gap for line in lines):
        fit = Fit.CLOSES_GAP
    elif any(line.required is not None for line in lines):
        fit = Fit.MET
    else:
        fit = Fit.OUTSIDE
    return CompetenceFit(fit, lines)


def attach_competence_fit(enrolments: Iterable[Enrolment]) -> None:
    """Set ``competence_fit`` (a ``CompetenceFit``) on each enrolment.

    Expects ``membership`` from ``selectors.attach_memberships`` (the person's job function in
    the enrolment's organisation) and ``course`` selected with the enrolment.
    """
    enrolments = list(enrolments)
    links = _guide_competences({e.course.guide_id for e in enrolments})
    memberships = [
        m
        for m in (getattr(e, "membership", None) for e in enrolments)
        if m is not None and m.job_function_id
    ]
    requirements = _requirements(memberships)
    for enrolment in enrolments:
        membership = getattr(enrolment, "membership", None)
        profile = requirements.get(membership.pk) if membership is not None else None
        enrolment.competence_fit = _fit(links.get(enrolment.course.guide_id, []), profile)  # type: ignore[attr-defined]
