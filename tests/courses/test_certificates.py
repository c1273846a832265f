"""Certificates: the PDF, the public confirmation page, downloads and revocation.

Anna completes Fremtidsanalyse at Almen Akademi through her housing organisation, where Henrik
is HR and Carl a colleague without access. Sofie edits for Almen Akademi, Jonas for another
provider, Maria for the network.
"""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import include, path, reverse
from django.utils import timezone

from courses import certificates, services
from courses.models import Certificate, EnrolmentStatus
from lms.urls import urlpatterns as site_urlpatterns
from organisations import services as org_services
from tests.courses.conftest import PASSWORD, make_course
from tests.factories.organisations import totp_activate

# Until lms/urls.py mounts the certificate URLs, this module serves as the URLconf.
urlpatterns = [path("bevis/", include("courses.urls.certificates")), *site_urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


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
    """HR in Anna's organisation."""
    user = _person("henrik@nordlys.example", boligselskab, ["staff", "hr"], "Henrik")
    totp_activate(user)
    return user


@pytest.fixture
def carl(boligselskab):
    """Anna's colleague, with no business seeing her certificate."""
    return _person("carl@nordlys.example", boligselskab, ["staff"], "Carl")


@pytest.fixture
def course(akademi):
    return make_course(akademi, title="Fremtidsanalyse i praksis", duration_hours=Decimal("7.5"))


def _session(course):
    now = timezone.now()
    return services.session_create(
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


@pytest.fixture
def certificate(anna, sofie, course):
    enrolment = services.enrolment_create(
        user=anna, course=course, session=_session(course), requested_by=anna
    )
    services.attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    return enrolment.certificate


def _public(code):
    return reverse("certificate_public", kwargs={"code": code})


def _pdf(code):
    return reverse("certificate_pdf", kwargs={"code": code})


def _revoke(code):
    return reverse("certificate_revoke", kwargs={"code": code})


def _document_text(document):
    from weasyprint.formatting_structure import boxes

    def walk(box):
        if isinstance(box, boxes.TextBox):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from walk(child)

    return " ".join(text for page in document.pages for text in walk(page._page_box))


class TestPdf:
    def test_it_is_one_landscape_a4_page_with_everything_a_certificate_says(self, certificate):
        certificate.completed_on = datetime.date(2026, 11, 21)
        document = certificates.certificate_document(certificate)
        assert len(document.pages) == 1
        page = document.pages[0]
        assert page.width > page.height
        text = _document_text(document)
        for expected in (
            "Kursusbevis",
            "Anna Ærøbo",
            "Fremtidsanalyse i praksis",
            "A3",
            "Almen Akademi",
            "21. november 2026",
            "7,5 timer",
            certificate.code,
        ):
            assert expected in text, expected
        assert "gyldigt til og med" not in text

    def test_it_links_to_the_public_page(self, certificate):
        document = certificates.certificate_document(certificate)
        url = f"http://testserver/bevis/{certificate.code}/"
        assert certificates.verification_url(certificate) == url
        assert ("external", url) in [(link[0], link[1]) for link in document.pages[0].links]

    def test_the_longest_name_and_title_still_fit_on_one_page(self, certificate):
        certificate.person_name = ("Maximiliane Østergaard-Bøgelund " * 10)[:300]
        certificate.course_title = ("Bestyrelsesarbejde og beboerdemokrati " * 10)[:300]
        document = certificates.certificate_document(certificate)
        assert len(document.pages) == 1
        assert certificate.code in _document_text(document)

    def test_a_copy_made_after_revocation_says_so(self, certificate):
        certificate.revoked_at = timezone.now()
        text = _document_text(certificates.certificate_document(certificate))
        assert "beviset er ikke gyldigt" in text

    def test_it_shows_the_expiry_date(self, certificate):
        certificate.expires_on = datetime.date(2028, 3, 1)
        text = _document_text(certificates.certificate_document(certificate))
        assert "Beviset er gyldigt til og med 1. marts 2028." in text

    def test_the_qr_code_is_embedded_and_nothing_is_fetched(self, certificate):
        html = certificates.certificate_html(certificate)
        assert 'src="data:image/svg+xml;base64,' in html
        assert "http://" not in html.replace(certificates.verification_url(certificate), "")
        fetcher = certificates._offline_fetcher()
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch("https://example.org/font.woff2")

    def test_it_is_a_pdf(self, certificate):
        pdf = certificates.certificate_pdf(certificate)
        assert pdf.startswith(b"%PDF-")

    @pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing")
    def test_its_text_can_be_extracted(self, certificate, tmp_path):
        target = tmp_path / "bevis.pdf"
        target.write_bytes(certificates.certificate_pdf(certificate))
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, check=True, text=True
        ).stdout
        assert "Anna Ærøbo" in text
        assert certificate.code in text


class TestPublicPage:
    def test_it_confirms_a_valid_certificate_with_name_course_and_date_only(
        self, client, certificate
    ):
        certificate.completed_on = datetime.date(2026, 11, 21)
        certificate.save(update_fields=["completed_on"])
        response = client.get(_public(certificate.code))
        assert response.status_code == 200
        content = response.content.decode()
        assert "Gyldigt kursusbevis" in content
        assert "Anna Ærøbo" in content
        assert "Fremtidsanalyse i praksis" in content
        assert "21. november 2026" in content
        for private in ("anna@nordlys.example", "Boligselskabet Nordlys", "7,5", "timer"):
            assert private not in content, private
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "Hent kursusbevis" not in content
        assert "Tilbagekald" not in content

    def test_a_lower_case_code_is_accepted(self, client, certificate):
        assert client.get(_public(certificate.code.lower())).status_code == 200

    def test_it_validates_the_code(self, client, certificate):
        tampered = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
        assert client.get(_public(tampered)).status_code == 404
        assert client.get(_public(certificate.code + "X")).status_code == 404
        assert client.get(_pdf(tampered)).status_code in (302, 404)

    def test_it_says_expired(self, client, certificate):
        certificate.expires_on = timezone.localdate() - datetime.timedelta(days=1)
        certificate.save(update_fields=["expires_on"])
        content = client.get(_public(certificate.code)).content.decode()
        assert "Udløbet kursusbevis" in content
        assert "Gyldigt" not in content

    def test_the_owner_sees_a_download_link(self, client, anna, certificate):
        client.force_login(anna)
        content = client.get(_public(certificate.code)).content.decode()
        assert _pdf(certificate.code) in content
        assert _revoke(certificate.code) not in content


class TestDownload:
    def test_the_owner_downloads_the_pdf(self, client, anna, certificate):
        client.force_login(anna)
        response = client.get(_pdf(certificate.code))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="kursusbevis-{certificate.code}.pdf"'
        )
        assert response.content.startswith(b"%PDF-")

    @pytest.mark.parametrize("person", ["henrik", "sofie", "maria"])
    def test_hr_the_provider_and_the_network_download_it(
        self, client, certificate, person, request
    ):
        client.force_login(request.getfixturevalue(person))
        assert client.get(_pdf(certificate.code)).status_code == 200

    def test_the_provider_downloads_a_self_paced_courses_certificate(
        self, client, akademi, anna, sofie, jonas
    ):
        course = make_course(akademi, title="Selvstudium i A3", format="self_paced")
        enrolment = services.enrolment_create(user=anna, course=course, requested_by=anna)
        services.enrolment_complete_check(enrolment=enrolment, actor=anna)
        code = Certificate.objects.get(enrolment=enrolment).code
        client.force_login(sofie)
        assert client.get(_pdf(code)).status_code == 200
        client.force_login(jonas)
        assert client.get(_pdf(code)).status_code == 404

    @pytest.mark.parametrize("person", ["carl", "jonas"])
    def test_it_validates_ownership(self, client, certificate, person, request):
        client.force_login(request.getfixturevalue(person))
        assert client.get(_pdf(certificate.code)).status_code == 404

    def test_anonymous_visitors_are_sent_to_log_in(self, client, certificate):
        response = client.get(_pdf(certificate.code))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


class TestRevoke:
    def test_the_provider_revokes_with_a_reason(self, client, sofie, certificate):
        client.force_login(sofie)
        assert _revoke(certificate.code) in client.get(_public(certificate.code)).content.decode()
        assert client.get(_revoke(certificate.code)).status_code == 200
        response = client.post(_revoke(certificate.code), {"reason": "Deltog kun den første dag."})
        assert response.status_code == 302
        assert response["Location"] == _public(certificate.code)
        certificate.refresh_from_db()
        assert certificate.is_revoked
        assert certificate.revoked_by == sofie
        assert certificate.revoke_reason == "Deltog kun den første dag."

        client.logout()
        content = client.get(_public(certificate.code)).content.decode()
        assert "Tilbagekaldt kursusbevis" in content
        revoked_on = timezone.localdate(certificate.revoked_at)
        assert f"tilbagekaldt den {revoked_on.day}." in content
        assert "Gyldigt" not in content
        assert "første dag" not in content  # the reason stays with the provider

    def test_the_network_editor_revokes(self, client, maria, certificate):
        client.force_login(maria)
        client.post(_revoke(certificate.code), {"reason": "Fejl i udstedelsen."})
        certificate.refresh_from_db()
        assert certificate.is_revoked

    def test_an_empty_reason_is_refused_beside_the_field(self, client, sofie, certificate):
        client.force_login(sofie)
        response = client.post(_revoke(certificate.code), {"reason": "   "})
        assert response.status_code == 200
        content = response.content.decode()
        assert "Skriv hvorfor beviset tilbagekaldes." in content
        assert 'id="id_reason-error"' in content
        assert 'aria-invalid="true"' in content
        assert not Certificate.objects.get(pk=certificate.pk).is_revoked

    def test_the_input_is_kept_when_the_form_is_refused(self, client, sofie, certificate):
        client.force_login(sofie)
        response = client.post(_revoke(certificate.code), {"reason": "x" * 2001})
        content = response.content.decode()
        assert "x" * 2001 in content
        assert not Certificate.objects.get(pk=certificate.pk).is_revoked

    @pytest.mark.parametrize("person", ["jonas", "anna", "henrik"])
    def test_others_cannot_revoke(self, client, certificate, person, request):
        client.force_login(request.getfixturevalue(person))
        assert client.get(_revoke(certificate.code)).status_code == 404
        response = client.post(_revoke(certificate.code), {"reason": "Overtaget."})
        assert response.status_code == 404
        assert not Certificate.objects.get(pk=certificate.pk).is_revoked


class TestPdfStructure:
    """The PDF as a screen reader and an archive read it (parsed with pypdf)."""

    def test_it_is_tagged_in_danish_with_a_title_and_the_qr_codes_alt_text(self, certificate):
        from tests.pdf_structure import assert_accessible_pdf

        tags = assert_accessible_pdf(
            certificates.certificate_pdf(certificate), title=f"Kursusbevis {certificate.code}"
        )
        assert "/H1" in tags and "/P" in tags
        assert "QR-kode til bekræftelse af beviset" in tags["/Figure"]
