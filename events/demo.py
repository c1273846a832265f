"""Demo events for ``seed_demo``: the index page "Arrangementer" and three events.

- *Temadag om A3 Fremtidsanalyse* in a month, 40 seats, three Fjordbo and Nordlys people
  signed up;
- *Workshop: Sæt et godt hold* in two weeks, 3 seats, full: three confirmed and two on the
  waitlist;
- *Netværksmøde for driftschefer*, held three weeks ago, with its summary as material.

Sign-ups go through the services (seats, waitlist, e-mails; seed_demo delivers nothing).
Idempotent: pages are found by slug, registrations by e-mail, the document by title.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from events.models import (
    ACTIVE_STATUSES,
    EventIndexPage,
    EventKind,
    EventPage,
    Region,
)
from events.services import registrations
from organisations.models import User

SUMMARY_TITLE = "Opsamling fra netværksmødet for driftschefer"
SUMMARY_TEXT = (
    "Opsamling fra netværksmødet for driftschefer\n\n"
    "Vi drøftede erfaringer med samdrift mellem afdelinger og aftalte at mødes igen "
    "til foråret.\n"
)


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def _index(home: Page) -> EventIndexPage:
    found = EventIndexPage.objects.child_of(home).first()
    if found is not None:
        index: EventIndexPage = found
        return index
    index = EventIndexPage(
        title="Arrangementer",
        slug="arrangementer",
        intro="Temadage, workshops og netværksmøder for medarbejdere i den almene sektor.",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _event(index: EventIndexPage, slug: str, **fields: Any) -> EventPage:
    found = EventPage.objects.child_of(index).filter(slug=slug).first()
    if found is not None:
        event: EventPage = found
        return event
    event = EventPage(slug=slug, **fields)
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def _sign_up(event: EventPage, emails: list[str]) -> None:
    for email in emails:
        user = User.objects.filter(email=email).first()
        if (
            user is None
            or event.registrations.filter(email=email, status__in=ACTIVE_STATUSES).exists()
        ):
            continue
        registrations.register_member(event=event, user=user)


def _summary_document() -> Any:
    documents = get_document_model()
    found = documents.objects.filter(title=SUMMARY_TITLE).first()
    if found is not None:
        return found
    document = documents(title=SUMMARY_TITLE)
    document.file.save("opsamling-netvaerksmoede.txt", ContentFile(SUMMARY_TEXT.encode()))
    document.save()
    return document


def seed(home: Page) -> EventIndexPage:
    index = _index(home)
    temadag = _event(
        index,
        "temadag-a3-fremtidsanalyse",
        title="Temadag om A3 Fremtidsanalyse",
        kind=EventKind.TEMADAG,
        starts_at=_at(30, 9),
        ends_at=_at(30, 15),
        place="Fjordbo, mødesalen",
        address="Havnegade 1, 5000 Odense C",
        region=Region.SYDDANMARK,
        audience="Driftschefer, projektledere og beboerdemokrater",
        capacity=40,
        registration_deadline=_at(23, 12),
        organiser="AlmenLæring",
        body="<p>En dag om at analysere en afdelings fremtid efter AlmenVejledning A3.</p>",
    )
    _sign_up(temadag, ["amina@fjordbo.example", "mikkel@fjordbo.example", "anna@nordlys.example"])
    workshop = _event(
        index,
        "workshop-saet-et-godt-hold",
        title="Workshop: Sæt et godt hold",
        kind=EventKind.WORKSHOP,
        starts_at=_at(14, 13),
        ends_at=_at(14, 16),
        online=True,
        online_url="https://moede.almenlaering.example/saet-et-godt-hold",
        region=Region.ONLINE,
        audience="Projektledere",
        capacity=3,
        organiser="AlmenLæring",
        body="<p>Vi arbejder med holdets kompetencebehov i et konkret forløb.</p>",
    )
    _sign_up(
        workshop,
        [
            "karen@fjordbo.example",
            "lars@fjordbo.example",
            "hanne@fjordbo.example",
            "peter@fjordbo.example",
            "thomas@fjordbo.example",
        ],
    )
    past = _event(
        index,
        "netvaerksmoede-driftschefer",
        title="Netværksmøde for driftschefer",
        kind=EventKind.NETVAERKSMODE,
        starts_at=_at(-21, 10),
        ends_at=_at(-21, 14),
        place="Nordlys, kantinen",
        region=Region.MIDTJYLLAND,
        audience="Driftschefer",
        organiser="Nordlys",
        body="<p>Erfaringsudveksling om samdrift mellem afdelinger.</p>",
    )
    if not past.materials:
        document = _summary_document()
        past.materials = [("document", {"document": document, "title": ""})]
        past.save_revision().publish()
    return index
