"""The port through which the pillars plug in what the competencies pages show of them.

``competencies`` never imports ``courses`` or ``onsite`` (docs/architecture.md). Where one of its
pages needs something that lives in a pillar — the courses and sessions that close a gap, the
course pages a strategy line or a plan activity may name, the hours spent on completed courses,
the building projects a strategy is applied on — it asks this module, and the pillar answers
through a provider it registers in its ``AppConfig.ready()`` (the courses app registers its
``CourseCatalogue`` with ``offers.register_catalogue``, the onsite app its ``BuildingProjects``
with ``offers.register_projects``).

With no provider registered every question has an empty answer (no courses, no sessions, no
projects, nothing spent) and the competencies pages still work. A provider's answers carry the
pillar's own objects (course pages, sessions with ``seats_left``), which templates read as
before; competencies code treats them as opaque (``Any``) and names none of their models.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import QuerySet
from wagtail.models import Page


@dataclass(frozen=True)
class CompletedLearning:
    """Completed courses in one year: how many, their hours and their fees (kr.)."""

    count: int = 0
    hours: Decimal = Decimal("0")
    fees: Decimal = Decimal("0")


@dataclass(frozen=True)
class ProjectLink:
    """A building project a strategy's learning is applied on, as the strategy page shows it."""

    name: str
    phase: str
    url: str = ""


class Catalogue(Protocol):
    """What the course catalogue (the courses pillar) offers the competencies pages."""

    def courses_for_guides(self, guide_ids: list[int]) -> dict[int, list[Any]]:
        """Per guide id: a few live courses on it, each with ``open_sessions`` (sessions open
        for enrolment, with ``seats_left``) and ``provider_name``; a fixed number of queries."""
        ...

    def completed_learning(
        self, *, organisation_id: int, user_ids: QuerySet[Any], year: int
    ) -> CompletedLearning:
        """Courses completed in ``year`` through the organisation by ``user_ids`` (a values
        QuerySet of user ids); one query."""
        ...

    def course_pages(self) -> QuerySet[Page]:
        """The live course pages as plain ``Page`` rows in title order (a page link's choices)."""
        ...

    def course_cards(self) -> QuerySet[Any]:
        """The live courses with guide and ``provider_name`` (unordered), for choosing one."""
        ...

    def courses_by_id(self, ids: Iterable[int]) -> dict[int, Any]:
        """The live courses among ``ids`` by id (a retired course is missing); one query."""
        ...

    def sessions_by_id(self, ids: Iterable[int]) -> dict[int, Any]:
        """Course sessions by id, each with ``course_id``; one query."""
        ...

    def session_choices(self, course: Any, keep: int | None = None) -> QuerySet[Any]:
        """The course's upcoming sessions with ``seats_left``, soonest first, plus the session
        ``keep`` (one an activity already names) even when it has started; ``course`` None:
        none."""
        ...

    def first_session(self, course_id: int) -> Any | None:
        """Any one session of the course (the demo plans a hold on it), or None."""
        ...


class Projects(Protocol):
    """What the building sites (the onsite pillar) offer the competencies pages."""

    def projects_for_strategy(self, strategy_id: int) -> list[ProjectLink]:
        """The building projects that apply the strategy's learning, by name; one query."""
        ...


class NoCatalogue:
    """The answers when no course catalogue is installed: nothing, in no queries."""

    def courses_for_guides(self, guide_ids: list[int]) -> dict[int, list[Any]]:
        return {pk: [] for pk in guide_ids}

    def completed_learning(
        self, *, organisation_id: int, user_ids: QuerySet[Any], year: int
    ) -> CompletedLearning:
        return CompletedLearning()

    def course_pages(self) -> QuerySet[Page]:
        return _no_pages()

    def course_cards(self) -> QuerySet[Any]:
        return _no_pages()

    def courses_by_id(self, ids: Iterable[int]) -> dict[int, Any]:
        return {}

    def sessions_by_id(self, ids: Iterable[int]) -> dict[int, Any]:
        return {}

    def session_choices(self, course: Any, keep: int | None = None) -> QuerySet[Any]:
        # An empty QuerySet of some model, so a ModelChoiceField offers nothing.
        return _no_pages()

    def first_session(self, course_id: int) -> Any | None:
        return None


def _no_pages() -> QuerySet[Page]:
    pages: QuerySet[Page] = Page.objects.none()
    return pages


class NoProjects:
    """The answers when no building-site pillar is installed."""

    def projects_for_strategy(self, strategy_id: int) -> list[ProjectLink]:
        return []


@dataclass
class _Registry:
    catalogue: Catalogue | None = None
    projects: Projects | None = None


_registry = _Registry()


def register_catalogue(provider: Catalogue) -> None:
    """The courses pillar plugs in its catalogue (from its ``AppConfig.ready()``)."""
    _registry.catalogue = provider


def register_projects(provider: Projects) -> None:
    """The onsite pillar plugs in its building projects (from its ``AppConfig.ready()``)."""
    _registry.projects = provider


def catalogue() -> Catalogue:
    """The registered course catalogue, or one that offers nothing."""
    return _registry.catalogue or NoCatalogue()


def projects() -> Projects:
    """The registered building projects, or none."""
    return _registry.projects or NoProjects()


@contextmanager
def providers(
    *, catalogue: Catalogue | None = None, projects: Projects | None = None
) -> Iterator[None]:
    """Run a block with other providers (None: none registered), e.g. in a test of the
    competencies pages without the pillars; the registered ones come back afterwards."""
    saved = (_registry.catalogue, _registry.projects)
    _registry.catalogue, _registry.projects = catalogue, projects
    try:
        yield
    finally:
        _registry.catalogue, _registry.projects = saved
