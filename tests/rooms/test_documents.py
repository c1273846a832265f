"""A room's documents: upload checked by content and size, versions that keep the old ones,
search, folders, move, delete with the files, and 404 for anyone outside the room."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.storage import private_storage
from organisations.models import Organisation, User
from rooms.models import (
    ActivityVerb,
    Document,
    DocumentVersion,
    Folder,
    MemberRole,
    Room,
    RoomActivity,
    RoomKind,
    RoomMember,
)
from rooms.services.documents import document_create, version_add
from tests.factories import OrganisationFactory, person

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _pdf(name: str = "projektbeskrivelse.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _txt(name: str = "noter.txt", text: str = "Noter fra workshoppen\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


@dataclass
class World:
    room: Room
    other_room: Room
    owner: User
    member: User
    colleague: User
    guest: User
    outsider: User


def _room(title: str, organisation: Organisation | None = None) -> Room:
    return Room.objects.create(kind=RoomKind.NETWORK, title=title, organisation=organisation)


def _join(room: Room, user: User, role: str) -> None:
    RoomMember.objects.create(room=room, user=user, role=role)


@pytest.fixture
def world() -> World:
    fjordbo = OrganisationFactory.create(name="Fjordbo")
    nordlys = OrganisationFactory.create(name="Nordlys")
    owner = person("maja@fjordbo.example", fjordbo, ["staff"], "Maja", "Ejer")
    member = person("peder@nordlys.example", nordlys, ["staff"], "Peder", "Medlem")
    colleague = person("sanne@nordlys.example", nordlys, ["staff"], "Sanne", "Kollega")
    guest = person("kirsten@fjordbo.example", fjordbo, ["staff"], "Kirsten", "Gæst")
    outsider = person("ulla@nordlys.example", nordlys, ["staff"], "Ulla", "Udenfor")
    room = _room("Boligsocialt netværk")
    other_room = _room("Fjordbos byggesag", fjordbo)
    _join(room, owner, MemberRole.OWNER)
    _join(room, member, MemberRole.MEMBER)
    _join(room, colleague, MemberRole.MEMBER)
    _join(room, guest, MemberRole.GUEST)
    _join(other_room, outsider, MemberRole.OWNER)
    return World(room, other_room, owner, member, colleague, guest, outsider)


def _document(
    room: Room, actor: User, title: str = "Projektbeskrivelse", **kwargs: object
) -> Document:
    return document_create(actor=actor, room=room, file=_pdf(), title=title, **kwargs)


def _url(name: str, room: Room, **kwargs: int) -> str:
    return reverse(f"rooms:{name}", kwargs={"pk": room.pk, **kwargs})


def _read(response) -> bytes:
    return b"".join(response.streaming_content)


class TestUpload:
    def test_a_member_uploads_a_document_in_a_folder(self, client, world: World) -> None:
        folder = Folder.objects.create(room=world.room, name="Projektgrundlag")
        client.force_login(world.member)
        response = client.post(
            _url("document_upload", world.room),
            {
                "title": "Projektbeskrivelse",
                "folder": folder.pk,
                "description": "Første udkast til styregruppen.",
                "file": _pdf("Projektbeskrivelse udkast.pdf"),
            },
        )
        document = Document.objects.get()
        assert response.status_code == 302
        assert response["Location"] == _url("document", world.room, doc=document.pk)
        assert (document.title, document.folder, document.version_count) == (
            "Projektbeskrivelse",
            folder,
            1,
        )
        assert document.created_by == world.member
        version = document.versions.get()
        assert version.number == 1
        assert version.original_name == "Projektbeskrivelse udkast.pdf"
        assert version.content_type == "application/pdf"
        assert version.size == len(PDF)
        assert private_storage().exists(version.file.name)
        activity = RoomActivity.objects.get(room=world.room)
        assert activity.verb == ActivityVerb.DOCUMENT
        assert activity.subject == "Projektbeskrivelse"

    def test_content_that_is_not_what_the_name_says_is_refused_beside_the_field(
        self, client, world: World
    ) -> None:
        client.force_login(world.member)
        response = client.post(
            _url("document_upload", world.room),
            {
                "title": "Budget for workshops",
                "description": "Rettet efter mødet",
                "file": _pdf("budget.docx"),
            },
        )
        assert response.status_code == 400
        form = response.context["form"]
        assert form.errors["file"]
        assert "file" in form.errors and "title" not in form.errors
        content = response.content.decode()
        assert 'value="Budget for workshops"' in content
        assert "Rettet efter mødet" in content
        assert not Document.objects.exists()
        assert not DocumentVersion.objects.exists()
        assert not RoomActivity.objects.exists()

    @override_settings(UPLOAD_DOCUMENT_MAX_BYTES=40)
    def test_an_oversized_file_is_refused(self, client, world: World) -> None:
        client.force_login(world.member)
        response = client.post(
            _url("document_upload", world.room), {"title": "Stor fil", "file": _pdf()}
        )
        assert response.status_code == 400
        assert "for stor" in " ".join(response.context["form"].errors["file"])
        assert not Document.objects.exists()

    def test_a_new_version_keeps_the_old_one_and_both_download(self, client, world: World) -> None:
        document = _document(world.room, world.member)
        client.force_login(world.colleague)
        response = client.post(
            _url("document_version_upload", world.room, doc=document.pk),
            {"file": _txt("projektbeskrivelse v2.txt", "Ny tekst"), "comment": "Budget rettet"},
        )
        assert response.status_code == 302
        document.refresh_from_db()
        assert document.version_count == 2
        first, second = document.versions.order_by("number")
        assert (first.uploaded_by, second.uploaded_by) == (world.member, world.colleague)
        assert second.comment == "Budget rettet"
        assert RoomActivity.objects.filter(verb=ActivityVerb.DOCUMENT_VERSION).count() == 1

        old = client.get(_url("document_download", world.room, version_pk=first.pk))
        new = client.get(_url("document_download", world.room, version_pk=second.pk))
        assert (old.status_code, new.status_code) == (200, 200)
        assert _read(old) == PDF
        assert _read(new) == b"Ny tekst"
        assert 'filename="projektbeskrivelse.pdf"' in old["Content-Disposition"]
        assert "attachment" in new["Content-Disposition"]
        assert "v2.txt" in new["Content-Disposition"]
        assert new["X-Content-Type-Options"] == "nosniff"

        page = client.get(_url("document", world.room, doc=document.pk))
        assert page.status_code == 200
        assert "Budget rettet" in page.content.decode()
        assert [v.number for v in page.context["versions"]] == [2, 1]

    def test_version_numbers_follow_each_other(self, world: World) -> None:
        document = _document(world.room, world.member)
        numbers = [
            version_add(actor=world.owner, document=document, file=_pdf()).number for _ in range(3)
        ]
        assert numbers == [2, 3, 4]
        document.refresh_from_db()
        assert document.version_count == 4

    def test_a_refused_version_leaves_the_document_as_it_was(self, client, world: World) -> None:
        document = _document(world.room, world.member)
        client.force_login(world.member)
        response = client.post(
            _url("document_version_upload", world.room, doc=document.pk),
            {"file": _pdf("ny.xlsx"), "comment": "Skulle være regneark"},
        )
        assert response.status_code == 400
        assert response.context["form"].errors["file"]
        assert "Skulle være regneark" in response.content.decode()
        document.refresh_from_db()
        assert document.version_count == 1


class TestGuest:
    def test_a_guest_reads_and_downloads_but_does_not_upload(self, client, world: World) -> None:
        document = _document(world.room, world.member)
        version = document.versions.get()
        client.force_login(world.guest)
        assert client.get(_url("documents", world.room)).status_code == 200
        detail = client.get(_url("document", world.room, doc=document.pk))
        assert detail.status_code == 200
        assert "Læg en ny version op" not in detail.content.decode()
        download = client.get(_url("document_download", world.room, version_pk=version.pk))
        assert download.status_code == 200
        assert client.get(_url("document_upload", world.room)).status_code == 403
        upload = client.post(_url("document_upload", world.room), {"file": _pdf()})
        assert upload.status_code == 403
        version_upload = client.post(
            _url("document_version_upload", world.room, doc=document.pk), {"file": _pdf()}
        )
        assert version_upload.status_code == 403
        folder = client.post(_url("folder_create", world.room), {"name": "Gæstens mappe"})
        assert folder.status_code == 403
        assert client.post(_url("document_delete", world.room, doc=document.pk)).status_code == 403
        assert Document.objects.get().version_count == 1
        assert not Folder.objects.exists()


class TestSearchAndFolders:
    def test_search_finds_titles_descriptions_and_file_names_in_the_room_only(
        self, client, world: World
    ) -> None:
        plan = _document(world.room, world.member, "Tidsplan")
        notes = document_create(
            actor=world.member,
            room=world.room,
            file=_txt("noter.txt"),
            title="Noter",
            description="Fra workshoppen om beboerdemokrati",
        )
        budget = document_create(
            actor=world.member, room=world.room, file=_txt("budget-2025.txt"), title="Økonomi"
        )
        document_create(
            actor=world.outsider, room=world.other_room, file=_pdf(), title="Tidsplan for byggeri"
        )
        client.force_login(world.member)

        def found(query: str) -> set[int]:
            response = client.get(_url("documents", world.room), {"q": query})
            assert response.status_code == 200
            return {document.pk for document in response.context["page"].object_list}

        assert found("tidsplan") == {plan.pk}
        assert found("beboerdemokrati") == {notes.pk}
        assert found("budget-2025") == {budget.pk}
        assert found("findes ikke") == set()
        assert len(found("")) == 3

    def test_a_file_name_of_an_old_version_is_found(self, client, world: World) -> None:
        document = document_create(
            actor=world.member, room=world.room, file=_pdf("gammelt-navn.pdf"), title="Plan"
        )
        version_add(actor=world.member, document=document, file=_pdf("nyt-navn.pdf"))
        client.force_login(world.member)
        response = client.get(_url("documents", world.room), {"q": "gammelt-navn"})
        assert [d.pk for d in response.context["page"].object_list] == [document.pk]

    def test_the_list_shows_one_folder(self, client, world: World) -> None:
        folder = Folder.objects.create(room=world.room, name="Materialer fra workshops")
        inside = _document(world.room, world.member, "Slides", folder=folder)
        _document(world.room, world.member, "Løst papir")
        client.force_login(world.member)
        response = client.get(_url("documents", world.room), {"mappe": folder.pk})
        assert [d.pk for d in response.context["page"].object_list] == [inside.pk]
        content = response.content.decode()
        assert "Slides" in content and "Maja" not in content  # uploader is Peder
        assert "Peder Medlem" in content

    def test_a_folder_of_another_room_filters_nothing(self, client, world: World) -> None:
        foreign = Folder.objects.create(room=world.other_room, name="Fremmed")
        _document(world.room, world.member)
        client.force_login(world.member)
        response = client.get(_url("documents", world.room), {"mappe": foreign.pk})
        assert response.status_code == 200
        assert response.context["search"].errors["mappe"]
        assert len(response.context["page"].object_list) == 1

    def test_a_member_creates_a_folder_once(self, client, world: World) -> None:
        client.force_login(world.member)
        response = client.post(_url("folder_create", world.room), {"name": "Projektgrundlag"})
        folder = Folder.objects.get()
        assert response.status_code == 302
        assert response["Location"].endswith(f"?mappe={folder.pk}")
        again = client.post(_url("folder_create", world.room), {"name": " projektgrundlag "})
        assert again.status_code == 400
        assert "allerede en mappe" in " ".join(again.context["form"].errors["name"])
        assert Folder.objects.count() == 1

    def test_a_document_moves_to_another_folder_of_its_room_only(
        self, client, world: World
    ) -> None:
        folder = Folder.objects.create(room=world.room, name="Projektgrundlag")
        foreign = Folder.objects.create(room=world.other_room, name="Fremmed")
        document = _document(world.room, world.member)
        client.force_login(world.colleague)
        moved = client.post(
            _url("document_move", world.room, doc=document.pk), {"folder": folder.pk}
        )
        assert moved.status_code == 302
        document.refresh_from_db()
        assert document.folder == folder
        refused = client.post(
            _url("document_move", world.room, doc=document.pk), {"folder": foreign.pk}
        )
        assert refused.status_code == 302
        document.refresh_from_db()
        assert document.folder == folder
        out = client.post(_url("document_move", world.room, doc=document.pk), {"folder": ""})
        assert out.status_code == 302
        document.refresh_from_db()
        assert document.folder is None


class TestDelete:
    def test_the_first_uploader_deletes_with_every_file(
        self, client, world: World, django_capture_on_commit_callbacks
    ) -> None:
        document = _document(world.room, world.member)
        version_add(actor=world.colleague, document=document, file=_txt())
        names = [v.file.name for v in document.versions.all()]
        client.force_login(world.member)
        assert client.get(_url("document_delete", world.room, doc=document.pk)).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_url("document_delete", world.room, doc=document.pk))
        assert response.status_code == 302
        assert not Document.objects.exists()
        assert not DocumentVersion.objects.exists()
        assert not any(private_storage().exists(name) for name in names)

    def test_a_later_uploader_may_not_delete_but_an_owner_may(
        self, client, world: World, django_capture_on_commit_callbacks
    ) -> None:
        document = _document(world.room, world.member)
        version_add(actor=world.colleague, document=document, file=_txt())
        client.force_login(world.colleague)
        assert client.post(_url("document_delete", world.room, doc=document.pk)).status_code == 403
        assert Document.objects.exists()
        client.force_login(world.owner)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_url("document_delete", world.room, doc=document.pk))
        assert response.status_code == 302
        assert not Document.objects.exists()


# --- 404 outside the room ---------------------------------------------------------------------

ROOM_ROUTES = [
    ("get", "documents"),
    ("get", "document_upload"),
    ("post", "document_upload"),
    ("get", "folder_create"),
    ("post", "folder_create"),
]
DOCUMENT_ROUTES = [
    ("get", "document"),
    ("get", "document_version_upload"),
    ("post", "document_version_upload"),
    ("post", "document_move"),
    ("get", "document_delete"),
    ("post", "document_delete"),
]


class TestOutsiders:
    @pytest.mark.parametrize(("method", "name"), ROOM_ROUTES)
    def test_a_non_member_gets_404_on_the_room_routes(
        self, client, world: World, method: str, name: str
    ) -> None:
        client.force_login(world.outsider)
        response = getattr(client, method)(_url(name, world.room), {"name": "x", "file": _pdf()})
        assert response.status_code == 404
        assert not Folder.objects.exists() and not Document.objects.exists()

    @pytest.mark.parametrize(("method", "name"), DOCUMENT_ROUTES)
    def test_a_non_member_gets_404_on_the_document_routes(
        self, client, world: World, method: str, name: str
    ) -> None:
        document = _document(world.room, world.member)
        client.force_login(world.outsider)
        response = getattr(client, method)(_url(name, world.room, doc=document.pk))
        assert response.status_code == 404
        assert Document.objects.get().version_count == 1

    def test_a_non_member_gets_404_for_the_file(self, client, world: World) -> None:
        version = _document(world.room, world.member).versions.get()
        client.force_login(world.outsider)
        response = client.get(_url("document_download", world.room, version_pk=version.pk))
        assert response.status_code == 404

    def test_an_anonymous_visitor_is_sent_to_log_in(self, client, world: World) -> None:
        version = _document(world.room, world.member).versions.get()
        response = client.get(_url("document_download", world.room, version_pk=version.pk))
        assert response.status_code == 302
        assert "/login" in response["Location"] or "log" in response["Location"]

    @pytest.mark.parametrize(("method", "name"), DOCUMENT_ROUTES)
    def test_a_document_of_another_room_is_404_through_ones_own_room(
        self, client, world: World, method: str, name: str
    ) -> None:
        # The outsider owns the other room and is also a member here: the id still does not
        # cross rooms.
        _join(world.room, world.outsider, MemberRole.OWNER)
        foreign = _document(world.other_room, world.outsider, "Fremmed")
        client.force_login(world.outsider)
        response = getattr(client, method)(_url(name, world.room, doc=foreign.pk))
        assert response.status_code == 404
        assert Document.objects.filter(pk=foreign.pk).exists()

    def test_a_file_of_another_room_is_404_through_ones_own_room(
        self, client, world: World
    ) -> None:
        _join(world.room, world.outsider, MemberRole.MEMBER)
        version = _document(world.other_room, world.outsider, "Fremmed").versions.get()
        client.force_login(world.outsider)
        response = client.get(_url("document_download", world.room, version_pk=version.pk))
        assert response.status_code == 404


# --- Queries ----------------------------------------------------------------------------------


def _bulk_documents(room: Room, by: User, count: int) -> None:
    folder = Folder.objects.create(room=room, name=f"Mappe {count}")
    documents = Document.objects.bulk_create(
        Document(room=room, folder=folder, title=f"Dokument {n}", version_count=1, created_by=by)
        for n in range(count)
    )
    DocumentVersion.objects.bulk_create(
        DocumentVersion(
            document=document,
            number=1,
            file=f"rooms/{room.pk}/{document.pk}/v1.pdf",
            original_name=f"dokument-{document.pk}.pdf",
            size=1000,
            content_type="application/pdf",
            uploaded_by=by,
        )
        for document in documents
    )


def _list_queries(client, room: Room) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url("documents", room), {"q": "Dokument"})
    assert response.status_code == 200
    assert response.context["page"].object_list
    return len(queries)


def test_the_list_runs_the_same_queries_for_10_and_1000_documents(client, world: World) -> None:
    small, large = world.room, world.other_room
    _join(large, world.member, MemberRole.MEMBER)
    _bulk_documents(small, world.member, 10)
    _bulk_documents(large, world.member, 1000)
    client.force_login(world.member)
    _list_queries(client, small)  # warm the session and content-type caches
    assert _list_queries(client, small) == _list_queries(client, large)
