"""Error reports to Sentry without personal data (core.ops.sentry).

The reports go to a transport that keeps them in memory: nothing leaves the machine.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from core.ops.request_id import request_id_context
from core.ops.sentry import sample_rate, scrub_event, sentry_init
from tests.support.production import run_under_production

CPR = "010190-1234"


@csrf_exempt
def _failing_view(request: HttpRequest) -> HttpResponse:
    raise ValueError(f"Kunne ikke gemme {request.user.email} (cpr {CPR})")


urlpatterns = [path("boom/", _failing_view, name="boom")]


class CapturingTransport(Transport):
    """Keeps every event instead of sending it."""

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.events: list[dict[str, Any]] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        event = envelope.get_event()
        if event is not None:
            self.events.append(event)


@pytest.fixture
def sentry_events() -> Iterator[list[dict[str, Any]]]:
    transport = CapturingTransport()
    sentry_init(
        dsn="https://public@sentry.invalid/1",
        environment="test",
        release="rel-1",
        traces_sample_rate=0.0,
        transport=transport,
    )
    try:
        yield transport.events
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # no DSN: reporting off for the tests that follow


@pytest.fixture
def failing_request(client, bob, settings, sentry_events) -> dict[str, Any]:
    """A logged-in POST with personal data in body, query, cookies and headers, to a view that
    raises with the person's e-mail address and a CPR number in the message.

    Through Django's WSGI handler, as gunicorn calls it: Sentry reads the request from there.
    """
    settings.ROOT_URLCONF = __name__
    client.force_login(bob)
    cookies = f"sessionid={client.cookies['sessionid'].value}; csrftoken=csrf-cookie-value"
    request = RequestFactory().post(
        "/boom/?email=bob%40fjordbo.example&navn=Bob",
        {"email": bob.email, "cpr": CPR, "besked": "Hej fra Bob Berg"},
        HTTP_COOKIE=cookies,
        HTTP_AUTHORIZATION="Bearer api-secret-token",
        HTTP_X_REQUEST_ID="req-sentry",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        HTTP_REFERER="https://almenlaering.example/side/?email=bob%40fjordbo.example",
        HTTP_USER_AGENT="Testbrowser/1.0",
        HTTP_HOST="testserver",
    )
    statuses: list[str] = []
    # As Django's test client does: the request's start and end must not close the test's
    # database connection (it holds the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        WSGIHandler()(request.environ, lambda status, headers, *_: statuses.append(status))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert statuses and statuses[0].startswith("500"), statuses
    errors = [event for event in sentry_events if event.get("exception")]
    assert errors, f"No error was reported: {sentry_events}"
    return errors[0]


def test_the_report_has_the_error_with_personal_data_masked(failing_request):
    [exception] = failing_request["exception"]["values"]
    assert exception["type"] == "ValueError"
    assert exception["value"] == "Kunne ikke gemme [e-mail] (cpr [cpr])"


def test_the_report_holds_no_personal_data_anywhere(failing_request, bob, client):
    sent = json.dumps(failing_request, ensure_ascii=False)

    for personal in (
        bob.email,
        "bob%40fjordbo.example",
        bob.first_name,
        bob.last_name,
        CPR,
        client.cookies["sessionid"].value,
        "csrf-cookie-value",
        "api-secret-token",
        "203.0.113.9",
    ):
        assert personal not in sent, personal


def test_the_request_keeps_only_method_path_and_harmless_headers(failing_request):
    request = failing_request["request"]

    assert request["method"] == "POST"
    assert request["url"].endswith("/boom/")
    assert set(request) == {"method", "url", "headers"}  # no data, cookies, query_string, env
    assert {name.lower() for name in request["headers"]} == {
        "host", "user-agent", "content-type", "content-length",
    }  # fmt: skip


def test_the_user_is_only_an_id_and_the_request_id_is_a_tag(failing_request, bob):
    assert failing_request["user"] == {"id": str(bob.pk)}
    assert failing_request["tags"]["request_id"] == "req-sentry"


def test_the_report_names_environment_and_release_without_local_variables(failing_request):
    assert (failing_request["environment"], failing_request["release"]) == ("test", "rel-1")
    frames = failing_request["exception"]["values"][0]["stacktrace"]["frames"]
    assert frames and not any("vars" in frame for frame in frames)


def test_a_logged_error_outside_a_request_is_masked_and_tagged(sentry_events):
    import logging

    with request_id_context("req-task"):
        logging.getLogger("tests.sentry").error("Kunne ikke sende til karen@fjordbo.example")

    [event] = sentry_events
    assert "karen" not in json.dumps(event)
    assert event["tags"]["request_id"] == "req-task"
    assert "user" not in event


def test_the_lms_log_lines_are_never_reported(sentry_events):
    import logging

    logging.getLogger("lms.task").error("tests.x failure in 3 ms (retries 0)")
    logging.getLogger("lms.request").error("GET / 500 3 ms")

    assert sentry_events == []


def test_scrub_event_trims_what_the_integrations_add():
    event = {
        "request": {
            "method": "GET",
            "url": "https://almenlaering.example/side/?email=a@b.dk",
            "query_string": "email=a@b.dk",
            "cookies": {"sessionid": "x"},
            "data": {"email": "a@b.dk"},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
            "headers": {"Cookie": "sessionid=x", "Authorization": "Bearer y", "Host": "h"},
        },
        "user": {"id": "1", "email": "a@b.dk", "ip_address": "203.0.113.9"},
        "extra": {"request": "<WSGIRequest: GET '/side/?email=a@b.dk'>", "other": 1},
        "breadcrumbs": {"values": [{"message": "Sending to a@b.dk, cpr 3112991234"}]},
    }

    scrubbed = scrub_event(event)

    assert scrubbed["request"] == {
        "method": "GET",
        "url": "https://almenlaering.example/side/",
        "headers": {"Host": "h"},
    }
    assert "user" not in scrubbed  # outside a request there is no one to name
    assert scrubbed["extra"] == {"other": 1}
    assert scrubbed["breadcrumbs"]["values"][0]["message"] == "Sending to [e-mail], cpr [cpr]"


@pytest.mark.parametrize("value,rate", [("0", 0.0), ("0.25", 0.25), ("1", 1.0)])
def test_the_traces_sample_rate_is_a_fraction(value, rate):
    assert sample_rate("SENTRY_TRACES_SAMPLE_RATE", value) == rate


@pytest.mark.parametrize("value", ["-0.1", "1.5", "ofte", "nan"])
def test_a_bad_traces_sample_rate_stops_the_start(value):
    with pytest.raises(ImproperlyConfigured, match="SENTRY_TRACES_SAMPLE_RATE"):
        sample_rate("SENTRY_TRACES_SAMPLE_RATE", value)


PRODUCTION_PROBE = """
import django, json, sentry_sdk
django.setup()
client = sentry_sdk.get_client()
options = client.options
print(json.dumps({
    "active": client.is_active(),
    "environment": options["environment"],
    "release": options["release"],
    "traces_sample_rate": options["traces_sample_rate"],
    "include_local_variables": options["include_local_variables"],
    "max_request_body_size": options["max_request_body_size"],
    "integrations": sorted(client.integrations),
}))
"""


def _production(extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_under_production(
        PRODUCTION_PROBE, drop=("SENTRY_", "LMS_RELEASE", "LOG_"), env=extra_env
    )


def test_production_reports_to_sentry_when_a_dsn_is_set():
    result = _production(
        {"SENTRY_DSN": "https://public@sentry.invalid/1", "LMS_RELEASE": "2026.12.1"}
    )

    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout.strip().splitlines()[-1])
    assert options["active"] is True
    assert options["environment"] == "production"
    assert options["release"] == "2026.12.1"
    assert options["traces_sample_rate"] == 0.0
    assert options["include_local_variables"] is False
    assert options["max_request_body_size"] == "never"
    assert {"django", "celery"} <= set(options["integrations"])


def test_production_without_a_dsn_reports_nothing():
    result = _production({})

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["active"] is False
