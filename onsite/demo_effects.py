"""Demo effect indicators and shared lessons, for ``seed_demo`` (after ``onsite.demo.seed()``).

On Boligselskabet Fjordbo's two demo projects, "Helhedsplan Fjordparken" and "Samdrift Sølyst":
four or five effektmål each with three to six measurements over the past year (and a small
handed-over project whose 6-month follow-up is due), Fjordbo's consent
to be named on lessons, and two approved entries shared as lessons (one featured on the home
page). Every row is written through the services, as the project leaders, HR and the network's
editor would; none of them sends e-mail.

Idempotent: indicators are found by (project, name) and get measurements only when they have
none; a lesson exists once per entry. A project that is missing is reported, not created.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from onsite.models import (
    BuildingProject,
    EffectIndicator,
    EntryKind,
    EntryStatus,
    Lesson,
    LogEntry,
)
from onsite.services import effects as effect_services
from onsite.services import lessons as lesson_services
from onsite.services import projects as project_services
from organisations.models import Department, Membership, Organisation, Role, User

FJORDBO = "Boligselskabet Fjordbo"
FJORDPARKEN = "Helhedsplan Fjordparken"
SOLYST = "Samdrift Sølyst"


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    category: str
    unit: str
    baseline: str
    target: str
    direction: str
    note: str
    # (days ago, value, note), oldest first
    measurements: tuple[tuple[int, str, str], ...]


INDICATORS: dict[str, list[DemoIndicator]] = {
    FJORDPARKEN: [
        DemoIndicator(
            "Antal ændringsordrer", "process", "antal", "42", "25", "lower",
            "Tælles i byggeregnskabet ved hver byggeudvalgsmøde; udgangspunkt fra "
            "helhedsplanen i Engparken.",
            ((330, "38", "Før projektgennemgangen med driften"), (240, "34", ""),
             (150, "30", "Efter fælles gennemgang af detaljerne"), (60, "27", "")),
        ),
        DemoIndicator(
            "Budgetafvigelse", "economy", "%", "8,5", "3", "lower",
            "Afvigelse fra det godkendte budget i procent, fra byggeregnskabet.",
            ((300, "7,2", ""), (210, "5,9", ""), (120, "4,4", "Færre ekstraarbejder"),
             (30, "3,8", "")),
        ),
        DemoIndicator(
            "Tidsplanafvigelse", "process", "dage", "45", "10", "lower",
            "Forsinkelse på hovedtidsplanen i arbejdsdage.",
            ((320, "40", ""), (200, "31", "Genhusningen kom på plads"), (90, "22", ""),
             (20, "18", "")),
        ),
        DemoIndicator(
            "Fejl og mangler ved aflevering", "physical", "antal", "120", "60", "lower",
            "Registrerede mangler pr. blok ved afleveringsforretningen.",
            ((250, "104", "Blok 1"), (160, "81", "Blok 2"), (70, "66", "Blok 3")),
        ),
        DemoIndicator(
            "Beboertilfredshed", "social", "1–5", "3,1", "4", "higher",
            "Spørgeskema til beboerne i de færdige blokke (1 = meget utilfreds, 5 = meget "
            "tilfreds).",
            ((340, "3,2", ""), (250, "3,4", ""), (160, "3,5", "Efter beboermødet om altaner"),
             (100, "3,7", ""), (40, "3,8", ""), (10, "3,9", "")),
        ),
    ],
    SOLYST: [
        DemoIndicator(
            "Budgetafvigelse", "economy", "%", "6", "0", "lower",
            "Driftsbudgettets afvigelse for de to afdelinger tilsammen.",
            ((280, "5,5", ""), (180, "3,9", "Fælles maskinpark"), (80, "2,1", "")),
        ),
        DemoIndicator(
            "Tidsplanafvigelse", "process", "dage", "30", "0", "lower",
            "Forsinkelse på drejebogens milepæle i dage.",
            ((260, "28", ""), (170, "21", ""), (90, "12", "Milepæl 6 nået"), (15, "9", "")),
        ),
        DemoIndicator(
            "Fejl og mangler ved aflevering", "physical", "antal", "35", "15", "lower",
            "Fejl fundet ved fraflytningssyn, før og efter det fælles driftsteam.",
            ((240, "31", ""), (140, "24", ""), (50, "19", "")),
        ),
        DemoIndicator(
            "Beboertilfredshed", "social", "1–5", "3,4", "4,2", "higher",
            "Beboerservice målt ved den årlige beboerundersøgelse og en kort opfølgning.",
            ((300, "3,4", ""), (120, "3,7", ""), (25, "3,9", "")),
        ),
    ],
}  # fmt: skip


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _leader(project: BuildingProject) -> User | None:
    leaders = effect_services.project_leaders(project)
    return leaders[0] if leaders else None


def _seed_indicator(project: BuildingProject, spec: DemoIndicator, actor: User) -> bool:
    """Create the indicator with its measurements; False when it existed already."""
    today = timezone.localdate()
    indicator = EffectIndicator.objects.filter(project=project, name=spec.name).first()
    created = indicator is None
    if indicator is None:
        indicator = effect_services.indicator_create(
            project=project,
            actor=actor,
            name=spec.name,
            category=spec.category,
            unit=spec.unit,
            baseline=_number(spec.baseline),
            target=_number(spec.target),
            direction=spec.direction,
            note=spec.note,
        )
    if not indicator.measurements.exists():
        for days_ago, value, note in spec.measurements:
            effect_services.measurement_add(
                indicator=indicator,
                actor=actor,
                measured_on=today - timedelta(days=days_ago),
                value=_number(value),
                note=note,
            )
    return created


def _first_with_role(organisation: Organisation, role: str) -> User | None:
    membership = (
        Membership.objects.active()
        .with_role(role)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _network_editor() -> User | None:
    membership = (
        Membership.objects.active()
        .with_role(Role.NETWORK_EDITOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _entries_to_share(projects: list[BuildingProject]) -> list[LogEntry]:
    """One approved entry of each project (a lesson learned first, then the oldest), or two of
    the first project when the other has none."""
    chosen: list[LogEntry] = []
    for project in projects:
        approved = list(
            LogEntry.objects.filter(project=project, status=EntryStatus.APPROVED).order_by(
                "occurred_on", "pk"
            )
        )
        approved.sort(key=lambda entry: entry.kind != EntryKind.LESSON)
        chosen.extend(approved[:1] if len(projects) > 1 else approved[:2])
    if len(chosen) < 2 and projects:
        extra = (
            LogEntry.objects.filter(project__in=projects, status=EntryStatus.APPROVED)
            .exclude(pk__in=[entry.pk for entry in chosen])
            .order_by("occurred_on", "pk")
        )
        chosen.extend(extra[: 2 - len(chosen)])
    return chosen[:2]


def _share(entry: LogEntry, messages: list[str]) -> Lesson | None:
    existing = Lesson.objects.filter(entry=entry).first()
    if existing is not None:
        return existing
    actor = _leader(entry.project)
    if actor is None:
        messages.append(f"Ingen projektleder på {entry.project.name}: erfaringen er ikke delt.")
        return None
    draft = lesson_services.lesson_draft(entry=entry)
    return lesson_services.lesson_publish(entry=entry, actor=actor, **draft)


def _seed_lessons(organisation: Organisation, projects: list[BuildingProject]) -> list[str]:
    messages: list[str] = []
    hr = _first_with_role(organisation, Role.HR) or _first_with_role(organisation, Role.MANAGER)
    if hr is None:
        messages.append(f"Ingen HR eller leder i {organisation.name}: samtykket er ikke givet.")
    else:
        lesson_services.lesson_sharing_set(
            organisation=organisation, actor=hr, name_in_lessons=True
        )
    lessons = [lesson for e in _entries_to_share(projects) if (lesson := _share(e, messages))]
    if len(lessons) < 2:
        messages.append("Der var ikke to godkendte logindlæg at dele som erfaringer.")
    editor = _network_editor()
    if lessons and not Lesson.objects.featured().exists():
        if editor is None:
            messages.append("Ingen netværksredaktør: ingen erfaring er fremhævet på forsiden.")
        else:
            lesson_services.lesson_set_featured(lesson=lessons[0], actor=editor, featured=True)
    messages.append(f"{len(lessons)} delte erfaringer.")
    return messages


@transaction.atomic
def seed() -> list[str]:
    """Create the demo indicators, measurements, consent and lessons; return what was done."""
    organisation = Organisation.objects.filter(name=FJORDBO).first()
    if organisation is None:
        return [f"{FJORDBO} findes ikke: ingen effektmål eller erfaringer oprettet."]
    found = {
        p.name: p
        for p in BuildingProject.objects.filter(organisation=organisation, name__in=INDICATORS)
    }
    messages = [
        f"Byggesagen {name} findes ikke: ingen effektmål oprettet for den."
        for name in INDICATORS
        if name not in found
    ]
    projects = [found[name] for name in INDICATORS if name in found]
    for project in projects:
        actor = _leader(project)
        if actor is None:
            messages.append(f"Ingen projektleder på {project.name}: ingen effektmål oprettet.")
            continue
        created = sum(_seed_indicator(project, spec, actor) for spec in INDICATORS[project.name])
        messages.append(f"{project.name}: {created} nye effektmål.")
    messages += _seed_handed_over(organisation)
    if projects:
        messages += _seed_lessons(organisation, projects)
    return messages


# A third, small Fjordbo project, handed over seven months ago and last measured at handover:
# its 6-month follow-up has come and not been measured, so Min side shows its leader (Peter)
# an overdue effect measurement, as the follow-up e-mail would ask.
HANDED_OVER = "Altanrenovering Havnefronten"
HANDED_OVER_LEADER = "peter@fjordbo.example"
HANDED_OVER_DAYS_AGO = 215
HANDED_OVER_INDICATORS = [
    DemoIndicator(
        "Fejl og mangler ved aflevering", "physical", "antal", "60", "25", "lower",
        "Registrerede mangler ved afleveringsforretningen og ved 1-årsgennemgangen.",
        ((360, "58", "Før altanudskiftningen"), (290, "41", ""), (220, "33", "Aflevering")),
    ),
    DemoIndicator(
        "Beboertilfredshed", "social", "1–5", "3,0", "4", "higher",
        "Kort spørgeskema til beboerne i opgangene med nye altaner.",
        ((350, "3,0", ""), (280, "3,3", ""), (218, "3,6", "Ved afleveringen")),
    ),
]  # fmt: skip


def _seed_handed_over(organisation: Organisation) -> list[str]:
    """The handed-over project with its indicators; nothing without its leader."""
    leader = User.objects.filter(email=HANDED_OVER_LEADER).first()
    if leader is None:
        return []
    project = BuildingProject.objects.filter(organisation=organisation, name=HANDED_OVER).first()
    if project is None:
        today = timezone.localdate()
        project = project_services.project_create(
            actor=leader,
            organisation=organisation,
            name=HANDED_OVER,
            kind="renovering",
            phase="D",
            status="handed_over",
            starts_on=today - timedelta(days=HANDED_OVER_DAYS_AGO + 300),
            handover_on=today - timedelta(days=HANDED_OVER_DAYS_AGO),
            description="Nye altaner og altandøre i Havnefrontens 96 boliger.",
            departments=Department.objects.filter(organisation=organisation, number="103"),
        )
    created = sum(_seed_indicator(project, spec, leader) for spec in HANDED_OVER_INDICATORS)
    return [f"{project.name}: {created} nye effektmål."]
