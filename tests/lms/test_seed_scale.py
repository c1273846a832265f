"""``manage.py seed_scale``: the shape of the data set it builds, and where it refuses to run.

The ``s`` build runs in CI's PostgreSQL pass (COPY is the PostgreSQL path): one build, every
check on it, rolled back at the end like any test. The refusals and a build of the internal
``tiny`` size run in both passes (on SQLite they take the batched-insert path).
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.test import Client

from competencies.models import CompetencePlan, Evidence, LearningStrategy, RoleProfile
from courses.models import Certificate, CoursePage, CourseSession, Enrolment, ModulePage
from lms.scale.logins import PASSWORD, ROLES, login_email, scale_logins
from lms.scale.sizes import SIZES
from onsite.models import BuildingProject, EffectIndicator, LogEntry
from onsite.models.lessons import Lesson
from organisations.models import Department, Membership, Organisation, User
from tests.factories.organisations import OrganisationFactory, UserFactory

TWO_FACTOR_ROLES = {"manager", "hr", "project_leader", "provider_editor"}


def _seed(size: str) -> None:
    call_command("seed_scale", size=size, stdout=_Quiet())


class _Quiet:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "people": User.objects.count(),
        "departments": Department.objects.count(),
        "courses": CoursePage.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "entries": LogEntry.objects.count(),
    }


@pytest.mark.postgres
@pytest.mark.django_db
def test_size_s_has_the_shape_of_the_sector_on_postgresql() -> None:
    size = SIZES["s"]
    _seed("s")

    # Counts per model against the sizes.
    assert Organisation.objects.count() == size.organisations
    assert User.objects.count() == size.people
    assert Membership.objects.count() == size.people
    assert Department.objects.count() == size.departments
    assert CoursePage.objects.live().count() == size.courses
    assert ModulePage.objects.live().count() == size.courses * size.modules_per_course
    assert CourseSession.objects.count() == size.sessions
    assert Enrolment.objects.count() == size.enrolments
    assert LogEntry.objects.count() == size.log_entries
    assert BuildingProject.objects.count() == size.projects
    assert Lesson.objects.published().count() == size.lessons
    # The largest organisation has 2,000 people at every size; the rest is a long tail.
    people = list(
        Organisation.objects.filter(kind="housing")
        .annotate(n=Count("memberships"))
        .order_by("-n")
        .values_list("n", flat=True)
    )
    assert people[0] == 2_000
    assert people[-1] < people[0] // 4
    # One project has the most entries.
    biggest = BuildingProject.objects.annotate(n=Count("entries")).order_by("-n").first()
    assert biggest is not None and biggest.n == size.largest_project_entries  # type: ignore[attr-defined]

    # Sessions past and future, some full with a waiting list; completions leave evidence.
    assert CourseSession.objects.filter(status="held").exists()
    full = CourseSession.objects.filter(status="full")
    assert full.exists()
    assert Enrolment.objects.filter(session__in=full, status="waitlisted").exists()
    completed = Enrolment.objects.filter(status="completed").count()
    assert Certificate.objects.count() == completed
    assert Evidence.objects.filter(source="course").count() >= completed
    assert CompetencePlan.objects.exists()
    assert LearningStrategy.objects.filter(status="active").exists()
    assert RoleProfile.objects.filter(organisation__isnull=False).exists()
    assert EffectIndicator.objects.exists()

    # The profile's people exist, log in with the published password, and hold TOTP when
    # their role needs it; learners have enrolments, a plan and evidence.
    for role in ROLES:
        logins = scale_logins(role, "s")
        assert User.objects.filter(email__in=[login.email for login in logins]).count() == len(
            logins
        )
        user = authenticate(email=logins[0].email, password=PASSWORD)
        assert user is not None, role
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        assert has_totp == (role in set(settings.LMS_TWO_FACTOR_ROLES)), role
    learner = User.objects.get(email=login_email("learner", 1))
    assert learner.enrolments.filter(status="completed").exists()
    assert learner.competence_plans.exists() and learner.evidence.exists()
    leader = User.objects.get(email=login_email("project_leader", 1))
    assert biggest.members.filter(user=leader, is_leader=True).exists()
    somebody = User.objects.filter(email__startswith="person-").first()
    assert somebody is not None and not somebody.has_usable_password()

    # Course pages are live and reachable by their URL.
    course = CoursePage.objects.live().order_by("pk").first()
    assert course is not None
    assert Client().get(course.url).status_code == 200
    module = ModulePage.objects.live().child_of(course).first()
    assert module is not None and Client().get(module.url).status_code == 200


@pytest.mark.django_db
def test_tiny_builds_and_a_second_run_is_refused() -> None:
    _seed("tiny")
    size = SIZES["tiny"]
    assert Organisation.objects.count() == size.organisations
    assert User.objects.count() == size.people
    assert Enrolment.objects.count() == size.enrolments
    assert LogEntry.objects.count() == size.log_entries
    before = _counts()

    with pytest.raises(CommandError, match="allerede et skala-datasæt"):
        _seed("tiny")
    assert _counts() == before


@pytest.mark.django_db
def test_it_refuses_a_database_with_the_demos_organisation() -> None:
    OrganisationFactory(name="Boligselskabet Fjordbo")
    before = _counts()

    with pytest.raises(CommandError, match="1 organisationer"):
        _seed("tiny")
    assert _counts() == before


@pytest.mark.django_db
def test_it_refuses_a_database_with_a_person_of_its_own() -> None:
    UserFactory(email="karen@fjordbo.example")
    before = _counts()

    with pytest.raises(CommandError, match="1 personer"):
        _seed("tiny")
    assert _counts() == before
