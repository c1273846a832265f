"""Issue 14's journey: the project web (projektrum) on a phone.

Peter (project leader of Fjordbo) creates an udviklingsprojekt room, invites Ole from Nordlys
Bolig, lays a document up, calls a meeting (the invitation's .ics is captured and parsed) and
opens a secret vote. Ole accepts from the e-mail's link, replies in Peter's thread and votes.
When the deadline has passed, Peter sees the counts, and nowhere who voted what.

Mail is read from ``django.core.mail.outbox`` in both CI passes: browser tests are not marked
``redis``, so tests/conftest.py runs their tasks eagerly in the live server's process even when
a broker is configured (pass 2), and lms.settings.test delivers into the in-memory outbox.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    PHONE,
    axe_serious_violations,
    log_in_demo_person,
    new_guarded_context,
)
from tests.e2e.test_site_school_journey import no_horizontal_scroll

pytestmark = pytest.mark.browser

ROOM = "Fælles beboerdemokrati i Fjordbo og Nordlys"
COLLEAGUE = "ole@nordlys.example"
COLLEAGUE_NAME = "Ole Dahl"
DOCUMENT = "Projektbeskrivelse for beboerdemokrati"
MEETING = "Styregruppemøde om beboerdemokrati"
THREAD = "Hvordan når vi de unge beboere?"
REPLY = "I Nordlys har vi gode erfaringer med en aftenmøderække i ungdomsklubben."
QUESTION = "Hvor skal opstartsmødet holdes?"
OPTIONS = ("Fælleshuset i Fjordparken", "Beboerhuset i Nordlys")


def small_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def check_page(page: Page, *, axe: bool = False) -> None:
    """Every page: no sideways scrolling at 375 px; the key pages: no serious axe findings."""
    no_horizontal_scroll(page)
    if axe:
        serious, report = axe_serious_violations(page)
        assert not serious, report


def mails_to(email: str) -> list[EmailMessage]:
    return [m for m in mail.outbox if m.to == [email]]


def test_a_room_owner_and_a_colleague_from_another_organisation_work_together_on_a_phone(
    browser, live_server, demo_site
):
    import icalendar
    from django.utils import timezone

    from rooms.models import Room, Vote

    contexts = []

    def phone(email: str) -> Page:
        context, guard = new_guarded_context(browser, live_server.url)
        contexts.append((context, guard))
        page = context.new_page()
        page.set_viewport_size(PHONE)
        log_in_demo_person(page, email)
        return page

    # 1. Peter creates the room and invites Ole from another organisation.
    peter = phone("peter@fjordbo.example")
    peter.goto("/rum/")
    check_page(peter)
    peter.get_by_role("link", name="Nyt projektrum").click()
    peter.locator("main").get_by_label("Navn").fill(ROOM)
    peter.locator("main").get_by_label("Type").select_option(label="Udviklingsprojekt")
    peter.locator("main").get_by_label("Hører til").select_option(label="Boligselskabet Fjordbo")
    peter.locator("main").get_by_label("Beskrivelse").fill(
        "Erfaringer med at styrke beboerdemokratiet."
    )
    check_page(peter)
    peter.get_by_role("button", name="Opret rummet").click()
    expect(peter.get_by_role("heading", level=1)).to_have_text(ROOM)
    room = Room.objects.get(title=ROOM)
    assert not room.members.filter(user__email=COLLEAGUE).exists()
    room_url = f"/rum/{room.pk}/"
    check_page(peter, axe=True)

    peter.goto(f"{room_url}deltagere/")
    invite = peter.locator("section[aria-labelledby=invite-heading]")
    invite.get_by_label("E-mailadresse").fill(COLLEAGUE)
    invite.get_by_label("Fornavn").fill("Ole")
    invite.get_by_role("button", name="Send invitation").click()
    expect(peter.locator("main")).to_contain_text(f"Invitationen er sendt til {COLLEAGUE}")
    check_page(peter)
    invitation = mails_to(COLLEAGUE)[-1]
    assert ROOM in invitation.subject
    accept_path = re.search(r"/rum/invitation/[^/\s]+/", invitation.body).group(0)

    # 2. A document, checked by its content, appears in the list.
    peter.goto(f"{room_url}dokumenter/")
    peter.get_by_role("link", name="Læg et dokument op").click()
    peter.locator("main").get_by_label("Titel").fill(DOCUMENT)
    peter.locator("main").get_by_label("Fil").set_input_files(
        {"name": "projektbeskrivelse.pdf", "mimeType": "application/pdf", "buffer": small_pdf()}
    )
    check_page(peter)
    peter.get_by_role("button", name="Læg op").click()
    # The upload leads to the document's own page; then the room's list shows it.
    expect(peter.locator("main").get_by_text("projektbeskrivelse.pdf").first).to_be_visible()
    check_page(peter)
    peter.get_by_role("link", name="Dokumenter", exact=True).click()
    expect(peter).to_have_url(re.compile(rf"{room_url}dokumenter/$"))
    expect(peter.get_by_role("link", name=DOCUMENT)).to_be_visible()
    check_page(peter, axe=True)

    # 3. A meeting in two weeks; Peter's invitation carries the calendar file.
    day = timezone.localdate() + timedelta(days=14)
    peter.goto(f"{room_url}moeder/")
    check_page(peter)
    peter.get_by_role("link", name="Indkald til møde").click()
    peter.locator("main").get_by_label("Titel").fill(MEETING)
    peter.locator("main").get_by_label("Dato").fill(day.isoformat())
    peter.locator("main").get_by_label("Starter kl.").fill("10:00")
    peter.locator("main").get_by_label("Slutter kl.").fill("11:30")
    peter.locator("main").get_by_label("Sted").fill("Fælleshuset, Fjordparken 12")
    check_page(peter)
    peter.get_by_role("button", name="Indkald", exact=True).click()
    expect(peter.get_by_role("heading", name=MEETING)).to_be_visible()
    check_page(peter, axe=True)

    called = [m for m in mails_to("peter@fjordbo.example") if MEETING in m.subject]
    assert called, [m.subject for m in mail.outbox]
    name, content, mimetype = called[-1].attachments[0]
    assert name == "moede.ics" and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["METHOD"] == "REQUEST"
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["UID"])
    assert int(event["SEQUENCE"]) == 0
    start = event["DTSTART"]
    assert start.params.get("TZID") == "Europe/Copenhagen"
    assert str(start.dt.tzinfo) == "Europe/Copenhagen"
    assert (start.dt.date(), start.dt.hour, start.dt.minute) == (day, 10, 0)

    # Peter starts a thread in the debatforum for Ole to answer.
    peter.goto(f"{room_url}debat/")
    check_page(peter)
    peter.get_by_role("link", name="Start en ny tråd").click()
    peter.locator("main").get_by_label("Overskrift").fill(THREAD)
    peter.locator("main").get_by_label("Indlæg").fill("Hvilke mødeformer har I prøvet med de unge?")
    check_page(peter)
    peter.get_by_role("button", name="Start tråden").click()
    expect(peter.get_by_role("heading", name=THREAD)).to_be_visible()
    check_page(peter)

    # 4. A secret vote with a deadline tomorrow.
    peter.goto(f"{room_url}afstemninger/")
    check_page(peter)
    peter.get_by_role("link", name="Åbn en afstemning").click()
    peter.locator("main").get_by_label("Spørgsmål").fill(QUESTION)
    peter.locator("main").get_by_role("textbox", name=re.compile("^Svarmuligheder")).fill(
        "\n".join(OPTIONS)
    )
    peter.locator("main").get_by_label("Frist (dato)").fill(
        (timezone.localdate() + timedelta(days=1)).isoformat()
    )
    peter.locator("main").get_by_label("Frist (klokkeslæt)").fill("12:00")
    peter.locator("main").get_by_label("Hemmelig afstemning").check()
    check_page(peter)
    peter.get_by_role("button", name="Åbn afstemningen").click()
    expect(peter.get_by_role("heading", name=QUESTION)).to_be_visible()
    vote = Vote.objects.get(room=room, question=QUESTION)
    assert vote.secret
    vote_url = peter.url
    check_page(peter, axe=True)

    # 5. Ole opens the link in the e-mail; the page asks him to log in first, then he accepts.
    context, guard = new_guarded_context(browser, live_server.url)
    contexts.append((context, guard))
    ole = context.new_page()
    ole.set_viewport_size(PHONE)
    ole.goto(accept_path)
    expect(ole.locator("main").get_by_role("link", name="Log ind")).to_be_visible()
    check_page(ole)
    log_in_demo_person(ole, COLLEAGUE)
    ole.goto(accept_path)
    check_page(ole)
    ole.get_by_role("button", name="Acceptér invitationen").click()
    expect(ole.get_by_role("heading", level=1)).to_have_text(ROOM)
    check_page(ole, axe=True)

    ole.goto(f"{room_url}debat/")
    ole.get_by_role("link", name=THREAD).click()
    ole.locator("main").get_by_label("Indlæg").fill(REPLY)
    check_page(ole)
    ole.get_by_role("button", name="Send svar").click()
    expect(ole.locator("main")).to_contain_text(REPLY)
    check_page(ole)

    ole.goto(vote_url)
    ole.locator("main").get_by_label(OPTIONS[1]).check()
    ole.get_by_role("button", name="Stem", exact=True).click()
    expect(ole.locator("main")).to_contain_text("Din stemme er afgivet")
    expect(ole.locator("main")).to_contain_text("Resultatet vises, når afstemningen er slut.")
    check_page(ole, axe=True)

    # 6. Time passes: the deadline is moved into the past in the database, as if a day had gone
    # by, rather than waiting for it in the test.
    Vote.objects.filter(pk=vote.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    peter.reload()
    results = peter.locator("section[aria-labelledby=resultat]")
    winner = results.get_by_role("row", name=re.compile(OPTIONS[1]))
    loser = results.get_by_role("row", name=re.compile(OPTIONS[0]))
    expect(winner.locator("td").nth(1)).to_have_text("1")
    expect(loser.locator("td").nth(1)).to_have_text("0")
    expect(peter.locator("main")).to_contain_text("1 af 2 har stemt")
    check_page(peter, axe=True)
    # A secret vote: the page names no voter, and neither does the owner's workbook.
    page_text = peter.locator("body").inner_text()
    assert COLLEAGUE_NAME not in page_text and "Dahl" not in page_text
    assert COLLEAGUE not in peter.content()
    workbook_url = results.get_by_role("link", name="Resultat som regneark").get_attribute("href")
    response = peter.request.get(workbook_url)
    assert response.status == 200
    assert_workbook_names_no_one(response.body(), "Dahl", COLLEAGUE)

    for context, guard in contexts:
        context.close()
        guard.assert_no_foreign_requests()


def assert_workbook_names_no_one(body: bytes, *names: str) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(body), read_only=True)
    cells = [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert all(any(option in cell for cell in cells) for option in OPTIONS), cells
    for name in names:
        assert not [cell for cell in cells if name in cell], name
