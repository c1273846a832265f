"""The courses tests: the world's catalogue (tests/world.py: Almen Akademi and ByggeLæring with
their editors Sofie and Jonas, Maria of the network secretariat) and learners of their own.

Fjordbo here needs approval of its enrolments and has CVR 33333333 (tests assert both), so it is
this app's own, built with the world's factories:
  Karen  staff, projektleder, whose enrolments need approval
  Lars   Karen's manager: approves Fjordbo's enrolments
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from competencies.models import Guide
from courses.models import CoursePage, CourseSession, ModulePage
from organisations.models import Organisation, User
from tests.factories import (
    CoursePageFactory,
    CourseSessionFactory,
    ModulePageFactory,
    OrganisationFactory,
    person,
)
from tests.factories.organisations import PASSWORD
from tests.world import (  # noqa: F401  (fixtures other apps' tests import from here)
    akademi,
    byggelaering,
    catalogue,
    home,
    jonas,
    maria,
    sofie,
)

__all__ = ["PASSWORD", "QUIZ", "make_course", "make_learner", "make_module", "make_session"]


def _editor(email: str, organisation: Organisation, roles: Iterable[str], first_name: str) -> User:
    """An editor of ``organisation`` with TOTP set up."""
    return person(email, organisation, roles, first_name, totp=True)


def make_course(
    provider: Organisation,
    guide: str = "A3",
    title: str = "Fremtidsanalyse",
    publish: bool = True,
    **fields: Any,
) -> CoursePage:
    """A course in the provider's section (a draft with ``publish=False``)."""
    return CoursePageFactory.create(
        parent=provider.course_section,
        guide=Guide.objects.get(code=guide),
        title=title,
        publish=publish,
        **fields,
    )


QUIZ = {
    "type": "quiz",
    "value": {
        "title": "Quiz",
        "pass_mark": 50,
        "questions": [
            {
                "question": "Hvilken vejledning handler om fremtidsanalyse?",
                "options": [
                    {"text": "A3", "correct": True},
                    {"text": "A1", "correct": False},
                ],
                "explanation": "HEMMELIG-FORKLARING: A3 er Fremtidsanalyse.",
            },
            {
                "question": "Hvilke er A-vejledninger?",
                "options": [
                    {"text": "A4", "correct": True},
                    {"text": "A5", "correct": True},
                    {"text": "D9", "correct": False},
                ],
                "explanation": "A4 og A5 hører til A-serien.",
            },
        ],
    },
}


def make_module(
    course: CoursePage, title: str = "Modul 1", body: list[Any] | None = None
) -> ModulePage:
    return ModulePageFactory.create(
        parent=course, title=title, body=body if body is not None else [QUIZ]
    )


# --- Sessions and learners ---------------------------------------------------------------


def make_session(
    course: CoursePage, *, capacity: int = 5, days: int = 30, **fields: Any
) -> CourseSession:
    """A session ``days`` ahead, validated as ``session_create`` validates it."""
    start = timezone.now() + timedelta(days=days)
    values = {
        "starts_at": start,
        "ends_at": start + timedelta(hours=7),
        "registration_deadline": start - timedelta(days=7),
        "cancellation_deadline": start - timedelta(days=7),
        **fields,
    }
    session = CourseSessionFactory.build(course=course, capacity=capacity, **values)
    session.full_clean()
    session.save()
    return session


def make_learner(
    email: str,
    organisation: Organisation,
    roles: Iterable[str] = ("staff",),
    first_name: str = "Lærende",
    job_function: str | None = None,
) -> User:
    """A learner "<first name> Test"; a privileged role comes with TOTP (the two-factor policy)."""
    return person(email, organisation, roles, first_name, "Test", job_function=job_function)


@pytest.fixture
def fjordbo(db: None) -> Organisation:
    return OrganisationFactory.create(
        name="Fjordbo",
        kind="housing",
        cvr="33333333",
        requires_enrolment_approval=True,
        city="",
        postcode="",
    )


@pytest.fixture
def karen(fjordbo: Organisation) -> User:
    """A staff member of Fjordbo, whose enrolments need approval."""
    return make_learner(
        "karen@fjordbo.example", fjordbo, first_name="Karen", job_function="projektleder"
    )


@pytest.fixture
def lars(fjordbo: Organisation) -> User:
    """Karen's manager: approves Fjordbo's enrolments."""
    return make_learner(
        "lars@fjordbo.example", fjordbo, roles=("staff", "manager"), first_name="Lars"
    )


@pytest.fixture
def course(akademi: Organisation) -> CoursePage:  # noqa: F811
    return make_course(akademi, "A3", "Fremtidsanalyse")


@pytest.fixture
def session(course: CoursePage) -> CourseSession:
    return make_session(course, capacity=2)
