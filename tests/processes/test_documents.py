"""A milestone's documents and decision log: upload checked by content, private, access-checked
download, delete by the uploader or a leader; decisions newest first; every change an event."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from core.storage import private_storage
from organisations.models import User
from processes.models import Milestone, MilestoneDecision, MilestoneDocument, Process, ProcessEvent
from processes.services.documents import decision_add, document_add

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _pdf(name: str = "aftale-om-samdrift.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _png(name: str = "tavle.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _add_url(milestone: Milestone) -> str:
    return reverse(
        "processes:document_add", kwargs={"pk": milestone.process_id, "mpk": milestone.pk}
    )


def _download_url(document: MilestoneDocument) -> str:
    return reverse(
        "processes:document",
        kwargs={"pk": document.milestone.process_id, "dpk": document.pk},
    )


def _delete_url(document: MilestoneDocument) -> str:
    return reverse(
        "processes:document_delete",
        kwargs={"pk": document.milestone.process_id, "dpk": document.pk},
    )


class TestUpload:
    def test_a_leader_uploads_the_aftale(self, client, alice: User, milestone: Milestone) -> None:
        client.force_login(alice)
        response = client.post(_add_url(milestone), {"title": "Aftale om samdrift", "file": _pdf()})
        assert response.status_code == 302
        document = MilestoneDocument.objects.get()
        assert document.title == "Aftale om samdrift"
        assert document.content_type == "application/pdf"
        assert document.original_name == "aftale-om-samdrift.pdf"
        assert document.uploaded_by == alice
        assert document.file.storage.exists(document.file.name)
        event = ProcessEvent.objects.get(action="document_added")
        assert event.milestone == milestone and event.actor == alice
        assert "Aftale om samdrift" in event.comment

    def test_a_person_of_the_process_uploads_an_image(
        self, client, bob: User, milestone: Milestone
    ) -> None:
        client.force_login(bob)
        response = client.post(_add_url(milestone), {"file": _png()})
        assert response.status_code == 302
        document = MilestoneDocument.objects.get()
        assert document.title == "tavle"  # the file's name when no title is given
        assert document.content_type == "image/png"

    def test_a_photo_loses_its_metadata(self, bob: User, milestone: Milestone) -> None:
        exif = Image.Exif()
        exif[0x010F] = "Telefonmærke"  # Make
        out = io.BytesIO()
        Image.new("RGB", (8, 8), "white").save(out, format="JPEG", exif=exif.tobytes())
        photo = SimpleUploadedFile("tavle.jpg", out.getvalue(), content_type="image/jpeg")
        document = document_add(actor=bob, milestone=milestone, file=photo)
        with document.file.open("rb") as stored, Image.open(stored) as image:
            assert not image.getexif()
        assert document.size == document.file.size

    def test_a_file_that_is_not_what_its_name_says_is_refused(
        self, client, alice: User, milestone: Milestone
    ) -> None:
        client.force_login(alice)
        fake = SimpleUploadedFile("aftale.pdf", b"Dette er ikke en PDF, bare tekst.")
        response = client.post(_add_url(milestone), {"title": "Aftale", "file": fake})
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert "Filen er ikke en PDF" in " ".join(errors["file"])
        assert response.context["form"]["title"].value() == "Aftale"  # input kept
        assert not MilestoneDocument.objects.exists()
        assert not ProcessEvent.objects.filter(action="document_added").exists()

    def test_a_program_renamed_to_docx_is_refused(self, alice: User, milestone: Milestone) -> None:
        from django.core.exceptions import ValidationError

        exe = SimpleUploadedFile("referat.docx", b"MZ\x90\x00" + b"\x00" * 200)
        with pytest.raises(ValidationError) as error:
            document_add(actor=alice, milestone=milestone, file=exe)
        assert "file" in error.value.message_dict
        assert not MilestoneDocument.objects.exists()

    @override_settings(UPLOAD_DOCUMENT_MAX_BYTES=20)
    def test_a_file_over_the_size_limit_is_refused(
        self, client, alice: User, milestone: Milestone
    ) -> None:
        client.force_login(alice)
        response = client.post(_add_url(milestone), {"file": _pdf()})
        assert response.status_code == 400
        assert "for stor" in " ".join(response.context["form"].errors["file"])
        assert not MilestoneDocument.objects.exists()

    def test_nobody_outside_the_process_uploads(
        self, client, charlie_with_totp: User, dorte: User, milestone: Milestone
    ) -> None:
        for outsider in (charlie_with_totp, dorte):
            client.force_login(outsider)
            response = client.post(_add_url(milestone), {"file": _pdf()})
            assert response.status_code == 404
        assert not MilestoneDocument.objects.exists()


class TestDownloadAndDelete:
    @pytest.fixture
    def bobs(self, bob: User, milestone: Milestone) -> MilestoneDocument:
        return document_add(actor=bob, milestone=milestone, file=_pdf(), title="Bobs referat")

    @pytest.fixture
    def alices(self, alice: User, milestone: Milestone) -> MilestoneDocument:
        return document_add(actor=alice, milestone=milestone, file=_pdf(), title="Aftale")

    def test_the_process_people_download_it(
        self, client, alice: User, bob: User, bobs: MilestoneDocument
    ) -> None:
        for user in (alice, bob):
            client.force_login(user)
            response = client.get(_download_url(bobs))
            assert response.status_code == 200
            assert b"".join(response.streaming_content) == PDF
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "attachment" in response["Content-Disposition"]

    def test_others_get_404(
        self, client, charlie_with_totp: User, dorte: User, bobs: MilestoneDocument
    ) -> None:
        for user in (charlie_with_totp, dorte):
            client.force_login(user)
            assert client.get(_download_url(bobs)).status_code == 404
            assert client.post(_delete_url(bobs)).status_code == 404
        assert MilestoneDocument.objects.filter(pk=bobs.pk).exists()

    def test_the_wrong_process_in_the_url_is_404(
        self, client, alice: User, bobs: MilestoneDocument, fjordbo
    ) -> None:
        from tests.factories.processes import ProcessFactory

        other = ProcessFactory.create(actor=alice, organisation=fjordbo)
        client.force_login(alice)
        url = reverse("processes:document", kwargs={"pk": other.pk, "dpk": bobs.pk})
        assert client.get(url).status_code == 404

    def test_the_file_is_in_the_private_storage(self, bobs: MilestoneDocument) -> None:
        assert bobs.file.storage is private_storage()

    def test_the_uploader_deletes_their_own(
        self,
        client,
        bob: User,
        bobs: MilestoneDocument,
        alices: MilestoneDocument,
        django_capture_on_commit_callbacks,
    ) -> None:
        client.force_login(bob)
        assert client.post(_delete_url(alices)).status_code == 403
        name = bobs.file.name
        storage = bobs.file.storage
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_delete_url(bobs))
        assert response.status_code == 302
        assert list(MilestoneDocument.objects.values_list("pk", flat=True)) == [alices.pk]
        assert not storage.exists(name)
        assert ProcessEvent.objects.filter(action="document_deleted", actor=bob).exists()

    def test_a_leader_deletes_anyones(self, client, alice: User, bobs: MilestoneDocument) -> None:
        client.force_login(alice)
        assert client.post(_delete_url(bobs)).status_code == 302
        assert not MilestoneDocument.objects.exists()

    def test_delete_needs_post(self, client, alice: User, bobs: MilestoneDocument) -> None:
        client.force_login(alice)
        assert client.get(_delete_url(bobs)).status_code == 405


class TestDecisions:
    def _url(self, milestone: Milestone) -> str:
        return reverse(
            "processes:decision_add", kwargs={"pk": milestone.process_id, "mpk": milestone.pk}
        )

    def test_a_decision_is_written_and_recorded(
        self, client, bob: User, milestone: Milestone
    ) -> None:
        client.force_login(bob)
        response = client.post(
            self._url(milestone),
            {"decided_on": "2026-02-03", "text": "Vi vælger fælles driftschef."},
        )
        assert response.status_code == 302
        decision = MilestoneDecision.objects.get()
        assert decision.decided_on == date(2026, 2, 3)
        assert decision.recorded_by == bob
        assert ProcessEvent.objects.filter(action="decision_added", milestone=milestone).exists()

    def test_bad_input_is_refused_beside_the_field(
        self, client, alice: User, milestone: Milestone
    ) -> None:
        client.force_login(alice)
        response = client.post(self._url(milestone), {"decided_on": "i morgen", "text": "X"})
        assert response.status_code == 400
        assert response.context["form"].errors["decided_on"]
        assert response.context["form"]["text"].value() == "X"
        assert not MilestoneDecision.objects.exists()

    def test_outsiders_get_404(self, client, charlie_with_totp: User, milestone: Milestone) -> None:
        client.force_login(charlie_with_totp)
        response = client.post(self._url(milestone), {"decided_on": "2026-02-03", "text": "X"})
        assert response.status_code == 404

    def test_the_milestone_page_lists_them_newest_first(
        self, client, alice: User, milestone: Milestone
    ) -> None:
        decision_add(actor=alice, milestone=milestone, decided_on=date(2026, 1, 10), text="Først")
        decision_add(actor=alice, milestone=milestone, decided_on=date(2026, 3, 1), text="Sidst")
        document_add(actor=alice, milestone=milestone, file=_pdf(), title="Aftale om samdrift")
        client.force_login(alice)
        url = reverse(
            "processes:milestone", kwargs={"pk": milestone.process_id, "mpk": milestone.pk}
        )
        html = client.get(url).content.decode()
        assert html.index("Sidst") < html.index("Først")
        assert "Aftale om samdrift" in html
        assert reverse("processes:document_add", args=[milestone.process_id, milestone.pk]) in html

    def test_the_milestone_page_runs_flat_queries(
        self, client, alice: User, milestone: Milestone, django_assert_num_queries
    ) -> None:
        url = reverse(
            "processes:milestone", kwargs={"pk": milestone.process_id, "mpk": milestone.pk}
        )
        client.force_login(alice)

        def add(count: int) -> None:
            for i in range(count):
                decision_add(
                    actor=alice, milestone=milestone, decided_on=date(2026, 2, 1), text=f"B{i}"
                )
                document_add(actor=alice, milestone=milestone, file=_pdf(), title=f"D{i}")

        add(2)
        client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            client.get(url)
        add(18)
        with django_assert_num_queries(len(small.captured_queries)):
            client.get(url)


def test_a_closed_process_takes_no_documents(alice: User, process: Process) -> None:
    from django.core.exceptions import ValidationError

    from processes.services.processes import process_close

    process_close(actor=alice, process=process, status="completed")
    milestone = process.milestones.get(position=1)
    milestone.process.refresh_from_db()
    with pytest.raises(ValidationError):
        document_add(actor=alice, milestone=milestone, file=_pdf())
    assert not MilestoneDocument.objects.exists()
