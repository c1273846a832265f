"""Benchmark: the process tools for an organisation that runs 500 processes.

Not part of `make test` (it measures; tests/processes/ assert that the process list, the
process page and a tool page run the same queries at 2 and 200 processes, milestones and
saved versions). Run it against a database of its own:

    .venv/bin/python -m tests.perf.bench_processes --processes 500 --versions 200

    createdb -h 127.0.0.1 -U postgres almen_bench_processes
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_bench_processes \\
        .venv/bin/python -m tests.perf.bench_processes --processes 500 --versions 200

Without DATABASE_URL it uses a throw-away SQLite file in /tmp. The demo people and the
network's working methods (``load_working_methods``) are installed, then Fjordbo starts
``--processes`` samdrift processes through the service (12 milestones and 5 shared tools each,
for two departments), a third of the milestones are marked reached and some are made late;
one process's interessentanalyse gets ``--versions`` saved versions. Each page is requested
``--repeat`` times through Django's test client after one warm-up; the median and 95th
percentile are printed with the query count.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from typing import Any

from tests.perf.bench_pages import measure

SQLITE_PATH = "/tmp/almen_bench_processes.sqlite3"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    if not os.environ.get("DATABASE_URL"):
        if os.path.exists(SQLITE_PATH):
            os.remove(SQLITE_PATH)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    import django

    django.setup()


def build(processes: int, versions: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cms.services import site_setup_demo
    from organisations import demo
    from organisations.models import Organisation, User
    from processes.models import Milestone, MilestoneStatus, ProcessSheet, ProcessTemplate
    from processes.services.processes import process_start
    from tools.services import sheet_save

    call_command("migrate", verbosity=0)
    demo.seed()
    site_setup_demo()
    call_command("load_working_methods", verbosity=0)
    fjordbo = Organisation.objects.get(name="Boligselskabet Fjordbo")
    peter = User.objects.get(email="peter@fjordbo.example")
    template = ProcessTemplate.objects.get(kind="samdrift", live=True)
    departments = list(fjordbo.departments.order_by("number")[:2])
    today = timezone.localdate()
    started = []
    for n in range(processes):
        started.append(
            process_start(
                actor=peter,
                template=template,
                organisation=fjordbo,
                title=f"Samdrift {n + 1}",
                starts_on=today - timedelta(days=n % 300),
                departments=departments,
            )
        )
    # A third of the milestones reached, the rest open; open ones due in the past are late.
    milestones = Milestone.objects.filter(process__organisation=fjordbo)
    milestones.filter(position__lte=4).update(status=MilestoneStatus.REACHED, reached_on=today)
    milestones.filter(position=5).update(
        status=MilestoneStatus.IN_PROGRESS, responsible=peter, due_on=today - timedelta(days=3)
    )
    main = started[0]
    holder = ProcessSheet.objects.filter(process=main).select_related("sheet").first()
    assert holder is not None
    sheet = holder.sheet
    field = next(f for f in sheet.schema if f["kind"] == "text")
    for v in range(versions):
        sheet = sheet_save(
            sheet=sheet,
            answers={**sheet.data, field["id"]: f"Version {v + 1}"},
            actor=peter,
            base_version=sheet.version,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"process": main, "sheet": holder, "peter": peter}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--processes", type=int, default=500)
    parser.add_argument("--versions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from processes.models import Milestone, Process

    started = time.perf_counter()
    data = build(args.processes, args.versions)
    print(
        f"Built {Process.objects.count()} processes with {Milestone.objects.count()} milestones "
        f"in {time.perf_counter() - started:.0f} s on {os.environ['DATABASE_URL'].split(':')[0]}"
    )
    process = data["process"]
    leader = Client()
    leader.force_login(data["peter"])

    def url(name: str, **kwargs: int) -> str:
        return reverse(f"processes:{name}", kwargs=kwargs)

    pages = [
        ("process list, page 1", url("list")),
        ("process list, page 10", url("list") + "?page=10"),
        ("process list, only late", url("list") + "?late=1"),
        ("process page (12 milestones)", url("detail", pk=process.pk)),
        ("milestone page", url("milestone", pk=process.pk, mpk=process.milestones.first().pk)),
        ("waiting for me", url("mine")),
        ("tool page (versions)", url("sheet", pk=process.pk, sheet_pk=data["sheet"].pk)),
        ("history", url("history", pk=process.pk)),
        ("status PDF", url("export_pdf", pk=process.pk)),
        ("status XLSX", url("export_xlsx", pk=process.pk)),
    ]
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, path in pages:
        median, p95, queries = measure(leader, path, args.repeat)
        print(f"{label:40} {median:10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    sys.exit(main())
