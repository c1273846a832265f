"""Building projects with parties, members, learning logs, effects and published lessons.

Projects belong to housing organisations in proportion to their size. Entries per project
follow a long tail, with one project of ``largest_project_entries`` (20,000 at xl) owned by the
largest organisation, whose project leaders are the load profile's. Most entries are approved;
the published lessons come from approved entries, each with the approved revision it freezes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from lms.scale.state import Build, Org
from onsite.models import (
    BuildingProject,
    EffectIndicator,
    LogEntry,
    LogEntryRevision,
    Measurement,
    ProjectMember,
    ProjectParty,
)
from onsite.models.lessons import Lesson

KINDS = ("renovering", "nybyggeri", "boligsocial", "samdrift", "drift")
ENTRY_KINDS = ("observation", "lesson", "training", "erfa", "milestone", "problem")
EFFECTS = ("social", "physical", "economy", "process", "")
ENTRY_STATUSES = (("approved", 0.7), ("submitted", 0.1), ("draft", 0.15), ("returned", 0.05))
INDICATORS = (
    ("Antal ændringsordrer", "process", "antal", "lower", 40, 20),
    ("Budgetafvigelse", "economy", "%", "lower", 12, 3),
    ("Beboertilfredshed", "social", "1–5", "higher", 3, 4),
)
LESSON_TEXTS = (
    "Vi holdt byggemøder på pladsen med beboerne, og klagerne faldt.",
    "Driften var med i projekteringen, så vedligeholdet blev billigere.",
    "En fast kontaktperson for beboerne sparede mange henvendelser.",
    "Vi planlagde genhusningen tidligt og undgik forsinkelser.",
    "Erfaringsgruppen delte tjeklister for afleveringen.",
)


class Project:
    def __init__(self, pk: int, org: Org, leaders: list[int], members: list[int]) -> None:
        self.pk, self.org, self.leaders, self.members = pk, org, leaders, members


def build(b: Build) -> None:
    with b.progress.step("byggesager og parter") as counts:
        projects = _projects(b, counts)
    with b.progress.step("læringslog") as counts:
        lesson_entries = _entries(b, projects, counts)
    with b.progress.step("effektmål og målinger") as counts:
        _effects(b, projects, counts)
    with b.progress.step("delte erfaringer") as counts:
        _lessons(b, lesson_entries, counts)


def _owners(b: Build) -> list[Org]:
    """Project owners: the largest organisation first, then weighted by size."""
    weights = [len(org.people) for org in b.housing]
    owners = [b.housing[0]]
    owners += b.rng.choices(b.housing, weights=weights, k=b.size.projects - 1)
    return owners


def _projects(b: Build, counts: dict[str, int]) -> list[Project]:
    projects: list[Project] = []
    rows, parties, members = [], [], []
    partner_pool = {kind: orgs for kind, orgs in b.partners.items() if orgs}
    pl_logins = b.logins.get("project_leader", [])
    for i, org in enumerate(_owners(b)):
        pk = b.writer.next_id(BuildingProject)
        starts = b.today - timedelta(days=b.rng.randint(30, 1500))
        handed = b.rng.random() < 0.3
        rows.append(
            {
                "id": pk,
                "organisation_id": org.id,
                "name": f"{KINDS[i % len(KINDS)].capitalize()} af {org.name.split()[-1]} {i + 1}",
                "description": "Byggesag med læring på pladsen.",
                "kind": KINDS[i % len(KINDS)],
                "phase": "ABCD"[i % 4],
                "status": "handed_over" if handed else "active",
                "starts_on": starts,
                "handover_on": starts + timedelta(days=400) if handed else None,
                "created_at": b.now - timedelta(days=(b.today - starts).days),
            }
        )
        leaders = list(org.project_leaders[:1]) or org.people[:1]
        if org is b.housing[0] and i % 2 == 0:
            # The profile's project leaders lead the biggest projects of the largest organisation.
            leaders = list(dict.fromkeys(pl_logins + leaders))
        crew = [p for p in b.rng.sample(org.people, min(6, len(org.people))) if p not in leaders]
        project = Project(pk, org, leaders, crew)
        projects.append(project)
        client = b.writer.next_id(ProjectParty)
        parties.append(
            {
                "id": client,
                "project_id": pk,
                "role": "bygherre",
                "organisation_id": org.id,
                "name": org.name,
            }
        )
        for role, kind in (("entreprenoer", "contractor"), ("raadgiver", "consultant")):
            if kind in partner_pool:
                partner = partner_pool[kind][i % len(partner_pool[kind])]
                parties.append(
                    {
                        "project_id": pk,
                        "role": role,
                        "organisation_id": partner.id,
                        "name": partner.name,
                    }
                )
        parties.append({"project_id": pk, "role": "beboere", "name": "Afdelingsbestyrelsen"})
        for person in leaders:
            members.append(
                {"project_id": pk, "user_id": person, "party_id": client, "is_leader": True}
            )
        for person in crew:
            members.append({"project_id": pk, "user_id": person, "party_id": client})
    b.count(counts, "byggesager", b.writer.write(BuildingProject, rows))
    b.count(counts, "parter", b.writer.write(ProjectParty, parties))
    b.count(counts, "deltagere", b.writer.write(ProjectMember, members))
    return projects


def _entries_per_project(b: Build, count: int) -> list[int]:
    """Entries per project: the biggest first, then a long tail below it."""
    biggest = b.size.largest_project_entries
    rest = b.size.log_entries - biggest
    cap = biggest - 1
    if rest > cap * (count - 1):
        raise ValueError(f"size {b.size.name}: {rest} entries do not fit below the largest project")
    weights = [(rank + 1) ** -0.7 for rank in range(count - 1)]
    sizes = [min(cap, max(1, round(rest * w / sum(weights)))) for w in weights]
    # What rounding and the cap left over goes to the projects with room, from the top.
    i = 0
    while (leftover := rest - sum(sizes)) != 0:
        j = i % len(sizes)
        sizes[j] += min(leftover, cap - sizes[j]) if leftover > 0 else max(leftover, 1 - sizes[j])
        i += 1
    return [biggest, *sizes]


def _entries(
    b: Build, projects: list[Project], counts: dict[str, int]
) -> list[tuple[int, Project]]:
    """Write the log; return the approved entries that become lessons, with their project."""
    per_project = _entries_per_project(b, len(projects))
    guides = list(b.guide_ids.values())
    approved: list[tuple[int, Project]] = []

    def rows() -> Iterator[dict[str, object]]:
        rng = b.rng
        for project, count in zip(projects, per_project, strict=True):
            people = project.leaders + project.members
            for n in range(count):
                entry = b.writer.next_id(LogEntry)
                author = people[n % len(people)]
                status = _entry_status(rng.random())
                occurred = b.today - timedelta(days=rng.randint(0, 1400))
                approver = next((p for p in project.leaders if p != author), None)
                if status == "approved" and approver is None:
                    status = "submitted"
                if status == "approved":
                    approved.append((entry, project))
                kind = ENTRY_KINDS[n % len(ENTRY_KINDS)]
                yield {
                    "id": entry,
                    "project_id": project.pk,
                    "author_id": author,
                    "occurred_on": occurred,
                    "kind": kind,
                    "title": f"{LESSON_TEXTS[n % 5][:40]} ({n + 1})",
                    "what_happened": LESSON_TEXTS[n % 5],
                    "what_we_learned": LESSON_TEXTS[(n + 2) % 5],
                    "guide_id": guides[n % len(guides)] if n % 3 else None,
                    "effect_category": EFFECTS[n % len(EFFECTS)],
                    "status": status,
                    "submitted_at": b.now if status != "draft" else None,
                    "approved_by_id": approver if status == "approved" else None,
                    "approved_at": b.now - timedelta(days=rng.randint(0, 300))
                    if status == "approved"
                    else None,
                    "created_at": b.now,
                    "updated_at": b.now,
                }

    b.writer.on_batch = b.progress.running
    b.count(counts, "logindlæg", b.writer.write(LogEntry, rows()))
    b.writer.on_batch = None
    step = max(1, len(approved) // max(1, b.size.lessons))
    return approved[::step][: b.size.lessons]


def _entry_status(draw: float) -> str:
    for status, share in ENTRY_STATUSES:
        if draw < share:
            return status
        draw -= share
    return "approved"


def _effects(b: Build, projects: list[Project], counts: dict[str, int]) -> None:
    indicators, measurements = [], []
    for project in projects:
        for order, (name, category, unit, direction, baseline, target) in enumerate(INDICATORS):
            indicator = b.writer.next_id(EffectIndicator)
            indicators.append(
                {
                    "id": indicator,
                    "project_id": project.pk,
                    "name": name,
                    "category": category,
                    "unit": unit,
                    "baseline": Decimal(baseline),
                    "target": Decimal(target),
                    "direction": direction,
                    "sort_order": order,
                }
            )
            for m in range(b.rng.randint(0, 4)):
                value = baseline + (target - baseline) * (m + 1) / 4 + b.rng.uniform(-1, 1)
                measurements.append(
                    {
                        "indicator_id": indicator,
                        "measured_on": b.today - timedelta(days=90 * (4 - m)),
                        "value": Decimal(f"{value:.2f}"),
                        "recorded_by_id": project.leaders[0],
                    }
                )
    b.count(counts, "effektmål", b.writer.write(EffectIndicator, indicators))
    b.count(counts, "målinger", b.writer.write(Measurement, measurements))


def _lessons(b: Build, entries: list[tuple[int, Project]], counts: dict[str, int]) -> None:
    revisions, lessons = [], []
    for n, (entry, project) in enumerate(entries):
        revision = b.writer.next_id(LogEntryRevision)
        text = LESSON_TEXTS[n % 5]
        revisions.append(
            {
                "id": revision,
                "entry_id": entry,
                "number": 1,
                "snapshot": {"title": text[:40], "what_we_learned": text},
                "approved_by_id": project.leaders[0],
                "approved_at": b.now - timedelta(days=n % 300),
            }
        )
        lessons.append(
            {
                "entry_id": entry,
                "revision_id": revision,
                "source": "log",
                "title": f"{text[:60]} ({n + 1})",
                "summary": text,
                "what_we_learned": LESSON_TEXTS[(n + 2) % 5],
                "do_differently": LESSON_TEXTS[(n + 3) % 5],
                "guide_id": list(b.guide_ids.values())[n % len(b.guide_ids)],
                "effect_category": EFFECTS[n % 4],
                "project_kind": KINDS[n % len(KINDS)],
                "project_phase": "ABCD"[n % 4],
                "organisation_id": project.org.id,
                "show_organisation": n % 2 == 0,
                "published_by_id": project.leaders[0],
                "published_at": b.now - timedelta(days=n % 300),
                "is_featured": n < 6,
            }
        )
    b.count(counts, "revisioner", b.writer.write(LogEntryRevision, revisions))
    b.count(counts, "erfaringer", b.writer.write(Lesson, lessons))
