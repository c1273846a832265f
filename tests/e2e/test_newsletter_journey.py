"""Issue 14's second journey, on a phone: a visitor signs up for the newsletter from the home
page, confirms from the captured e-mail, gets an issue and unsubscribes with one click from the
mail client (RFC 8058); the archive lists the issue.

E-mail is read from ``django.core.mail.outbox``: browser tests run their Celery tasks eagerly in
both CI passes (tests/conftest.py ``_celery_mode``), so the outbox rows of ``core.mail`` are
delivered to the in-memory outbox by the time a request or a service call has committed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import override_settings
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, axe_serious_violations, new_guarded_context
from tests.e2e.test_site_school_journey import no_horizontal_scroll

pytestmark = pytest.mark.browser

VISITOR = "birgitte.sand@beboer.example"
TOPIC = "Netværk og arrangementer"
DRAFT = "Nyhedsbrev: Kladde til næste udgave"
# The address the issue's links are written with outside a request (a worker, this test):
# a public https address, as in production.
PUBLIC_BASE_URL = "https://almenlaering.example"


def checked_page(page: Page) -> None:
    """Fits a phone and has no serious accessibility violation."""
    no_horizontal_scroll(page)
    serious, report = axe_serious_violations(page)
    assert not serious, report


def mails_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_a_visitor_signs_up_confirms_gets_an_issue_and_unsubscribes_with_one_click(
    browser, live_server, demo_site
):
    from newsletter.models import Issue, IssueStatus, Subscriber, SubscriberStatus
    from newsletter.services.sending import issue_send

    context, guard = new_guarded_context(browser, live_server.url)
    page = context.new_page()
    page.set_viewport_size(PHONE)

    # 1. The home page's newsletter box takes the address to the sign-up page.
    page.goto("/")
    box = page.locator("section", has=page.locator("#newsletter-heading"))
    box.get_by_label("Din e-mail").fill(VISITOR)
    box.get_by_role("button", name="Tilmeld").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilmeld dig nyhedsbrevet")
    assert path_of(page.url) == "/nyhedsbrev/"
    expect(page.get_by_role("textbox", name=re.compile("^E-mail"))).to_have_value(VISITOR)
    checked_page(page)

    # 2. A topic and the consent; the answer says to look in the inbox.
    page.get_by_role("checkbox", name=TOPIC).check()
    page.get_by_role(
        "checkbox", name=re.compile("^Ja tak, AlmenLæring må sende mig nyhedsbrevet")
    ).check()
    page.locator("main").get_by_role("button", name="Tilmeld").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din e-mail")
    subscriber = Subscriber.objects.get(email=VISITOR)
    assert subscriber.status == SubscriberStatus.PENDING
    assert [t.name for t in subscriber.topics.all()] == [TOPIC]
    assert "AlmenLæring må sende mig nyhedsbrevet" in subscriber.consent_text

    # 3. The confirmation e-mail's link confirms the address.
    [confirmation] = mails_to(VISITOR)
    assert confirmation.subject == "Bekræft din tilmelding til AlmenLærings nyhedsbrev"
    confirm_url = re.search(r"https?://\S+/nyhedsbrev/bekraeft/\S+?/", confirmation.body)
    assert confirm_url, confirmation.body
    page.goto(path_of(confirm_url.group(0)))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tak – du er nu tilmeldt nyhedsbrevet"
    )
    checked_page(page)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.confirmed_at is not None

    # 4. The network sends the demo's draft issue (no topics: it goes to every subscriber).
    issue = Issue.objects.get(subject=DRAFT)
    with override_settings(LMS_BASE_URL=PUBLIC_BASE_URL):
        issue_send(issue=issue, actor=None)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    [received] = [m for m in mails_to(VISITOR) if m.subject == DRAFT]
    headers = received.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(
        r"<(https://[^>]+/nyhedsbrev/afmeld/[^>]+/)>", headers["List-Unsubscribe"]
    )
    assert unsubscribe, headers["List-Unsubscribe"]
    unsubscribe_path = path_of(unsubscribe.group(1))
    assert unsubscribe.group(1) in received.body  # the same link at the foot of the issue

    # 5. The mail client's one click: a bare POST, no cookies, no CSRF token.
    context.clear_cookies()
    response = page.request.post(
        unsubscribe_path,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200, response.text()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None

    # 6. The link's page, opened afterwards, says the address is off the list.
    page.goto(unsubscribe_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er afmeldt")
    expect(page.locator("main")).to_contain_text("Du får ikke flere nyhedsbreve")
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED

    # 7. The archive lists the sent issue, and it opens.
    page.goto("/nyhedsbrev/arkiv/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nyhedsbreve")
    checked_page(page)
    page.get_by_role("link", name=DRAFT).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(DRAFT)

    context.close()
    guard.assert_no_foreign_requests()
