"""One JSON line per request (core.ops.request_id, core.ops.logs) and the X-Request-ID header."""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from core.ops.logs import JsonFormatter, RequestIdFilter, TextFormatter
from core.ops.request_id import get_request_id
from tests.support.production import run_under_production

ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def _failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view broke")


def _request_id_view(request: HttpRequest) -> HttpResponse:
    logging.getLogger("tests.view").warning("inside the view")
    return HttpResponse(get_request_id() or "")


urlpatterns = [
    path("boom/", _failing_view, name="boom"),
    path("id/", _request_id_view, name="request_id_echo"),
]


class Lines:
    """What a JSON console handler, configured as in production, wrote."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def all(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    def of(self, logger: str) -> list[dict[str, Any]]:
        return [line for line in self.all() if line["logger"] == logger]

    def raw(self) -> str:
        return self.stream.getvalue()


@pytest.fixture
def lines() -> Iterator[Lines]:
    """Every record from DEBUG up, formatted by the production formatter, one per line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    ours = [logging.getLogger("lms.request"), logging.getLogger("lms.task")]
    previous = [logger.level for logger in ours]
    root.addHandler(handler)
    for logger in ours:
        logger.setLevel(logging.DEBUG)
    try:
        yield Lines(stream)
    finally:
        root.removeHandler(handler)
        for logger, level in zip(ours, previous, strict=True):
            logger.setLevel(level)


def test_a_logged_in_request_yields_one_line_with_the_fields(client, bob, lines):
    client.force_login(bob)

    response = client.get(reverse("min_side"))

    assert response.status_code == 200
    [line] = lines.of("lms.request")
    assert line["level"] == "INFO"
    assert ISO_UTC.fullmatch(line["time"])
    assert line["request_id"] == response["X-Request-ID"]
    assert line["method"] == "GET"
    assert line["path"] == reverse("min_side")
    assert line["view"] == "min_side"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], int | float) and line["duration_ms"] >= 0
    assert line["user_id"] == bob.pk


def test_the_line_names_the_person_by_id_only(client, bob, lines):
    client.force_login(bob)

    client.get(reverse("min_side"))

    [line] = [raw for raw in lines.raw().splitlines() if '"lms.request"' in raw]
    for personal in (bob.email, bob.first_name, bob.last_name):
        assert personal not in line


def test_an_anonymous_request_has_no_user_id(client, db, lines):
    response = client.get(reverse("account_login"))

    [line] = lines.of("lms.request")
    assert line["status"] == response.status_code == 200
    assert line["view"] == "account_login"
    assert line["user_id"] is None


def test_the_query_string_is_never_logged(client, db, lines):
    client.get(reverse("account_login") + "?next=/min-side/&email=karen%40fjordbo.example")

    [line] = lines.of("lms.request")
    assert line["path"] == reverse("account_login")
    assert "karen" not in lines.raw()
    assert "next=" not in lines.raw()


def test_a_secret_in_the_path_is_masked(client, db, lines):
    token = "h3mmelig-kalendertoken"

    client.get(reverse("calendar_feed", kwargs={"token": token}))

    [line] = lines.of("lms.request")
    assert line["view"] == "calendar_feed"
    assert token not in lines.raw()
    assert line["path"] == reverse("calendar_feed", kwargs={"token": token}).replace(token, "[…]")


def test_a_sane_request_id_is_kept_and_echoed(client, db, lines):
    response = client.get(reverse("account_login"), HTTP_X_REQUEST_ID="haproxy-7f3a.01_x")

    assert response["X-Request-ID"] == "haproxy-7f3a.01_x"
    [line] = lines.of("lms.request")
    assert line["request_id"] == "haproxy-7f3a.01_x"


@pytest.mark.parametrize(
    "bad",
    ["has space", "x" * 65, 'quote"d', "semi;colon", "æøå", "new\nline"],
)
def test_a_bad_request_id_is_replaced(client, db, lines, bad):
    response = client.get(reverse("account_login"), HTTP_X_REQUEST_ID=bad)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    [line] = lines.of("lms.request")
    assert line["request_id"] == response["X-Request-ID"]


def test_every_record_of_the_request_carries_its_id(client, settings, lines):
    settings.ROOT_URLCONF = __name__

    response = client.get("/id/", HTTP_X_REQUEST_ID="req-42")

    assert response.content == b"req-42"  # the id is current inside the view
    [inside] = lines.of("tests.view")
    assert inside["request_id"] == "req-42"
    assert get_request_id() is None  # and gone after the request


def test_a_failing_view_logs_a_warning_line_and_the_traceback_in_one_line(client, settings, lines):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    response = client.get("/boom/?email=karen%40fjordbo.example", HTTP_X_REQUEST_ID="req-500")

    assert response.status_code == 500
    [line] = lines.of("lms.request")
    assert (line["status"], line["level"], line["view"]) == (500, "WARNING", "boom")
    [error] = lines.of("django.request")
    assert error["level"] == "ERROR"
    assert error["request_id"] == "req-500"
    assert "RuntimeError: the view broke" in error["exc_info"]
    # Django's record carries the request object; its repr (with the query) is left out.
    assert "request" not in error
    assert "karen" not in lines.raw()


def test_health_probes_are_logged_at_debug(client, db, lines):
    client.get("/healthz")

    [line] = lines.of("lms.request")
    assert line["level"] == "DEBUG"
    assert line["path"] == "/healthz"


def test_static_files_are_logged_without_a_view(client, db, lines):
    client.get("/static/finnes-ikke.css")

    [line] = lines.of("lms.request")
    assert line["view"] is None
    assert line["status"] == 404


def test_messages_have_email_addresses_and_cpr_numbers_masked(lines):
    logging.getLogger("tests.masking").warning(
        "Duplicate key (email)=(karen@fjordbo.example), cpr 010190-1234 and 0101901234; "
        "epoch 1764934000 and phone 12345678 stay"
    )

    [line] = lines.of("tests.masking")
    assert line["message"] == (
        "Duplicate key (email)=([e-mail]), cpr [cpr] and [cpr]; epoch 1764934000 and phone "
        "12345678 stay"
    )


def test_the_text_format_shows_the_request_id():
    record = logging.LogRecord("lms.request", logging.INFO, __file__, 1, "GET / 200", None, None)
    record.request_id = "req-1"

    assert TextFormatter().format(record) == "INFO lms.request [req-1] GET / 200"


def test_outside_a_request_the_id_is_a_dash():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hej", None, None)
    RequestIdFilter().filter(record)

    assert json.loads(JsonFormatter().format(record))["request_id"] == "-"


# --- Production settings: JSON on standard output --------------------------------------------

PRODUCTION_PROBE = """
import logging, django
django.setup()
from core.ops.request_id import request_id_context
with request_id_context("req-prod"):
    logging.getLogger("lms.request").info("GET / 200 3 ms", extra={"status": 200})
    try:
        raise KeyError("karen@fjordbo.example")
    except KeyError:
        logging.getLogger("core.tasks").exception("Det gik galt")
logging.getLogger("wagtail").info("a page was saved")  # below the wagtail logger's level
"""


def _run_production(**env: str) -> subprocess.CompletedProcess[str]:
    return run_under_production(PRODUCTION_PROBE, env=env)


def test_production_logs_one_json_object_per_line_to_stdout():
    result = _run_production()

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["logger"], r["level"]) for r in records] == [
        ("lms.request", "INFO"),
        ("core.tasks", "ERROR"),
    ]
    request, error = records
    assert request["request_id"] == error["request_id"] == "req-prod"
    assert request["status"] == 200
    assert ISO_UTC.fullmatch(request["time"])
    # The stack trace is part of its one line, with the e-mail address masked.
    assert "KeyError" in error["exc_info"] and "Traceback" in error["exc_info"]
    assert "karen" not in result.stdout


def test_production_can_log_text():
    result = _run_production(LOG_FORMAT="text")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "INFO lms.request [req-prod] GET / 200 3 ms"


def test_an_unknown_log_format_stops_the_start():
    result = _run_production(LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT='xml' is not one of: text, json." in result.stderr
