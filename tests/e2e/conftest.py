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

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.demo_snapshot import DemoSnapshot

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


@pytest.fixture(scope="session")
def _demo_snapshot() -> Iterator[DemoSnapshot]:
    snapshot = DemoSnapshot()
    yield snapshot
    snapshot.close()


@pytest.fixture
def demo_site(live_server: LiveServer, _demo_snapshot: DemoSnapshot) -> str:
    """The demo organisations, people and pages, in the live server's database; its output.

    Seeded by the first test that asks, then put back from a copy (tests/demo_snapshot.py).
    """
    return _demo_snapshot.seeded()


# axe-core's rules for WCAG 2.1 A and AA only (the default runs best practices as well).
WCAG21AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def axe_serious_violations(page: Page, options: dict | None = None) -> tuple[list[dict], str]:
    """Run axe-core (bundled with axe-playwright-python, no network) on the current page.

    ``options`` are axe-core's run options (e.g. ``WCAG21AA``); by default every rule runs.
    """
    from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe

    results = Axe().run(page, options=options or DEFAULT_OPTIONS)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    return serious, results.generate_report()


def log_in_demo_person(page: Page, email: str) -> None:
    """Log a demo person in through the login form, typing the two-factor code if asked.

    HR and editors use two-factor (organisations/demo.py). A code is taken once per person per
    30 seconds (allauth remembers used codes), so log each of them in once per browser context
    and keep the context; a code about to expire is not typed, the next one is awaited.
    """
    import time

    from playwright.sync_api import expect

    from organisations.demo import DEMO_PASSWORD, TOTP_PERIOD, current_totp_code

    page.goto("/konto/login/")
    page.get_by_label(re.compile("e-mail", re.I)).fill(email)
    page.get_by_label(re.compile("adgangskode", re.I)).fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Log ind").click()
    page.locator("[data-testid=current-user], input[name=code]").first.wait_for()
    if page.locator("input[name=code]").count():
        remaining = TOTP_PERIOD - time.time() % TOTP_PERIOD
        if remaining < 5:
            time.sleep(remaining + 0.5)
        page.locator("input[name=code]").fill(current_totp_code())
        page.locator("main").get_by_role("button", name="Log ind").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    # Until the stylesheet has loaded, the header's narrow and wide menus are both shown, and a
    # link in them ("Min side") is there twice: on a busy machine a journey's next click lands
    # in that moment.
    page.wait_for_load_state("load")


# --- Page-level HTML checks -----------------------------------------------------------------
# What a strict HTML5 parser reports (tinyhtml5: html5lib's maintained fork, already installed
# with WeasyPrint; it records every parse error instead of stopping at the first), plus rules
# a parser does not check: ids, references to ids, <time datetime>, nested interactive content.

_DATE = r"\d{4,}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?"  # at most milliseconds: never microseconds
_ZONE = r"(?:Z|[+-]\d{2}:?\d{2})"
VALID_DATETIME = re.compile(
    rf"""^(?:{_DATE}(?:[T ]{_TIME}{_ZONE}?)?   # date, local or global date and time
        |\d{{4,}}(?:-\d{{2}})?                 # year, month
        |-?-?\d{{2}}-\d{{2}}                   # yearless date
        |{_TIME}{_ZONE}?                       # time
        |\d{{4,}}-W\d{{2}}                     # week
        |{_ZONE}                               # time-zone offset
        |P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{{1,3}})?S)?)?  # duration
        )$""",
    re.VERBOSE,
)
# Interactive content (HTML's content model): none of it may sit inside <a> or <button>.
INTERACTIVE = {"a", "button", "details", "embed", "iframe", "label", "select", "textarea"}
ID_REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns")


def _is_interactive(element) -> bool:
    if element.tag in INTERACTIVE:
        return element.tag != "a" or element.get("href") is not None
    if element.tag == "input":
        return (element.get("type") or "").lower() != "hidden"
    return element.tag in {"audio", "video"} and element.get("controls") is not None


def _describe(element) -> str:
    attributes = " ".join(f'{k}="{v}"' for k, v in list(element.attrib.items())[:3])
    text = " ".join("".join(element.itertext()).split())[:40]
    return f"<{element.tag}{' ' if attributes else ''}{attributes}> {text}".rstrip()


def html_problems(html: str) -> list[str]:
    """Everything wrong with a page's HTML, one line each; empty when the page is valid."""
    from tinyhtml5.parser import HTMLParser

    parser = HTMLParser(namespace_html_elements=False)
    root = parser.parse(html)
    lines = html.splitlines()
    problems = []
    for (line, column), code, data in parser.errors:
        source = lines[line - 1].strip()[:120] if 0 < line <= len(lines) else ""
        details = f" {data}" if data else ""
        problems.append(f"parse error {code}{details} at line {line}:{column}: {source}")
    elements = list(root.iter())
    ids: dict[str, int] = {}
    for element in elements:
        if element.get("id") is not None:
            ids[element.get("id")] = ids.get(element.get("id"), 0) + 1
    problems += [f'duplicate id "{name}" ({count}×)' for name, count in ids.items() if count > 1]
    for element in elements:
        if element.tag == "label" and element.get("for") and element.get("for") not in ids:
            problems.append(f'<label for="{element.get("for")}"> names no element')
        for attribute in ID_REFERENCES:
            for name in (element.get(attribute) or "").split():
                if name not in ids:
                    problems.append(f'{attribute}="{name}" names no element: {_describe(element)}')
        if element.tag == "time" and element.get("datetime") is not None:
            if not VALID_DATETIME.match(element.get("datetime")):
                problems.append(f'<time datetime="{element.get("datetime")}"> is not valid')
        if element.tag in {"a", "button"} and _is_interactive(element):
            for inner in element.iter():
                if inner is not element and _is_interactive(inner):
                    problems.append(f"{_describe(inner)} inside {_describe(element)}")
    return problems


# The element that makes the page wider than the window: of the elements reaching furthest
# right, the innermost. An element inside a scroll box does not widen the page, unless it is
# absolutely positioned and the box is not its containing block (then it escapes the box).
WIDEST_ELEMENT_JS = """() => {
  const limit = window.innerWidth;
  const width = document.documentElement.scrollWidth;
  if (width <= limit) return null;
  const clips = (style) => style.overflowX !== 'visible';
  const reach = (el) => {
    const box = el.getBoundingClientRect();
    // Text that cannot wrap (a long Danish compound in a heading) overflows its element's box.
    const overflow = getComputedStyle(el).overflowX === 'visible' ? el.scrollWidth : 0;
    let right = Math.max(box.right, box.left + overflow) + window.scrollX;
    let escaping = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (escaping && style.position !== 'static') escaping = false;  // its containing block
      if (!escaping && clips(style)) {
        right = Math.min(right, up.getBoundingClientRect().right + window.scrollX);
      }
      if (['absolute', 'fixed'].includes(style.position)) escaping = true;
    }
    return right;
  };
  let widest = null, furthest = -Infinity;
  for (const el of document.body.querySelectorAll('*')) {
    const right = reach(el);
    if (right > furthest + 0.5 || (right > furthest - 0.5 && widest && widest.contains(el))) {
      widest = el;
      furthest = right;
    }
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].slice(0, 3).map((c) => '.' + c).join('');
  const path = [];
  for (let el = widest; el && el !== document.body && path.length < 5; el = el.parentElement) {
    path.unshift(name(el));
  }
  return {
    width, right: Math.round(furthest), selector: path.join(' > '),
    text: (widest.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40),
  };
}"""
