"""A catalogue with two onboarded providers, their editors and a network editor.

Every editor has TOTP set up, as the two-factor gate demands for the admin.
"""

from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from wagtail.models import Page, Site

from cms.models import HomePage
from competencies.models import Guide
from courses import services
from courses.models import CoursePage, ModulePage
from organisations import demo
from organisations import services as org_services

PASSWORD = "Korrekt-Hest-Batteri-9"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = HomePage(title="Forside", slug="forside", hero_heading="Velkommen")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    return home


@pytest.fixture
def catalogue(home):
    return services.catalogue_setup(home=home)


def _editor(email, organisation, roles, first_name):
    user = org_services.user_create(email=email, password=PASSWORD, first_name=first_name)
    org_services.membership_create(user=user, organisation=organisation, roles=roles)
    TOTP.activate(user, demo.DEMO_TOTP_SECRET)
    return user


@pytest.fixture
def akademi(catalogue):
    org = org_services.organisation_create(name="Almen Akademi", kind="provider", cvr="11111111")
    services.provider_onboard(organisation=org)
    org.refresh_from_db()
    return org


@pytest.fixture
def byggelaering(catalogue):
    org = org_services.organisation_create(name="ByggeLæring", kind="provider", cvr="22222222")
    services.provider_onboard(organisation=org)
    org.refresh_from_db()
    return org


@pytest.fixture
def sofie(akademi):
    """Editor at Almen Akademi."""
    return _editor("sofie@akademi.example", akademi, ["staff", "provider_editor"], "Sofie")


@pytest.fixture
def jonas(byggelaering):
    """Editor at ByggeLæring: must never touch Almen Akademi's pages."""
    return _editor(
        "jonas@byggelaering.example", byggelaering, ["staff", "provider_editor"], "Jonas"
    )


@pytest.fixture
def maria(catalogue):
    """Network editor at the secretariat."""
    network = org_services.organisation_create(name="Sekretariatet", kind="network")
    return _editor("maria@net.example", network, ["staff", "network_editor"], "Maria")


def make_course(provider, guide="A3", title="Fremtidsanalyse", publish=True, **fields):
    section = provider.course_section
    defaults = {
        "summary": "Et kursus om fremtidsanalyse.",
        "learning_outcomes": "<p>At kunne analysere afdelingens fremtid.</p>",
        "format": "attendance",
        "duration_hours": Decimal("7"),
        "price": Decimal("2500"),
    }
    defaults.update(fields)
    course = CoursePage(title=title, guide=Guide.objects.get(code=guide), live=publish, **defaults)
    section.add_child(instance=course)
    revision = course.save_revision()
    if publish:
        revision.publish()
    return course


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


def make_module(course, title="Modul 1", body=None):
    import json

    module = ModulePage(
        title=title,
        estimated_minutes=30,
        body=json.dumps(body if body is not None else [QUIZ]),
    )
    course.add_child(instance=module)
    module.save_revision().publish()
    return module


# --- Sessions and learners ---------------------------------------------------------------


def make_session(course, *, capacity=5, days=30, **fields):
    from datetime import timedelta

    from django.utils import timezone

    from courses import services as course_services

    start = timezone.now() + timedelta(days=days)
    values = {
        "starts_at": start,
        "ends_at": start + timedelta(hours=7),
        "capacity": capacity,
        "price": Decimal("2500"),
        "registration_deadline": start - timedelta(days=7),
        "cancellation_deadline": start - timedelta(days=7),
        "address": "Kursusgade 3",
        "postcode": "2100",
        "city": "København",
        "region": "hovedstaden",
    }
    values.update(fields)
    return course_services.session_create(course=course, **values)


def make_learner(email, organisation, roles=("staff",), first_name="Lærende", job_function=None):
    from organisations.models import JobFunction

    user = org_services.user_create(
        email=email, password=PASSWORD, first_name=first_name, last_name="Test"
    )
    org_services.membership_create(
        user=user,
        organisation=organisation,
        roles=list(roles),
        job_function=JobFunction.objects.get(code=job_function) if job_function else None,
    )
    return user


@pytest.fixture
def fjordbo(db):
    return org_services.organisation_create(
        name="Fjordbo", kind="housing", cvr="33333333", requires_enrolment_approval=True
    )


@pytest.fixture
def karen(fjordbo):
    """A staff member of Fjordbo, whose enrolments need approval."""
    return make_learner(
        "karen@fjordbo.example", fjordbo, first_name="Karen", job_function="projektleder"
    )


@pytest.fixture
def lars(fjordbo):
    """Karen's manager: approves Fjordbo's enrolments."""
    return make_learner(
        "lars@fjordbo.example", fjordbo, roles=("staff", "manager"), first_name="Lars"
    )


@pytest.fixture
def course(akademi):
    return make_course(akademi, "A3", "Fremtidsanalyse")


@pytest.fixture
def session(course):
    return make_session(course, capacity=2)
