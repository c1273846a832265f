"""Benchmark: a building project's learning-log timeline, its xAPI export and the
organisation report at 2,000 (or more) entries, and the sector's lesson search.

Not part of `make test` (it measures; tests/onsite/test_projects_views.py asserts that the
timeline runs the same queries at 20 and 2,000 entries, tests/onsite/test_lessons_views.py the
same for the lesson search). Run it against a database of its own:

    .venv/bin/python -m tests.perf.bench_onsite --entries 2000 --lessons 1000

    createdb -h 127.0.0.1 -U postgres almen_bench_onsite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_bench_onsite \\
        .venv/bin/python -m tests.perf.bench_onsite --entries 2000 --lessons 1000

Without DATABASE_URL it uses a throw-away SQLite file in /tmp. The demo people are created,
then one Fjordbo project with ``--entries`` log entries (three participants, two parties and two
competences each; every other one approved with its revision), ``--projects`` further projects
of the same organisation with 20 entries each (for the report), and ``--lessons`` published
lessons (PostgreSQL's trigger writes their search vector as they are inserted). Each page is requested ``--repeat`` times through Django's test
client after one warm-up; the median and 95th percentile are printed with the query count.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta

from tests.perf.bench_pages import measure

SQLITE_PATH = "/tmp/almen_bench_onsite.sqlite3"
KINDS = ["observation", "lesson", "training", "erfa", "milestone", "problem"]
EFFECTS = ["social", "physical", "economy", "process"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    if not os.environ.get("DATABASE_URL"):
        if os.path.exists(SQLITE_PATH):
            os.remove(SQLITE_PATH)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    import django

    django.setup()


def _project(name: str, leader, organisation, guides):  # type: ignore[no-untyped-def]
    from onsite.services import projects as project_services

    return project_services.project_create(
        actor=leader,
        organisation=organisation,
        name=name,
        kind="renovering",
        phase="C",
        status="active",
        starts_on=time_today() - timedelta(days=700),
        departments=[],
        guides=guides,
    )


def time_today():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.localdate()


def _entries(project, count: int, people, parties, competences, guides, approver):  # type: ignore[no-untyped-def]
    """Bulk-insert ``count`` entries with participants, parties, competences and revisions."""
    from django.utils import timezone

    from onsite.models import (
        EntryCompetence,
        EntryParticipant,
        LogEntry,
        LogEntryRevision,
    )

    today, now = time_today(), timezone.now()
    entries = LogEntry.objects.bulk_create(
        LogEntry(
            project=project,
            author=people[i % len(people)],
            occurred_on=today - timedelta(days=i % 700),
            kind=KINDS[i % len(KINDS)],
            title=f"Logindlæg {i}: erfaringsgruppe om genhusning",
            what_happened="Drift, byg og boligsocial aftalte genhusningen af opgang 3.",
            what_we_learned="Tidlig inddragelse af driften sparer ændringsordrer.",
            guide=guides[i % len(guides)],
            effect_category=EFFECTS[i % len(EFFECTS)],
            status="approved" if i % 2 == 0 else "submitted",
            approved_by=approver if i % 2 == 0 else None,
            approved_at=now if i % 2 == 0 else None,
        )
        for i in range(count)
    )
    EntryParticipant.objects.bulk_create(
        EntryParticipant(entry=entry, user=people[(i + k) % len(people)])
        for i, entry in enumerate(entries)
        for k in range(3)
    )
    EntryCompetence.objects.bulk_create(
        EntryCompetence(entry=entry, competence=competences[(i + k) % len(competences)], level=2)
        for i, entry in enumerate(entries)
        for k in range(2)
    )
    LogEntry.parties.through.objects.bulk_create(
        LogEntry.parties.through(logentry_id=entry.pk, projectparty_id=party.pk)
        for entry in entries
        for party in parties[:2]
    )
    LogEntryRevision.objects.bulk_create(
        LogEntryRevision(
            entry=entry,
            number=1,
            snapshot={"title": entry.title, "what_we_learned": entry.what_we_learned},
            approved_by=approver,
            approved_at=now,
        )
        for entry in entries
        if entry.status == "approved"
    )
    return entries


def _lessons(entries, count: int, organisation, publisher, competences) -> None:  # type: ignore[no-untyped-def]
    from onsite.models import Lesson

    approved = [entry for entry in entries if entry.status == "approved"][:count]
    revisions = {r.entry_id: r for e in approved for r in e.revisions.all()}
    lessons = Lesson.objects.bulk_create(
        Lesson(
            entry=entry,
            revision=revisions[entry.pk],
            title=f"Erfaring {i}: driften med fra start",
            summary="Genhusningen blev planlagt sammen med driften og den boligsociale indsats.",
            what_we_learned="Tidlig inddragelse af driften sparer ændringsordrer.",
            guide=entry.guide,
            effect_category=entry.effect_category,
            project_kind="renovering",
            project_phase="C",
            organisation=organisation,
            published_by=publisher,
            is_featured=i < 3,
        )
        for i, entry in enumerate(approved)
    )
    Lesson.competences.through.objects.bulk_create(
        Lesson.competences.through(lesson_id=lesson.pk, competence_id=competences[i % 4].pk)
        for i, lesson in enumerate(lessons)
    )


def build(entries: int, projects: int, lessons: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from cms.services import site_setup_demo
    from competencies.models import Competence, Guide
    from onsite.services import projects as project_services
    from organisations import demo
    from organisations.models import Organisation, User

    call_command("migrate", verbosity=0)
    demo.seed()
    site_setup_demo()
    fjordbo = Organisation.objects.get(name="Boligselskabet Fjordbo")
    hansen = Organisation.objects.get(name="Hansen & Søn Entreprise")
    peter = User.objects.get(email="peter@fjordbo.example")
    thomas = User.objects.get(email="thomas@fjordbo.example")
    guides = list(Guide.objects.filter(code__in=["A2", "A3", "A4"]))
    competences = list(Competence.objects.order_by("pk")[:6])
    # Authors and participants; Thomas approves, so he writes none (nobody approves their own).
    people = list(
        User.objects.filter(memberships__organisation=fjordbo).exclude(pk=thomas.pk).order_by("pk")
    )
    main = _project("Helhedsplan Fjordparken", peter, fjordbo, guides)
    parties = [
        project_services.party_create(
            project=main, actor=peter, role="entreprenoer", organisation=hansen, name=hansen.name
        ),
        project_services.party_create(
            project=main,
            actor=peter,
            role="beboere",
            organisation=None,
            name="Afdelingsbestyrelsen",
        ),
    ]
    main_entries = _entries(main, entries, people, parties, competences, guides, thomas)
    for n in range(projects):
        other = _project(f"Byggesag {n}", peter, fjordbo, guides)
        _entries(other, 20, people, [], competences, guides, thomas)
    _lessons(main_entries, lessons, fjordbo, peter, competences)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"organisation": fjordbo, "project": main, "entry": main_entries[0], "peter": peter}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from onsite.models import Lesson, LogEntry

    started = time.perf_counter()
    data = build(args.entries, args.projects, args.lessons)
    print(
        f"Built {LogEntry.objects.count()} entries in {args.projects + 1} projects and "
        f"{Lesson.objects.count()} lessons in {time.perf_counter() - started:.0f} s on "
        f"{os.environ['DATABASE_URL'].split(':')[0]}"
    )
    project, org = data["project"], data["organisation"]
    leader = Client()
    leader.force_login(data["peter"])
    anonymous = Client()

    def onsite(name: str, **kwargs: int) -> str:
        return reverse(f"onsite:{name}", kwargs=kwargs)

    pages = [
        (leader, "timeline, page 1", onsite("project_detail", pk=project.pk)),
        (leader, "timeline, page 50", onsite("project_detail", pk=project.pk) + "?page=50"),
        (leader, "timeline, one kind", onsite("project_detail", pk=project.pk) + "?type=erfa"),
        (leader, "entry page", onsite("entry_detail", pk=data["entry"].pk)),
        (leader, "effect page", onsite("effects", pk=project.pk)),
        (leader, "xAPI export (every approved entry)", onsite("xapi", pk=project.pk)),
        (leader, "organisation report", onsite("report", org_pk=org.pk)),
        (leader, "project list", onsite("project_list")),
        (anonymous, "lessons, first page", onsite("lessons")),
        (anonymous, "lessons, free text", onsite("lessons") + "?q=genhusning"),
        (anonymous, "lessons, text + effect", onsite("lessons") + "?q=driften&effect=process"),
    ]
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for client, label, path in pages:
        median, p95, queries = measure(client, path, args.repeat)
        print(f"{label:40} {median:10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    sys.exit(main())
