"""No page breaks under the Content-Security-Policy: the browser reports no violation.

A refused script does not fail a page load; it only leaves a console error and a dead widget.
Here Chromium itself reports every ``securitypolicyviolation`` while the demo's people walk the
site and the network editor the Wagtail admin (page editor with its date pickers, inline panels
and StreamField, the settings, the review queue).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import log_in_demo_person, new_guarded_context

pytestmark = pytest.mark.browser

MARIA = "maria@almennet.example"
HANNE = "hanne@fjordbo.example"
KAREN = "karen@fjordbo.example"

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} ` +
    `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def violations_on(page: Page, paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        found += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]
    return found


def visit(browser, live_server, email: str, totp: bool, paths) -> list[str]:
    context, guard = new_guarded_context(browser, live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    messages: list[str] = []
    page.on(
        "console",
        lambda msg: messages.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    log_in_demo_person(page, email)
    found = violations_on(page, paths() if callable(paths) else paths)
    context.close()
    guard.assert_no_foreign_requests()
    return found + messages


def test_the_public_site_and_a_learners_pages_run_under_the_policy(browser, live_server, demo_site):
    paths = ["/", "/kurser/", "/vejledninger/", "/soeg/?q=drift", "/min-side/", "/kompetencer/"]
    assert visit(browser, live_server, KAREN, False, paths) == []


def test_an_injected_script_is_refused_and_reported(browser, live_server, demo_site):
    # A check on the recorder above (and on the policy): a script without the nonce does not run.
    context, _guard = new_guarded_context(browser, live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__injected = true'; document.body.append(s); }"
    )
    assert page.evaluate("window.__injected === undefined")
    assert any("script-src" in v for v in page.evaluate("window.__cspViolations"))
    context.close()


def test_hr_pages_run_under_the_policy(browser, live_server, demo_site):
    from organisations.models import Organisation

    fjordbo = Organisation.objects.get(name="Boligselskabet Fjordbo")
    paths = [
        "/godkendelser/",
        f"/organisationer/{fjordbo.pk}/",
        f"/kompetencer/organisation/{fjordbo.pk}/",
        f"/kompetencer/organisation/{fjordbo.pk}/gab/",
    ]
    assert visit(browser, live_server, HANNE, True, paths) == []


def test_the_wagtail_admin_runs_under_its_policy(browser, live_server, demo_site):
    from wagtail.models import Site

    from courses.models import CoursePage, CourseSession

    def paths() -> list[str]:
        site = Site.objects.get(is_default_site=True)
        course = CoursePage.objects.live().first()
        session = CourseSession.objects.first()
        found = [
            "/admin/",
            f"/admin/pages/{site.root_page_id}/",
            f"/admin/pages/{course.pk}/edit/",
            f"/admin/settings/cms/mainmenu/{site.pk}/",
            f"/admin/settings/cms/sitesettings/{site.pk}/",
            "/admin/images/",
            "/",  # the public site with the editor's userbar
        ]
        if session is not None:
            found.append(f"/admin/hold/edit/{session.pk}/")  # date and time pickers
        return found

    assert visit(browser, live_server, MARIA, True, paths) == []
