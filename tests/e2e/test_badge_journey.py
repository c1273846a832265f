"""Issue 15's Open Badges journey: the demo learner downloads his certificate as an Open Badge
from Min side; the public page /bevis/<code>/ verifies it; the provider revokes the certificate
and the page, and the issuer's status list, then say revoked.

The downloaded file is checked as a verifier would check it, with nothing of ``courses.badges``:
its key is fetched from the live server at the path its ``kid`` names and the signature checked
with joserfc; the credential is validated against 1EdTech's JSON Schema; the status list bit is
decoded by hand. The public page is checked at 375 px and with axe (WCAG 2.1 AA).
"""

import json
import re
from urllib.parse import urlsplit

import pytest
from joserfc import jws
from joserfc.jwk import OKPKey
from playwright.sync_api import APIRequestContext, Page, expect

from tests.courses import badges_helpers as ob
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    axe_serious_violations,
    html_problems,
    log_in_demo_person,
    new_guarded_context,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:EdDSA is deprecated:joserfc.errors.SecurityWarning"),
]

LEARNER = "peter@fjordbo.example"
PROVIDER_EDITOR = "sofie@almenakademi.example"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def fetch(request: APIRequestContext, url: str) -> str:
    """A URL the credential names, fetched from the live server (same path, its own host)."""
    response = request.get(urlsplit(url).path)
    assert response.ok, (url, response.status)
    return response.text()


def verified(request: APIRequestContext, token: str) -> dict:
    jwk = json.loads(fetch(request, ob.header(token)["kid"]))
    assert "d" not in jwk
    keys = json.loads(fetch(request, "/.well-known/jwks.json"))["keys"]
    assert jwk in keys
    signature = jws.deserialize_compact(token, OKPKey.import_key(jwk), algorithms=["EdDSA"])
    return json.loads(signature.payload)


def status_bit(request: APIRequestContext, credential: dict) -> int:
    entry = credential["credentialStatus"]
    status_list = verified(request, fetch(request, entry["statusListCredential"]))
    bits = ob.decode_status_list(status_list["credentialSubject"]["encodedList"])
    return ob.bit(bits, int(entry["statusListIndex"]))


def readable_on_a_phone(page: Page) -> None:
    assert html_problems(page.content()) == []
    page.set_viewport_size(PHONE)
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    serious, report = axe_serious_violations(page)
    assert not serious, report


def test_download_verify_and_revoke_an_open_badge(browser, live_server, demo_site):
    from courses.models import Certificate

    certificate = Certificate.objects.get(enrolment__user__email=LEARNER)
    public = f"/bevis/{certificate.code}/"
    contexts = []

    def person(email: str) -> Page:
        context, guard = new_guarded_context(browser, live_server.url)
        contexts.append((context, guard))
        page = context.new_page()
        log_in_demo_person(page, email)
        return page

    # 1. Peter downloads his Open Badge from Min side, where one sentence says what it is.
    peter = person(LEARNER)
    peter.goto("/min-side/")
    expect(peter.locator("main")).to_contain_text("kan læses af andre systemer")
    with peter.expect_download() as download_info:
        peter.get_by_role("link", name=re.compile("^Hent Open Badge")).click()
    download = download_info.value
    assert download.suggested_filename == f"open-badge-{certificate.code}.jwt"
    with open(download.path(), encoding="utf-8") as file:
        token = file.read()
    shot(peter, "badge-1-min-side")
    assert html_problems(peter.content()) == []

    # 2. Any verifier: the signature with the published key, 1EdTech's schema, the status list.
    request = peter.context.request
    payload = verified(request, token)
    credential = ob.credential_of(payload)
    assert ob.schema_errors(credential, ob.CREDENTIAL_SCHEMA) == []
    assert credential["name"] == certificate.course_title
    assert status_bit(request, credential) == 0

    # 3. The public page verifies it too.
    peter.goto(public)
    badge = peter.get_by_test_id("badge-status")
    expect(badge).to_have_attribute("data-status", "valid")
    expect(badge).to_contain_text("Signatur gyldig")
    shot(peter, "badge-2-public-valid")
    readable_on_a_phone(peter)

    # 3b. Someone given the file checks it on the public check page, with the address.
    peter.set_viewport_size(DESKTOP)
    peter.get_by_role("link", name="Kontrollér en Open Badge-fil").click()
    peter.get_by_label("Open Badge-fil (.jwt)").set_input_files(download.path())
    peter.get_by_label(re.compile("Modtagerens e-mailadresse")).fill(LEARNER)
    peter.get_by_role("button", name="Kontrollér beviset").click()
    result = peter.get_by_test_id("badge-check")
    expect(result).to_have_attribute("data-status", "valid")
    expect(peter.get_by_test_id("badge-recipient")).to_contain_text("Udstedt til")
    shot(peter, "badge-3-check-page")
    readable_on_a_phone(peter)

    # 4. The provider revokes the certificate with the existing action.
    sofie = person(PROVIDER_EDITOR)
    sofie.goto(f"{public}tilbagekald/")
    sofie.get_by_label(re.compile("Begrundelse")).fill("Registreret på forkert hold.")
    sofie.get_by_role("button", name=re.compile("Tilbagekald")).click()
    expect(sofie.get_by_test_id("certificate-status")).to_have_attribute("data-status", "revoked")

    # 5. At once, the page and the issuer's status list say revoked.
    peter.goto(public)
    expect(peter.get_by_test_id("badge-status")).to_have_attribute("data-status", "revoked")
    expect(peter.get_by_test_id("badge-status")).to_contain_text("Tilbagekaldt")
    assert status_bit(request, credential) == 1
    shot(peter, "badge-4-public-revoked")

    for context, guard in contexts:
        context.close()
        guard.assert_no_foreign_requests()
