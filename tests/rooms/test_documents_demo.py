"""The documents demo: two folders in the network room, the project description in two versions
by two members, one workshop PDF; seeding twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from organisations.models import User
from rooms.demo import documents as demo
from rooms.models import Document, DocumentVersion, Folder, MemberRole, Room, RoomKind, RoomMember
from tests.factories import OrganisationFactory, person

pytestmark = pytest.mark.django_db


@dataclass
class Rooms:
    network: Room
    people: dict[str, User]


@pytest.fixture
def rooms() -> Rooms:
    network = Room.objects.create(kind=RoomKind.DEVELOPMENT, title="Programmets udviklingsprojekt")
    people = {}
    for first, email, role in (
        ("maria", "maria@almennet.example", MemberRole.OWNER),
        ("peter", "peter@fjordbo.example", MemberRole.MEMBER),
        ("anna", "anna@nordlys.example", MemberRole.MEMBER),
        ("karen", "karen@fjordbo.example", MemberRole.GUEST),
    ):
        organisation = OrganisationFactory.create(name=f"Organisation for {first}")
        people[first] = person(email, organisation, ["staff"], first.capitalize(), "Demo")
        RoomMember.objects.create(room=network, user=people[first], role=role)
    return Rooms(network, people)


def test_the_demo_has_two_folders_and_a_document_in_two_versions(rooms: Rooms, client) -> None:
    demo.seed(rooms)
    demo.seed(rooms)  # idempotent

    folders = {folder.name for folder in Folder.objects.filter(room=rooms.network)}
    assert folders == {demo.PROJECT_FOLDER, demo.WORKSHOP_FOLDER}
    assert Document.objects.filter(room=rooms.network).count() == 2

    description = Document.objects.get(title=demo.PROJECT_TITLE)
    assert description.folder is not None and description.folder.name == demo.PROJECT_FOLDER
    assert description.version_count == 2
    first, second = description.versions.order_by("number")
    assert first.uploaded_by == rooms.people["maria"]
    assert second.uploaded_by == rooms.people["peter"]
    assert second.comment
    assert first.uploaded_at < second.uploaded_at

    workshop = Document.objects.get(title=demo.WORKSHOP_TITLE)
    assert workshop.folder is not None and workshop.folder.name == demo.WORKSHOP_FOLDER
    assert workshop.version_count == 1
    assert DocumentVersion.objects.count() == 3

    # The guest can fetch each file, and it is the PDF the demo wrote.
    client.force_login(rooms.people["karen"])
    for version in DocumentVersion.objects.all():
        url = reverse(
            "rooms:document_download", kwargs={"pk": rooms.network.pk, "version_pk": version.pk}
        )
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert version.original_name in response["Content-Disposition"]
