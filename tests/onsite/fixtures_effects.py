"""People, a building project and approved log entries for the effects, lessons, xAPI and
report tests, after the Alice/Bob/Charlie habit.

Fjordbo (housing), project "Helhedsplan Fjordparken" (handed over 31 January 2026):
  Bob    project leader of Fjordbo and leader on the project
  Dorte  Fjordbo staff, member of the project (not a leader); author of the approved entry
  Erik   the contractor's person: no organisation membership, invited onto the project
  Alice  HR of Fjordbo (two-factor set up) — not on the project
  Mads   manager in Fjordbo
Nordlys (housing):
  Charlie HR of Nordlys; Nina project leader of Nordlys, with a project of her own
AlmenNet: Netta, network editor (two-factor set up)
Otto: an account with no organisation and no project (an outsider)

Rows are built with the factories (tests/factories: entries and revisions the way the learning
log's services leave them), so these tests do not depend on another area's services. The people
are this area's own (tests assert their surnames and roles), built as the shared world's are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from competencies.models import Competence, Guide
from onsite.models import BuildingProject, EffectIndicator, EntryStatus, LogEntry
from organisations.models import Organisation, User
from tests.factories import (
    BuildingProjectFactory,
    EffectIndicatorFactory,
    EntryCompetenceFactory,
    EntryParticipantFactory,
    LogEntryFactory,
    LogEntryRevisionFactory,
    MeasurementFactory,
    OrganisationFactory,
    ProjectMemberFactory,
    person,
)


def make_person(
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation | None = None,
    roles: tuple[str, ...] = ("staff",),
) -> User:
    """A member of ``organisation`` (or of none); TOTP when a role needs it."""
    return person(email, organisation, roles, first_name, last_name)


def _organisation(name: str, kind: str, cvr: str) -> Organisation:
    return OrganisationFactory.create(name=name, kind=kind, cvr=cvr, city="", postcode="")


@pytest.fixture
def fjordbo(db: None) -> Organisation:
    """Fjordbo without departments (a test here creates department 101 itself)."""
    return _organisation("Fjordbo", "housing", "12345678")


@pytest.fixture
def nordlys(db: None) -> Organisation:
    return _organisation("Nordlys", "housing", "87654321")


@pytest.fixture
def almennet(db: None) -> Organisation:
    return _organisation("AlmenNet", "network", "22360679")


@pytest.fixture
def bob(fjordbo: Organisation) -> User:
    return make_person(
        "bob@fjordbo.example", "Bob", "Bygholm", fjordbo, ("staff", "project_leader")
    )


@pytest.fixture
def dorte(fjordbo: Organisation) -> User:
    return make_person("dorte@fjordbo.example", "Dorte", "Damgaard", fjordbo)


@pytest.fixture
def erik(db: None) -> User:
    return make_person("erik@entreprise.example", "Erik", "Entreprenørsen")


@pytest.fixture
def alice(fjordbo: Organisation) -> User:
    return make_person("alice@fjordbo.example", "Alice", "Andersen", fjordbo, ("staff", "hr"))


@pytest.fixture
def mads(fjordbo: Organisation) -> User:
    return make_person("mads@fjordbo.example", "Mads", "Mikkelsen", fjordbo, ("staff", "manager"))


@pytest.fixture
def charlie(nordlys: Organisation) -> User:
    return make_person(
        "charlie@nordlys.example", "Charlie", "Christensen", nordlys, ("staff", "hr")
    )


@pytest.fixture
def nina(nordlys: Organisation) -> User:
    return make_person(
        "nina@nordlys.example", "Nina", "Nørgaard", nordlys, ("staff", "project_leader")
    )


@pytest.fixture
def otto(db: None) -> User:
    """An outsider: an account with no organisation and no project."""
    return make_person("otto@example.com", "Otto", "Udenfor")


@pytest.fixture
def netta(almennet: Organisation) -> User:
    return make_person(
        "netta@almennet.example", "Netta", "Netværk", almennet, ("staff", "network_editor")
    )


def make_project(organisation: Organisation, name: str, **fields: object) -> BuildingProject:
    defaults: dict[str, object] = {
        "status": "handed_over",
        "starts_on": date(2024, 3, 1),
        "handover_on": date(2026, 1, 31),
    }
    return BuildingProjectFactory.create(
        organisation=organisation, name=name, **{**defaults, **fields}
    )


@pytest.fixture
def project(fjordbo: Organisation, bob: User, dorte: User, erik: User) -> BuildingProject:
    project = make_project(
        fjordbo, "Helhedsplan Fjordparken", description="Renovering af 312 boliger."
    )
    ProjectMemberFactory.create(project=project, user=bob, is_leader=True)
    ProjectMemberFactory.create(project=project, user=dorte)
    ProjectMemberFactory.create(project=project, user=erik)
    return project


@pytest.fixture
def nordlys_project(nordlys: Organisation, nina: User) -> BuildingProject:
    project = make_project(nordlys, "Nordlyset renovering")
    ProjectMemberFactory.create(project=project, user=nina, is_leader=True)
    return project


def snapshot_of(entry: LogEntry) -> dict[str, object]:
    """The entry as the learning log's approval freezes it (same keys as entry_snapshot)."""
    participants = entry.participants.select_related("user").order_by("user__first_name")
    return {
        "revision": entry.revision,
        "occurred_on": entry.occurred_on.isoformat(),
        "kind": entry.kind,
        "title": entry.title,
        "what_happened": entry.what_happened,
        "what_we_learned": entry.what_we_learned,
        "do_differently": entry.do_differently,
        "guide": {"code": entry.guide.code, "title": entry.guide.title} if entry.guide else None,
        "tool": entry.tool,
        "effect_category": entry.effect_category,
        "author": {"id": entry.author_id, "name": entry.author.name},
        "parties": [],
        "participants": [
            {"id": p.user_id, "name": p.user.name, "co_signed_at": None} for p in participants
        ],
        "competences": [
            {"code": c.competence.code, "name": c.competence.name, "level": c.level}
            for c in entry.competences.select_related("competence")
        ],
        "attachments": [],
    }


def make_approved_entry(
    project: BuildingProject,
    *,
    author: User,
    approver: User,
    participants: Sequence[User] = (),
    competences: Sequence[tuple[Competence, int]] = (),
    guide: Guide | None = None,
    title: str = "Beboermøde før genhusning",
    what_happened: str = "Dorte holdt beboermødet sammen med Erik fra entreprenøren.",
    what_we_learned: str = (
        "Bob Bygholm lærte, at beboerne skal høre om genhusningen tre måneder før; "
        "Dortes tjekliste virkede."
    ),
    do_differently: str = "Næste gang inviterer vi beboerne med til byggemødet.",
    effect_category: str = "social",
    occurred_on: date | None = None,
    kind: str = "lesson",
) -> LogEntry:
    now = timezone.now()
    entry = LogEntryFactory.create(
        project=project,
        author=author,
        occurred_on=occurred_on or date(2025, 10, 14),
        kind=kind,
        title=title,
        what_happened=what_happened,
        what_we_learned=what_we_learned,
        do_differently=do_differently,
        guide=guide,
        effect_category=effect_category,
        status=EntryStatus.APPROVED,
        submitted_at=now - timedelta(days=1),
        approved_by=approver,
        approved_at=now,
    )
    for user in participants:
        EntryParticipantFactory.create(entry=entry, user=user)
    for competence, level in competences:
        EntryCompetenceFactory.create(entry=entry, competence=competence, level=level)
    LogEntryRevisionFactory.create(entry=entry, snapshot=snapshot_of(entry), approved_at=now)
    return entry


@pytest.fixture
def entry(
    project: BuildingProject,
    bob: User,
    dorte: User,
    erik: User,
    a3: Guide,
    fremtidsanalyse: Competence,
) -> LogEntry:
    return make_approved_entry(
        project,
        author=dorte,
        approver=bob,
        participants=[dorte, erik],
        competences=[(fremtidsanalyse, 3)],
        guide=a3,
    )


def make_indicator(
    project: BuildingProject, name: str = "Antal ændringsordrer", **fields: Any
) -> EffectIndicator:
    return EffectIndicatorFactory.create(project=project, name=name, **fields)


@pytest.fixture
def indicator(project: BuildingProject) -> EffectIndicator:
    indicator = make_indicator(project)
    for day, value in ((date(2025, 6, 1), "38"), (date(2025, 12, 1), "30.5")):
        MeasurementFactory.create(indicator=indicator, measured_on=day, value=Decimal(value))
    return indicator
