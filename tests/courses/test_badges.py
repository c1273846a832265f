"""Open Badges 3.0: a certificate issued as a signed OpenBadgeCredential (issue 15, item 4).

Anna completes "Fremtidsanalyse i praksis" (A3) at Almen Akademi through Boligselskabet
Nordlys, where Henrik is HR and Carl a colleague. Sofie edits for Almen Akademi, Jonas for
ByggeLæring. Everything a verifier does is done independently (``badges_helpers``): the key is
fetched from the URL the credential names and the signature checked with joserfc, the
credential validated against 1EdTech's JSON Schema, the status list decoded by hand.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from joserfc.errors import BadSignatureError
from wagtail.models import ModelLogEntry

from courses import services
from courses.badges import keys, verify
from courses.badges import services as badge_services
from courses.models import BadgeCredential, BadgeSigningKey, EnrolmentStatus
from organisations import services as org_services
from tests.courses import badges_helpers as ob
from tests.courses.conftest import PASSWORD, make_course
from tests.factories.organisations import totp_activate

pytestmark = [
    pytest.mark.django_db,
    # RFC 9864 (2025) prefers "Ed25519" to "EdDSA"; OB 3.0 verifiers know "EdDSA" (decisions).
    pytest.mark.filterwarnings("ignore:EdDSA is deprecated:joserfc.errors.SecurityWarning"),
]

LEARNING_OUTCOMES = (
    "<p>Efter kurset kan du:</p><ul><li>lave en fremtidsanalyse</li>"
    "<li>bruge den i helhedsplanen &amp; budgettet</li></ul>"
)


def _person(email, organisation, roles, first_name, last_name=""):
    user = org_services.user_create(
        email=email, password=PASSWORD, first_name=first_name, last_name=last_name
    )
    org_services.membership_create(user=user, organisation=organisation, roles=roles)
    return user


@pytest.fixture
def boligselskab(catalogue):
    return org_services.organisation_create(name="Boligselskabet Nordlys", kind="housing")


@pytest.fixture
def anna(boligselskab):
    """The learner who owns the certificate."""
    return _person("anna@nordlys.example", boligselskab, ["staff"], "Anna", "Ærøbo")


@pytest.fixture
def henrik(boligselskab):
    """HR in Anna's organisation: may download her PDF, not take her Open Badge."""
    return totp_activate(_person("henrik@nordlys.example", boligselskab, ["staff", "hr"], "Henrik"))


@pytest.fixture
def carl(boligselskab):
    return _person("carl@nordlys.example", boligselskab, ["staff"], "Carl")


@pytest.fixture
def course(akademi):
    return make_course(
        akademi,
        title="Fremtidsanalyse i praksis",
        duration_hours=Decimal("7.5"),
        learning_outcomes=LEARNING_OUTCOMES,
    )


def _complete(user, course, editor):
    now = timezone.now()
    session = services.session_create(
        course=course,
        starts_at=now + datetime.timedelta(days=10),
        ends_at=now + datetime.timedelta(days=10, hours=7),
        capacity=5,
        price=Decimal("2500"),
        registration_deadline=now + datetime.timedelta(days=5),
        cancellation_deadline=now + datetime.timedelta(days=5),
        online=True,
        online_url="https://example.org/m",
    )
    enrolment = services.enrolment_create(
        user=user, course=course, session=session, requested_by=user
    )
    services.attendance_mark(enrolment=enrolment, attended=True, actor=editor)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    return enrolment.certificate


@pytest.fixture
def certificate(anna, sofie, course):
    return _complete(anna, course, sofie)


def _badge_url(code):
    return reverse("certificate_badge", kwargs={"code": code})


def _public(code):
    return reverse("certificate_public", kwargs={"code": code})


def _download(client, user, certificate):
    client.force_login(user)
    response = client.get(_badge_url(certificate.code))
    assert response.status_code == 200, response.status_code
    client.logout()
    return response.content.decode()


@pytest.fixture
def token(client, anna, certificate):
    return _download(client, anna, certificate)


def _revoke(client, editor, certificate, reason="Deltog kun den første dag."):
    """Through the existing revoke action, as a provider does it."""
    client.force_login(editor)
    response = client.post(
        reverse("certificate_revoke", kwargs={"code": certificate.code}), {"reason": reason}
    )
    assert response.status_code == 302
    client.logout()


# --- Issuing and downloading -------------------------------------------------------------


class TestDownload:
    def test_the_owner_downloads_a_signed_credential(self, client, anna, certificate):
        client.force_login(anna)
        response = client.get(_badge_url(certificate.code))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="open-badge-{certificate.code}.jwt"'
        )
        assert response["Cache-Control"] == "private, no-store"
        token = response.content.decode()
        assert token.count(".") == 2
        key = BadgeSigningKey.objects.get()
        # Exactly the JOSE header OB 3.0 allows: alg, kid (a URL) and typ "JWT".
        assert ob.header(token) == {
            "alg": "EdDSA",
            "kid": f"http://testserver/bevis/noegler/{key.kid}.json",
            "typ": "JWT",
        }

    def test_it_is_issued_once_and_the_same_file_comes_back(self, client, anna, certificate):
        first = _download(client, anna, certificate)
        second = _download(client, anna, certificate)
        assert first == second
        assert BadgeCredential.objects.filter(certificate=certificate).count() == 1

    def test_issuing_is_logged(self, client, anna, certificate):
        _download(client, anna, certificate)
        badge = BadgeCredential.objects.get(certificate=certificate)
        entry = ModelLogEntry.objects.get(action="lms.badge.issue")
        assert entry.object_id == str(badge.pk)
        assert entry.user_id == anna.pk
        assert "Ærøbo" not in entry.label and "anna" not in entry.label

    @pytest.mark.parametrize("person", ["carl", "henrik", "sofie", "jonas", "maria"])
    def test_it_validates_ownership(self, client, certificate, person, request):
        # HR, the provider and the network may fetch the PDF; the credential is Anna's alone.
        client.force_login(request.getfixturevalue(person))
        assert client.get(_badge_url(certificate.code)).status_code == 404
        assert not BadgeCredential.objects.exists()

    def test_anonymous_visitors_are_sent_to_log_in(self, client, certificate):
        response = client.get(_badge_url(certificate.code))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]

    def test_an_unknown_code_is_404(self, client, anna, certificate):
        client.force_login(anna)
        assert client.get(_badge_url("ABCDEFGHJKLM")).status_code == 404

    def test_a_revoked_certificate_is_not_issued(self, client, anna, sofie, certificate):
        _revoke(client, sofie, certificate)
        client.force_login(anna)
        response = client.get(_badge_url(certificate.code), follow=True)
        assert response.redirect_chain[-1][0] == _public(certificate.code)
        assert "kan ikke udstedes som Open Badge" in response.content.decode()
        assert not BadgeCredential.objects.exists()

    def test_the_service_refuses_anyone_but_the_owner(self, certificate, carl):
        with pytest.raises(Exception, match="Kun den, der har gennemført kurset"):
            badge_services.badge_issue(certificate=certificate, actor=carl)

    def test_places_in_the_status_list_are_unique_per_provider(
        self, client, boligselskab, akademi, byggelaering, sofie, jonas, course
    ):
        learners = [
            _person(f"l{i}@nordlys.example", boligselskab, ["staff"], f"L{i}") for i in range(3)
        ]
        other_course = make_course(byggelaering, title="Byggeproces")
        issued = []
        for learner in learners:
            issued.append(_complete(learner, course, sofie))
        issued.append(_complete(learners[0], other_course, jonas))
        for certificate in issued:
            badge_services.badge_issue(certificate=certificate, actor=certificate.enrolment.user)
        rows = BadgeCredential.objects.order_by("pk").values_list("provider_id", "status_index")
        assert list(rows) == [
            (akademi.pk, 0),
            (akademi.pk, 1),
            (akademi.pk, 2),
            (byggelaering.pk, 0),
        ]
        with pytest.raises(IntegrityError), transaction.atomic():
            BadgeCredential.objects.create(
                provider=akademi, status_index=1, signing_key=BadgeSigningKey.objects.get()
            )


# --- The credential ----------------------------------------------------------------------


class TestCredential:
    def test_it_validates_against_the_ob_3_0_schema(self, client, token):
        credential = ob.credential_of(ob.verify(client, token))
        assert ob.schema_errors(credential, ob.CREDENTIAL_SCHEMA) == []
        # Not vacuous: the schema refuses a credential without its subject's achievement.
        broken = json.loads(json.dumps(credential))
        del broken["credentialSubject"]["achievement"]
        broken["validFrom"] = "21. november 2026"
        errors = ob.schema_errors(broken, ob.CREDENTIAL_SCHEMA)
        assert any("achievement" in error for error in errors)
        assert any(error.startswith("validFrom") for error in errors)

    def test_it_says_what_the_certificate_says(self, client, certificate, token, akademi):
        credential = ob.credential_of(ob.verify(client, token))
        badge = BadgeCredential.objects.get()
        assert credential["@context"] == [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ]
        assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        assert credential["id"] == f"urn:uuid:{badge.credential_id}"
        assert credential["name"] == "Fremtidsanalyse i praksis"
        assert "7,5 timer" in credential["description"]
        assert "Almen Akademi" in credential["description"]
        assert credential["issuer"] == {
            "id": f"http://testserver/bevis/udsteder/{akademi.pk}/",
            "type": ["Profile"],
            "name": "Almen Akademi",
        }
        issued = certificate.issued_at.astimezone(datetime.UTC).replace(microsecond=0)
        assert credential["validFrom"] == issued.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert "validUntil" not in credential  # the certificate does not expire
        assert credential["credentialSchema"] == [
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                "ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ]

    def test_the_learner_is_named_only_by_a_salted_hash_of_their_e_mail(self, client, anna, token):
        payload = ob.verify(client, token)
        identifier = payload["credentialSubject"]["identifier"]
        assert len(identifier) == 1
        identity = identifier[0]
        assert identity["type"] == "IdentityObject"
        assert identity["identityType"] == "emailAddress"
        assert identity["hashed"] is True
        assert len(identity["salt"]) >= 16
        # What a verifier who knows Anna's address computes (OB 3.0's IdentityHash).
        expected = hashlib.sha256(f"anna@nordlys.example{identity['salt']}".encode()).hexdigest()
        assert identity["identityHash"] == f"sha256${expected}"
        raw = json.dumps(payload, ensure_ascii=False)
        for private in ("anna@nordlys.example", "Anna", "Ærøbo", "Nordlys"):
            assert private not in raw, private
        assert payload["credentialSubject"]["id"].startswith("urn:uuid:")
        assert payload["credentialSubject"]["id"] != payload["id"]

    def test_two_credentials_of_the_same_person_cannot_be_linked(
        self, client, anna, sofie, course, certificate, token
    ):
        second_course = make_course(course.get_parent().specific.provider, title="Andet kursus")
        other = _download(client, anna, _complete(anna, second_course, sofie))
        first, second = ob.verify(client, token), ob.verify(client, other)
        assert first["sub"] != second["sub"]
        one = first["credentialSubject"]["identifier"][0]
        two = second["credentialSubject"]["identifier"][0]
        assert one["salt"] != two["salt"] and one["identityHash"] != two["identityHash"]

    def test_the_jwt_claims_mirror_the_credential(self, client, token):
        payload = ob.verify(client, token)
        assert payload["iss"] == payload["issuer"]["id"]
        assert payload["jti"] == payload["id"]
        assert payload["sub"] == payload["credentialSubject"]["id"]
        valid_from = datetime.datetime.fromisoformat(payload["validFrom"])
        assert payload["nbf"] == int(valid_from.timestamp())
        assert "exp" not in payload

    def test_an_expiring_certificate_gives_valid_until_and_exp(self, client, anna, certificate):
        certificate.expires_on = datetime.date(2031, 3, 1)
        certificate.save(update_fields=["expires_on"])
        payload = ob.verify(client, _download(client, anna, certificate))
        # Valid to and including 1 March 2031 in Denmark: 22:59:59 UTC in winter.
        assert payload["validUntil"] == "2031-03-01T22:59:59Z"
        assert payload["exp"] == int(
            datetime.datetime(2031, 3, 1, 22, 59, 59, tzinfo=datetime.UTC).timestamp()
        )
        assert ob.schema_errors(ob.credential_of(payload), ob.CREDENTIAL_SCHEMA) == []

    def test_the_achievement_is_the_course_aligned_to_its_guide_and_competences(
        self, client, course, token, a3
    ):
        achievement = ob.verify(client, token)["credentialSubject"]["achievement"]
        assert achievement["id"] == f"http://testserver/bevis/kursus/{course.pk}/"
        assert achievement["type"] == ["Achievement"]
        assert achievement["achievementType"] == "Course"
        assert achievement["inLanguage"] == "da"
        criteria = achievement["criteria"]
        assert criteria["id"] == "http://testserver" + course.url
        assert "Deltageren har deltaget i undervisningen." in criteria["narrative"]
        assert "- lave en fremtidsanalyse" in criteria["narrative"]
        assert "helhedsplanen & budgettet" in criteria["narrative"]
        assert "<" not in criteria["narrative"]
        guide, *competences = achievement["alignment"]
        assert guide["targetCode"] == "A3"
        assert guide["targetName"] == f"A3 {a3.title}"
        assert guide["targetUrl"] == "http://testserver/vejledninger/A3/"
        expected = list(
            a3.competence_links.order_by("competence__sort_order", "competence__name").values_list(
                "competence__code", flat=True
            )
        )
        assert expected and [c["targetCode"] for c in competences] == expected
        page = client.get(ob.local_path(guide["targetUrl"])).content.decode()
        for alignment in competences:
            assert alignment["targetType"] == "ceasn:Competency"
            url, anchor = alignment["targetUrl"].split("#")
            assert url == guide["targetUrl"]
            # The anchor is on the guide's page, so the link lands on the competence.
            assert f'id="{anchor}"' in page
            assert alignment["targetName"] in page
        assert ob.schema_errors(achievement, ob.CREDENTIAL_SCHEMA, "Achievement") == []

    def test_the_status_entry_points_into_the_issuers_list(self, client, akademi, token):
        entry = ob.verify(client, token)["credentialStatus"]
        url = f"http://testserver/bevis/udsteder/{akademi.pk}/status/0/"
        assert entry == {
            "id": f"{url}#0",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "0",
            "statusListCredential": url,
        }


# --- The signature -----------------------------------------------------------------------


class TestSignature:
    def test_an_independent_library_verifies_it_with_the_published_key(self, client, token):
        payload = ob.verify(client, token)
        assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]

    def test_a_tampered_payload_fails(self, client, token):
        head, body, signature = token.split(".")
        payload = ob.unverified_payload(token)
        payload["credentialSubject"]["achievement"]["name"] = "Direktørkursus"
        forged_body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
        forged = f"{head}.{forged_body}.{signature}"
        with pytest.raises(BadSignatureError):
            ob.verify(client, forged)
        check = verify.check_token(forged)
        assert check.state == "invalid"
        assert "ændret" in str(check.reason)

    def test_a_key_that_is_not_ours_is_refused(self, client, token):
        # The same credential signed by someone else's key under our kid.
        forged = ob.sign_with_a_stranger_key(ob.unverified_payload(token), ob.header(token)["kid"])
        with pytest.raises(BadSignatureError):
            ob.verify(client, forged)
        assert verify.check_token(forged).state == "invalid"
        assert verify.check_token("ikke et bevis").state == "invalid"

    def test_a_key_rotation_keeps_old_credentials_verifiable(
        self, client, anna, sofie, course, certificate, token
    ):
        old_kid = ob.header(token)["kid"]
        call_command("badge_key_rotate", stdout=io.StringIO())
        second = _complete(anna, make_course(course.get_parent().specific.provider), sofie)
        new_token = _download(client, anna, second)
        assert ob.header(new_token)["kid"] != old_kid
        # Both keys are published; each credential verifies with the key its kid names.
        kids = [
            key["kid"] for key in ob.fetch_json(client, ob.BASE + "/.well-known/jwks.json")["keys"]
        ]
        assert old_kid in kids and ob.header(new_token)["kid"] in kids
        assert ob.verify(client, token)["id"] != ob.verify(client, new_token)["id"]
        assert verify.check_token(token).state == "valid"
        assert BadgeSigningKey.objects.current().count() == 1
        # The old certificate's public page still confirms its credential.
        content = client.get(_public(certificate.code)).content.decode()
        assert "Signatur gyldig" in content

    def test_the_private_key_is_stored_encrypted(self, token):
        key = BadgeSigningKey.objects.get()
        assert key.private_key.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        assert "d" not in key.public_jwk

    def test_a_rotated_secret_key_still_opens_it_through_the_fallbacks(self, settings, token):
        key = BadgeSigningKey.objects.get()
        old = settings.SECRET_KEY
        with override_settings(SECRET_KEY="x" * 50, SECRET_KEY_FALLBACKS=[old]):
            assert keys.private_key(key) is not None
        with override_settings(SECRET_KEY="y" * 50, SECRET_KEY_FALLBACKS=[]):
            with pytest.raises(ImproperlyConfigured, match="badge_key_rotate"):
                keys.private_key(key)

    def test_there_is_one_current_key(self, db):
        first = keys.current_key()
        assert keys.current_key() == first
        with pytest.raises(IntegrityError), transaction.atomic():
            keys.new_key().save()


# --- Revocation: the status list ---------------------------------------------------------


class TestStatusList:
    def test_revoking_the_certificate_sets_its_bit_at_once(self, client, sofie, certificate, token):
        credential = ob.credential_of(ob.verify(client, token))
        assert ob.status_bit(client, credential) == 0
        _revoke(client, sofie, certificate)
        # No stale "valid": the very next fetch says revoked.
        assert ob.status_bit(client, credential) == 1
        assert verify.check_token(token).state == "revoked"

    def test_it_is_a_signed_bitstring_status_list_credential(self, client, akademi, token):
        url = f"/bevis/udsteder/{akademi.pk}/status/0/"
        response = client.get(url)
        assert response["Content-Type"] == "application/vc+jwt"
        assert "no-cache" in response["Cache-Control"]
        status_list = ob.verify(client, response.content.decode())
        assert ob.header(response.content.decode())["typ"] == "JWT"
        assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        assert status_list["iss"] == status_list["issuer"]["id"]
        assert status_list["jti"] == status_list["id"] == "http://testserver" + url
        bits = ob.decode_status_list(status_list["credentialSubject"]["encodedList"])
        assert len(bits) == 16_384  # 131,072 entries: the specification's minimum
        assert not any(bits)

    def test_the_lists_of_other_issuers_are_untouched(
        self, client, sofie, byggelaering, certificate, token
    ):
        _revoke(client, sofie, certificate)
        response = client.get(f"/bevis/udsteder/{byggelaering.pk}/status/0/")
        subject = ob.verify(client, response.content.decode())["credentialSubject"]
        assert not any(ob.decode_status_list(subject["encodedList"]))

    def test_only_providers_have_lists(self, client, boligselskab):
        assert client.get(f"/bevis/udsteder/{boligselskab.pk}/status/0/").status_code == 404
        assert client.get("/bevis/udsteder/999999/status/0/").status_code == 404

    def test_erasing_the_person_revokes_the_credential(self, client, anna, token):
        from privacy.erasure import person_erase

        credential = ob.credential_of(ob.verify(client, token))
        assert ob.status_bit(client, credential) == 0  # and the list is now cached
        person_erase(person=anna, erased_by=None)
        badge = BadgeCredential.objects.get()
        assert badge.certificate is None and badge.jws == ""
        assert ob.status_bit(client, credential) == 1
        assert verify.check_token(token).state == "revoked"

    def test_the_persons_export_holds_the_credential(self, anna, carl, token):
        from core.privacy import declaration_for
        from privacy import export

        declaration = declaration_for(BadgeCredential)
        rows = list(export.rows_of(declaration, anna, export.Names(), []))
        assert len(rows) == 1
        assert token in rows[0].values()
        assert list(export.rows_of(declaration, carl, export.Names(), [])) == []

    @pytest.mark.parametrize("count", [10, 300])
    def test_the_list_costs_the_same_queries_however_many_are_revoked(
        self, client, akademi, token, count, django_assert_num_queries
    ):
        key = BadgeSigningKey.objects.get()
        BadgeCredential.objects.bulk_create(
            BadgeCredential(provider=akademi, status_index=index, signing_key=key)
            for index in range(1, count + 1)
        )
        url = f"/bevis/udsteder/{akademi.pk}/status/0/"
        # The provider, the fingerprint of revocations (two), the revoked places, the key.
        with django_assert_num_queries(5):
            response = client.get(url)
        subject = ob.verify(client, response.content.decode())["credentialSubject"]
        bits = ob.decode_status_list(subject["encodedList"])
        assert sum(bin(byte).count("1") for byte in bits) == count
        # Until something is revoked, the list comes from the cache: one query fewer.
        with django_assert_num_queries(4):
            assert client.get(url).content.decode().count(".") == 2


# --- The public page ---------------------------------------------------------------------


class TestPublicPage:
    def test_it_says_nothing_of_a_badge_before_one_is_taken(self, client, certificate):
        content = client.get(_public(certificate.code)).content.decode()
        assert "Open Badges 3.0" not in content

    def test_it_verifies_the_credential(self, client, certificate, token):
        response = client.get(_public(certificate.code))
        content = response.content.decode()
        assert response.context["badge"].state == "valid"
        assert 'data-testid="badge-status" data-status="valid"' in content
        assert "Signatur gyldig." in content
        assert "kan læses af andre systemer" in content
        assert 'href="/.well-known/jwks.json"' in content

    def test_it_says_revoked_after_the_revoke_action(self, client, sofie, certificate, token):
        _revoke(client, sofie, certificate)
        content = client.get(_public(certificate.code)).content.decode()
        assert 'data-status="revoked"' in content
        assert "Tilbagekaldt." in content
        assert "Signatur gyldig" not in content

    def test_it_catches_a_tampered_stored_credential(self, client, certificate, token):
        head, body, signature = token.split(".")
        BadgeCredential.objects.update(jws=f"{head}.{body}.{signature[:-4]}AAAA")
        content = client.get(_public(certificate.code)).content.decode()
        assert 'data-status="invalid"' in content
        assert "Signaturen kan ikke bekræftes." in content

    def test_only_the_owner_is_offered_the_download(self, client, anna, henrik, certificate):
        client.force_login(anna)
        assert (
            _badge_url(certificate.code) in client.get(_public(certificate.code)).content.decode()
        )
        client.force_login(henrik)
        assert (
            _badge_url(certificate.code)
            not in client.get(_public(certificate.code)).content.decode()
        )
        client.logout()
        assert (
            _badge_url(certificate.code)
            not in client.get(_public(certificate.code)).content.decode()
        )

    def test_an_expired_credential_reads_expired(self, client, anna, certificate):
        certificate.expires_on = timezone.localdate()
        certificate.save(update_fields=["expires_on"])
        token = _download(client, anna, certificate)
        assert verify.check_token(token).state == "valid"
        later = timezone.now() + datetime.timedelta(days=2)
        check = verify.check_token(token, now=later)
        assert check.state == "expired"
        assert check.valid_until is not None


# --- The public documents ----------------------------------------------------------------


class TestDocuments:
    def test_the_key_set(self, client, token):
        response = client.get("/.well-known/jwks.json")
        assert response["Content-Type"] == "application/jwk-set+json; charset=utf-8"
        assert response["Access-Control-Allow-Origin"] == "*"
        (key,) = json.loads(response.content)["keys"]
        assert key["kty"] == "OKP" and key["crv"] == "Ed25519" and key["alg"] == "EdDSA"
        assert key["use"] == "sig" and "d" not in key
        assert key["kid"] == ob.header(token)["kid"]

    def test_an_unknown_key_is_404(self, client, db):
        assert client.get("/bevis/noegler/findes-ikke.json").status_code == 404

    def test_the_issuer_profile(self, client, akademi, token):
        url = ob.verify(client, token)["issuer"]["id"]
        profile = ob.fetch_json(client, url)
        assert profile["id"] == url
        assert profile["name"] == "Almen Akademi"
        assert profile["otherIdentifier"] == [
            {"type": "IdentifierEntry", "identifier": "11111111", "identifierType": "ext:CVR"}
        ]
        assert "/.well-known/jwks.json" in profile["description"]
        assert ob.schema_errors(profile, ob.PROFILE_SCHEMA) == []

    def test_a_housing_organisation_is_no_issuer(self, client, boligselskab):
        assert client.get(f"/bevis/udsteder/{boligselskab.pk}/").status_code == 404

    def test_the_achievement(self, client, course, token):
        embedded = ob.verify(client, token)["credentialSubject"]["achievement"]
        published = ob.fetch_json(client, embedded["id"])
        assert published["@context"][0] == "https://www.w3.org/ns/credentials/v2"
        assert {k: v for k, v in published.items() if k != "@context"} == embedded
        assert ob.schema_errors(published, ob.CREDENTIAL_SCHEMA, "Achievement") == []

    def test_a_draft_course_is_hidden_until_someone_holds_its_credential(
        self, client, akademi, course, token
    ):
        draft = make_course(akademi, title="Kladde", publish=False)
        assert client.get(f"/bevis/kursus/{draft.pk}/").status_code == 404
        course.unpublish()
        assert client.get(f"/bevis/kursus/{course.pk}/").status_code == 200


# --- Min side ----------------------------------------------------------------------------


class TestMinSide:
    def test_the_completed_course_offers_the_open_badge(self, client, anna, certificate):
        client.force_login(anna)
        content = client.get("/min-side/").content.decode()
        assert _badge_url(certificate.code) in content
        assert "Hent Open Badge" in content
        assert "kan læses af andre systemer" in content

    def test_a_revoked_certificate_offers_none(self, client, anna, sofie, certificate):
        _revoke(client, sofie, certificate)
        client.force_login(anna)
        assert _badge_url(certificate.code) not in client.get("/min-side/").content.decode()


# --- The public check of a credential someone was given -------------------------------------


class TestCheckPage:
    URL = "/bevis/bekraeft/"

    def test_it_offers_a_form(self, client, db):
        response = client.get(self.URL)
        assert response.status_code == 200
        content = response.content.decode()
        assert "Kontrollér et Open Badge" in content
        assert 'enctype="multipart/form-data"' in content
        assert "badge-check" not in content

    def test_a_pasted_credential_is_verified(self, client, token):
        response = client.post(self.URL, {"token": f"  {token}\n"})
        assert response.context["result"].state == "valid"
        content = response.content.decode()
        assert 'data-status="valid"' in content
        assert "Fremtidsanalyse i praksis" in content and "Almen Akademi" in content

    def test_an_uploaded_file_is_verified_and_the_recipient_checked(self, client, token):
        from django.core.files.uploadedfile import SimpleUploadedFile

        def upload(email):
            file = SimpleUploadedFile("open-badge.jwt", token.encode(), "text/plain")
            return client.post(self.URL, {"file": file, "email": email})

        right = upload("Anna@Nordlys.example")
        assert right.context["recipient"] is True
        assert "Udstedt til den e-mailadresse, du skrev." in right.content.decode()
        wrong = upload("carl@nordlys.example")
        assert wrong.context["recipient"] is False
        assert "Ikke udstedt til den e-mailadresse" in wrong.content.decode()

    def test_a_revoked_one_reads_revoked(self, client, sofie, certificate, token):
        _revoke(client, sofie, certificate)
        response = client.post(self.URL, {"token": token})
        assert 'data-status="revoked"' in response.content.decode()

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("ikke et bevis", "ikke et Open Badge i JWT-format"),
            ("eyJhbGciOiJub25lIn0.e30.", "ikke signeret med en af AlmenLærings nøgler"),
        ],
    )
    def test_junk_is_refused_with_a_reason(self, client, db, text, reason):
        response = client.post(self.URL, {"token": text})
        assert response.status_code == 200
        content = response.content.decode()
        assert 'data-status="invalid"' in content
        assert reason in content

    def test_nothing_submitted_is_explained_and_the_input_kept(self, client, db):
        response = client.post(self.URL, {"token": "  ", "email": "anna@nordlys.example"})
        assert response.status_code == 200
        content = response.content.decode()
        assert "Vælg en fil, eller indsæt beviset som tekst." in content
        assert 'value="anna@nordlys.example"' in content
        assert response.context["result"] is None

    def test_a_bad_email_is_refused_beside_the_field(self, client, token):
        response = client.post(self.URL, {"token": token, "email": "ikke-en-adresse"})
        assert response.context["result"] is None
        assert response.context["form"].errors["email"]
        assert token in response.content.decode()  # kept

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"x" * (64 * 1024 + 1), "Filen er for stor"),
            (b"\xff\xfe\x00binary", "ikke et Open Badge i JWT-format (tekst)"),
        ],
    )
    def test_a_wrong_file_is_refused_beside_the_field(self, client, db, content, message):
        from django.core.files.uploadedfile import SimpleUploadedFile

        file = SimpleUploadedFile("bevis.jwt", content, "application/octet-stream")
        response = client.post(self.URL, {"file": file})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert response.context["form"].errors["file"]
        assert response.context["result"] is None

    def test_the_public_page_links_to_it(self, client, certificate, token):
        assert self.URL in client.get(_public(certificate.code)).content.decode()
