"""What one build of the scale data set knows as it goes: the sizes, the random generator, the
writer, and the ids each step made for the steps after it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from lms.scale.progress import Progress
from lms.scale.sizes import Size
from lms.scale.writer import Writer


@dataclass
class Org:
    id: int
    kind: str
    name: str
    people: list[int] = field(default_factory=list)
    departments: list[int] = field(default_factory=list)
    managers: list[int] = field(default_factory=list)
    hr: list[int] = field(default_factory=list)
    project_leaders: list[int] = field(default_factory=list)


@dataclass
class Course:
    id: int
    provider: Org
    guide_code: str
    title: str
    self_paced: bool
    hours: Decimal
    price: Decimal
    modules: list[int] = field(default_factory=list)


@dataclass
class Session:
    id: int
    course: Course
    starts_at: datetime
    capacity: int


@dataclass
class Build:
    size: Size
    rng: random.Random
    writer: Writer
    progress: Progress
    now: datetime
    today: date
    organisations: list[Org] = field(default_factory=list)
    # Housing organisations, largest first.
    housing: list[Org] = field(default_factory=list)
    providers: list[Org] = field(default_factory=list)
    partners: dict[str, list[Org]] = field(default_factory=dict)
    person_name: dict[int, str] = field(default_factory=dict)
    person_org: dict[int, Org] = field(default_factory=dict)
    person_function: dict[int, int | None] = field(default_factory=dict)
    # The load profile's people per role (lms.scale.logins.ROLES), in number order.
    logins: dict[str, list[int]] = field(default_factory=dict)
    courses: list[Course] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    # Guide code → [(competence id, level)] that completing a course on it documents.
    guide_competences: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    guide_ids: dict[str, int] = field(default_factory=dict)
    # (user id, course) of every completed enrolment: the learners' evidence and certificates.
    completions: list[tuple[int, int, Course, date, int | None]] = field(default_factory=list)
    # (user id, module page id, when) of the modules people have done on self-paced courses.
    modules_done: list[tuple[int, int, datetime]] = field(default_factory=list)

    def count(self, counts: dict[str, int], label: str, value: int) -> None:
        counts[label] = counts.get(label, 0) + value
