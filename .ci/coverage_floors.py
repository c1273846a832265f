#!/usr/bin/env python3
"""Coverage per app against its floor: CI's pass 1 fails when an app's line coverage drops.

Reads the coverage data the pass wrote (`pytest --cov`, configured in [tool.coverage] of
pyproject.toml), sums statements and covered lines per top-level package (our apps), prints a
table and writes it to test-artifacts/coverage-apps.txt next to the full report
(test-artifacts/coverage.txt, coverage-html/, coverage.xml).

A floor is the app's figure on the day it was set, rounded down to a whole percent. Raise a
floor when an app's coverage has risen for good; never lower one to make a change pass (write
the tests instead). A new app gets a floor on the day it arrives.

    .venv/bin/python .ci/coverage_floors.py [--data-file PATH]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

# Line coverage in percent, rounded down. Set on 2026-12-04 (issue 12) from the SQLite pass at
# c7fc66c without the browser tests, counted in today's layout (lms's shared mechanisms in core,
# the demo command in lms): cms 97.7, competencies 97.6, core 96.9, courses 95.4, lms 89.4,
# onsite 95.7, organisations 95.0 (94.98), privacy 92.7, total 95.9.
FLOORS: dict[str, int] = {
    "cms": 97,
    "competencies": 97,
    # Issue 17 lowered core from 96 and lms from 89, against the rule above, and says why:
    # the new backup and restore (core/ops/backup, its commands), the worker heartbeat and the
    # scale-out's diagnostic task run only against PostgreSQL, Redis and real processes, so
    # their tests (tests/core/test_backup_restore.py, tests/ops/) run in pass 2, by subprocess,
    # where no coverage is measured. Pass 1 measured core 90.2, lms 88.9. Raise them again
    # when pass 2's subprocess coverage is combined with pass 1's.
    "core": 90,
    "courses": 95,
    "lms": 88,
    "onsite": 95,
    "organisations": 94,
    "privacy": 92,
    # Issue 13, from the apps' own tests alone (tests/processes, tests/tools and the module
    # answers): processes 93.7, tools 98.4; the whole pass covers at least that.
    "processes": 93,
    "tools": 97,
    # Issue 14, measured in pass 1 (pytest-xdist): rooms 96.9, events 96.7, newsletter 97.1.
    "rooms": 95,
    "events": 95,
    "newsletter": 96,
    # Issue 15, from tests/api and tests/organisations alone (no browser): api 98.7,
    # organisations 96.7 (the HR import and SSO included); the whole pass covers at least that.
    "api": 97,
}
TOTAL_FLOOR = 95


def per_app(cov: coverage.Coverage) -> dict[str, tuple[int, int]]:
    """(statements, covered) per top-level package of the measured files."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    data = cov.get_data()
    for filename in sorted(data.measured_files()):
        try:
            relative = Path(filename).resolve().relative_to(ROOT)
        except ValueError:
            continue
        if "migrations" in relative.parts:
            continue
        _, statements, _, missing, _ = cov.analysis2(filename)
        app = totals[relative.parts[0]]
        app[0] += len(statements)
        app[1] += len(statements) - len(missing)
    return {name: (s, c) for name, (s, c) in totals.items()}


def percent(statements: int, covered: int) -> float:
    return 100.0 * covered / statements if statements else 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-file", default=None, help="coverage data (default: configured)")
    args = parser.parse_args()

    options = {"data_file": args.data_file} if args.data_file else {}
    cov = coverage.Coverage(config_file=str(ROOT / "pyproject.toml"), **options)
    cov.load()
    if not cov.get_data().measured_files():
        print("coverage_floors: no coverage data (did the pass run with --cov?)", file=sys.stderr)
        return 1
    ARTIFACTS.mkdir(exist_ok=True)
    # The report first: it also adds the files no test imported (as 0 %) to the data, so the
    # sums below count them too.
    with (ARTIFACTS / "coverage.txt").open("w") as report:
        cov.report(file=report, skip_covered=False)

    figures = per_app(cov)
    lines = [f"{'app':<16}{'statements':>11}{'covered':>9}{'percent':>9}{'floor':>7}"]
    failures = []
    all_statements = all_covered = 0
    for app in sorted(set(figures) | set(FLOORS)):
        statements, covered = figures.get(app, (0, 0))
        all_statements += statements
        all_covered += covered
        figure = percent(statements, covered)
        floor = FLOORS.get(app)
        mark = ""
        if floor is None:
            mark = "  no floor: add one"
            failures.append(f"{app} has no floor in .ci/coverage_floors.py")
        elif figure < floor:
            mark = "  BELOW THE FLOOR"
            failures.append(f"{app}: {figure:.1f} % < floor {floor} %")
        floor_text = "-" if floor is None else str(floor)
        lines.append(f"{app:<16}{statements:>11}{covered:>9}{figure:>8.1f}%{floor_text:>7}{mark}")
    total = percent(all_statements, all_covered)
    lines.append(f"{'total':<16}{all_statements:>11}{all_covered:>9}{total:>8.1f}%{TOTAL_FLOOR:>7}")
    if total < TOTAL_FLOOR:
        failures.append(f"total: {total:.1f} % < floor {TOTAL_FLOOR} %")

    table = "\n".join(lines)
    print(table)
    (ARTIFACTS / "coverage-apps.txt").write_text(table + "\n")
    for failure in failures:
        print(f"coverage_floors: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
