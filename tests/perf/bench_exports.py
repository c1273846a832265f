"""Benchmark: exports as background jobs (core.jobs) — how long the request that starts one
takes, and how long the worker then builds the file, for one organisation with 2,000 people.

Not part of `make test` (it measures; tests/core/test_jobs*.py assert the behaviour). It builds
the data of ``tests.perf.bench_competencies`` (same options), then for the dashboard XLSX and
the gap XLSX (every gap):

- "start": the POST that starts the job, as HR sends it (the task is not run: only the request
  is timed, as it is with a real worker);
- "build": ``core.jobs.services.job_run``, what the worker does, timed once per repeat;

and for a session's certificates as one ZIP (``--certificates`` PDFs) the build once.

    createdb -h 127.0.0.1 -U postgres almen_bench_exports
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_bench_exports \\
        .venv/bin/python -m tests.perf.bench_exports --people 2000 --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Any

from tests.perf.bench_competencies import build, setup_django


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(len(times) * 0.95))]


def _start_and_build(client: Any, path: str, repeat: int) -> tuple[list[float], list[float], int]:
    from core.jobs import services
    from core.jobs.models import ExportJob

    starts, builds, size = [], [], 0
    for _ in range(repeat + 1):  # the first round warms up
        ExportJob.objects.all().delete()  # no twin to join: every round makes the file anew
        started = time.perf_counter()
        response = client.post(path)
        start_ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 302, response.status_code
        job = ExportJob.objects.get()
        started = time.perf_counter()
        job = services.job_run(job_id=job.pk)
        build_ms = (time.perf_counter() - started) * 1000
        assert job is not None and job.status == "done", job and job.error
        size = job.file.size
        starts.append(start_ms)
        builds.append(build_ms)
    return starts[1:], builds[1:], size


def _certificates(count: int, editor_email: str) -> tuple[float, int]:
    from django.utils import timezone

    from core.jobs import services
    from courses.models import Certificate, CourseSession, Enrolment
    from organisations.models import Organisation, User

    session = CourseSession.objects.select_related("course").first()
    assert session is not None
    fjordbo = Organisation.objects.get(name="Boligselskabet Fjordbo")
    people = list(User.objects.filter(memberships__organisation=fjordbo)[:count])
    for person in people:
        enrolment = Enrolment.objects.create(
            user=person,
            session=session,
            course=session.course,
            organisation=fjordbo,
            status="completed",
            requested_by=person,
        )
        Certificate.objects.create(
            enrolment=enrolment,
            person_name=person.get_full_name() or person.email,
            course_title=session.course.title,
            guide_code=session.course.guide.code,
            provider_name=session.provider.name,
            hours=session.course.duration_hours,
            completed_on=timezone.localdate(),
        )
    editor = User.objects.get(email=editor_email)
    job = services.export_start(
        user=editor, kind="courses.session_certificates", parameters={"session": session.pk}
    )
    started = time.perf_counter()
    job = services.job_run(job_id=job.pk)
    took = (time.perf_counter() - started) * 1000
    assert job is not None and job.status == "done", job and job.error
    return took, job.progress_total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--competences", type=int, default=40)
    parser.add_argument("--requirements", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--certificates", type=int, default=30)
    parser.add_argument("--editor", default="sofie@almenakademi.example")
    args = parser.parse_args()
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from core.jobs import services
    from organisations.models import User

    data = build(args.people, args.competences, args.requirements)
    org = data["organisation"]
    # Only the request is timed: the task is held, as a real worker would take it elsewhere.
    services._enqueue = lambda job: None  # type: ignore[assignment]
    hr = Client()
    hr.force_login(User.objects.get(email="hanne@fjordbo.example"))
    print(f"{'export':32} {'start median':>12} {'start p95':>10} {'build median':>12} {'size':>9}")
    for label, name in (("dashboard XLSX", "dashboard_export"), ("gap XLSX", "gaps_export")):
        path = reverse(f"competencies:{name}", kwargs={"org_pk": org.pk})
        starts, builds, size = _start_and_build(hr, path, args.repeat)
        print(
            f"{label:32} {statistics.median(starts):10.1f}ms {_p95(starts):8.1f}ms "
            f"{statistics.median(builds):10.1f}ms {size:9d}"
        )
    took, count = _certificates(args.certificates, args.editor)
    print(f"certificates ZIP: {count} PDFs in {took:.0f} ms ({took / max(count, 1):.0f} ms each)")


if __name__ == "__main__":
    sys.exit(main())
