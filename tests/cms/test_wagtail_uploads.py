"""Wagtail's image and document uploads pass our upload check (core.wagtail_forms).

Maria, an editor, uploads through the admin: the single upload page and the multiple uploader.
Pixel bombs and oversized images, a web page named .pdf and oversized documents are refused with
our Danish message beside the field, nothing saved, nothing decoded; an image's GPS position is
removed before it reaches a public rendition.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from organisations.models import User
from tests.lms.upload_files import (
    BOMB_MESSAGE,
    HTML_BYTES,
    NOT_A_PDF,
    PDF_BYTES,
    forbid_decoding,
    has_gps,
    jpeg_bytes,
    png_bomb,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
Image = get_image_model()
Document = get_document_model()


@pytest.fixture
def maria(client, settings):
    # The admin's two-factor gate is tested with the accounts; here it is the upload forms.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RequireTwoFactor" not in m]
    editor = User.objects.create_superuser(email="maria@almennet.example", password="x")
    client.force_login(editor)
    return client


def _root() -> str:
    return str(Collection.get_first_root_node().pk)


def _add_image(client, file):  # type: ignore[no-untyped-def]
    data = {"title": "Byggeplads", "file": file, "collection": _root()}
    return client.post(reverse("wagtailimages:add"), data)


def _add_document(client, file):  # type: ignore[no-untyped-def]
    data = {"title": "Referat", "file": file, "collection": _root()}
    return client.post(reverse("wagtaildocs:add"), data)


class TestImages:
    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("bombe.png", png_bomb(20000), BOMB_MESSAGE),
            ("bombe.png", png_bomb(13000), BOMB_MESSAGE),
            ("side.png", HTML_BYTES, "Filen er ikke en PNG, selv om navnet siger det."),
            ("stort.jpg", jpeg_bytes() + bytes(15 * MB), "Den må højst fylde 15 MB."),
        ],
        ids=["20000x20000", "13000x13000", "html-named-png", "over-15-mb"],
    )
    def test_a_bad_image_is_refused_beside_the_field(
        self, maria, monkeypatch, name, content, message
    ):
        attempts = forbid_decoding(monkeypatch)
        response = _add_image(maria, upload(name, content))
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["file"])
        assert message in response.content.decode()
        assert 'value="Byggeplads"' in response.content.decode()  # the input is kept
        assert not Image.objects.exists()
        assert attempts == []

    def test_the_multiple_uploader_refuses_a_bomb(self, maria, monkeypatch):
        attempts = forbid_decoding(monkeypatch)
        response = maria.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": upload("bombe.png", png_bomb(20000))},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        assert response.status_code == 200
        assert response.json()["success"] is False
        assert BOMB_MESSAGE in response.json()["error_message"]
        assert not Image.objects.exists()
        assert attempts == []

    def test_a_good_image_is_kept_without_its_gps_position(self, maria):
        response = _add_image(maria, upload("plads.jpg", jpeg_bytes((1200, 800), gps=True)))
        assert response.status_code == 302
        image = Image.objects.get()
        assert (image.width, image.height) == (1200, 800)
        with image.file.open("rb") as stored:
            assert not has_gps(stored.read())
        rendition = image.get_rendition("width-400")
        with rendition.file.open("rb") as stored:
            assert not has_gps(stored.read())
        image.delete()

    def test_an_image_without_metadata_is_kept_byte_for_byte(self, maria):
        content = png_bytes()
        assert _add_image(maria, upload("plan.png", content)).status_code == 302
        image = Image.objects.get()
        with image.file.open("rb") as stored:
            assert stored.read() == content
        image.delete()


class TestDocuments:
    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("referat.pdf", HTML_BYTES, NOT_A_PDF),
            ("noter.txt", HTML_BYTES, "Filen er ikke en tekst, selv om navnet siger det."),
            ("stort.pdf", PDF_BYTES + bytes(25 * MB), "Den må højst fylde 25 MB."),
            ("bombe.png", png_bomb(20000), "Filtypen er ikke tilladt."),
        ],
        ids=["html-named-pdf", "html-named-txt", "over-25-mb", "an-image"],
    )
    def test_a_bad_document_is_refused_beside_the_field(self, maria, name, content, message):
        response = _add_document(maria, upload(name, content))
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["file"])
        assert message in response.content.decode()
        assert not Document.objects.exists()

    def test_the_multiple_uploader_refuses_a_web_page_named_pdf(self, maria):
        response = maria.post(
            reverse("wagtaildocs:add_multiple"),
            {"files[]": upload("referat.pdf", HTML_BYTES)},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        assert response.json()["success"] is False
        assert NOT_A_PDF in response.json()["error_message"]
        assert not Document.objects.exists()

    def test_a_good_document_is_kept(self, maria):
        assert _add_document(maria, upload("referat.pdf", PDF_BYTES)).status_code == 302
        document = Document.objects.get()
        assert document.file_extension == "pdf"
        document.file.delete(save=False)
