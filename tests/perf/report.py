"""The load profile's report: Locust's CSV statistics in, a Markdown table and a CSV file out.

Pure Python, tested in the regular suite (``tests/lms/test_perf_profile.py``).

**Ratio to the bare view** (the issue's "bare Django view = 1"): the page's requests per second
divided by the bare view's, at the same concurrency in the same run. In a phase without think
time (the page tour) each simulated user waits only for answers, so by Little's law a page's
requests per second at that concurrency are ``users / mean response time``, and the ratio is
``bare view's mean / page's mean``. The bare view and the anonymous (cached) pages are measured
in a short run of their own right after the tour, with as many users at once and each page
followed by the bare view (``Phase.apart``): between the tour's logged-in pages every fast
answer is slowed by the work those pages leave behind (Locust digesting large pages on the
same cores, workers finishing), which would flatter a cached page's ratio. The tour's own
bare-view figure is listed as "between pages". With think time (the soak) the ratio is that
of the means, with the bare-view probe's mean, and req/s is what Locust counted.

**Targets** (issue 16): a page anonymous visitors get from the cache at least 0.5 of the bare
view; every logged-in page at least 0.03, with p95 at most 300 ms for one user and 600 ms for
four (and p99 at most 1 s in the soak).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tests.perf import journeys

AGGREGATED = "Aggregated"
ANONYMOUS_RATIO = 0.5
LOGGED_IN_RATIO = 0.03
P95_LIMITS = {1: 300.0, 4: 600.0}
SOAK_P99_LIMIT = 1000.0
SOAK_ERROR_RATE = 0.001


@dataclass(frozen=True)
class Stat:
    """One row of Locust's ``<prefix>_stats.csv``."""

    method: str
    name: str
    requests: int
    failures: int
    median: float
    mean: float
    p95: float
    p99: float
    rps: float


@dataclass(frozen=True)
class Phase:
    """One Locust run of the profile: its name, users, seconds, and whether users think."""

    name: str
    users: int
    seconds: int
    think_time: bool
    stats: Sequence[Stat]
    # The bare view and the anonymous pages measured in a run of their own at the same
    # concurrency (no logged-in pages between them); they replace the tour's figures of both.
    apart: Sequence[Stat] = ()


@dataclass(frozen=True)
class Row:
    page: str
    role: str
    requests: int
    failures: int
    median: float
    p95: float
    p99: float
    mean: float
    rps: float
    ratio: float | None
    target: str
    met: bool | None


@dataclass
class Report:
    phases: list[Phase]
    # Each page's role ("anonymous" or a login role), in the order the report lists them.
    roles: dict[str, str] = field(default_factory=dict)
    machine: dict[str, str] = field(default_factory=dict)
    dataset: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def read_stats(text: str) -> list[Stat]:
    """Locust's stats CSV (``--csv`` writes ``<prefix>_stats.csv``), without the total row and
    without names that got no request after the statistics were reset (the tour's logins)."""
    rows = []
    for record in csv.DictReader(io.StringIO(text)):
        if record["Name"] == AGGREGATED or record["Request Count"] == "0":
            continue
        rows.append(
            Stat(
                method=record["Type"],
                name=record["Name"],
                requests=int(record["Request Count"]),
                failures=int(record["Failure Count"]),
                median=_number(record["Median Response Time"]),
                mean=_number(record["Average Response Time"]),
                p95=_number(record["95%"]),
                p99=_number(record["99%"]),
                rps=_number(record["Requests/s"]),
            )
        )
    return rows


def _number(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def phase_rows(phase: Phase, roles: dict[str, str]) -> list[Row]:
    """The report's rows of one phase: the bare view first, then the pages in the order of
    ``roles``, then the login steps; each with its ratio to the bare view and its target."""
    stats = {stat.name: stat for stat in phase.stats}
    if phase.apart:
        between = stats.pop(journeys.BARE_VIEW, None)
        if between is not None:
            stats[journeys.BARE_VIEW_IN_TOUR] = replace(between, name=journeys.BARE_VIEW_IN_TOUR)
        stats.update({stat.name: stat for stat in phase.apart})
    bare = stats.get(journeys.BARE_VIEW)
    ordered = [journeys.BARE_VIEW, journeys.BARE_VIEW_IN_TOUR, *roles]
    ordered += sorted(name for name in stats if name.startswith(journeys.LOGIN_PREFIX))
    ordered += sorted(name for name in stats if name not in ordered)
    return [_row(phase, stats[name], bare, roles.get(name)) for name in ordered if name in stats]


def _row(phase: Phase, stat: Stat, bare: Stat | None, role: str | None) -> Row:
    if phase.think_time:
        rps = stat.rps
    else:
        rps = phase.users * 1000.0 / stat.mean if stat.mean else 0.0
    ratio = bare.mean / stat.mean if bare is not None and bare.mean and stat.mean else None
    if stat.name == journeys.BARE_VIEW:
        ratio = 1.0
    target, met = _target(phase, stat, role, ratio)
    return Row(
        page=stat.name,
        role=role or "",
        requests=stat.requests,
        failures=stat.failures,
        median=stat.median,
        p95=stat.p95,
        p99=stat.p99,
        mean=stat.mean,
        rps=rps,
        ratio=ratio,
        target=target,
        met=met,
    )


def _target(
    phase: Phase, stat: Stat, role: str | None, ratio: float | None
) -> tuple[str, bool | None]:
    """The issue's target for this page in this phase, and whether the figures meet it.

    Every anonymous page of the profile is one the issue wants cached whole."""
    if role is None:
        return "", None
    if role == journeys.ANONYMOUS:
        return f"≥ {ANONYMOUS_RATIO}×", ratio is not None and ratio >= ANONYMOUS_RATIO
    parts = [f"≥ {LOGGED_IN_RATIO}×"]
    met = ratio is not None and ratio >= LOGGED_IN_RATIO
    limit = P95_LIMITS.get(phase.users) if not phase.think_time else None
    if limit is not None:
        parts.append(f"p95 ≤ {limit:.0f} ms")
        met = met and stat.p95 <= limit
    if phase.think_time:
        parts.append(f"p99 ≤ {SOAK_P99_LIMIT:.0f} ms")
        met = met and stat.p99 <= SOAK_P99_LIMIT
    return ", ".join(parts), met


def error_rate(phase: Phase) -> float:
    """Failed requests as a share of all the phase's requests."""
    total = sum(stat.requests for stat in phase.stats)
    failed = sum(stat.failures for stat in phase.stats)
    return failed / total if total else 0.0


# --- Writing ----------------------------------------------------------------------------------

HEADER = (
    "| page | requests | median ms | p95 ms | p99 ms | req/s | ratio to bare | errors | target |"
)
CSV_FIELDS = (
    "phase",
    "users",
    "seconds",
    "page",
    "role",
    "requests",
    "failures",
    "median_ms",
    "p95_ms",
    "p99_ms",
    "mean_ms",
    "requests_per_s",
    "ratio_to_bare",
    "target",
    "target_met",
)


def _ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def _ratio(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 0.1:
        return f"{value:.2f}"
    return f"{value:.2g}" if value >= 0.001 else f"{value:.1e}"


def _met(row: Row) -> str:
    if row.met is None:
        return row.target
    return f"{row.target} {'✓' if row.met else '✗'}"


def markdown(report: Report) -> str:
    """The report as Markdown: machine, data set, then one table per phase."""
    out = ["# Load profile", ""]
    if report.machine:
        out.append("Machine: " + "; ".join(f"{k} {v}" for k, v in report.machine.items()) + ".")
    if report.dataset:
        sizes = ", ".join(
            f"{value:,} {name.replace('_', ' ')}" for name, value in report.dataset.items()
        )
        out.append(f"Data set: {sizes}.")
    if report.notes:
        out += ["", *(f"- {note}" for note in report.notes)]
    for phase in report.phases:
        think = "with think time" if phase.think_time else "no think time"
        plural = "user" if phase.users == 1 else "users at once"
        out += [
            "",
            f"## {phase.name}: {phase.users} {plural}, {phase.seconds} s, {think}",
            "",
            f"Errors: {error_rate(phase):.2%} of all requests.",
            "",
            HEADER,
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for row in phase_rows(phase, report.roles):
            out.append(
                f"| {row.page} | {row.requests:,} | {_ms(row.median)} | {_ms(row.p95)} | "
                f"{_ms(row.p99)} | {row.rps:,.1f} | {_ratio(row.ratio)} | {row.failures} | "
                f"{_met(row)} |"
            )
    return "\n".join(out) + "\n"


def csv_text(phases: Iterable[Phase], roles: dict[str, str]) -> str:
    """Every phase's rows in one CSV (one line per page and phase)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for phase in phases:
        for row in phase_rows(phase, roles):
            writer.writerow(
                [
                    phase.name,
                    phase.users,
                    phase.seconds,
                    row.page,
                    row.role,
                    row.requests,
                    row.failures,
                    f"{row.median:.1f}",
                    f"{row.p95:.1f}",
                    f"{row.p99:.1f}",
                    f"{row.mean:.2f}",
                    f"{row.rps:.2f}",
                    "" if row.ratio is None else f"{row.ratio:.4f}",
                    row.target,
                    "" if row.met is None else str(row.met).lower(),
                ]
            )
    return buffer.getvalue()


def write(report: Report, folder: Path, stem: str) -> tuple[Path, Path]:
    """Write ``<stem>.md`` and ``<stem>.csv`` into ``folder``; returns both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    md_path = folder / f"{stem}.md"
    csv_path = folder / f"{stem}.csv"
    md_path.write_text(markdown(report), encoding="utf-8")
    csv_path.write_text(csv_text(report.phases, report.roles), encoding="utf-8")
    return md_path, csv_path


# --- Two runs side by side: growth with the data, or before and after a fix -----------------------

GROWTH_LIMIT = 1.3
COMPARE_HEADER = (
    "| page | {a} mean ms | {b} mean ms | {a} p95 ms | {b} p95 ms | {a} ratio | {b} ratio "
    "| growth |"
)


def compare(before: str, after: str, *, labels: tuple[str, str], phase: str = "One user") -> str:
    """A Markdown table of two report CSVs (``csv_text``) for one phase, page by page.

    Growth is the second run's mean response time over the first's: with ``m`` then ``xl`` it
    is the issue's "growth from 1/10 of the data to all of it" (target at most 1.3×).
    """
    first, second = _csv_rows(before, phase), _csv_rows(after, phase)
    a, b = labels
    out = [COMPARE_HEADER.format(a=a, b=b), "|---|---:|---:|---:|---:|---:|---:|---|"]
    for page, row in second.items():
        old = first.get(page)
        if old is None:
            continue
        growth = float(row["mean_ms"]) / float(old["mean_ms"]) if float(old["mean_ms"]) else 0.0
        mark = "" if page == journeys.BARE_VIEW else (" ✓" if growth <= GROWTH_LIMIT else " ✗")
        out.append(
            f"| {page} | {_ms(float(old['mean_ms']))} | {_ms(float(row['mean_ms']))} | "
            f"{_ms(float(old['p95_ms']))} | {_ms(float(row['p95_ms']))} | "
            f"{_ratio(_optional(old['ratio_to_bare']))} | {_ratio(_optional(row['ratio_to_bare']))} "
            f"| {growth:.2f}×{mark} |"
        )
    return "\n".join(out) + "\n"


def _csv_rows(text: str, phase: str) -> dict[str, dict[str, str]]:
    return {row["page"]: row for row in csv.DictReader(io.StringIO(text)) if row["phase"] == phase}


def _optional(value: str) -> float | None:
    return float(value) if value else None


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.perf.report BEFORE.csv AFTER.csv [--labels m,xl] [--phase "4 users"]``"""
    import argparse

    parser = argparse.ArgumentParser(description="Two load-profile reports side by side.")
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--labels", default="before,after", help="two names, comma-separated")
    parser.add_argument("--phase", default="One user", help='"One user", "4 users" or "Soak"')
    args = parser.parse_args(argv)
    first, second = args.labels.split(",", 1)
    print(
        compare(
            args.before.read_text(encoding="utf-8"),
            args.after.read_text(encoding="utf-8"),
            labels=(first, second),
            phase=args.phase,
        ),
        end="",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
