"""Every factory builds a row that passes the model's own validation."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from organisations.models import Membership, User
from tests import factories as f
from tests.factories import courses as course_factories

pytestmark = pytest.mark.django_db


def test_the_organisation_and_competence_factories_build_valid_rows() -> None:
    plan = f.CompetencePlanFactory.create()
    line = f.StrategyPlanLineFactory.create()
    for instance in (
        f.InvitationFactory.create(),
        f.RoleProfileRequirementFactory.create(),
        f.StrategyGoalFactory.create(strategy=line.strategy),
        line,
        f.PlanGoalFactory.create(plan=plan),
        f.PlanActivityFactory.create(plan=plan),
        f.EvidenceFactory.create(competence="fremtidsanalyse"),
    ):
        instance.full_clean()


def test_seeded_framework_rows_are_found_not_duplicated() -> None:
    a3 = f.GuideFactory.create(code="A3")
    assert a3.title == "Fremtidsanalyse"
    assert f.CompetenceFactory.create(code="fremtidsanalyse").area.code != ""


def test_a_person_gets_roles_a_verified_address_and_totp_when_a_role_needs_it() -> None:
    organisation = f.OrganisationFactory.create()
    hr = f.person("hr@example.org", organisation, ["staff", "hr"], "Hanne")
    staff = f.person("staff@example.org", organisation)
    assert Membership.objects.get(user=hr).roles == {"staff", "hr"}
    assert EmailAddress.objects.get(user=hr).verified
    assert Authenticator.objects.filter(user=hr).exists()
    assert not Authenticator.objects.filter(user=staff).exists()
    assert User.objects.get(pk=staff.pk).check_password(f.organisations.PASSWORD)


def test_course_pages_sessions_enrolments_and_certificates() -> None:
    course_factories.catalogue()
    provider = course_factories.provider("Almen Akademi", "11111111")
    course = f.CoursePageFactory.create(parent=provider.course_section)
    module = f.ModulePageFactory.create(parent=course)
    draft = f.CoursePageFactory.create(
        parent=provider.course_section, title="Kladde", publish=False
    )
    assert course.live and module.live and not draft.live
    assert module.get_parent().pk == course.pk
    session = f.CourseSessionFactory.create(course=course)
    assert session.provider == provider
    session.full_clean()
    certificate = f.CertificateFactory.create(enrolment__session=session)
    certificate.full_clean()
    assert certificate.provider_name == "Almen Akademi"


def test_onsite_factories_build_valid_rows() -> None:
    project = f.BuildingProjectFactory.create(created_by=f.UserFactory.create())
    entry = f.LogEntryFactory.create(project=project)
    indicator = f.EffectIndicatorFactory.create(project=project)
    for instance in (
        project,
        f.ProjectPartyFactory.create(project=project),
        f.ProjectMemberFactory.create(project=project),
        entry,
        f.EntryParticipantFactory.create(entry=entry),
        f.EntryCompetenceFactory.create(entry=entry, competence__code="fremtidsanalyse"),
        indicator,
        f.MeasurementFactory.create(indicator=indicator, recorded_by=project.created_by),
        f.ProjectInvitationFactory.create(project=project),
    ):
        instance.full_clean()
