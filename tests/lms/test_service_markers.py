"""The policy of the root conftest.py: marked tests skip locally, fail in CI, fail on --no-skips.

Each case runs pytest in a subprocess on a tiny test file with a copy of our conftest, so that
environment variables are read afresh.
"""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVICE_VARIABLES = ("CI", "DATABASE_URL", "CELERY_BROKER_URL", "CHROMIUM_PATH")

MARKED_TESTS = """
import pytest

@pytest.mark.postgres
def test_needs_postgres():
    pass

@pytest.mark.redis
def test_needs_redis():
    pass

@pytest.mark.browser
def test_needs_a_browser():
    pass

def test_needs_nothing():
    pass
"""


@pytest.fixture
def run(pytester, monkeypatch):
    pytester.makeconftest((REPO_ROOT / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    postgres\n    redis\n    browser\n")
    for name in SERVICE_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def run_pytest(*args, **variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        # The Django plugin stays out: these tests are about the markers only.
        return pytester.runpytest_subprocess(
            "-p", "no:django", "-p", "no:cacheprovider", "-ra", *args
        )

    return run_pytest


def test_without_services_marked_tests_skip_with_a_one_line_reason(pytester, run):
    pytester.makepyfile(MARKED_TESTS)
    result = run(CHROMIUM_PATH="/nonexistent/chromium")
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines(
        [
            "*runs in the PostgreSQL pass: set DATABASE_URL=postgres://*",
            "*runs in the Redis pass: set CELERY_BROKER_URL=redis://*",
            "*needs Chromium at /nonexistent/chromium*",
        ]
    )


def test_in_ci_an_unreachable_service_or_a_missing_browser_fails(pytester, run):
    pytester.makepyfile(MARKED_TESTS)
    result = run(
        CI="true",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/almenlaering",
        CHROMIUM_PATH="/nonexistent/chromium",
    )
    # Redis is not configured at all: that still skips, as in CI's SQLite pass.
    result.assert_outcomes(passed=1, skipped=1, errors=2)
    result.stdout.fnmatch_lines(
        ["*CI=true and DATABASE_URL names PostgreSQL at 127.0.0.1:9, which does not answer*"]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_outside_ci_an_unreachable_service_skips_with_the_reason(pytester, run):
    pytester.makepyfile(MARKED_TESTS)
    result = run(CELERY_BROKER_URL="redis://127.0.0.1:9/0", CHROMIUM_PATH="/nonexistent/chromium")
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines(["*CELERY_BROKER_URL names Redis at 127.0.0.1:9*"])


def test_no_skips_turns_every_skip_into_a_failure(pytester, run):
    pytester.makepyfile(
        """
        import pytest

        def test_skipped():
            pytest.skip("not today")

        @pytest.mark.xfail(reason="known bug")
        def test_expected_failure():
            assert False

        def test_fine():
            pass
        """
    )
    result = run("--no-skips")
    result.assert_outcomes(passed=1, errors=0, failed=1, xfailed=1)
    result.stdout.fnmatch_lines(["*--no-skips: this test was skipped (not today)*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_no_skips_fails_the_run_when_a_whole_module_is_skipped(pytester, run):
    pytester.makepyfile(
        test_skipped_module="""
        import pytest
        pytest.skip("module not ready", allow_module_level=True)
        """,
        test_other="def test_fine():\n    pass\n",
    )
    result = run("--no-skips")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*--no-skips: 1 skipped item(s); everything must run here.*"])
