"""Run the load profile against a seeded database and write its report (``make perf``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_scale_m \\
    REDIS_CACHE_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python -m tests.perf.run_profile --size m [--users 1,4] [--duration 60] [--soak]

What it does, in order, and undoes on the way out (also on Ctrl+C or an error):

1. reads the pages and people from the database (``targets.py``) into a JSON file (or takes
   ``--targets FILE``);
2. ``collectstatic`` when its manifest is older than a static file (production serves the
   manifest of compressed files);
3. starts gunicorn (``lms.wsgi``, ``lms.settings.perf``: production settings on plain HTTP, with
   the bare Django view) on 127.0.0.1 with ``--workers`` sync workers;
4. a short warm-up tour (its figures are dropped: first requests compile templates and fill
   caches), then the page tour (``locustfile.PageTour``) for each ``--users`` level, without
   think time, ``--duration`` seconds each, each followed by the anonymous pages and the bare
   view without logged-in pages between them at the same level for ``--apart-seconds`` (the
   yardstick of that level's ratios, and the cached pages' figures);
5. with ``--soak``: the sector's mix (``journeys.SECTOR_USERS``) at ``--soak-users`` users with
   think time for ``--soak-duration`` seconds, sampling the workers' memory (psutil) and saying
   whether it stays within 10 % after warm-up;
6. stops gunicorn and writes the report as Markdown and CSV under ``tests/perf/reports/``
   (gitignored), and prints the Markdown.

Each phase logs in as people the earlier phases did not use (``LMS_PERF_LOGIN_OFFSET``), so
allauth's one-use TOTP codes are not an issue between phases. It needs nothing but the
database and, for production's cache, Redis (``REDIS_CACHE_URL``; without it each worker caches
in its own memory, and the report says so).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LOCUSTFILE = ROOT / "tests" / "perf" / "locustfile.py"
REPORTS = ROOT / "tests" / "perf" / "reports"
SETTINGS = "lms.settings.perf"
MEMORY_TOLERANCE = 0.10
# Seconds a tour may spend logging in before it measures (a TOTP code reused by the same
# person within 30 s waits for the next one).
LOGIN_ALLOWANCE = 240


@dataclass
class Options:
    size: str
    users: list[int]
    duration: int
    warmup: int
    apart_seconds: int
    workers: int
    port: int
    soak: bool
    soak_users: int
    soak_duration: int
    soak_spawn_rate: float
    collectstatic: bool
    reports: Path
    targets: Path | None = None
    stem: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"))


def parse(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="m", help="the seed_scale size of the database")
    parser.add_argument("--users", default="1,4", help="page-tour concurrency levels: 1,4")
    parser.add_argument("--duration", type=int, default=60, help="seconds per tour level")
    parser.add_argument("--warmup", type=int, default=20, help="seconds of warm-up (dropped)")
    parser.add_argument(
        "--apart-seconds",
        type=int,
        default=20,
        help="seconds per level of the bare view and anonymous pages without logged-in ones",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8611)
    parser.add_argument("--soak", action="store_true", help="also the sector mix with think time")
    parser.add_argument("--soak-users", type=int, default=100)
    parser.add_argument("--soak-duration", type=int, default=600, help="seconds")
    parser.add_argument("--soak-spawn-rate", type=float, default=2.0, help="users per second")
    parser.add_argument("--no-collectstatic", dest="collectstatic", action="store_false")
    parser.add_argument("--reports", type=Path, default=REPORTS)
    parser.add_argument(
        "--targets", type=Path, help="a targets JSON file to use instead of reading the database"
    )
    args = parser.parse_args(argv)
    users = [int(level) for level in args.users.split(",") if level.strip()]
    return Options(
        size=args.size,
        users=users,
        duration=args.duration,
        warmup=args.warmup,
        apart_seconds=args.apart_seconds,
        workers=args.workers,
        port=args.port,
        soak=args.soak,
        soak_users=args.soak_users,
        soak_duration=args.soak_duration,
        soak_spawn_rate=args.soak_spawn_rate,
        collectstatic=args.collectstatic,
        reports=args.reports,
        targets=args.targets,
    )


def server_env() -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=SETTINGS, PYTHONPATH=str(ROOT))
    env.setdefault("LOG_LEVEL", "WARNING")
    return env


# --- The database side: targets and machine ----------------------------------------------------


def prepare(options: Options) -> tuple[dict[str, Any], dict[str, str]]:
    """Targets from the database, and the machine's description for the report."""
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.db import connection

    from tests.perf.targets import build_targets

    # One person per simulated user and role in each phase (warm-up: 2), as far as there are.
    per_role = 2 + sum(options.users) + (options.soak_users if options.soak else 0)
    if options.targets is not None:
        targets = json.loads(options.targets.read_text(encoding="utf-8"))
    else:
        targets = build_targets(options.size, people_per_role=per_role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        database = str(cursor.fetchone()[0]) if connection.vendor == "postgresql" else "SQLite"
    connection.close()
    return targets, machine(options, database.split(" on ")[0])


def static_is_current() -> bool:
    """Whether collectstatic's manifest is newer than every static file the finders know: then
    running it again (minutes: production compresses every file) would change nothing."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list([]):
            if Path(storage.path(path)).stat().st_mtime > built:
                return False
    return True


def machine(options: Options, database: str) -> dict[str, str]:
    import psutil

    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cache = "Redis" if os.environ.get("REDIS_CACHE_URL") else "local memory per worker (no Redis)"
    return {
        "cores": f"{os.cpu_count()} ({model})",
        "RAM": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "database": database,
        "cache": cache,
        "server": f"gunicorn, {options.workers} sync workers, {SETTINGS}",
        "load": "Locust on the same machine",
        # Others' work on the same cores slows the bare view and every page with it.
        "load average at the start": f"{os.getloadavg()[0]:.1f}",
        "Python": platform.python_version(),
    }


# --- Processes ---------------------------------------------------------------------------------


@contextlib.contextmanager
def gunicorn(options: Options, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn in a process group of its own, stopped with all its workers on the way out."""
    command = [
        str(BIN / "gunicorn"),
        "lms.wsgi:application",
        f"--bind=127.0.0.1:{options.port}",
        f"--workers={options.workers}",
        "--worker-class=sync",
        "--timeout=120",
        "--error-logfile=-",
    ]
    # The workers' own output (Django's log of errors) goes to the same file as gunicorn's.
    with log.open("ab") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=server_env(),
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(options, process)
            yield process
        finally:
            stop(process)


def wait_until_up(options: Options, process: subprocess.Popen[bytes], seconds: int = 90) -> None:
    url = f"http://127.0.0.1:{options.port}/_perf/bare/"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {process.returncode})")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s")


def stop(process: subprocess.Popen[Any]) -> None:
    """SIGINT to the process group (gunicorn: quick shutdown; Locust: writes its statistics and
    stops), SIGKILL if it has not stopped in 20 s."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def exceptions(prefix: Path) -> list[str]:
    """The exceptions Locust's users raised in a run (``<prefix>_exceptions.csv``), one line
    each: a user that failed in its own code measured nothing, and the report must say so."""
    import csv

    path = Path(f"{prefix}_exceptions.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [f"{row['Count']}× {row['Message']}" for row in csv.DictReader(handle)]


@dataclass
class Run:
    """One profile run's shared state: where it writes, whom it logs in next, what it noted."""

    options: Options
    work: Path
    targets_file: Path
    login_offset: int = 0
    notes: list[str] = field(default_factory=list)


def locust(
    run: Run, name: str, *, classes: tuple[str, ...], users: int, seconds: int, tour: bool
) -> Path:
    """One headless Locust run; returns the prefix of its CSV files.

    Its exit code (1 when a request failed) is not an error here: failures are in the
    statistics. A tour ends itself ``--duration`` seconds after its last user has logged in;
    Locust's own time limit is then only a safety net that leaves time for the logins. Each run
    logs in as people the runs before it did not use, as far as the data set has people.
    """
    options = run.options
    spawn_rate = options.soak_spawn_rate if name == "soak" else users
    prefix = run.work / name
    command = [
        str(BIN / "locust"),
        f"--locustfile={LOCUSTFILE}",
        "--headless",
        f"--users={users}",
        f"--spawn-rate={spawn_rate}",
        f"--run-time={seconds + LOGIN_ALLOWANCE if tour else seconds}s",
        f"--host=http://127.0.0.1:{options.port}",
        f"--csv={prefix}",
        "--only-summary",
        "--loglevel=WARNING",
        "--stop-timeout=10",
        *classes,
    ]
    env = dict(
        os.environ,
        LMS_PERF_TARGETS=str(run.targets_file),
        LMS_PERF_LOGIN_OFFSET=str(run.login_offset),
        LMS_PERF_TOUR_USERS=str(users),
        LMS_PERF_MEASURE_SECONDS=str(seconds if tour else 0),
        PYTHONPATH=str(ROOT),
    )
    run.login_offset += users
    with (run.work / f"{name}.log").open("ab") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output
        )
        try:
            process.wait(timeout=seconds + LOGIN_ALLOWANCE + 120)
        finally:
            stop(process)
    for problem in exceptions(prefix):
        run.notes.append(f"{name}: a simulated user failed: {problem}")
    return prefix


def phase(run: Run, name: str, users: int, *, tour: bool) -> Any:
    """Run one reported phase and read its statistics."""
    from tests.perf import journeys, report

    slug = f"tour-{users}" if tour else "soak"
    classes = journeys.TOUR_USERS if tour else journeys.SECTOR_USERS
    seconds = run.options.duration if tour else run.options.soak_duration
    before = os.getloadavg()[0]
    prefix = locust(run, slug, classes=classes, users=users, seconds=seconds, tour=tour)
    # The 1-minute load average as the phase starts and ends: how busy the cores were.
    run.notes.append(
        f"{name}: load average {before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end."
    )
    stats = report.read_stats(Path(f"{prefix}_stats.csv").read_text(encoding="utf-8"))
    apart = measured_apart(run, users) if tour else []
    return report.Phase(name, users, seconds, not tour, stats, apart=apart)


def measured_apart(run: Run, users: int) -> list[Any]:
    """The bare view and the anonymous pages at ``users`` at once, without logged-in pages
    between them: the yardstick of the level's ratios and the cached pages' own figures."""
    from tests.perf import journeys, report

    if not run.options.apart_seconds:
        return []
    prefix = locust(
        run,
        f"anonymous-{users}",
        classes=journeys.ANONYMOUS_TOUR_USERS,
        users=users,
        seconds=run.options.apart_seconds,
        tour=False,
    )
    return report.read_stats(Path(f"{prefix}_stats.csv").read_text(encoding="utf-8"))


# --- Memory ------------------------------------------------------------------------------------


class MemorySampler(threading.Thread):
    """The gunicorn workers' resident memory (MiB, summed) every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 10.0) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.samples: list[tuple[float, float]] = []
        self._done = threading.Event()

    def run(self) -> None:
        import psutil

        start = time.monotonic()
        while not self._done.is_set():
            with contextlib.suppress(psutil.Error):
                workers = psutil.Process(self.pid).children()
                rss = sum(worker.memory_info().rss for worker in workers) / 2**20
                self.samples.append((time.monotonic() - start, rss))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join(timeout=5)


def memory_verdict(samples: list[tuple[float, float]], warmup: float) -> str:
    """Whether the workers' memory stays within 10 % of what it was right after warm-up."""
    after = [rss for at, rss in samples if at >= warmup]
    if len(after) < 2:
        return "Worker memory: too few samples after warm-up to judge."
    baseline, peak, last = after[0], max(after), after[-1]
    growth = peak / baseline - 1
    verdict = "flat" if growth <= MEMORY_TOLERANCE else "NOT flat"
    return (
        f"Worker memory (all workers, RSS): {baseline:,.0f} MiB after {warmup:.0f} s of "
        f"warm-up, peak {peak:,.0f} MiB, at the end {last:,.0f} MiB: {growth:+.1%} — "
        f"{verdict} (limit +{MEMORY_TOLERANCE:.0%})."
    )


# --- The run -----------------------------------------------------------------------------------


def measure(run: Run, server: subprocess.Popen[bytes]) -> list[Any]:
    """Warm-up, the tour at each level, and the soak if asked for: the reported phases."""
    from tests.perf import journeys

    options = run.options
    if options.warmup:
        print(f"Warm-up: 2 users, {options.warmup} s (not reported)")
        locust(
            run, "warmup", classes=journeys.TOUR_USERS, users=2, seconds=options.warmup, tour=True
        )
    phases = []
    for users in options.users:
        print(f"Page tour: {users} user(s) at once, {options.duration} s, no think time")
        phases.append(phase(run, "One user" if users == 1 else f"{users} users", users, tour=True))
    if options.soak:
        print(f"Soak: the sector's mix, {options.soak_users} users, {options.soak_duration} s")
        sampler = MemorySampler(server.pid)
        sampler.start()
        try:
            phases.append(phase(run, "Soak", options.soak_users, tour=False))
        finally:
            sampler.stop()
        ramp = options.soak_users / options.soak_spawn_rate
        run.notes.append(memory_verdict(sampler.samples, max(ramp + 30, options.soak_duration / 5)))
    return phases


def main(argv: list[str] | None = None) -> int:
    from tests.perf import report
    from tests.perf.targets import page_roles

    options = parse(argv)
    if not os.environ.get("DATABASE_URL"):
        print("run_profile needs DATABASE_URL of a database that seed_scale built.")
        return 2
    # A cold cache of the run's own: nothing a run against another database left in Redis.
    os.environ.setdefault("LMS_PERF_CACHE_PREFIX", f"lms-perf-{options.stem}")
    # SIGTERM (a CI timeout) unwinds like Ctrl+C, so that every process started here stops.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = options.reports / options.stem
    work.mkdir(parents=True, exist_ok=True)
    print(f"Reading the profile's pages and people from the database (size {options.size})")
    targets, machine_info = prepare(options)
    run = Run(options, work, work / "targets.json")
    run.targets_file.write_text(json.dumps(targets, indent=1, ensure_ascii=False), "utf-8")
    if options.collectstatic and not static_is_current():
        print("collectstatic (production serves the manifest of compressed files)")
        command = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"]
        subprocess.run(command, cwd=ROOT, env=server_env(), check=True)
    with gunicorn(options, work / "gunicorn.log") as server:
        phases = measure(run, server)
    if not os.environ.get("REDIS_CACHE_URL"):
        run.notes.append("No REDIS_CACHE_URL: each worker cached in its own memory.")
    full = report.Report(
        phases=phases,
        roles=page_roles(targets),
        machine=machine_info,
        dataset=targets["dataset"],
        notes=[f"Built by seed_scale --size {options.size}.", *run.notes],
    )
    md_path, csv_path = report.write(full, options.reports, options.stem)
    print(report.markdown(full))
    print(f"Report: {md_path} and {csv_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
