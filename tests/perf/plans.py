"""Every query on a path of the load profile uses an index: EXPLAIN what the pages really run.

Run against a database that ``seed_scale`` built (``m`` in CI's PostgreSQL pass, see
``tests/lms/test_query_plans.py``)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_scale_m \\
        DJANGO_SETTINGS_MODULE=lms.settings.test .venv/bin/python -m tests.perf.plans --size m

Each page of the profile (``tests.perf.pages``) is requested in-process by the person the
profile would use; every SELECT it sends is captured as the database received it and explained
(``EXPLAIN (FORMAT JSON)``, which plans without running). A query fails when its plan reads a
table of more than ``BIG_TABLE_ROWS`` rows by a sequential scan: at the sector's size that scan
is what grows with the data. The names in the report are "page #n" (the n-th query of the page)
with the statement, so a failure says which page and which query.

Why capture instead of listing selectors by hand: a list of named querysets goes stale the day a
view starts calling another selector, and it never sees what the templates and middleware send
(sessions, permissions, Wagtail's site lookup). The pages are the contract.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

BIG_TABLE_ROWS = 10_000


@dataclass
class Finding:
    page: str
    number: int
    table: str
    rows: int
    sql: str


@dataclass
class PageReport:
    page: str
    path: str
    status: int
    queries: int
    explained: int
    findings: list[Finding] = field(default_factory=list)


def scans(plan: dict[str, Any]) -> Iterator[str]:
    """The tables a plan reads whole (``Seq Scan`` nodes), at any depth."""
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name"):
        yield str(plan["Relation Name"])
    for child in plan.get("Plans", ()):
        yield from scans(child)


def table_sizes() -> dict[str, int]:
    """Estimated rows per table of the public schema (``ANALYZE`` has run; see ``analyse``)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples::bigint FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )
        return {name: int(rows) for name, rows in cursor.fetchall()}


def analyse() -> None:
    """Fresh statistics, so the planner sees the seeded sizes (as autovacuum would, later)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def explain(sql: str) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (document,) = cursor.fetchone()
    found = json.loads(document) if isinstance(document, str) else document
    return dict(found[0]["Plan"])


def explainable(sql: str) -> bool:
    """SELECTs only: writes (sessions saved, last login) are not what a page's speed is about."""
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head in {"SELECT", "WITH"}


def check_page(client: Any, name: str, path: str, sizes: dict[str, int]) -> PageReport:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    report = PageReport(name, path, response.status_code, len(captured.captured_queries), 0)
    for number, query in enumerate(captured.captured_queries, start=1):
        sql = query["sql"]
        if not explainable(sql):
            continue
        report.explained += 1
        for table in scans(explain(sql)):
            if sizes.get(table, 0) > BIG_TABLE_ROWS:
                report.findings.append(Finding(name, number, table, sizes[table], sql))
    return report


def run(size: str) -> list[PageReport]:
    from django.test import Client

    from tests.perf.pages import profile_pages

    analyse()
    sizes = table_sizes()
    reports = []
    for page in profile_pages(size):
        client = Client()
        if page.user is not None:
            client.force_login(page.user)
        reports.append(check_page(client, page.name, page.path, sizes))
    return reports


def markdown(reports: list[PageReport]) -> str:
    lines = [
        "| page | status | queries | explained | sequential scans of big tables |",
        "|---|---|---|---|---|",
    ]
    for report in reports:
        found = ", ".join(f"#{f.number} {f.table} ({f.rows:,})" for f in report.findings) or "–"
        lines.append(
            f"| {report.page} | {report.status} | {report.queries} | {report.explained} | {found} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="m", choices=("s", "m", "xl"))
    parser.add_argument("--json", help="also write the findings as JSON to this file")
    options = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    # As pytest-django does: the test client's host is allowed, e-mail stays in memory.
    setup_test_environment()

    if connection.vendor != "postgresql":
        print("tests.perf.plans needs PostgreSQL (DATABASE_URL=postgres://…)", file=sys.stderr)
        return 2
    reports = run(options.size)
    print(markdown(reports))
    if options.json:
        with open(options.json, "w", encoding="utf-8") as out:
            json.dump([asdict(r) for r in reports], out, ensure_ascii=False, indent=1)
    broken = [r for r in reports if r.status != 200]
    findings = [f for r in reports for f in r.findings]
    for finding in findings:
        print(f"\n{finding.page} #{finding.number}: Seq Scan on {finding.table}\n{finding.sql}")
    for report in broken:
        print(f"\n{report.page} answered {report.status} ({report.path})")
    return 1 if findings or broken else 0


if __name__ == "__main__":
    sys.exit(main())
