"""What `make run` prints: the demo logins, at the address the server runs on, as the last thing
before runserver's own lines, not buried under task log lines (issue 18, faults 2 and 12)."""

import io
import logging

import pytest
from django.core.management import call_command

# A real commit at the end of the seed, as in `make run`: the notification and e-mail tasks run
# eagerly then, and each would log a line.
pytestmark = pytest.mark.django_db(transaction=True)

MAX_LINES = 60


def test_the_seed_prints_the_logins_at_the_servers_address_and_little_else(settings, caplog):
    settings.LMS_BASE_URL = "http://127.0.0.1:8101"  # what `make run PORT=8101` passes
    caplog.set_level(logging.INFO)
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("seed_demo", stdout=stdout, stderr=stderr)

    printed = stdout.getvalue().splitlines()
    logged = [record.getMessage() for record in caplog.records]
    everything = printed + stderr.getvalue().splitlines() + logged
    assert len(everything) < MAX_LINES, "\n".join(everything)
    assert not [line for line in logged if line.startswith("Task ")]
    text = "\n".join(everything)
    assert "127.0.0.1:8000" not in text
    assert "localhost" not in text

    # The login block: the address, the password, a course provider, two-factor codes.
    assert printed[0].endswith("Log ind på http://127.0.0.1:8101/konto/login/")
    assert any(
        "sofie@almenakademi.example" in line and "Kursusredaktør" in line for line in printed
    )
    assert "http://127.0.0.1:8101/admin/" in printed[-2]
    assert "30. sekund" in stdout.getvalue()


def test_the_seed_leaves_the_log_levels_as_it_found_them(settings):
    # Quieting is for the seed only: runserver's task lines stay as configured afterwards.
    from lms.management.commands.seed_demo import QUIET_LOGGERS, quiet_task_logging

    before = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    with quiet_task_logging():
        assert logging.getLogger("celery.app.trace").getEffectiveLevel() >= logging.WARNING
    assert {name: logging.getLogger(name).level for name in QUIET_LOGGERS} == before
