"""Factories for pillar 4, the learning on the building site: projects and their parties and
members, log entries (and the approved revisions the approval freezes), effect indicators and
their measurements, invitations onto a project.

Rows are written straight to the tables, as the services leave them; a test about a service
calls the service itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from onsite.models import (
    BuildingProject,
    EffectIndicator,
    EntryCompetence,
    EntryParticipant,
    EntryStatus,
    LogEntry,
    LogEntryRevision,
    Measurement,
    PartyRole,
    ProjectMember,
    ProjectParty,
)
from tests.factories.competencies import CompetenceFactory
from tests.factories.organisations import OrganisationFactory, UserFactory


class BuildingProjectFactory(DjangoModelFactory[BuildingProject]):
    """A renovation in phase C that started in March 2025."""

    class Meta:
        model = BuildingProject

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Byggesag {n}")
    kind = "renovering"
    phase = "C"
    starts_on = date(2025, 3, 1)
    created_by = None  # the model requires it in forms; pass the leader who created it


class ProjectPartyFactory(DjangoModelFactory[ProjectParty]):
    """A party to the project; its name follows its organisation when it has one."""

    class Meta:
        model = ProjectParty

    project = factory.SubFactory(BuildingProjectFactory)
    role = PartyRole.CONTRACTOR
    organisation = factory.SubFactory(OrganisationFactory, kind="contractor")
    name = factory.LazyAttribute(
        lambda o: o.organisation.name if o.organisation else "Afdelingsbestyrelsen"
    )


class ProjectMemberFactory(DjangoModelFactory[ProjectMember]):
    class Meta:
        model = ProjectMember

    project = factory.SubFactory(BuildingProjectFactory)
    user = factory.SubFactory(UserFactory)
    is_leader = False


class LogEntryFactory(DjangoModelFactory[LogEntry]):
    """A draft entry of yesterday's erfa meeting (pass ``status`` for another state)."""

    class Meta:
        model = LogEntry

    project = factory.SubFactory(BuildingProjectFactory)
    author = factory.SubFactory(UserFactory)
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    kind = "erfa"
    title = "Erfaringsgruppemøde om genhusning"
    what_happened = "Byg, drift og boligsocial aftalte, hvem der tager sig af nedpakning."
    status = EntryStatus.DRAFT


class EntryParticipantFactory(DjangoModelFactory[EntryParticipant]):
    class Meta:
        model = EntryParticipant

    entry = factory.SubFactory(LogEntryFactory)
    user = factory.SubFactory(UserFactory)


class EntryCompetenceFactory(DjangoModelFactory[EntryCompetence]):
    class Meta:
        model = EntryCompetence

    entry = factory.SubFactory(LogEntryFactory)
    competence = factory.SubFactory(CompetenceFactory)
    level = 2


class LogEntryRevisionFactory(DjangoModelFactory[LogEntryRevision]):
    """The frozen version an approval leaves (pass the ``snapshot`` the test reads)."""

    class Meta:
        model = LogEntryRevision

    entry = factory.SubFactory(LogEntryFactory, status=EntryStatus.APPROVED)
    number = factory.SelfAttribute("entry.revision")
    snapshot = factory.LazyFunction(dict)
    approved_by = factory.SelfAttribute("entry.approved_by")
    approved_at = factory.LazyFunction(timezone.now)


class EffectIndicatorFactory(DjangoModelFactory[EffectIndicator]):
    """Change orders: 42 at the start, 25 wanted, lower is better."""

    class Meta:
        model = EffectIndicator

    project = factory.SubFactory(BuildingProjectFactory)
    name = "Antal ændringsordrer"
    category = "process"
    unit = "antal"
    baseline = Decimal("42")
    target = Decimal("25")
    direction = "lower"


class MeasurementFactory(DjangoModelFactory[Measurement]):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(EffectIndicatorFactory)
    measured_on = factory.LazyFunction(timezone.localdate)
    value = Decimal("30")


class ProjectInvitationFactory(DjangoModelFactory[Any]):
    """An open invitation onto a project for someone outside the organisation."""

    class Meta:
        model = "onsite.ProjectInvitation"  # by label: the mechanism may move, the table stays

    project = factory.SubFactory(BuildingProjectFactory)
    email = factory.Sequence(lambda n: f"gaest{n}@example.org")
    first_name = "Gæst"
    invited_by = factory.SubFactory(UserFactory)
