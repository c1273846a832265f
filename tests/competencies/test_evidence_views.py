"""Evidence pages: documenting prior learning, the evidence page and its file, HR's queue with
approve / reject / withdraw, and a manager's assessment.

Every object-level route answers 404 to Charlie (HR at Nordlys) and to Dorte (a colleague of
Bob's who does not look after him); Mads (manager of 101) sees Bob's evidence, not Dorte's.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from competencies import services
from competencies.models import Evidence, EvidenceSource, EvidenceStatus
from core.uploads import MB
from tests.competencies.plans_fixtures import (
    EXE_BYTES,
    LEVEL_MESSAGE,
    PDF_BYTES,
    TEXT_BYTES,
    bulk_evidence,
    competence,
    pending_prior_learning,
    queries_of,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
QUEUE_MAX_QUERIES = 20  # today 14–16, most of them the site's layout


def _content(response):
    return response.content.decode()


@pytest.fixture
def bobs_evidence(fjordbo, bob):
    return pending_prior_learning(bob, fjordbo)


@pytest.fixture
def dortes_evidence(fjordbo, dorte):
    return pending_prior_learning(dorte, fjordbo, title="Dortes kursus")


def _detail(evidence):
    return reverse("competencies:evidence_detail", kwargs={"pk": evidence.pk})


def _file(evidence):
    return reverse("competencies:evidence_file", kwargs={"pk": evidence.pk})


def _queue(organisation):
    return reverse("competencies:evidence_queue", kwargs={"org_pk": organisation.pk})


def _assessment(organisation, user):
    return reverse(
        "competencies:assessment_create", kwargs={"org_pk": organisation.pk, "user_pk": user.pk}
    )


# --- Access --------------------------------------------------------------------------------


class TestAccess:
    @pytest.mark.parametrize("outsider", ["charlie", "dorte"])
    def test_every_object_route_is_404_for_outsiders(
        self, client, fjordbo, bob, bobs_evidence, outsider, request
    ):
        client.force_login(request.getfixturevalue(outsider))
        assert client.get(_detail(bobs_evidence)).status_code == 404
        assert client.get(_file(bobs_evidence)).status_code == 404
        decide = reverse("competencies:evidence_decide", kwargs={"pk": bobs_evidence.pk})
        assert client.post(decide, {"decision": "approve"}).status_code == 404
        withdraw = reverse("competencies:evidence_withdraw", kwargs={"pk": bobs_evidence.pk})
        assert client.post(withdraw, {"comment": "Nej"}).status_code == 404
        assert client.get(_queue(fjordbo)).status_code == 404
        assert client.get(_assessment(fjordbo, bob)).status_code == 404
        bobs_evidence.refresh_from_db()
        assert bobs_evidence.status == EvidenceStatus.PENDING

    def test_the_manager_of_101_sees_bobs_evidence_but_not_dortes(
        self, client, mads, bobs_evidence, dortes_evidence
    ):
        client.force_login(mads)
        assert client.get(_detail(bobs_evidence)).status_code == 200
        assert client.get(_file(bobs_evidence)).status_code == 200
        assert client.get(_detail(dortes_evidence)).status_code == 404
        assert client.get(_file(dortes_evidence)).status_code == 404

    def test_the_queue_is_for_hr_of_that_organisation_only(
        self, client, fjordbo, nordlys, alice, mads, bob, charlie
    ):
        for person in (mads, bob, charlie):
            client.force_login(person)
            assert client.get(_queue(fjordbo)).status_code == 404
        client.force_login(alice)
        assert client.get(_queue(fjordbo)).status_code == 200
        assert client.get(_queue(nordlys)).status_code == 404

    def test_hr_without_two_factor_is_sent_to_set_it_up(self, client, fjordbo):
        from organisations import services as org_services

        hanne = org_services.user_create(email="hanne@fjordbo.example", password="x" * 12)
        org_services.membership_create(user=hanne, organisation=fjordbo, roles=["staff", "hr"])
        client.force_login(hanne)
        response = client.get(_queue(fjordbo))
        assert response.status_code == 302
        assert reverse("mfa_activate_totp") in response["Location"]

    def test_anonymous_visitors_are_sent_to_log_in(self, client, bobs_evidence):
        for url in (reverse("competencies:evidence_create"), _file(bobs_evidence)):
            response = client.get(url)
            assert response.status_code == 302 and "/konto/login/" in response["Location"]


# --- Prior learning ------------------------------------------------------------------------


def _prior(client, fjordbo, document, **data):
    values = {
        "organisation": fjordbo.pk,
        "competence": competence("fremtidsanalyse").pk,
        "level": "3",
        "achieved_on": (TODAY - datetime.timedelta(days=60)).isoformat(),
        "title": "Diplommodul i fremtidsanalyse",
        "note": "Afsluttet med eksamen.",
        "document": document,
        **data,
    }
    return client.post(reverse("competencies:evidence_create"), values)


class TestPriorLearning:
    def test_a_person_sends_a_document_to_hr(self, client, fjordbo, bob):
        client.force_login(bob)
        page = client.get(reverse("competencies:evidence_create"))
        assert page.context["form"]["organisation"].value() == fjordbo.pk
        response = _prior(client, fjordbo, SimpleUploadedFile("bevis.pdf", PDF_BYTES))
        evidence = Evidence.objects.get()
        assert response["Location"] == _detail(evidence)
        assert (evidence.user, evidence.status, evidence.level) == (
            bob,
            EvidenceStatus.PENDING,
            3,
        )
        page = _content(client.get(_detail(evidence)))
        assert "Afventer godkendelse" in page and "Hent bevis.pdf" in page
        # Bob cannot approve his own: no buttons for him.
        assert ">Godkend<" not in page

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (
                TEXT_BYTES,
                "Filen er ikke en PDF, selv om navnet siger det. Dens indhold passer ikke til navnet.",
            ),
            (EXE_BYTES, "Dens indhold passer ikke til navnet."),
        ],
    )
    def test_a_file_of_the_wrong_type_is_refused_by_the_field(
        self, client, fjordbo, bob, content, message
    ):
        client.force_login(bob)
        response = _prior(client, fjordbo, SimpleUploadedFile("bevis.pdf", content))
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["document"])
        page = _content(response)
        assert message in page
        assert 'value="Diplommodul i fremtidsanalyse"' in page  # the input is kept
        assert "Afsluttet med eksamen." in page
        assert not Evidence.objects.exists()

    def test_a_file_over_25_mb_is_refused(self, client, fjordbo, bob):
        client.force_login(bob)
        big = SimpleUploadedFile("stor.pdf", PDF_BYTES + bytes(25 * MB))
        response = _prior(client, fjordbo, big)
        assert response.context["form"].errors == {
            "document": ["Filen er for stor (25,0 MB). Den må højst fylde 25 MB."]
        }
        assert not Evidence.objects.exists()

    @pytest.mark.parametrize("level", ["0", "5"])
    def test_a_level_outside_1_to_4_is_refused_by_the_field(self, client, fjordbo, bob, level):
        client.force_login(bob)
        response = _prior(client, fjordbo, SimpleUploadedFile("b.pdf", PDF_BYTES), level=level)
        assert response.context["form"].errors == {"level": [LEVEL_MESSAGE]}

    def test_another_organisation_is_not_a_choice(self, client, fjordbo, nordlys, bob):
        client.force_login(bob)
        response = _prior(client, nordlys, SimpleUploadedFile("b.pdf", PDF_BYTES))
        assert response.context["form"].errors == {
            "organisation": ["Vælg en af dine organisationer."]
        }

    def test_a_future_date_is_refused_by_the_field(self, client, fjordbo, bob):
        client.force_login(bob)
        tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
        response = _prior(
            client, fjordbo, SimpleUploadedFile("b.pdf", PDF_BYTES), achieved_on=tomorrow
        )
        assert response.context["form"].errors == {
            "achieved_on": ["Datoen kan ikke ligge i fremtiden."]
        }


# --- The file ------------------------------------------------------------------------------


class TestFile:
    def test_the_owner_downloads_it_as_an_attachment_with_its_stored_type(
        self, client, bob, bobs_evidence
    ):
        client.force_login(bob)
        response = client.get(_file(bobs_evidence))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == 'attachment; filename="kursusbevis.pdf"'
        assert b"".join(response.streaming_content) == PDF_BYTES

    def test_hr_downloads_it(self, client, alice, bobs_evidence):
        client.force_login(alice)
        assert client.get(_file(bobs_evidence)).status_code == 200

    def test_evidence_without_a_file_is_404(self, client, fjordbo, mads, bob):
        evidence = services.assessment_record(
            actor=mads,
            user=bob,
            organisation=fjordbo,
            competence=competence("samdrift"),
            level=2,
            assessed_on=TODAY,
        )
        client.force_login(bob)
        assert client.get(_file(evidence)).status_code == 404


# --- HR's queue and decisions --------------------------------------------------------------


class TestQueue:
    def test_hr_sees_pending_prior_learning_but_not_their_own(
        self, client, fjordbo, alice, bobs_evidence
    ):
        own = pending_prior_learning(alice, fjordbo, title="Alices eget kursus")
        client.force_login(alice)
        response = client.get(_queue(fjordbo))
        assert list(response.context["page_obj"]) == [bobs_evidence]
        assert own.title not in _content(response)
        assert "Diplommodul i boligsocialt arbejde" in _content(response)

    def test_approve_from_the_queue(self, client, fjordbo, alice, bob, bobs_evidence):
        client.force_login(alice)
        decide = reverse("competencies:evidence_decide", kwargs={"pk": bobs_evidence.pk})
        response = client.post(decide, {"decision": "approve", "from_queue": "1"})
        assert response["Location"] == _queue(fjordbo)
        bobs_evidence.refresh_from_db()
        assert bobs_evidence.status == EvidenceStatus.APPROVED

    def test_reject_needs_a_comment_beside_the_field(self, client, alice, bobs_evidence):
        client.force_login(alice)
        decide = reverse("competencies:evidence_decide", kwargs={"pk": bobs_evidence.pk})
        response = client.post(decide, {"decision": "reject", "comment": "", "from_queue": "1"})
        assert response.status_code == 200
        assert response.context["decision_form"].errors == {
            "comment": ["Skriv hvorfor dokumentationen afvises."]
        }
        bobs_evidence.refresh_from_db()
        assert bobs_evidence.status == EvidenceStatus.PENDING
        client.post(decide, {"decision": "reject", "comment": "Ulæseligt bevis."})
        bobs_evidence.refresh_from_db()
        assert bobs_evidence.status == EvidenceStatus.REJECTED

    def test_hr_withdraws_approved_evidence_with_a_reason(self, client, alice, bobs_evidence):
        services.evidence_approve(evidence=bobs_evidence, actor=alice)
        client.force_login(alice)
        page = _content(client.get(_detail(bobs_evidence)))
        assert "Træk tilbage" in page
        withdraw = reverse("competencies:evidence_withdraw", kwargs={"pk": bobs_evidence.pk})
        response = client.post(withdraw, {"comment": ""})
        assert response.context["withdraw_form"].errors == {
            "comment": ["Skriv hvorfor dokumentationen trækkes tilbage."]
        }
        client.post(withdraw, {"comment": "Beviset var en kopi."})
        bobs_evidence.refresh_from_db()
        assert bobs_evidence.status == EvidenceStatus.WITHDRAWN
        assert "Beviset var en kopi." in _content(client.get(_detail(bobs_evidence)))

    def test_the_approved_tab_lists_approved_evidence(self, client, fjordbo, alice, bob):
        approved = pending_prior_learning(bob, fjordbo, title="Godkendt kursus")
        services.evidence_approve(evidence=approved, actor=alice)
        pending_prior_learning(bob, fjordbo, title="Ventende kursus")
        client.force_login(alice)
        response = client.get(_queue(fjordbo), {"vis": "godkendt"})
        assert [e.title for e in response.context["page_obj"]] == ["Godkendt kursus"]

    def test_the_number_of_queries_is_flat(
        self, client, fjordbo, alice, bob, django_assert_num_queries
    ):
        client.force_login(alice)
        bulk_evidence(bob, fjordbo, 10)
        at_10 = queries_of(client, _queue(fjordbo))
        assert at_10 <= QUEUE_MAX_QUERIES
        bulk_evidence(bob, fjordbo, 990)
        with django_assert_num_queries(at_10):
            response = client.get(_queue(fjordbo))
        assert response.context["page_obj"].paginator.count == 1000
        assert len(response.context["page_obj"].object_list) == 25


# --- Assessment ----------------------------------------------------------------------------


class TestAssessment:
    def _post(self, client, fjordbo, user, **data):
        values = {
            "competence": competence("partsinddragelse").pk,
            "level": "3",
            "assessed_on": TODAY.isoformat(),
            "note": "Samlede byggeparterne til læringsmøder.",
            **data,
        }
        return client.post(_assessment(fjordbo, user), values)

    def test_the_manager_assesses_bob(self, client, fjordbo, mads, bob):
        client.force_login(mads)
        page = client.get(_assessment(fjordbo, bob))
        assert page.status_code == 200
        assert "Samarbejde med byggeriets parter" in _content(page)  # Bob's profile
        response = self._post(client, fjordbo, bob)
        evidence = Evidence.objects.get()
        assert response["Location"] == _detail(evidence)
        assert (evidence.user, evidence.source, evidence.level, evidence.recorded_by) == (
            bob,
            EvidenceSource.ASSESSMENT,
            3,
            mads,
        )

    @pytest.mark.parametrize(("actor", "person"), [("mads", "dorte"), ("bob", "dorte")])
    def test_someone_not_looked_after_is_404(self, client, fjordbo, actor, person, request):
        client.force_login(request.getfixturevalue(actor))
        assert client.get(_assessment(fjordbo, request.getfixturevalue(person))).status_code == 404

    def test_bad_input_stays_with_its_message(self, client, fjordbo, mads, bob):
        client.force_login(mads)
        response = self._post(client, fjordbo, bob, level="5")
        assert response.context["form"].errors == {"level": [LEVEL_MESSAGE]}
        assert "Samlede byggeparterne til læringsmøder." in _content(response)
        response = self._post(
            client,
            fjordbo,
            bob,
            expires_on=(TODAY - datetime.timedelta(days=3)).isoformat(),
        )
        assert response.context["form"].errors == {
            "expires_on": ["Udløbsdatoen skal ligge efter datoen."]
        }
        assert not Evidence.objects.exists()

    def test_nobody_assesses_themselves(self, client, fjordbo, alice):
        client.force_login(alice)
        response = self._post(client, fjordbo, alice)
        assert "Du kan ikke vurdere dig selv." in _content(response)
        assert not Evidence.objects.exists()
