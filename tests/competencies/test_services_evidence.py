"""Evidence services: prior learning with a checked file, HR's decisions, withdrawal, a
manager's assessment, the seam for courses, and the e-mails."""

import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from competencies import services, tasks
from competencies.levels import level_of
from competencies.models import Evidence, EvidenceSource, EvidenceStatus
from core.mail.models import OutboundEmail
from core.storage import private_storage
from tests.competencies.conftest import make_person
from tests.competencies.plans_fixtures import (
    EXE_BYTES,
    LEVEL_MESSAGE,
    PDF_BYTES,
    TEXT_BYTES,
    competence,
    oversized_upload,
    pdf_upload,
    pending_prior_learning,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _field_errors(error: pytest.ExceptionInfo) -> dict:
    return {field: " ".join(messages) for field, messages in error.value.message_dict.items()}


def _stored_files() -> set[str]:
    root = Path(private_storage().location) / "evidence"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _fremtid(user):
    return level_of(user.pk, competence("fremtidsanalyse").pk)


# --- Prior learning ------------------------------------------------------------------------


class TestPriorLearning:
    def test_it_waits_for_hr_with_its_document(self, fjordbo, bob):
        evidence = pending_prior_learning(bob, fjordbo)
        assert evidence.status == EvidenceStatus.PENDING
        assert evidence.source == EvidenceSource.PRIOR_LEARNING
        assert (evidence.document_name, evidence.document_type) == (
            "kursusbevis.pdf",
            "application/pdf",
        )
        # Stored under a random name in private storage, with the content unchanged.
        assert "kursusbevis" not in evidence.document.name
        with evidence.document.open("rb") as stored:
            assert stored.read() == PDF_BYTES
        assert _fremtid(bob) == 0  # not before HR approves

    def test_a_text_file_disguised_as_a_pdf_is_refused(self, fjordbo, bob):
        before = _stored_files()
        with pytest.raises(ValidationError) as error:
            pending_prior_learning(bob, fjordbo, document=pdf_upload("bevis.pdf", TEXT_BYTES))
        assert _field_errors(error) == {
            "document": "Filen er ikke en PDF, selv om navnet siger det. Dens indhold passer ikke til navnet."
        }
        assert not Evidence.objects.exists()
        assert _stored_files() == before

    def test_a_program_disguised_as_a_pdf_is_refused(self, fjordbo, bob):
        with pytest.raises(ValidationError) as error:
            pending_prior_learning(bob, fjordbo, document=pdf_upload("bevis.pdf", EXE_BYTES))
        assert "Dens indhold passer ikke til navnet" in _field_errors(error)["document"]
        assert not Evidence.objects.exists()

    def test_a_file_over_25_mb_is_refused(self, fjordbo, bob):
        with pytest.raises(ValidationError) as error:
            pending_prior_learning(bob, fjordbo, document=oversized_upload())
        assert _field_errors(error) == {
            "document": "Filen er for stor (26,0 MB). Den må højst fylde 25 MB."
        }
        assert not Evidence.objects.exists()

    def test_an_empty_file_is_refused(self, fjordbo, bob):
        with pytest.raises(ValidationError) as error:
            pending_prior_learning(bob, fjordbo, document=pdf_upload("tom.pdf", b""))
        assert _field_errors(error) == {"document": "Filen er tom."}

    @pytest.mark.parametrize("level", [0, 5])
    def test_a_level_outside_1_to_4_is_refused(self, fjordbo, bob, level):
        with pytest.raises(ValidationError) as error:
            pending_prior_learning(bob, fjordbo, level=level)
        assert _field_errors(error) == {"level": LEVEL_MESSAGE}
        assert not Evidence.objects.exists()

    def test_a_date_in_the_future_is_refused(self, fjordbo, bob):
        with pytest.raises(ValidationError) as error:
            pending_prior_learning(bob, fjordbo, achieved_on=TODAY + DAY)
        assert _field_errors(error) == {"achieved_on": "Datoen kan ikke ligge i fremtiden."}

    def test_an_expiry_before_the_date_is_refused(self, fjordbo, bob):
        with pytest.raises(ValidationError) as error:
            pending_prior_learning(
                bob, fjordbo, achieved_on=TODAY - 10 * DAY, expires_on=TODAY - 20 * DAY
            )
        assert _field_errors(error) == {"expires_on": "Udløbsdatoen skal ligge efter datoen."}

    def test_only_into_ones_own_organisation(self, nordlys, bob):
        with pytest.raises(ValidationError) as error:
            pending_prior_learning(bob, nordlys)
        assert "ikke medlem" in _field_errors(error)["organisation"]

    def test_a_refused_record_leaves_no_file_behind(self, fjordbo, bob):
        before = _stored_files()
        with pytest.raises(ValidationError) as error:
            pending_prior_learning(bob, fjordbo, title="x" * 301)
        assert "title" in error.value.message_dict
        assert not Evidence.objects.exists()
        assert _stored_files() == before


class TestDecisions:
    def test_hr_approves_and_it_counts(self, fjordbo, alice, bob):
        evidence = pending_prior_learning(bob, fjordbo)
        services.evidence_approve(evidence=evidence, actor=alice, comment="Flot.")
        evidence.refresh_from_db()
        assert (evidence.status, evidence.decided_by, evidence.decision_comment) == (
            EvidenceStatus.APPROVED,
            alice,
            "Flot.",
        )
        assert _fremtid(bob) == 3

    def test_hr_rejects_with_a_reason_and_it_never_counts(self, fjordbo, alice, bob):
        evidence = pending_prior_learning(bob, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.evidence_reject(evidence=evidence, actor=alice, comment="")
        assert "comment" in _field_errors(error)
        services.evidence_reject(evidence=evidence, actor=alice, comment="Beviset er ulæseligt.")
        evidence.refresh_from_db()
        assert evidence.status == EvidenceStatus.REJECTED
        assert _fremtid(bob) == 0

    def test_nobody_approves_their_own(self, fjordbo, alice):
        evidence = pending_prior_learning(alice, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.evidence_approve(evidence=evidence, actor=alice)
        assert error.value.messages == ["Du kan ikke godkende din egen dokumentation."]

    @pytest.mark.parametrize("actor", ["mads", "dorte", "charlie"])
    def test_only_hr_of_the_organisation_decides(self, fjordbo, bob, actor, request):
        evidence = pending_prior_learning(bob, fjordbo)
        with pytest.raises(ValidationError):
            services.evidence_approve(evidence=evidence, actor=request.getfixturevalue(actor))
        evidence.refresh_from_db()
        assert evidence.status == EvidenceStatus.PENDING

    def test_a_decision_is_made_once(self, fjordbo, alice, bob):
        evidence = pending_prior_learning(bob, fjordbo)
        services.evidence_approve(evidence=evidence, actor=alice)
        with pytest.raises(ValidationError) as error:
            services.evidence_reject(evidence=evidence, actor=alice, comment="Fortrudt")
        assert "allerede behandlet" in " ".join(error.value.messages)

    def test_hr_withdraws_approved_evidence_with_a_reason(self, fjordbo, alice, bob):
        evidence = pending_prior_learning(bob, fjordbo)
        services.evidence_approve(evidence=evidence, actor=alice)
        with pytest.raises(ValidationError) as error:
            services.evidence_withdraw(evidence=evidence, actor=alice, reason=" ")
        assert "comment" in _field_errors(error)
        services.evidence_withdraw(evidence=evidence, actor=alice, reason="Forkert person.")
        evidence.refresh_from_db()
        assert (evidence.status, evidence.decision_comment) == (
            EvidenceStatus.WITHDRAWN,
            "Forkert person.",
        )
        assert _fremtid(bob) == 0

    @pytest.mark.parametrize("actor", ["mads", "charlie"])
    def test_only_hr_withdraws(self, fjordbo, alice, bob, actor, request):
        evidence = pending_prior_learning(bob, fjordbo)
        services.evidence_approve(evidence=evidence, actor=alice)
        with pytest.raises(ValidationError):
            services.evidence_withdraw(
                evidence=evidence, actor=request.getfixturevalue(actor), reason="Nej"
            )

    def test_pending_evidence_cannot_be_withdrawn(self, fjordbo, alice, bob):
        evidence = pending_prior_learning(bob, fjordbo)
        with pytest.raises(ValidationError):
            services.evidence_withdraw(evidence=evidence, actor=alice, reason="Nej")


# --- Assessments ---------------------------------------------------------------------------


def _assess(actor, user, organisation, **fields):
    values = {
        "competence": competence("fremtidsanalyse"),
        "level": 2,
        "assessed_on": TODAY - DAY,
        "note": "Ledede analysen i Fjordparken.",
        **fields,
    }
    return services.assessment_record(actor=actor, user=user, organisation=organisation, **values)


class TestAssessment:
    def test_the_manager_assesses_a_person_in_their_department(self, fjordbo, mads, bob):
        evidence = _assess(mads, bob, fjordbo)
        assert (evidence.source, evidence.status, evidence.recorded_by) == (
            EvidenceSource.ASSESSMENT,
            EvidenceStatus.APPROVED,
            mads,
        )
        assert evidence.title == "Vurdering ved Mads Testesen"
        assert _fremtid(bob) == 2

    def test_hr_assesses_anyone_in_the_organisation(self, fjordbo, alice, dorte):
        assert _assess(alice, dorte, fjordbo).organisation == fjordbo

    @pytest.mark.parametrize(
        ("actor", "person"), [("mads", "dorte"), ("charlie", "bob"), ("bob", "dorte")]
    )
    def test_only_someone_who_looks_after_the_person(self, fjordbo, actor, person, request):
        with pytest.raises(ValidationError) as error:
            _assess(request.getfixturevalue(actor), request.getfixturevalue(person), fjordbo)
        assert "leder eller HR" in " ".join(error.value.messages)
        assert not Evidence.objects.exists()

    def test_nobody_assesses_themselves(self, fjordbo, alice):
        with pytest.raises(ValidationError) as error:
            _assess(alice, alice, fjordbo)
        assert error.value.messages == ["Du kan ikke vurdere dig selv."]

    def test_a_future_date_and_a_bad_level_are_refused(self, fjordbo, mads, bob):
        with pytest.raises(ValidationError) as error:
            _assess(mads, bob, fjordbo, assessed_on=TODAY + DAY)
        assert _field_errors(error) == {"assessed_on": "Datoen kan ikke ligge i fremtiden."}
        with pytest.raises(ValidationError) as error:
            _assess(mads, bob, fjordbo, level=5)
        assert _field_errors(error) == {"level": LEVEL_MESSAGE}

    def test_an_assessment_may_expire(self, fjordbo, mads, bob):
        _assess(mads, bob, fjordbo, assessed_on=TODAY - 400 * DAY, expires_on=TODAY - DAY)
        assert _fremtid(bob) == 0


# --- The seam for courses ------------------------------------------------------------------


class TestFromCourses:
    def test_a_completed_course_records_its_guides_competences_once(self, fjordbo, bob, a3):
        kwargs = {
            "user": bob,
            "guide": a3,
            "completed_on": TODAY,
            "course_title": "Fremtidsanalyse i praksis",
            "source_ref": "enrolment:7",
            "organisation": fjordbo,
        }
        first = services.evidence_from_course(**kwargs)
        again = services.evidence_from_course(**kwargs)
        assert {e.pk for e in first} == {e.pk for e in again}
        assert {(e.competence.code, e.level) for e in first} == {
            ("fremtidsanalyse", 3),
            ("helhedsplanlaegning", 2),
        }
        assert _fremtid(bob) == 3

    def test_a_revoked_certificate_withdraws_what_it_gave(self, fjordbo, bob, a3):
        services.evidence_from_course(
            user=bob,
            guide=a3,
            completed_on=TODAY,
            course_title="Fremtidsanalyse i praksis",
            source_ref="enrolment:7",
        )
        count = services.evidence_withdraw_source(
            source=EvidenceSource.COURSE, source_ref="enrolment:7", reason="Tilbagekaldt"
        )
        assert count == 2
        assert _fremtid(bob) == 0

    def test_record_refuses_a_bad_level(self, bob):
        with pytest.raises(ValidationError) as error:
            services.evidence_record(
                user=bob,
                competence=competence("fremtidsanalyse"),
                level=7,
                source=EvidenceSource.ONSITE,
                achieved_on=TODAY,
                title="Læringslog",
            )
        assert _field_errors(error) == {"level": LEVEL_MESSAGE}


# --- E-mails -------------------------------------------------------------------------------


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


class TestEmails:
    def test_submitted_prior_learning_tells_hr_of_the_organisation_once(
        self, fjordbo, alice, mads, bob, charlie, committed
    ):
        evidence = committed(pending_prior_learning, user=bob, organisation=fjordbo)
        [message] = mail.outbox
        assert message.to == [alice.email]
        assert message.subject == "Dokumentation til godkendelse: Bob Testesen"
        assert f"/kompetencer/organisation/{fjordbo.pk}/dokumentation/" in message.body
        tasks.notify("evidence_submitted", evidence.pk)
        assert OutboundEmail.objects.count() == 1

    def test_every_hr_person_but_the_submitter_hears_of_it(self, fjordbo, alice, committed):
        hanne = make_person("hanne@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne")
        committed(pending_prior_learning, user=alice, organisation=fjordbo)
        assert [m.to for m in mail.outbox] == [[hanne.email]]

    @pytest.mark.parametrize(
        ("decide", "subject"),
        [
            (services.evidence_approve, "Din dokumentation er godkendt"),
            (services.evidence_reject, "Din dokumentation er afvist"),
        ],
    )
    def test_the_decision_tells_the_person_once(
        self, fjordbo, alice, bob, committed, decide, subject
    ):
        evidence = pending_prior_learning(bob, fjordbo)
        committed(decide, evidence=evidence, actor=alice, comment="Se kommentaren.")
        [message] = mail.outbox
        assert (message.to, message.subject) == ([bob.email], subject)
        assert "Se kommentaren." in message.body
        assert "/kompetencer/" in message.body
        tasks.notify("evidence_decided", evidence.pk)
        assert OutboundEmail.objects.filter(to=[bob.email]).count() == 1

    def test_assessments_and_withdrawals_send_nothing(self, fjordbo, alice, mads, bob, committed):
        evidence = committed(
            _assess, actor=mads, user=bob, organisation=fjordbo, competence=competence("samdrift")
        )
        committed(services.evidence_withdraw, evidence=evidence, actor=alice, reason="Fejl")
        assert mail.outbox == []
