"""Demo documents: in the network room a folder "Projektgrundlag" with the project description in
two versions (uploaded by two members), and a folder "Materialer fra workshops" with one PDF.

The files are small tagged PDFs written here with WeasyPrint (``core.pdf``) and go through the
real upload service, so they pass the same content check as any upload and the room's activity
shows who uploaded them. Idempotent: a folder is found by its name and a document by its room
and title before anything is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from core import pdf
from organisations.models import User
from rooms.models import Document, DocumentVersion, Folder, Room
from rooms.services.documents import document_create, version_add


class DemoRooms(Protocol):
    """What ``rooms.demo.DemoRooms`` (H1) gives every part's ``seed``."""

    network: Room
    people: dict[str, User]


@dataclass(frozen=True)
class DemoFile:
    name: str
    heading: str
    paragraphs: tuple[str, ...]
    by: str  # first name of the uploader
    days_ago: int
    comment: str = ""


PROJECT_FOLDER = "Projektgrundlag"
WORKSHOP_FOLDER = "Materialer fra workshops"
PROJECT_TITLE = "Projektbeskrivelse"
WORKSHOP_TITLE = "Opsamling fra workshop om beboerinddragelse"

PROJECT_VERSIONS = (
    DemoFile(
        name="projektbeskrivelse-udkast.pdf",
        heading="Projektbeskrivelse – udkast",
        paragraphs=(
            "Udviklingsprojektet skal samle erfaringer fra boligorganisationerne i netværket "
            "om, hvordan medarbejdere lærer af hinanden mellem kurserne.",
            "Første fase: to workshops og et fælles projektrum til dokumenter, møder og debat.",
        ),
        by="maria",
        days_ago=30,
    ),
    DemoFile(
        name="projektbeskrivelse-v2.pdf",
        heading="Projektbeskrivelse – version 2",
        paragraphs=(
            "Udviklingsprojektet skal samle erfaringer fra boligorganisationerne i netværket "
            "om, hvordan medarbejdere lærer af hinanden mellem kurserne.",
            "Første fase: to workshops og et fælles projektrum til dokumenter, møder og debat.",
            "Tilføjet efter styregruppemødet: en erfaringsgruppe på Fjordparken er med som "
            "pilotafdeling, og tidsplanen er rykket en måned.",
        ),
        by="peter",
        days_ago=12,
        comment="Pilotafdeling og ny tidsplan tilføjet efter styregruppemødet",
    ),
)

WORKSHOP_FILE = DemoFile(
    name="workshop-beboerinddragelse.pdf",
    heading="Opsamling fra workshop om beboerinddragelse",
    paragraphs=(
        "Deltagerne pegede på tre ting, der virker: faste kontaktpersoner i afdelingen, korte "
        "møder tæt på beboerne og tilbagemelding på, hvad der skete med deres forslag.",
        "Næste workshop handler om at fastholde frivillige.",
    ),
    by="anna",
    days_ago=20,
)


def _pdf(file: DemoFile) -> SimpleUploadedFile:
    import weasyprint  # only when seeding: WeasyPrint is slow to import

    body = "".join(f"<p>{escape(text)}</p>" for text in file.paragraphs)
    html = (
        f'<html lang="da"><head><meta charset="utf-8"><title>{escape(file.heading)}</title>'
        f"</head><body><h1>{escape(file.heading)}</h1>{body}</body></html>"
    )
    content = pdf.write_pdf(weasyprint.HTML(string=html).render())
    return SimpleUploadedFile(file.name, content, content_type="application/pdf")


def _backdate(version: DocumentVersion, days_ago: int) -> None:
    # The demo tells a story over weeks; the upload itself happens now.
    DocumentVersion.objects.filter(pk=version.pk).update(
        uploaded_at=timezone.now() - timedelta(days=days_ago)
    )


def _folder(room: Room, name: str) -> Folder:
    folder, _created = Folder.objects.get_or_create(room=room, name=name)
    return folder


def _document(
    room: Room, people: dict[str, User], folder: Folder, title: str, versions: tuple[DemoFile, ...]
) -> None:
    if Document.objects.filter(room=room, title=title).exists():
        return
    first, *later = versions
    document = document_create(
        actor=people[first.by], room=room, file=_pdf(first), title=title, folder=folder
    )
    _backdate(document.versions.get(), first.days_ago)
    for file in later:
        version = version_add(
            actor=people[file.by], document=document, file=_pdf(file), comment=file.comment
        )
        _backdate(version, file.days_ago)


def seed(rooms: DemoRooms) -> None:
    room, people = rooms.network, rooms.people
    _document(room, people, _folder(room, PROJECT_FOLDER), PROJECT_TITLE, PROJECT_VERSIONS)
    _document(room, people, _folder(room, WORKSHOP_FOLDER), WORKSHOP_TITLE, (WORKSHOP_FILE,))
