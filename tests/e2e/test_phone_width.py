"""Every page each demo role reaches, on a 375 px phone: no sideways scrolling, valid HTML, axe.

Each role logs in once (one browser context: a two-factor code is taken once per 30 seconds)
and walks the links of its start page and menu breadth-first, like a new user in their first
hour. Pages are told apart by URL pattern (Django's URL name; Wagtail pages by page type), and
at most ``PER_PATTERN`` URLs of a pattern are visited, so the run stays short while every
template a role can reach is seen. On every page visited, for every role:

- the page does not scroll sideways (``scrollWidth <= innerWidth``); a failure names the
  element that sticks out;
- the link works (no 4xx or 5xx for a link the role was shown).

Once per pattern, with the first role that reaches it (the roles that see most go first):

- the HTML as served parses without errors and has no duplicate ids, no label or ARIA
  reference to a missing id, no invalid ``<time datetime>`` and no interactive element inside
  another (``html_problems`` in conftest.py);
- axe-core's WCAG 2.1 A and AA rules find nothing serious or critical.

Checking those once per pattern rather than once per role keeps the run to a few minutes (axe
takes a second or more a page); what differs between roles on one template is a button or two.

Every finding of every role is collected and reported at once. Left out: logout, downloads
(calendar files, PDFs, spreadsheets, exports: anything not served as HTML), and the Wagtail
admin, whose markup is Wagtail's (its own accessibility checker runs in the editor).
"""

from __future__ import annotations

import time
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Browser, Error, Page

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    WCAG21AA,
    WIDEST_ELEMENT_JS,
    axe_serious_violations,
    html_problems,
    log_in_demo_person,
    new_guarded_context,
)

pytestmark = pytest.mark.browser

# (role, demo person or None for a visitor, where the role starts). The roles that see the most
# come first: a page pattern gets its HTML and axe checks with the first role that reaches it.
ROLES = [
    ("HR", "hanne@fjordbo.example", "/min-side/"),
    ("projektleder", "peter@fjordbo.example", "/min-side/"),
    ("netværksredaktør", "maria@almennet.example", "/min-side/"),
    ("kursusudbyder", "sofie@almenakademi.example", "/min-side/"),
    ("leder", "lars@fjordbo.example", "/min-side/"),
    ("medarbejder", "karen@fjordbo.example", "/min-side/"),
    ("besøgende", None, "/"),
]
PER_PATTERN = 2
PAGES_PER_ROLE = 220  # a bound against a crawl that runs away, not a target
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/dokumenter/")
SKIPPED_SUFFIXES = (".ics", ".pdf", ".csv", ".xlsx", ".zip", ".json", ".png", ".jpg", ".svg")
SKIPPED_NAMES = {"account_logout", "set_language"}
KINDS = ("width", "link", "html", "axe")

LINKS_JS = """() => [...document.querySelectorAll('a[href]')]
  .filter((a) => !a.hasAttribute('download'))
  .map((a) => a.href)"""


def wagtail_page_types() -> dict[str, str]:
    """Path → page type of every live Wagtail page: all of them share one URL name."""
    from wagtail.models import Page

    types = {}
    for page in Page.objects.live().specific().filter(depth__gt=1):
        url = page.get_url()
        if url:
            types[urlsplit(url).path] = type(page).__name__
    return types


def pattern_of(path: str, page_types: dict[str, str]) -> str | None:
    """The URL's pattern (its URL name, or a Wagtail page type); None: not to be visited."""
    from django.urls import Resolver404, resolve

    if path.startswith(SKIPPED_PREFIXES) or path.lower().endswith(SKIPPED_SUFFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return f"404:{path}"  # a dead link: visited, so that it is reported
    if match.url_name in SKIPPED_NAMES:
        return None
    if match.url_name == "wagtail_serve":
        return f"wagtail:{page_types.get(path, path)}"
    return match.view_name


class Crawl:
    """One role's walk: a breadth-first queue of same-host URLs, at most PER_PATTERN a pattern."""

    def __init__(self, base_url: str, page_types: dict[str, str]) -> None:
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.page_types = page_types
        self.queue: deque[tuple[str, str]] = deque()
        self.seen: set[str] = set()
        self.per_pattern: Counter[str] = Counter()

    def add(self, url: str) -> None:
        url = urldefrag(url).url
        parts = urlsplit(url)
        if parts.netloc != self.host or parts.scheme not in {"http", "https"} or url in self.seen:
            return
        self.seen.add(url)
        pattern = pattern_of(parts.path, self.page_types)
        if pattern is not None and self.per_pattern[pattern] < PER_PATTERN:
            self.per_pattern[pattern] += 1
            self.queue.append((url, pattern))


class Findings:
    """What is wrong, by kind, each line once."""

    def __init__(self, page_types: dict[str, str]) -> None:
        self.page_types = page_types
        self.lines: dict[str, dict[str, None]] = {kind: {} for kind in KINDS}
        self.checked: set[str] = set()  # patterns that had their HTML and axe checks

    def add(self, kind: str, role: str, path: str, text: str) -> None:
        self.lines[kind][f"[{role}] {path}: {text}"] = None

    def report(self) -> str:
        return "\n".join(f"{kind}: {line}" for kind in KINDS for line in self.lines[kind])


def check_page(page: Page, url: str, pattern: str, role: str, findings: Findings) -> list[str]:
    """Visit one URL, record what is wrong with it, and return the links it shows."""
    path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
    try:
        # "load", not "domcontentloaded": the width is only right once the stylesheets apply.
        response = page.goto(url, wait_until="load")
    except Error as error:  # an export behind a plain link starts a download: not a page
        if "Download is starting" in str(error):
            return []
        raise
    if response is None:
        return []
    if response.status >= 400:
        findings.add("link", role, path, f"HTTP {response.status}")
        return []
    if "text/html" not in (response.headers.get("content-type") or ""):
        return []
    wide = page.evaluate(WIDEST_ELEMENT_JS)
    if wide:
        findings.add(
            "width",
            role,
            path,
            f"{wide['width']} px wide; {wide['selector']} reaches {wide['right']} px"
            f" ({wide['text']!r})",
        )
    if pattern not in findings.checked:
        findings.checked.add(pattern)
        for problem in html_problems(response.text()):
            findings.add("html", role, path, problem)
        serious, _report = axe_serious_violations(page, WCAG21AA)
        for violation in serious:
            targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
            text = f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}"
            findings.add("axe", role, path, text)
    return page.evaluate(LINKS_JS)


def crawl_as(
    browser: Browser, base_url: str, role: str, email: str | None, start: str, findings: Findings
) -> int:
    """Log in (once: a two-factor code is taken once per 30 s) and walk; pages visited."""
    context, guard = new_guarded_context(browser, base_url)
    page = context.new_page()
    page.set_viewport_size(PHONE)
    if email:
        log_in_demo_person(page, email)
    crawl = Crawl(base_url, findings.page_types)
    crawl.add(f"{base_url}{start}")
    crawl.add(f"{base_url}/")  # the public site and its menu, as this role sees them
    visited = 0
    while crawl.queue and visited < PAGES_PER_ROLE:
        url, pattern = crawl.queue.popleft()
        visited += 1
        for link in check_page(page, url, pattern, role, findings):
            crawl.add(link)
    context.close()
    guard.assert_no_foreign_requests()
    assert not crawl.queue, f"{role}: {len(crawl.queue)} pages left unvisited; raise PAGES_PER_ROLE"
    return visited


def test_every_page_each_role_reaches_fits_a_phone_is_valid_html_and_passes_axe(
    browser, live_server, demo_site
):
    findings = Findings(wagtail_page_types())
    started = time.monotonic()
    visited = {
        role: crawl_as(browser, live_server.url, role, email, start, findings)
        for role, email, start in ROLES
    }
    print(f"Visited {visited} in {time.monotonic() - started:.0f} s")
    report = findings.report()
    assert not report, f"At {PHONE['width']} px, by kind and role:\n{report}"


# --- The pages of issue 18's fault 4, at both widths -----------------------------------------

SCROLL_BOX_JS = """(box) => ({
  overflow: getComputedStyle(box).overflowX,
  client: box.clientWidth,
  scroll: box.scrollWidth,
})"""
# After scrolling the box to its end: is the first cell of every row still in view, on top?
FIRST_COLUMN_IN_VIEW_JS = """(box) => {
  box.scrollLeft = box.scrollWidth;
  const edge = box.getBoundingClientRect().left;
  return [...box.querySelectorAll('tr > :first-child')].filter((cell) => {
    const y = cell.getBoundingClientRect().top + window.scrollY - 100;
    window.scrollTo({top: y, behavior: 'instant'});  // Bootstrap's smooth scrolling: not now
    const r = cell.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return r.left < edge - 1 || !(top && cell.contains(top));
  }).map((cell) => cell.textContent.trim().slice(0, 40));
}"""
# Reference-line labels (baseline, target) that a series line or marker runs through.
LABELS_ON_LINES_JS = """() => {
  const crossed = [];
  for (const svg of document.querySelectorAll('svg.lms-chart-svg')) {
    const marks = [...svg.querySelectorAll('polyline')].flatMap((line) => {
      const p = [...line.points];
      const dots = [];
      for (let i = 0; i + 1 < p.length; i++) {
        for (let t = 0; t <= 1; t += 0.02) {
          dots.push([p[i].x + (p[i + 1].x - p[i].x) * t, p[i].y + (p[i + 1].y - p[i].y) * t]);
        }
      }
      return dots;
    }).concat([...svg.querySelectorAll(':scope > g > circle, :scope > g > polygon')]
      .filter((m) => !m.closest('.lms-chart-legend'))
      .map((m) => { const b = m.getBBox(); return [b.x + b.width / 2, b.y + b.height / 2]; }));
    for (const text of svg.querySelectorAll('.lms-chart-reference text')) {
      const b = text.getBBox();
      if (marks.some(([x, y]) => x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height)) {
        crossed.push(text.textContent);
      }
    }
  }
  return crossed;
}"""


def test_wide_tables_scroll_in_their_box_keep_their_first_column_and_labels_stay_clear(
    browser, live_server, demo_site
):
    from onsite.models import EffectIndicator
    from organisations.models import Organisation

    fjordbo = Organisation.objects.get(name="Boligselskabet Fjordbo")
    project_id = (
        EffectIndicator.objects.filter(measurements__isnull=False, project__organisation=fjordbo)
        .values_list("project_id", flat=True)
        .first()
    )
    problems = []
    for email, path in (
        ("hanne@fjordbo.example", f"/kompetencer/organisation/{fjordbo.pk}/"),
        ("peter@fjordbo.example", f"/byggesager/{project_id}/effekt/"),
    ):
        context, guard = new_guarded_context(browser, live_server.url)
        page = context.new_page()
        log_in_demo_person(page, email)
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            page.goto(path, wait_until="load")
            at = f"{path} at {viewport['width']} px"
            problems += [f"{at}: a label on a line: {t}" for t in page.evaluate(LABELS_ON_LINES_JS)]
            for box in page.locator(".table-responsive").element_handles():
                size = box.evaluate(SCROLL_BOX_JS)
                if size["overflow"] not in {"auto", "scroll"}:
                    problems.append(f"{at}: a table box clips ({size})")
                if box.evaluate("(box) => !!box.querySelector('.heatmap')"):
                    hidden = box.evaluate(FIRST_COLUMN_IN_VIEW_JS)
                    problems += [f"{at}: heatmap row {t!r} out of view" for t in hidden]
                elif viewport is DESKTOP and size["scroll"] > size["client"]:
                    # On a desktop, a measurement table fits beside its chart: no hidden "Slet".
                    problems.append(f"{at}: a table is wider than its box ({size})")
        context.close()
        guard.assert_no_foreign_requests()
    assert not problems, "\n".join(problems)
