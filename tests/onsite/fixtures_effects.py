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

Rows are built directly with the ORM (entries and revisions the way the learning log's services
leave them), so these tests do not depend on another area's services.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.utils import timezone

from competencies.models import Competence, Guide
from onsite.models import (
    BuildingProject,
    EffectIndicator,
    EntryCompetence,
    EntryParticipant,
    EntryStatus,
    LogEntry,
    LogEntryRevision,
    Measurement,
    ProjectMember,
)
from organisations import demo
from organisations import services as org_services
from organisations.models import Organisation, User

PASSWORD = "Korrekt-Hest-Batteri-9"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def make_person(
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation | None = None,
    roles: tuple[str, ...] = ("staff",),
) -> User:
    user = org_services.user_create(
        email=email, password=PASSWORD, first_name=first_name, last_name=last_name
    )
    if organisation is not None:
        org_services.membership_create(user=user, organisation=organisation, roles=list(roles))
    if {"hr", "provider_editor", "network_editor"} & set(roles):
        TOTP.activate(user, demo.DEMO_TOTP_SECRET)
    return user


@pytest.fixture
def fjordbo(db) -> Organisation:
    return org_services.organisation_create(name="Fjordbo", kind="housing", cvr="12345678")


@pytest.fixture
def nordlys(db) -> Organisation:
    return org_services.organisation_create(name="Nordlys", kind="housing", cvr="87654321")


@pytest.fixture
def almennet(db) -> Organisation:
    return org_services.organisation_create(name="AlmenNet", kind="network", cvr="22360679")


@pytest.fixture
def bob(fjordbo) -> User:
    return make_person(
        "bob@fjordbo.example", "Bob", "Bygholm", fjordbo, ("staff", "project_leader")
    )


@pytest.fixture
def dorte(fjordbo) -> User:
    return make_person("dorte@fjordbo.example", "Dorte", "Damgaard", fjordbo)


@pytest.fixture
def erik(db) -> User:
    return make_person("erik@entreprise.example", "Erik", "Entreprenørsen")


@pytest.fixture
def alice(fjordbo) -> User:
    return make_person("alice@fjordbo.example", "Alice", "Andersen", fjordbo, ("staff", "hr"))


@pytest.fixture
def mads(fjordbo) -> User:
    return make_person("mads@fjordbo.example", "Mads", "Mikkelsen", fjordbo, ("staff", "manager"))


@pytest.fixture
def charlie(nordlys) -> User:
    return make_person(
        "charlie@nordlys.example", "Charlie", "Christensen", nordlys, ("staff", "hr")
    )


@pytest.fixture
def nina(nordlys) -> User:
    return make_person(
        "nina@nordlys.example", "Nina", "Nørgaard", nordlys, ("staff", "project_leader")
    )


@pytest.fixture
def otto(db) -> User:
    """An outsider: an account with no organisation and no project."""
    return make_person("otto@example.com", "Otto", "Udenfor")


@pytest.fixture
def netta(almennet) -> User:
    return make_person(
        "netta@almennet.example", "Netta", "Netværk", almennet, ("staff", "network_editor")
    )


@pytest.fixture
def a3(db) -> Guide:
    return Guide.objects.get(code="A3")


@pytest.fixture
def fremtidsanalyse(db) -> Competence:
    return Competence.objects.get(code="fremtidsanalyse")


def make_project(organisation: Organisation, name: str, **fields: object) -> BuildingProject:
    defaults: dict[str, object] = {
        "kind": "renovering",
        "phase": "C",
        "status": "handed_over",
        "starts_on": date(2024, 3, 1),
        "handover_on": date(2026, 1, 31),
    }
    defaults.update(fields)
    return BuildingProject.objects.create(organisation=organisation, name=name, **defaults)


@pytest.fixture
def project(fjordbo, bob, dorte, erik) -> BuildingProject:
    project = make_project(
        fjordbo, "Helhedsplan Fjordparken", description="Renovering af 312 boliger."
    )
    ProjectMember.objects.create(project=project, user=bob, is_leader=True)
    ProjectMember.objects.create(project=project, user=dorte)
    ProjectMember.objects.create(project=project, user=erik)
    return project


@pytest.fixture
def nordlys_project(nordlys, nina) -> BuildingProject:
    project = make_project(nordlys, "Nordlyset renovering")
    ProjectMember.objects.create(project=project, user=nina, is_leader=True)
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
    participants: list[User] = (),  # type: ignore[assignment]
    competences: list[tuple[Competence, int]] = (),  # type: ignore[assignment]
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
    entry = LogEntry.objects.create(
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
        EntryParticipant.objects.create(entry=entry, user=user)
    for competence, level in competences:
        EntryCompetence.objects.create(entry=entry, competence=competence, level=level)
    LogEntryRevision.objects.create(
        entry=entry,
        number=entry.revision,
        snapshot=snapshot_of(entry),
        approved_by=approver,
        approved_at=now,
    )
    return entry


@pytest.fixture
def entry(project, bob, dorte, erik, a3, fremtidsanalyse) -> LogEntry:
    return make_approved_entry(
        project,
        author=dorte,
        approver=bob,
        participants=[dorte, erik],
        competences=[(fremtidsanalyse, 3)],
        guide=a3,
    )


def make_indicator(project: BuildingProject, name: str = "Antal ændringsordrer", **fields):  # type: ignore[no-untyped-def]
    defaults: dict[str, object] = {
        "category": "process",
        "unit": "antal",
        "baseline": Decimal("42"),
        "target": Decimal("25"),
        "direction": "lower",
    }
    defaults.update(fields)
    return EffectIndicator.objects.create(project=project, name=name, **defaults)


@pytest.fixture
def indicator(project) -> EffectIndicator:
    indicator = make_indicator(project)
    for day, value in ((date(2025, 6, 1), "38"), (date(2025, 12, 1), "30.5")):
        Measurement.objects.create(indicator=indicator, measured_on=day, value=Decimal(value))
    return indicator
