"""Issue 4's journey: enrol, approve, booking e-mail with .ics, attendance, certificate, revoke."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, log_in_demo_person, new_guarded_context

pytestmark = pytest.mark.browser

COURSE = "Den boligsociale helhedsplan – de fire faser"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_enrol_approve_attend_certificate_and_revoke(browser, live_server, demo_site):
    from courses.models import Certificate, CoursePage, Enrolment

    course = CoursePage.objects.get(title=COURSE)
    session = course.sessions.order_by("starts_at").first()
    contexts = []

    def person(email):
        context, guard = new_guarded_context(browser, live_server.url)
        contexts.append((context, guard))
        page = context.new_page()
        log_in_demo_person(page, email)
        return page

    # 1. Karen (Fjordbo requires approval) enrols in a session from the course page.
    karen = person("karen@fjordbo.example")
    karen.goto(course.url)
    karen.get_by_role("button", name=re.compile("^Tilmeld")).first.click()
    # The confirmation page shows the price with VAT and the terms before anything is booked.
    expect(karen.locator("main")).to_contain_text("inkl. moms")
    karen.get_by_role("button", name="Send til godkendelse").click()
    expect(karen.locator("main")).to_contain_text("sendt til godkendelse")
    shot(karen, "enrolment-1-requested")

    # 2. Her manager approves with a comment.
    lars = person("lars@fjordbo.example")
    lars.goto("/godkendelser/")
    request = lars.locator("article", has_text=f"Karen Madsen – {COURSE}")
    expect(request).to_contain_text("Ejendomsfunktionær")
    request.get_by_label("Kommentar (valgfri)").fill("God forberedelse til helhedsplanen.")
    request.get_by_role("button", name=re.compile("^Godkend")).click()
    expect(lars.locator("main")).to_contain_text(
        f"Du har godkendt Karen Madsens tilmelding til «{COURSE}»"
    )
    shot(lars, "enrolment-2-approved")

    enrolment = Enrolment.objects.get(user__email="karen@fjordbo.example", session=session)
    assert enrolment.status == "booked"

    # 3. The booking e-mail (captured) carries the calendar invitation.
    booking = [m for m in mail.outbox if m.to == ["karen@fjordbo.example"] and m.attachments]
    assert booking, [m.subject for m in mail.outbox]
    name, content, mimetype = booking[-1].attachments[0]
    ics = content.decode() if isinstance(content, bytes) else content
    assert name == "hold.ics" and mimetype.startswith("text/calendar")
    uid = f"UID:session-{session.pk}-person-{enrolment.user_id}@almenlaering.dk"
    assert uid in ics and "METHOD:REQUEST" in ics

    # 4. The provider marks attendance in the admin's participant list.
    sofie = person("sofie@almenakademi.example")
    sofie.goto(f"/admin/hold/{session.pk}/deltagere/")
    row = sofie.locator("tr", has_text="Karen Madsen")
    row.get_by_role("button", name="Mødt").click()
    expect(sofie.locator(".messages")).to_be_visible()
    shot(sofie, "enrolment-3-attendance")
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    certificate = Certificate.objects.get(enrolment=enrolment)

    # 5. Karen downloads her certificate from Min side; the public page says it is valid.
    karen.goto("/min-side/")
    with karen.expect_download() as download_info:
        karen.get_by_role("link", name="Hent kursusbevis (PDF)").click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    karen.goto(f"/bevis/{certificate.code}/")
    expect(karen.locator("main")).to_contain_text("Gyldigt kursusbevis")
    expect(karen.locator("main")).to_contain_text("Karen Madsen")
    shot(karen, "enrolment-4-certificate-valid")

    # 6. The provider revokes it; the public page then says so.
    sofie.goto(f"/bevis/{certificate.code}/tilbagekald/")
    sofie.get_by_label(re.compile("Begrundelse")).fill("Registreret på forkert hold.")
    sofie.get_by_role("button", name=re.compile("Tilbagekald")).click()
    karen.goto(f"/bevis/{certificate.code}/")
    expect(karen.locator("main")).to_contain_text("Tilbagekaldt")
    shot(karen, "enrolment-5-certificate-revoked")

    for context, guard in contexts:
        context.close()
        guard.assert_no_foreign_requests()
