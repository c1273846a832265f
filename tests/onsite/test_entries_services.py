"""The learning-log workflow in ``onsite.services.entries``: every step and every refusal."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from PIL import Image
from wagtail.models import ModelLogEntry

from competencies.models import Evidence, EvidenceSource, EvidenceStatus
from onsite.models import EntryEvent, EntryStatus, LogAttachment, LogEntry, LogEntryRevision
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


def field_errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


@pytest.fixture
def submitted(project, peter, lars, kim, site_learning, erfa, a3):
    """Peter's entry with Lars and Kim, two competences, submitted."""
    return make_entry(
        project,
        peter,
        participants=[peter, lars, kim],
        competences=[CompetenceLevel(site_learning, 3), CompetenceLevel(erfa, 2)],
        guide=a3,
        submit=True,
    )


class TestCreate:
    def test_it_creates_a_draft_with_its_relations(self, project, peter, lars, site_learning):
        parties = list(project.parties.all())
        entry = make_entry(
            project,
            peter,
            participants=[peter, lars],
            parties=parties,
            competences=[CompetenceLevel(site_learning, 2)],
            effect_category="process",
        )
        assert entry.status == EntryStatus.DRAFT
        assert entry.revision == 1
        assert set(entry.participants.values_list("user_id", flat=True)) == {peter.pk, lars.pk}
        assert entry.parties.count() == len(parties)
        assert entry.competences.get().level == 2
        event = EntryEvent.objects.get(entry=entry)
        assert (event.from_status, event.to_status, event.actor) == ("", "draft", peter)
        assert ModelLogEntry.objects.filter(action="onsite.entry.create").count() == 1

    def test_a_date_in_the_future_is_refused_and_nothing_is_saved(self, project, peter):
        with pytest.raises(ValidationError) as excinfo:
            make_entry(project, peter, occurred_on=TODAY() + timedelta(days=1))
        assert field_errors(excinfo)["occurred_on"] == ["Datoen kan ikke ligge i fremtiden."]
        assert not LogEntry.objects.exists()

    def test_required_fields_are_named(self, project, peter):
        with pytest.raises(ValidationError) as excinfo:
            make_entry(project, peter, title="", what_happened="")
        assert {"title", "what_happened"} <= set(field_errors(excinfo))

    def test_participants_must_be_on_the_project(self, project, peter, karen):
        with pytest.raises(ValidationError) as excinfo:
            make_entry(project, peter, participants=[karen])
        assert "participants" in field_errors(excinfo)
        assert not LogEntry.objects.exists()

    def test_parties_of_another_project_are_refused(self, project, other_project, peter):
        foreign = other_project.parties.first()
        with pytest.raises(ValidationError) as excinfo:
            make_entry(project, peter, parties=[foreign])
        assert "parties" in field_errors(excinfo)

    def test_at_most_three_competences_each_once(self, project, peter, site_learning, erfa):
        from competencies.models import Competence

        four = [CompetenceLevel(c, 2) for c in Competence.objects.active()[:4]]
        with pytest.raises(ValidationError) as excinfo:
            make_entry(project, peter, competences=four)
        assert "højst 3" in field_errors(excinfo)["competences"][0]
        twice = [CompetenceLevel(erfa, 2), CompetenceLevel(erfa, 3)]
        with pytest.raises(ValidationError):
            make_entry(project, peter, competences=twice)

    def test_outsiders_cannot_write(self, project, karen, anna):
        for person in (karen, anna):
            with pytest.raises(ValidationError):
                make_entry(project, person)
        assert not LogEntry.objects.exists()

    def test_submit_at_once(self, project, peter):
        entry = make_entry(project, peter, submit=True)
        assert entry.status == EntryStatus.SUBMITTED
        assert entry.submitted_at is not None
        assert list(entry.events.values_list("to_status", flat=True)) == ["draft", "submitted"]


class TestAttachments:
    def test_a_photo_loses_its_location_and_is_scaled_down(self, project, peter, clean_files):
        original = jpeg_bytes((4000, 3000), gps=True)
        assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # GPS is there
        entry = make_entry(project, peter, photos=[upload("IMG_0001.jpg", original)])
        attachment = entry.attachments.get()
        assert attachment.kind == "image"
        assert attachment.content_type == "image/jpeg"
        with attachment.file.open("rb") as stored:
            data = stored.read()
        image = Image.open(io.BytesIO(data))
        assert max(image.size) <= 2000
        assert (attachment.width, attachment.height) == image.size == (2000, 1500)
        assert not image.getexif().get_ifd(0x8825)
        assert len(image.getexif()) == 0
        assert b"Exif" not in data
        assert attachment.original_name == "IMG_0001.jpg"

    def test_a_document_is_kept_as_it_is(self, project, peter, clean_files):
        entry = make_entry(project, peter, documents=[upload("referat.pdf", pdf_bytes())])
        attachment = entry.attachments.get()
        assert (attachment.kind, attachment.content_type) == ("document", "application/pdf")
        with attachment.file.open("rb") as stored:
            assert stored.read() == pdf_bytes()
        assert attachment.file.name.endswith(".pdf")

    def test_text_disguised_as_a_photo_is_refused_with_nothing_saved(
        self, project, peter, clean_files
    ):
        before = stored_files()
        good = upload("ok.jpg", jpeg_bytes())
        fake = upload("foto.jpg", b"Dette er bare tekst, ikke et billede." * 10)
        with pytest.raises(ValidationError) as excinfo:
            make_entry(project, peter, photos=[good, fake])
        message = field_errors(excinfo)["photos"][0]
        assert message.startswith("foto.jpg: Filen er ikke en JPEG, selv om navnet siger det")
        assert not LogEntry.objects.exists()
        assert not LogAttachment.objects.exists()
        assert stored_files() == before

    def test_a_pdf_named_jpg_is_called_what_it_is(self, project, peter):
        with pytest.raises(ValidationError) as excinfo:
            make_entry(project, peter, photos=[upload("foto.jpg", pdf_bytes())])
        assert "Dens indhold passer ikke til navnet" in field_errors(excinfo)["photos"][0]

    def test_a_photo_over_15_mb_is_refused(self, project, peter):
        big = upload("stor.jpg", jpeg_bytes() + b"\0" * (15 * 1024 * 1024))
        with pytest.raises(ValidationError) as excinfo:
            make_entry(project, peter, photos=[big])
        assert "Filen er for stor" in field_errors(excinfo)["photos"][0]
        assert not LogEntry.objects.exists()

    def test_a_document_over_25_mb_is_refused(self, project, peter):
        big = upload("stor.pdf", pdf_bytes() + b"\0" * (25 * 1024 * 1024))
        with pytest.raises(ValidationError) as excinfo:
            make_entry(project, peter, documents=[big])
        assert "højst fylde 25 MB" in field_errors(excinfo)["documents"][0]

    def test_a_photo_is_not_a_document(self, project, peter):
        with pytest.raises(ValidationError) as excinfo:
            make_entry(project, peter, documents=[upload("tegning.pdf", jpeg_bytes())])
        assert "documents" in field_errors(excinfo)

    def test_a_failure_after_storing_removes_the_files(
        self, project, peter, clean_files, monkeypatch
    ):
        before = stored_files()

        def broken(*args, **kwargs):
            raise RuntimeError("database gone")

        monkeypatch.setattr(services, "_event", broken)
        with pytest.raises(RuntimeError):
            make_entry(project, peter, photos=[upload("ok.jpg", jpeg_bytes())])
        assert not LogEntry.objects.exists()
        assert stored_files() == before

    def test_update_removes_attachments_once_committed(
        self, project, peter, clean_files, django_capture_on_commit_callbacks
    ):
        entry = make_entry(project, peter, photos=[upload("ok.jpg", jpeg_bytes())])
        attachment = entry.attachments.get()
        path = attachment.file.path
        with django_capture_on_commit_callbacks(execute=True):
            services.log_entry_update(
                entry=entry,
                actor=peter,
                remove_attachments=[attachment.pk],
                occurred_on=entry.occurred_on,
                kind=entry.kind,
                title=entry.title,
                what_happened=entry.what_happened,
            )
        assert not entry.attachments.exists()
        assert path not in stored_files()


class TestUpdateAndSubmit:
    def test_only_the_author_edits_drafts_and_returned_entries(self, project, peter, lars):
        entry = make_entry(project, peter)
        with pytest.raises(ValidationError, match="Kun den, der har skrevet"):
            services.log_entry_update(entry=entry, actor=lars, title="Nyt")
        services.log_entry_update(
            entry=entry,
            actor=peter,
            occurred_on=entry.occurred_on,
            kind="lesson",
            title="Rettet",
            what_happened="Mere præcist.",
        )
        entry.refresh_from_db()
        assert (entry.kind, entry.title) == ("lesson", "Rettet")
        services.log_entry_submit(entry=entry, actor=peter)
        with pytest.raises(ValidationError, match="kun rettes som kladde"):
            services.log_entry_update(entry=entry, actor=peter, title="Igen")

    def test_a_future_date_is_refused_on_update_too(self, project, peter):
        entry = make_entry(project, peter)
        with pytest.raises(ValidationError) as excinfo:
            services.log_entry_update(
                entry=entry,
                actor=peter,
                occurred_on=TODAY() + timedelta(days=3),
                kind=entry.kind,
                title=entry.title,
                what_happened=entry.what_happened,
            )
        assert "occurred_on" in field_errors(excinfo)
        entry.refresh_from_db()
        assert entry.occurred_on < TODAY()

    def test_only_the_author_submits_and_only_once(self, project, peter, thomas):
        entry = make_entry(project, peter)
        with pytest.raises(ValidationError):
            services.log_entry_submit(entry=entry, actor=thomas)
        services.log_entry_submit(entry=entry, actor=peter)
        with pytest.raises(ValidationError, match="allerede indsendt"):
            services.log_entry_submit(entry=entry, actor=peter)

    def test_submitting_mails_the_leaders_and_asks_participants_to_cosign(
        self, project, peter, thomas, lars, kim, django_capture_on_commit_callbacks
    ):
        from onsite.services import projects as project_services

        member = project.members.get(user=lars)
        # Thomas leads the project too; Lars is only a participant.
        project_services.member_add(project=project, actor=peter, user=thomas, is_leader=True)
        with django_capture_on_commit_callbacks(execute=True):
            make_entry(project, peter, participants=[peter, lars, kim], submit=True)
        recipients = sorted(m.to[0] for m in mail.outbox)
        assert recipients == [
            "kim@hansen-entreprise.example",
            "lars@fjordbo.example",
            "thomas@fjordbo.example",
        ]
        subjects = {m.to[0]: m.subject for m in mail.outbox}
        assert subjects["thomas@fjordbo.example"].startswith("Logindlæg til godkendelse")
        assert "deltager" in subjects["lars@fjordbo.example"]
        assert member.is_leader is False


class TestApprove:
    def test_approval_freezes_a_revision_and_records_evidence(
        self, submitted, peter, thomas, lars, kim, site_learning, a3, fjordbo
    ):
        services.log_entry_approve(entry=submitted, actor=thomas)
        submitted.refresh_from_db()
        assert submitted.status == EntryStatus.APPROVED
        assert submitted.approved_by == thomas
        revision = LogEntryRevision.objects.get(entry=submitted)
        assert revision.number == 1
        assert revision.snapshot["title"] == submitted.title
        assert {p["name"] for p in revision.snapshot["participants"]} == {
            peter.name,
            lars.name,
            kim.name,
        }
        evidence = Evidence.objects.filter(source_ref=revision.evidence_ref)
        # three participants × two competences
        assert evidence.count() == 6
        one = evidence.get(user=lars, competence=site_learning)
        assert one.source == EvidenceSource.ONSITE
        assert one.status == EvidenceStatus.APPROVED
        assert one.level == 3
        assert one.achieved_on == submitted.occurred_on
        assert one.guide == a3
        assert one.organisation == fjordbo
        assert one.recorded_by == thomas

    def test_nobody_approves_their_own_entry(self, submitted, peter):
        with pytest.raises(ValidationError) as excinfo:
            services.log_entry_approve(entry=submitted, actor=peter)
        assert excinfo.value.messages == ["Du kan ikke godkende dit eget logindlæg."]
        submitted.refresh_from_db()
        assert submitted.status == EntryStatus.SUBMITTED
        assert not Evidence.objects.exists()
        assert not LogEntryRevision.objects.exists()

    def test_a_member_who_does_not_lead_cannot_approve(self, submitted, lars, kim, anna):
        for person in (lars, kim, anna):
            with pytest.raises(ValidationError, match="Kun byggesagens projektledere"):
                services.log_entry_approve(entry=submitted, actor=person)
        assert not Evidence.objects.exists()

    def test_a_leader_member_from_a_partner_may_approve(self, submitted, peter, kim):
        from onsite.services import projects as project_services

        member = submitted.project.members.get(user=kim)
        project_services.member_update(member=member, actor=peter, is_leader=True, party=None)
        services.log_entry_approve(entry=submitted, actor=kim)
        assert Evidence.objects.filter(source=EvidenceSource.ONSITE).count() == 6

    def test_only_submitted_entries_are_approved(self, project, peter, thomas):
        draft = make_entry(project, peter)
        with pytest.raises(ValidationError, match="Kun indsendte"):
            services.log_entry_approve(entry=draft, actor=thomas)

    def test_approval_mails_the_author_once(
        self, submitted, thomas, django_capture_on_commit_callbacks
    ):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.log_entry_approve(entry=submitted, actor=thomas, comment="Godt fanget.")
        assert [m.to[0] for m in mail.outbox] == ["peter@fjordbo.example"]
        assert "godkendt" in mail.outbox[0].subject
        assert "Godt fanget." in mail.outbox[0].body
        event = submitted.events.last()
        from onsite.tasks_log import log_notify

        log_notify("entry_event", event.pk)  # run twice: nothing new
        assert len(mail.outbox) == 1


class TestReturn:
    def test_a_leader_returns_with_a_comment_and_the_author_resubmits(
        self, submitted, peter, thomas, django_capture_on_commit_callbacks
    ):
        with pytest.raises(ValidationError) as excinfo:
            services.log_entry_return(entry=submitted, actor=thomas, comment="  ")
        assert "comment" in field_errors(excinfo)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.log_entry_return(entry=submitted, actor=thomas, comment="Tilføj læringen.")
        submitted.refresh_from_db()
        assert submitted.status == EntryStatus.RETURNED
        assert submitted.events.last().comment == "Tilføj læringen."
        assert [m.to[0] for m in mail.outbox] == ["peter@fjordbo.example"]
        assert "retur" in mail.outbox[0].subject
        services.log_entry_update(
            entry=submitted,
            actor=peter,
            occurred_on=submitted.occurred_on,
            kind=submitted.kind,
            title=submitted.title,
            what_happened=submitted.what_happened,
            what_we_learned="At genhusning er et fælles projekt.",
            submit=True,
        )
        submitted.refresh_from_db()
        assert submitted.status == EntryStatus.SUBMITTED

    def test_the_author_cannot_return_their_own(self, submitted, peter, lars):
        with pytest.raises(ValidationError):
            services.log_entry_return(entry=submitted, actor=peter, comment="x")
        with pytest.raises(ValidationError):
            services.log_entry_return(entry=submitted, actor=lars, comment="x")


class TestCosign:
    def test_a_participant_cosigns_once(self, submitted, lars):
        participant = services.log_entry_cosign(entry=submitted, actor=lars)
        assert participant.co_signed_at is not None
        with pytest.raises(ValidationError, match="allerede medunderskrevet"):
            services.log_entry_cosign(entry=submitted, actor=lars)
        event = submitted.events.last()
        assert event.from_status == event.to_status == EntryStatus.SUBMITTED
        assert event.actor == lars

    def test_others_and_the_author_cannot_cosign(self, submitted, thomas, peter):
        with pytest.raises(ValidationError, match="Kun deltagerne"):
            services.log_entry_cosign(entry=submitted, actor=thomas)
        with pytest.raises(ValidationError, match="selv skrevet"):
            services.log_entry_cosign(entry=submitted, actor=peter)

    def test_drafts_cannot_be_cosigned(self, project, peter, lars):
        draft = make_entry(project, peter, participants=[lars])
        with pytest.raises(ValidationError, match="når det er indsendt"):
            services.log_entry_cosign(entry=draft, actor=lars)

    def test_changing_the_entry_clears_signatures(self, submitted, peter, thomas, lars):
        services.log_entry_cosign(entry=submitted, actor=lars)
        services.log_entry_return(entry=submitted, actor=thomas, comment="Ret datoen.")
        services.log_entry_update(
            entry=submitted,
            actor=peter,
            participants=[peter, lars],
            occurred_on=submitted.occurred_on - timedelta(days=1),
            kind=submitted.kind,
            title=submitted.title,
            what_happened=submitted.what_happened,
        )
        assert submitted.participants.get(user=lars).co_signed_at is None


class TestRevise:
    def test_a_revision_withdraws_old_evidence_only_when_it_is_approved(
        self, submitted, peter, thomas, lars, kim, site_learning, erfa
    ):
        services.log_entry_approve(entry=submitted, actor=thomas)
        first = LogEntryRevision.objects.get(entry=submitted, number=1)
        services.log_entry_revise(entry=submitted, actor=peter)
        submitted.refresh_from_db()
        assert (submitted.status, submitted.revision) == (EntryStatus.DRAFT, 2)
        assert submitted.approved_by is None
        old = Evidence.objects.filter(source_ref=first.evidence_ref)
        # Reopened, changed and submitted: the old evidence still counts.
        services.log_entry_update(
            entry=submitted,
            actor=peter,
            participants=[peter, lars],
            competences=[CompetenceLevel(site_learning, 4)],
            occurred_on=submitted.occurred_on,
            kind=submitted.kind,
            title="Rettet efter revision",
            what_happened=submitted.what_happened,
            submit=True,
        )
        assert set(old.values_list("status", flat=True)) == {EvidenceStatus.APPROVED}
        assert old.count() == 6

        services.log_entry_approve(entry=submitted, actor=thomas)
        second = LogEntryRevision.objects.get(entry=submitted, number=2)
        assert set(old.values_list("status", flat=True)) == {EvidenceStatus.WITHDRAWN}
        assert set(old.values_list("decision_comment", flat=True)) == {"Erstattet af revision 2"}
        new = Evidence.objects.filter(source_ref=second.evidence_ref)
        assert new.count() == 2  # Peter and Lars × one competence
        assert set(new.values_list("level", flat=True)) == {4}
        assert first.snapshot["title"] != second.snapshot["title"]
        assert not Evidence.objects.filter(user=kim, status=EvidenceStatus.APPROVED).exists()

    def test_only_the_author_revises_an_approved_entry(self, submitted, thomas, peter):
        with pytest.raises(ValidationError, match="Kun godkendte"):
            services.log_entry_revise(entry=submitted, actor=peter)
        services.log_entry_approve(entry=submitted, actor=thomas)
        with pytest.raises(ValidationError, match="Kun den, der har skrevet"):
            services.log_entry_revise(entry=submitted, actor=thomas)


class TestAllowedActions:
    def test_each_person_sees_their_own_steps(self, submitted, peter, thomas, lars, kim):
        assert services.allowed_actions(peter, submitted, is_leader=True) == set()
        assert services.allowed_actions(thomas, submitted, is_leader=True) == {
            "approve",
            "return",
        }
        assert services.allowed_actions(lars, submitted, is_leader=False) == {"cosign"}
        services.log_entry_approve(entry=submitted, actor=thomas)
        submitted.refresh_from_db()
        assert services.allowed_actions(peter, submitted, is_leader=True) == {"revise"}
