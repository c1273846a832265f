"""Two people upload a new version of one document at the same moment (PostgreSQL, two real
connections): the row lock on the document queues them, so both versions are kept with
consecutive numbers and ``version_count`` names the last one — never a duplicate number."""

from __future__ import annotations

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from rooms.models import Document, MemberRole, Room, RoomKind, RoomMember
from rooms.services.documents import document_create, version_add
from tests.factories import OrganisationFactory, person

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.mark.postgres
def test_simultaneous_versions_get_consecutive_numbers(transactional_db: None) -> None:
    organisation = OrganisationFactory.create(name="Fjordbo")
    people = [
        person(f"uploader{n}@fjordbo.example", organisation, ["staff"], f"Person{n}", "Test")
        for n in range(4)
    ]
    room = Room.objects.create(kind=RoomKind.NETWORK, title="Netværket")
    for someone in people:
        RoomMember.objects.create(room=room, user=someone, role=MemberRole.MEMBER)
    document = document_create(actor=people[0], room=room, file=_pdf("v1.pdf"), title="Plan")

    start = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def upload(n: int) -> None:
        try:
            start.wait(timeout=30)
            mine = Document.objects.get(pk=document.pk)
            version_add(actor=people[n], document=mine, file=_pdf(f"v-{n}.pdf"))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    document.refresh_from_db()
    numbers = sorted(document.versions.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5]
    assert document.version_count == 5
