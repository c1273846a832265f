"""What the load profile's journeys request, read from a ``seed_scale`` database before the run.

``run_profile.py`` calls :func:`build_targets` (Django is set up there) and writes the result as
JSON; ``locustfile.py`` reads that file (``LMS_PERF_TARGETS``) and never touches the database.
The pages are those of ``tests.perf.pages`` (the same list the query-plan check reads), found
for every seeded login of each role (``lms.scale.logins``): each simulated user logs in as its
own person and opens that person's pages (their organisation, plan, project, session, …).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ROLES = ("learner", "manager", "hr", "project_leader", "provider_editor")


def _role_pages() -> dict[str, Callable[[str, int], list[Any]]]:
    from tests.perf import pages

    return {
        "learner": pages.learner_pages,
        "manager": pages.manager_pages,
        "hr": pages.hr_pages,
        "project_leader": pages.project_leader_pages,
        "provider_editor": pages.provider_editor_pages,
    }


def build_targets(size: str, people_per_role: int | None = None) -> dict[str, Any]:
    """The anonymous pages, and per role each seeded person's e-mail and pages.

    ``people_per_role`` limits how many people of each role are looked up (all the size's
    logins by default); a person the data set lacks is left out.
    """
    from lms.scale import logins
    from organisations.models import User
    from tests.perf import pages

    count = len(logins.scale_logins("learner", size))
    if people_per_role is not None:
        count = min(count, people_per_role)
    people: dict[str, list[dict[str, Any]]] = {}
    for role, role_pages in _role_pages().items():
        emails = [login.email for login in logins.scale_logins(role, size)[:count]]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        people[role] = [
            {"email": email, "pages": _as_json(role_pages(size, number))}
            for number, email in enumerate(emails, start=1)
            if email in existing
        ]
    if not any(people.values()):
        raise LookupError(
            f"No logins of seed_scale --size {size} in this database: point DATABASE_URL at a "
            "database that `make seed-scale` built, with the same SIZE."
        )
    return {
        "size": size,
        "password": logins.PASSWORD,
        "totp_secret": logins.TOTP_SECRET,
        "anonymous": _as_json(pages.anonymous_pages()),
        "people": people,
        "dataset": dataset_size(),
    }


def _as_json(found: list[Any]) -> list[dict[str, str]]:
    return [{"name": page.name, "path": page.path} for page in found]


def page_roles(targets: dict[str, Any]) -> dict[str, str]:
    """Each page name's role ("anonymous" or a login role), in the order the tour opens them."""
    roles = {page["name"]: "anonymous" for page in targets["anonymous"]}
    for role, people in targets["people"].items():
        for person in people:
            for page in person["pages"]:
                roles.setdefault(page["name"], role)
    return roles


def dataset_size() -> dict[str, int]:
    """Rows per main model: the size of the data set the figures were measured on."""
    from competencies.models import Evidence
    from courses.models import CoursePage, CourseSession, Enrolment
    from onsite.models import BuildingProject, Lesson, LogEntry
    from organisations.models import Department, Membership, Organisation, User

    models: dict[str, Any] = {
        "organisations": Organisation,
        "departments": Department,
        "people": User,
        "memberships": Membership,
        "courses": CoursePage,
        "sessions": CourseSession,
        "enrolments": Enrolment,
        "evidence": Evidence,
        "projects": BuildingProject,
        "log entries": LogEntry,
        "lessons": Lesson,
    }
    return {name: model.objects.count() for name, model in models.items()}
