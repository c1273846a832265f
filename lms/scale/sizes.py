"""How big each size of the scale data set is.

``xl`` is the sector (tests/perf/README.md, docs: 500 organisations … 1,000,000 log entries);
``m`` is a tenth of it and ``s`` a hundredth. One thing does not scale down: the largest housing
organisation has 2,000 people at every size, because the pages that grow with an organisation
(the HR dashboard, the gap analysis) must be measured at the size a real large organisation has.
``s`` therefore has more people than a hundredth (2,000 in one organisation plus a small tail).
``tiny`` exists only for the SQLite tests of the command itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Size:
    name: str
    housing: int
    providers: int
    municipalities: int
    consultants: int
    contractors: int
    # Housing organisations with ``largest_organisation`` people each ("a few with 2,000").
    largest_count: int
    largest_organisation: int
    people: int
    departments: int
    courses: int
    modules_per_course: int
    sessions: int
    enrolments: int
    projects: int
    log_entries: int
    # The one project with the most entries (the profile's project page).
    largest_project_entries: int
    lessons: int
    # Every how many housing people has a competence plan.
    people_per_plan: int
    # The load profile's logins per role: lms.scale.logins.PER_ROLE for the public sizes.
    logins_per_role: int

    @property
    def organisations(self) -> int:
        """All organisations, the network secretariat included."""
        return (
            self.housing
            + self.providers
            + self.municipalities
            + self.consultants
            + self.contractors
            + 1
        )


SIZES: Final[dict[str, Size]] = {
    "xl": Size(
        name="xl",
        housing=455,
        providers=20,
        municipalities=8,
        consultants=8,
        contractors=8,
        largest_count=3,
        largest_organisation=2_000,
        people=50_000,
        departments=8_000,
        courses=1_000,
        modules_per_course=3,
        sessions=10_000,
        enrolments=500_000,
        projects=2_000,
        log_entries=1_000_000,
        largest_project_entries=20_000,
        lessons=10_000,
        people_per_plan=5,
        logins_per_role=40,
    ),
    "m": Size(
        name="m",
        housing=40,
        providers=5,
        municipalities=1,
        consultants=2,
        contractors=1,
        largest_count=1,
        largest_organisation=2_000,
        people=5_000,
        departments=800,
        courses=100,
        modules_per_course=3,
        sessions=1_000,
        enrolments=50_000,
        projects=200,
        log_entries=100_000,
        largest_project_entries=2_000,
        lessons=1_000,
        people_per_plan=5,
        logins_per_role=40,
    ),
    "s": Size(
        name="s",
        housing=3,
        providers=2,
        municipalities=0,
        consultants=1,
        contractors=1,
        largest_count=1,
        largest_organisation=2_000,
        people=2_500,
        departments=80,
        courses=10,
        modules_per_course=2,
        sessions=100,
        enrolments=5_000,
        projects=20,
        log_entries=10_000,
        largest_project_entries=1_000,
        lessons=100,
        people_per_plan=5,
        logins_per_role=10,
    ),
    # For the command's own tests on SQLite: every kind of row, in seconds.
    "tiny": Size(
        name="tiny",
        housing=2,
        providers=2,
        municipalities=0,
        consultants=1,
        contractors=1,
        largest_count=1,
        largest_organisation=60,
        people=100,
        departments=8,
        courses=4,
        modules_per_course=1,
        sessions=8,
        enrolments=120,
        projects=3,
        log_entries=60,
        largest_project_entries=30,
        lessons=5,
        people_per_plan=5,
        logins_per_role=2,
    ),
}
PUBLIC_SIZES: Final = ("s", "m", "xl")
