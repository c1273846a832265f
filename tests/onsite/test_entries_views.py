"""Log entry pages: the phone form, the entry page, its workflow buttons and attachments."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from PIL import Image

from competencies.models import Evidence
from onsite.models import EntryStatus, LogAttachment, LogEntry
from onsite.services import entries as services
from onsite.services.entries import CompetenceLevel
from tests.onsite.fixtures_log import *  # noqa: F403  (the fixtures)
from tests.onsite.fixtures_log import (
    TODAY,
    jpeg_bytes,
    make_entry,
    pdf_bytes,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def form_data(**overrides):
    data = {
        "occurred_on": (TODAY() - timedelta(days=1)).isoformat(),
        "kind": "erfa",
        "title": "Erfaringsgruppe om genhusning",
        "what_happened": "Drift og boligsocial aftalte, hvem der hjælper de ældre med nedpakning.",
        "action": "draft",
    }
    data.update(overrides)
    return data


class TestTheForm:
    def test_it_is_made_for_a_phone_on_site(self, client, lars, project, a2):
        client.force_login(lars)
        response = client.get(reverse("onsite:entry_create", args=[project.pk]))
        page = html(response)
        assert response.status_code == 200
        assert 'accept="image/*"' in page and 'capture="environment"' in page
        assert ">Foto<" in page or ">\n                Foto" in page or "Foto\n" in page
        assert f'value="{TODAY().isoformat()}"' in page  # the date defaults to today
        assert 'name="viewport"' in page
        assert "Gem kladde" in page and "Indsend" in page
        # The guides in the sector's order (A1, A2 …), the project's own marked (issue 18).
        assert page.index(">A1 ") < page.index(f'value="{a2.pk}"') < page.index(">A3 ")
        assert "A2 Helhedsplanlægning (byggesagens vejledning)" in page
        form = response.context["form"]
        assert form["participants"].initial == [lars.pk]  # the author takes part

    def test_a_member_saves_a_draft_with_a_photo(self, client, lars, project, clean_files):
        client.force_login(lars)
        data = form_data(photos=[upload("byggeplads.jpg", jpeg_bytes(gps=True))])
        response = client.post(reverse("onsite:entry_create", args=[project.pk]), data)
        entry = LogEntry.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("onsite:entry_detail", args=[entry.pk])
        assert entry.status == EntryStatus.DRAFT
        assert entry.author == lars
        assert entry.attachments.get().kind == "image"

    def test_indsend_submits_at_once(self, client, lars, project):
        client.force_login(lars)
        client.post(reverse("onsite:entry_create", args=[project.pk]), form_data(action="submit"))
        assert LogEntry.objects.get().status == EntryStatus.SUBMITTED

    def test_a_disguised_file_is_refused_beside_the_field_and_the_input_kept(
        self, client, lars, project, clean_files
    ):
        before = stored_files()
        client.force_login(lars)
        data = form_data(
            title="Mit indlæg",
            photos=[
                upload("ok.jpg", jpeg_bytes()),
                upload("foto.jpg", b"ikke et billede " * 100, "image/jpeg"),
            ],
        )
        response = client.post(reverse("onsite:entry_create", args=[project.pk]), data)
        assert response.status_code == 400
        form = response.context["form"]
        assert form.errors["photos"][0].startswith(
            "foto.jpg: Filen er ikke en JPEG, selv om navnet siger det"
        )
        assert form["title"].value() == "Mit indlæg"
        page = html(response)
        assert "foto.jpg: Filen er ikke en JPEG, selv om navnet siger det" in page
        assert "Mit indlæg" in page
        assert not LogEntry.objects.exists()
        assert not LogAttachment.objects.exists()
        assert stored_files() == before

    def test_a_too_large_document_is_refused(self, client, lars, project):
        client.force_login(lars)
        big = upload("stor.pdf", pdf_bytes() + b"\0" * (25 * 1024 * 1024 + 1))
        response = client.post(
            reverse("onsite:entry_create", args=[project.pk]), form_data(documents=[big])
        )
        assert response.status_code == 400
        assert "Filen er for stor" in response.context["form"].errors["documents"][0]
        assert not LogEntry.objects.exists()

    def test_a_future_date_is_refused_in_danish(self, client, lars, project):
        client.force_login(lars)
        tomorrow = (TODAY() + timedelta(days=1)).isoformat()
        response = client.post(
            reverse("onsite:entry_create", args=[project.pk]), form_data(occurred_on=tomorrow)
        )
        assert response.status_code == 400
        assert response.context["form"].errors["occurred_on"] == [
            "Datoen kan ikke ligge i fremtiden."
        ]
        assert not LogEntry.objects.exists()

    def test_a_competence_without_level_is_refused(self, client, lars, project, erfa):
        client.force_login(lars)
        response = client.post(
            reverse("onsite:entry_create", args=[project.pk]), form_data(competence_1=erfa.pk)
        )
        assert response.context["form"].errors["level_1"] == ["Vælg et niveau for kompetencen."]

    def test_competences_and_participants_are_saved(
        self, client, lars, kim, project, erfa, site_learning
    ):
        client.force_login(lars)
        contractor = project.parties.get(role="entreprenoer")
        client.post(
            reverse("onsite:entry_create", args=[project.pk]),
            form_data(
                participants=[lars.pk, kim.pk],
                parties=[contractor.pk],
                competence_1=erfa.pk,
                level_1="2",
                competence_2=site_learning.pk,
                level_2="1",
                effect_category="social",
            ),
        )
        entry = LogEntry.objects.get()
        assert {p.user_id for p in entry.participants.all()} == {lars.pk, kim.pk}
        assert list(entry.parties.all()) == [contractor]
        assert {(c.competence_id, c.level) for c in entry.competences.all()} == {
            (erfa.pk, 2),
            (site_learning.pk, 1),
        }

    def test_people_who_only_oversee_cannot_write(self, client, hanne, project):
        client.force_login(hanne)
        assert client.get(reverse("onsite:entry_create", args=[project.pk])).status_code == 404


class TestEdit:
    def test_the_author_edits_a_draft(self, client, lars, project):
        entry = make_entry(project, lars, participants=[lars])
        client.force_login(lars)
        url = reverse("onsite:entry_edit", args=[entry.pk])
        assert client.get(url).context["form"]["title"].value() == entry.title
        response = client.post(url, form_data(title="Rettet titel", participants=[lars.pk]))
        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.title == "Rettet titel"

    def test_others_get_404_and_a_submitted_entry_is_not_editable(
        self, client, lars, peter, project
    ):
        entry = make_entry(project, lars, participants=[lars], submit=True)
        client.force_login(peter)
        assert client.get(reverse("onsite:entry_edit", args=[entry.pk])).status_code == 404
        client.force_login(lars)
        response = client.get(reverse("onsite:entry_edit", args=[entry.pk]))
        assert response.status_code == 302

    def test_the_return_comment_is_shown_on_the_form(self, client, lars, peter, project):
        entry = make_entry(project, lars, submit=True)
        services.log_entry_return(entry=entry, actor=peter, comment="Skriv hvad I lærte.")
        client.force_login(lars)
        assert "Skriv hvad I lærte." in html(
            client.get(reverse("onsite:entry_edit", args=[entry.pk]))
        )


class TestWorkflowButtons:
    @pytest.fixture
    def entry(self, project, lars, kim, erfa):
        return make_entry(
            project,
            lars,
            participants=[lars, kim],
            competences=[CompetenceLevel(erfa, 3)],
            submit=True,
        )

    def test_a_leader_approves_and_evidence_is_recorded(self, client, peter, entry):
        client.force_login(peter)
        page = html(client.get(reverse("onsite:entry_detail", args=[entry.pk])))
        assert "Godkend" in page and "Send retur" in page
        response = client.post(reverse("onsite:entry_approve", args=[entry.pk]))
        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.status == EntryStatus.APPROVED
        assert Evidence.objects.filter(source="onsite").count() == 2

    def test_self_approval_is_refused_with_a_clear_message(self, client, peter, project):
        own = make_entry(project, peter, submit=True)
        client.force_login(peter)
        page = html(client.get(reverse("onsite:entry_detail", args=[own.pk])))
        assert "Godkend<" not in page
        response = client.post(reverse("onsite:entry_approve", args=[own.pk]), follow=True)
        assert "Du kan ikke godkende dit eget logindlæg." in html(response)
        own.refresh_from_db()
        assert own.status == EntryStatus.SUBMITTED

    def test_return_needs_a_comment_and_keeps_the_page(self, client, peter, entry):
        client.force_login(peter)
        response = client.post(reverse("onsite:entry_return", args=[entry.pk]), {})
        assert response.status_code == 400
        assert "Skriv, hvad der skal rettes" in html(response)
        response = client.post(
            reverse("onsite:entry_return", args=[entry.pk]),
            {"return-comment": "Tilføj datoen for mødet."},
        )
        entry.refresh_from_db()
        assert entry.status == EntryStatus.RETURNED

    def test_a_participant_cosigns(self, client, kim, entry):
        client.force_login(kim)
        assert "Medunderskriv" in html(client.get(reverse("onsite:entry_detail", args=[entry.pk])))
        client.post(reverse("onsite:entry_cosign", args=[entry.pk]))
        assert entry.participants.get(user=kim).co_signed_at is not None
        page = html(client.get(reverse("onsite:entry_detail", args=[entry.pk])))
        assert "Medunderskrevet" in page

    def test_the_author_revises_into_a_new_revision(self, client, lars, peter, entry):
        services.log_entry_approve(entry=entry, actor=peter)
        client.force_login(lars)
        response = client.post(reverse("onsite:entry_revise", args=[entry.pk]))
        assert response["Location"] == reverse("onsite:entry_edit", args=[entry.pk])
        entry.refresh_from_db()
        assert (entry.status, entry.revision) == (EntryStatus.DRAFT, 2)
        page = html(client.get(reverse("onsite:entry_detail", args=[entry.pk])))
        assert "Revision 1, godkendt" in page

    def test_the_history_tells_each_step(self, client, peter, kim, entry):
        services.log_entry_cosign(entry=entry, actor=kim)
        services.log_entry_approve(entry=entry, actor=peter)
        client.force_login(peter)
        labels = [
            label
            for _event, label in client.get(
                reverse("onsite:entry_detail", args=[entry.pk])
            ).context["history"]
        ]
        assert labels == ["Oprettet som kladde", "Indsendt", "Medunderskrevet", "Godkendt"]


class TestAttachments:
    def test_a_photo_is_served_inline_with_its_stored_type(
        self, client, lars, kim, project, clean_files
    ):
        entry = make_entry(
            project, lars, photos=[upload("a.png", _png())], submit=True, participants=[kim]
        )
        photo = entry.attachments.get()
        client.force_login(kim)
        detail = html(client.get(reverse("onsite:entry_detail", args=[entry.pk])))
        assert reverse("onsite:attachment", args=[photo.pk]) in detail
        response = client.get(reverse("onsite:attachment", args=[photo.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")
        body = b"".join(response.streaming_content)
        assert Image.open(io.BytesIO(body)).format == "JPEG"

    def test_a_document_is_downloaded(self, client, lars, project, clean_files):
        entry = make_entry(project, lars, documents=[upload("referat.pdf", pdf_bytes())])
        client.force_login(lars)
        response = client.get(reverse("onsite:attachment", args=[entry.attachments.get().pk]))
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert "referat.pdf" in response["Content-Disposition"]

    def test_a_draft_photo_is_hidden_from_other_members(
        self, client, lars, kim, project, clean_files
    ):
        entry = make_entry(project, lars, photos=[upload("a.jpg", jpeg_bytes())])
        client.force_login(kim)
        url = reverse("onsite:attachment", args=[entry.attachments.get().pk])
        assert client.get(url).status_code == 404


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 128, 0, 128)).save(buffer, format="PNG")
    return buffer.getvalue()
