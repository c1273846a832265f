"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Every test here is marked ``browser`` (root conftest.py: skipped without Chromium, failed in CI).
Playwright never downloads a browser: it is pointed at the system Chromium.

The sync API keeps an asyncio event loop running on the main thread while the browser is open.
Django then sees an "async context": its async-unsafe guard fires on every ORM call of the test
itself, and asgiref gives the thread a fresh set of database connections. The ``browser``
fixture lifts the guard and keeps the test connections only while the browser lives, and the
browser tests run last so that no other test runs without the guard.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright
from pytest_django.live_server_helper import LiveServer

os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parent.parent
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
LOCAL_SCHEMES = {"data", "blob", "about"}
CALL_FAILED = pytest.StashKey[bool]()


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark everything under tests/e2e ``browser`` and move it to the end of the run.

    Their database is transactional (the live server needs committed rows); tests/conftest.py
    gives them serialized rollback, so each starts from the migrated database.
    """
    browser_items = [item for item in items if E2E_DIR in item.path.parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    items[:] = [item for item in items if E2E_DIR not in item.path.parents] + browser_items


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    report: pytest.TestReport = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture(scope="session")
def browser(live_server: LiveServer) -> Iterator[Browser]:
    """One headless Chromium for the session.

    It asks for the live server only to be closed before it: Chromium's kept-alive connections
    must end while the server still shares its SQLite connection with its request threads.
    """
    from django.db import connections

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    test_connections = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            # With an event loop running on this thread, asgiref hands Django a second, empty
            # set of connections. Keep the ones pytest-django set up: they carry the test
            # database and what serialized rollback restores.
            for alias, connection in test_connections.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class RequestGuard:
    """Lets requests to the live server through and blocks (and remembers) every other host.

    Pages must never reach the internet: assets are served by the app itself, with no CDN.
    """

    def __init__(self, base_url: str) -> None:
        self.allowed = urlsplit(base_url).netloc
        self.foreign: list[str] = []

    def handle(self, route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or parts.netloc == self.allowed:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort("blockedbyclient")

    def assert_no_foreign_requests(self) -> None:
        assert not self.foreign, (
            f"The page requested {len(self.foreign)} URL(s) outside {self.allowed}; assets must "
            "be served by the app itself:\n  " + "\n  ".join(self.foreign)
        )


def new_guarded_context(browser: Browser, base_url: str) -> tuple[BrowserContext, RequestGuard]:
    context = browser.new_context(
        base_url=base_url, locale="da-DK", timezone_id="Europe/Copenhagen", viewport=DESKTOP
    )
    context.set_default_timeout(15_000)
    guard = RequestGuard(base_url)
    context.route("**/*", guard.handle)
    return context, guard


@pytest.fixture
def page(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A fresh browser context per test, on the live server, that fails on foreign requests."""
    context, guard = new_guarded_context(browser, live_server.url)
    page = context.new_page()
    yield page
    if request.node.stash.get(CALL_FAILED, False):
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"FAILED-{name}.png", full_page=True)
    context.close()
    guard.assert_no_foreign_requests()


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], list[Path]]:
    """Save full-page screenshots of the current page at desktop and phone width."""

    def take(name: str) -> list[Path]:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        paths = []
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            path = SCREENSHOTS / f"{name}-{label}.png"
            page.screenshot(path=path, full_page=True)
            paths.append(path)
        page.set_viewport_size(DESKTOP)
        return paths

    return take


@pytest.fixture
def demo_site(live_server: LiveServer) -> str:
    """The demo organisations, people and pages, in the live server's database; its output."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def axe_serious_violations(page: Page) -> tuple[list[dict], str]:
    """Run axe-core (bundled with axe-playwright-python, no network) on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    return serious, results.generate_report()
