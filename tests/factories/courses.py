"""Factories for pillar 3: providers and their catalogue pages, sessions, enrolments and
certificates.

Course and module pages go into the page tree (``parent=``): a course below its provider's
section page, a module below its course. ``provider()`` onboards a course provider the way the
network secretariat does (section page, editor group); the catalogue must exist first
(``catalogue()``).
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from courses import services
from courses.models import (
    Certificate,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    ModulePage,
)
from organisations.models import Organisation
from tests.factories.competencies import GuideFactory
from tests.factories.organisations import OrganisationFactory, UserFactory
from tests.factories.pages import PageFactory, home_page


def catalogue(home: Any = None) -> CourseIndexPage:
    """The catalogue at /kurser/ below ``home`` (a fresh home page when none is given)."""
    return services.catalogue_setup(home=home if home is not None else home_page())


def provider(name: str, cvr: str = "", **fields: Any) -> Organisation:
    """A course provider, onboarded: it has its section page and editor group."""
    organisation = OrganisationFactory.create(name=name, kind="provider", cvr=cvr, **fields)
    services.provider_onboard(organisation=organisation)
    organisation.refresh_from_db()
    return organisation


class CoursePageFactory(PageFactory[CoursePage]):
    """A published attendance course on A3: ``CoursePageFactory(parent=provider.course_section)``."""

    class Meta:
        model = CoursePage

    title = "Fremtidsanalyse"
    guide = factory.SubFactory(GuideFactory, code="A3")
    summary = "Et kursus om fremtidsanalyse."
    learning_outcomes = "<p>At kunne analysere afdelingens fremtid.</p>"
    format = "attendance"
    duration_hours = Decimal("7")
    price = Decimal("2500")


class ModulePageFactory(PageFactory[ModulePage]):
    """A self-paced module of a course: ``ModulePageFactory(parent=course, body=[…])``."""

    class Meta:
        model = ModulePage

    title = "Modul 1"
    estimated_minutes = 30
    body = "[]"

    @classmethod
    def _adjust_kwargs(cls, **kwargs: Any) -> dict[str, Any]:
        if not isinstance(kwargs.get("body"), str):
            kwargs["body"] = json.dumps(kwargs["body"])
        return kwargs


def _provider_of(course: CoursePage) -> Organisation:
    return course.get_parent().specific.provider


class CourseSessionFactory(DjangoModelFactory[CourseSession]):
    """A session 30 days ahead in Copenhagen, deadlines a week before, five seats."""

    class Meta:
        model = CourseSession
        exclude = ("days",)

    days = 30
    course = None  # required: pass the CoursePage
    provider = factory.LazyAttribute(lambda o: _provider_of(o.course))
    starts_at = factory.LazyAttribute(lambda o: timezone.now() + timedelta(days=o.days))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=7))
    capacity = 5
    price = Decimal("2500")
    registration_deadline = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=7))
    cancellation_deadline = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=7))
    address = "Kursusgade 3"
    postcode = "2100"
    city = "København"
    region = "hovedstaden"


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    """A booked seat on a session; ``course`` follows the session."""

    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    session = None
    course = factory.LazyAttribute(lambda o: o.session.course if o.session else None)
    organisation = None
    status = EnrolmentStatus.BOOKED
    requested_by = factory.SelfAttribute("user")


class CertificateFactory(DjangoModelFactory[Certificate]):
    """The certificate of a completed enrolment, with what it says frozen from the enrolment."""

    class Meta:
        model = Certificate

    enrolment = factory.SubFactory(EnrolmentFactory, status=EnrolmentStatus.COMPLETED)
    person_name = factory.LazyAttribute(lambda o: o.enrolment.user.get_full_name())
    course_title = factory.LazyAttribute(lambda o: o.enrolment.course.title)
    guide_code = factory.LazyAttribute(lambda o: o.enrolment.course.guide.code)
    provider_name = factory.LazyAttribute(lambda o: _provider_of(o.enrolment.course).name)
    hours = factory.LazyAttribute(lambda o: o.enrolment.course.duration_hours)
    completed_on = factory.LazyFunction(timezone.localdate)
