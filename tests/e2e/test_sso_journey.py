"""Single sign-on in a real browser (issue 15, item 2).

Skovbo logs in through its own identity provider: a real OpenID Connect provider running on
127.0.0.1 in the test (tests/support/oidc_provider.py), authorisation code with PKCE. Kim has no
account yet: she types her address on the login page, approves at the provider and comes back
logged in, with a new account and a membership. Hanne is Skovbo's HR: without a second factor
from the provider she meets the two-factor setup; when the provider asserts one (amr), she
passes. The login page also holds at 375 px and has no serious axe findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.e2e.conftest import DESKTOP, PHONE, axe_serious_violations
from tests.e2e.test_site_school_journey import no_horizontal_scroll
from tests.support.oidc_provider import QUIET, LocalOidcProvider, configure_identity_provider
from tests.support.oidc_provider import local_oidc_provider as run_provider

pytestmark = [pytest.mark.browser, QUIET]

KIM = "kim@skovbo.example"
HANNE = "hanne@skovbo.example"


class SiteAndProviderGuard:
    """Lets the live server and the identity provider through; blocks every other host.

    Our pages must ask nothing of other hosts (recorded, and the test fails). The provider's
    own page asks a CDN for its stylesheet: blocked too, but that page is not ours.
    """

    def __init__(self, site: str, provider: str) -> None:
        self.site = urlsplit(site).netloc
        self.provider = urlsplit(provider).netloc
        self.foreign: list[str] = []

    def handle(self, route: Route) -> None:
        request = route.request
        parts = urlsplit(request.url)
        if parts.scheme in {"data", "blob", "about"} or parts.netloc in {self.site, self.provider}:
            route.continue_()
            return
        if urlsplit(request.frame.url).netloc == self.site:
            self.foreign.append(request.url)
        route.abort("blockedbyclient")


@pytest.fixture
def provider() -> Iterator[LocalOidcProvider]:
    with run_provider() as running:
        yield running


@pytest.fixture
def skovbo(live_server, provider):
    from organisations import services

    organisation = services.organisation_create(name="Skovbo", kind="housing")
    configure_identity_provider(organisation, provider, ["skovbo.example"], name="Skovbo Entra ID")
    hanne = services.user_create(email=HANNE, password=None, first_name="Hanne", last_name="Holm")
    services.membership_create(user=hanne, organisation=organisation, roles=["staff", "hr"])
    return organisation


def _context(
    browser: Browser, live_server, provider
) -> tuple[BrowserContext, SiteAndProviderGuard]:
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", timezone_id="Europe/Copenhagen", viewport=DESKTOP
    )
    context.set_default_timeout(15_000)
    guard = SiteAndProviderGuard(live_server.url, provider.issuer)
    context.route("**/*", guard.handle)
    return context, guard


def _log_in_through_the_provider(
    page: Page, provider: LocalOidcProvider, email: str, sub: str
) -> None:
    """The login page with the address only, then the provider's page: approve as ``sub``."""
    page.goto("/konto/login/")
    page.get_by_label(re.compile("e-mail", re.I)).fill(email)
    page.locator("main").get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(re.compile("^" + re.escape(provider.authorize_endpoint)))
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_a_new_person_logs_in_through_the_identity_provider(browser, live_server, provider, skovbo):
    from organisations.models import Membership, User

    provider.add_user(
        "kim-sub", email=KIM, email_verified=True, given_name="Kim", family_name="Krog"
    )
    context, guard = _context(browser, live_server, provider)
    page = context.new_page()

    page.goto("/konto/login/")
    page.set_viewport_size(PHONE)
    no_horizontal_scroll(page)
    serious, report = axe_serious_violations(page)
    assert not serious, report
    page.set_viewport_size(DESKTOP)

    _log_in_through_the_provider(page, provider, KIM, "kim-sub")

    expect(page).to_have_url(re.compile(r"/min-side/$"))
    expect(page.get_by_test_id("current-user")).to_contain_text("Kim Krog")
    kim = User.objects.get(email=KIM)
    assert list(
        Membership.objects.filter(user=kim).values_list("organisation", "role_staff", "role_hr")
    ) == [(skovbo.pk, True, False)]
    context.close()
    assert not guard.foreign, guard.foreign


def test_hr_without_a_second_factor_from_the_provider_meets_the_totp_setup(
    browser, live_server, provider, skovbo
):
    provider.add_user("hanne-sub", email=HANNE, email_verified=True, amr=["pwd"])
    context, guard = _context(browser, live_server, provider)
    page = context.new_page()

    _log_in_through_the_provider(page, provider, HANNE, "hanne-sub")

    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/"))
    expect(page.locator("main")).to_contain_text(re.compile("to-faktor", re.I))
    page.goto("/godkendelser/")
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/"))
    context.close()
    assert not guard.foreign, guard.foreign


def test_hr_with_a_second_factor_from_the_provider_passes(browser, live_server, provider, skovbo):
    provider.add_user("hanne-sub", email=HANNE, email_verified=True, amr=["pwd", "mfa"])
    context, guard = _context(browser, live_server, provider)
    page = context.new_page()

    _log_in_through_the_provider(page, provider, HANNE, "hanne-sub")

    expect(page).to_have_url(re.compile(r"/min-side/$"))
    expect(page.get_by_test_id("current-user")).to_contain_text("Hanne Holm")
    page.goto("/godkendelser/")
    expect(page).to_have_url(re.compile(r"/godkendelser/$"))
    context.close()
    assert not guard.foreign, guard.foreign
