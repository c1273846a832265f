"""Schemathesis against the live API: no server error, and every answer matches the schema.

It reads the schema the running site serves (/api/v1/schema/), so every endpoint is covered
the day it is added — the learning endpoints included. A fixed seed and a bounded number of
examples per operation keep it deterministic and within a minute or two. Runs in both CI passes
(SQLite, and PostgreSQL with Redis as cache).

To see it fail, make any endpoint raise (e.g. ``1 / 0`` in a serializer method): the run
reports "Server error" and the test fails with schemathesis' report.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from api.catalogue import GuideSerializer
from api.models import TokenScope
from api.throttling import AnonymousRateThrottle, TokenRateThrottle
from competencies.models import Guide
from courses.models import CoursePage, CourseSession, Enrolment, EnrolmentStatus
from organisations.models import Department, JobFunction, User
from tests.api.conftest import make_token
from tests.factories import (
    CertificateFactory,
    CoursePageFactory,
    CourseSessionFactory,
    EnrolmentFactory,
    EvidenceFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
SEED = 20250301
MAX_EXAMPLES = 12
TIMEOUT = 600  # seconds; a normal run takes one to two minutes


def _seed(fjordbo, akademi, a3, bob):
    """A little of everything the endpoints list, so that real rows are checked too."""
    course = CoursePageFactory.create(parent=akademi.course_section, guide=a3, title="Fremtid")
    session = CourseSessionFactory.create(course=course)
    EnrolmentFactory.create(session=session, user=bob, organisation=fjordbo)
    done = CourseSessionFactory.create(course=course, days=-30)
    completed = EnrolmentFactory.create(
        session=done, user=bob, organisation=fjordbo, status=EnrolmentStatus.COMPLETED
    )
    CertificateFactory.create(enrolment=completed)
    EvidenceFactory.create(user=bob, organisation=fjordbo, competence="fremtidsanalyse")


def _config(tmp_path: Path) -> Path:
    """The checked-in settings plus the ids that exist, so detail routes also reach real rows.

    Half of the generated ids are real ones (any type's: a person's id may be tried as a
    session's, which is a fine 404); the other half are schemathesis' own.
    """
    ids = set()
    for model in (User, Department, JobFunction, Guide, CoursePage, CourseSession, Enrolment):
        ids.update(model.objects.values_list("pk", flat=True))
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        CONFIG.read_text()
        + f"\n[dictionaries.ids]\nvalues = {sorted(ids)}\n\n[parameters]\n"
        + "".join(
            f'"path.{name}" = {{ dictionary = "ids", probability = 0.5 }}\n'
            for name in ("id", "person_id")
        )
    )
    return config


def _schemathesis(url: str, key: str, config: Path, *extra: str) -> tuple[int, str]:
    """Run schemathesis' CLI against ``url``'s schema; its exit code and its report."""
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(config),
        "run",
        f"{url}/api/v1/schema/",
        "--header",
        f"Authorization: Bearer {key}",
        "--checks",
        "all",
        "--seed",
        str(SEED),
        "--generation-deterministic",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        *extra,
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT, cwd=config.parent, check=False
    )
    return result.returncode, result.stdout + result.stderr


def _broken(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("an endpoint that fails")


def test_the_live_api_answers_as_its_schema_says(
    live_server, monkeypatch, tmp_path, fjordbo, alice, bob, akademi, a3
):
    _seed(fjordbo, akademi, a3, bob)
    _token, key = make_token(fjordbo, alice, TokenScope.READ_WRITE)
    config = _config(tmp_path)
    # The limits are tested elsewhere; here they would only cut the run short.
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "100000/minute"})
    monkeypatch.setattr(AnonymousRateThrottle, "THROTTLE_RATES", {"anonymous": "100000/minute"})

    # First the check itself: with one endpoint failing (the live server runs in this
    # process, so the patch reaches it), the run must fail and say so.
    with monkeypatch.context() as patch:
        patch.setattr(GuideSerializer, "to_representation", _broken)
        code, output = _schemathesis(
            live_server.url, key, config, "--include-path", "/api/v1/guides/", "-n", "3"
        )
    assert code != 0 and "Server error" in output, output[-5000:]

    code, output = _schemathesis(live_server.url, key, config, "--max-examples", str(MAX_EXAMPLES))
    assert code == 0, output[-20000:]
    selected = re.search(r"Operations:\s+(\d+) selected / (\d+) total", output)
    assert selected and selected[1] == selected[2] and int(selected[1]) >= 11, output[:2000]
