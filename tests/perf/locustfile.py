"""The load profile: AlmenLæring's journeys as Locust users (``make perf`` runs it headless).

Two kinds of users, chosen by class name on Locust's command line (``run_profile.py`` does):

- ``PageTour``: opens every page of the targets in turn (the anonymous ones, then each role's),
  each followed by the bare Django view, without think time. One tour user is "one user", four
  are "four at once". Each tour user logs in as one person of every role, so that every
  logged-in page is measured at that concurrency.
- The sector's mix (``AnonymousVisitor``, ``Learner``, ``Manager``, ``HumanResources``,
  ``ProjectLeader``, ``ProviderEditor``, weighted by ``journeys.ROLE_WEIGHTS``, with think time
  ``journeys.THINK_TIME``) and one ``BareViewProbe`` with the same think time: the soak at 100
  users.

Logged-in users log in through the real login (allauth's form with its CSRF token, then the
TOTP code for the roles with two-factor), each simulated user as its own person where the data
set has enough (``LMS_PERF_LOGIN_OFFSET`` moves the first one, so that a later phase of the same
run takes other people). allauth refuses a code used twice by the same person within its 30
seconds: when the people run out and one is reused, the login waits for the next code. Each
simulated user sends its own ``X-Forwarded-For`` address (``lms.settings.perf`` trusts one
proxy), so the per-address login rate limits apply per simulated person, as in real life.

The tour's figures start when its last user has logged in (``LMS_PERF_TOUR_USERS``) and end
``LMS_PERF_MEASURE_SECONDS`` later: the logins' own figures are dropped with everything before.
Every page must answer 200 without a redirect: a login page instead of the HR dashboard is an
error, never a fast success. The targets (paths, people) come from ``LMS_PERF_TARGETS``, the JSON
file ``run_profile.py`` writes from the database (``targets.py``).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

import gevent
import gevent.event
from locust import FastHttpUser, between, constant, task
from locust.contrib.fasthttp import FastHttpSession
from locust.exception import StopUser

# Locust puts only this file's folder on the path; the journeys are imported as a package.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf import journeys

TOTP_PERIOD = 30
LOGIN_FAILED = journeys.LOGIN_PREFIX + "failed (pages left out)"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def load_targets() -> dict[str, Any]:
    """The targets file named by ``LMS_PERF_TARGETS``; empty targets without one (``--list``)."""
    path = os.environ.get("LMS_PERF_TARGETS")
    if not path:
        return {"anonymous": [], "people": {}, "password": "", "totp_secret": ""}
    with open(path, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


TARGETS = load_targets()
_user_numbers = itertools.count(1)
_login_counters = {role: itertools.count() for role in journeys.ROLES}
LOGIN_OFFSET = int(os.environ.get("LMS_PERF_LOGIN_OFFSET", "0"))
# The tour measures from the moment its last user has logged in (logins are slow by design:
# password hashing), for LMS_PERF_MEASURE_SECONDS, and then ends the run itself.
TOUR_SIZE = int(os.environ.get("LMS_PERF_TOUR_USERS", "1"))
MEASURE_SECONDS = float(os.environ.get("LMS_PERF_MEASURE_SECONDS", "0"))
_tour_ready = gevent.event.Event()
_tour_logged_in = itertools.count(1)
_tour_failed_logins: list[str] = []
Page = dict[str, str]  # {"name": ..., "path": ...}


def next_person(role: str) -> dict[str, Any] | None:
    """The next seeded person of ``role`` (round robin, from the phase's offset)."""
    people = TARGETS["people"].get(role) or []
    if not people:
        return None
    person: dict[str, Any] = people[(LOGIN_OFFSET + next(_login_counters[role])) % len(people)]
    return person


def new_session(user: FastHttpUser, number: int) -> FastHttpSession:
    """A client with its own cookies and its own client address, like one browser."""
    return FastHttpSession(
        base_url=user.host,
        request_event=user.environment.events.request,
        user=user,
        network_timeout=60.0,
        connection_timeout=60.0,
        max_redirects=0,
        headers={
            "X-Forwarded-For": journeys.forwarded_for(number),
            "Accept-Language": "da-DK,da;q=0.9,en;q=0.5",
        },
    )


def _csrf_token(html: str | None) -> str:
    found = CSRF_FIELD.search(html or "")
    return found.group(1) if found else ""


def log_in(session: FastHttpSession, email: str) -> bool:
    """The real login: the form, the password, and the TOTP code when the person has one."""
    form = session.get(journeys.LOGIN_PATH, name="login: form")
    data = {
        "csrfmiddlewaretoken": _csrf_token(form.text),
        "login": email,
        "password": TARGETS["password"],
    }
    with session.post(
        journeys.LOGIN_PATH,
        data=data,
        name="login: password",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        location = response.headers.get("Location", "") if response.headers else ""
        if response.status_code != 302:
            response.failure(f"login refused for {email} ({response.status_code})")
            return False
    if journeys.LOGIN_CODE_PATH not in location:
        return True
    return _second_step(session, email)


def _second_step(session: FastHttpSession, email: str) -> bool:
    for attempt in range(3):
        form = session.get(journeys.LOGIN_CODE_PATH, name="login: code form")
        code = journeys.totp_code(TARGETS["totp_secret"], time.time())
        data = {"csrfmiddlewaretoken": _csrf_token(form.text), "code": code}
        with session.post(
            journeys.LOGIN_CODE_PATH,
            data=data,
            name="login: code",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                return True
            if attempt == 2:
                response.failure(f"TOTP code refused for {email} ({response.status_code})")
                return False
            # The same person logged in with this code moments ago: take the next one.
            response.success()
        gevent.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.5)
    return False


def open_page(session: FastHttpSession, page: Page) -> None:
    """Request one page; anything but a 200 (a redirect to the login too) is an error."""
    with session.get(
        page["path"], name=page["name"], allow_redirects=False, catch_response=True
    ) as response:
        if response.status_code != 200:
            where = response.headers.get("Location", "") if response.headers else ""
            response.failure(f"{response.status_code} {where}".strip())


def open_bare_view(session: FastHttpSession) -> None:
    open_page(session, {"name": journeys.BARE_VIEW, "path": journeys.BARE_VIEW_PATH})


class PageTour(FastHttpUser):
    """Every page in turn, each followed by the bare view, without think time."""

    wait_time = constant(0)

    def on_start(self) -> None:
        number = next(_user_numbers)
        self.anonymous = new_session(self, number)
        self.rounds: list[tuple[FastHttpSession, list[Page]]] = [
            (self.anonymous, TARGETS["anonymous"])
        ]
        for role in journeys.ROLES:
            person = next_person(role)
            session = new_session(self, number)
            # A failed login is counted as an error; its pages are left out of the tour.
            if person is None:
                continue
            if log_in(session, person["email"]):
                self.rounds.append((session, person["pages"]))
            else:
                _tour_failed_logins.append(person["email"])
        if next(_tour_logged_in) >= TOUR_SIZE:
            self._start_measuring()
        _tour_ready.wait()

    def _start_measuring(self) -> None:
        """All tour users are in: forget the logins' figures, measure for the set time."""
        self.environment.stats.reset_all()
        # A failed login stays in the report: its role's pages are missing from the tour.
        for email in _tour_failed_logins:
            self.environment.events.request.fire(
                request_type="POST",
                name=LOGIN_FAILED,
                response_time=0,
                response_length=0,
                exception=RuntimeError(f"{email} could not log in; their pages were left out"),
                context={},
            )
        _tour_ready.set()
        runner = self.environment.runner
        if MEASURE_SECONDS and runner is not None:
            gevent.spawn_later(MEASURE_SECONDS, runner.quit)

    @task
    def tour(self) -> None:
        for session, pages in self.rounds:
            for page in pages:
                open_page(session, page)
                open_bare_view(self.anonymous)


class _Journey(FastHttpUser):
    """One person of one role, opening that role's pages by weight, with think time."""

    abstract = True
    role = journeys.ANONYMOUS
    wait_time = between(*journeys.THINK_TIME)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.session = new_session(self, next(_user_numbers))
        self.pages: list[Page] = TARGETS["anonymous"]
        if self.role != journeys.ANONYMOUS:
            person = next_person(self.role)
            if person is None or not log_in(self.session, person["email"]):
                # Counted as an error; a logged-out journey would measure nothing.
                raise StopUser()
            self.pages = person["pages"]
        self.weights = [journeys.page_weight(page["name"]) for page in self.pages]

    @task
    def next_page(self) -> None:
        if self.pages:
            open_page(self.session, self.rng.choices(self.pages, self.weights)[0])


class AnonymousVisitor(_Journey):
    role = journeys.ANONYMOUS
    weight = journeys.ROLE_WEIGHTS[role]


class Learner(_Journey):
    role = "learner"
    weight = journeys.ROLE_WEIGHTS[role]


class Manager(_Journey):
    role = "manager"
    weight = journeys.ROLE_WEIGHTS[role]


class HumanResources(_Journey):
    role = "hr"
    weight = journeys.ROLE_WEIGHTS[role]


class ProjectLeader(_Journey):
    role = "project_leader"
    weight = journeys.ROLE_WEIGHTS[role]


class ProviderEditor(_Journey):
    role = "provider_editor"
    weight = journeys.ROLE_WEIGHTS[role]


class AnonymousTour(FastHttpUser):
    """The anonymous pages in turn, each followed by the bare view, without think time and
    without logged-in pages between them: the cached pages and their yardstick measured alike."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.session = new_session(self, next(_user_numbers))

    @task
    def tour(self) -> None:
        for page in TARGETS["anonymous"]:
            open_page(self.session, page)
            open_bare_view(self.session)


class BareViewProbe(FastHttpUser):
    """The bare view at the sector mix's pace: the yardstick of the soak's figures."""

    fixed_count = 1
    wait_time = between(*journeys.THINK_TIME)

    def on_start(self) -> None:
        self.session = new_session(self, next(_user_numbers))

    @task
    def bare(self) -> None:
        open_bare_view(self.session)
