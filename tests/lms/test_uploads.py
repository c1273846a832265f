"""The one upload check (``core.uploads``) and the media that ``make run`` serves.

The forms that use the check are tested where they live: tests/competencies/test_evidence_uploads,
tests/onsite/test_entry_uploads and tests/cms/test_wagtail_uploads.
"""

from __future__ import annotations

import io
import time
import warnings
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.urls import URLResolver
from django.urls.resolvers import RegexPattern
from PIL import Image

from core import media, uploads
from tests.lms.upload_files import (
    BOMB_MESSAGE,
    HTML_BYTES,
    NOT_A_PDF,
    PDF_BYTES,
    forbid_decoding,
    has_gps,
    jpeg_bytes,
    oversized,
    png_bomb,
    png_bytes,
    upload,
)

MB = uploads.MB
ALL_FOR_EVIDENCE = (*uploads.DOCUMENTS, uploads.JPEG, uploads.PNG)


def _message(file, kinds=ALL_FOR_EVIDENCE) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        uploads.upload_check(file, kinds=kinds)
    return " ".join(error.value.messages)


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


class TestThePolicy:
    def test_the_limits_are_the_settings(self, settings):
        assert uploads.max_bytes(uploads.JPEG) == settings.UPLOAD_IMAGE_MAX_BYTES == 15 * MB
        assert uploads.max_bytes(uploads.PDF) == settings.UPLOAD_DOCUMENT_MAX_BYTES == 25 * MB
        assert uploads.max_pixels() == settings.UPLOAD_IMAGE_MAX_PIXELS == 40_000_000

    def test_wagtail_uses_the_same_limits(self, settings):
        assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == settings.UPLOAD_IMAGE_MAX_BYTES
        assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == settings.UPLOAD_IMAGE_MAX_PIXELS
        assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == settings.UPLOAD_DOCUMENT_MAX_BYTES
        assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"

    def test_pillow_refuses_bombs_at_our_limit_everywhere(self):
        # Set at start-up (core.apps): Pillow's default let 169 MP through with a warning.
        assert Image.MAX_IMAGE_PIXELS == uploads.max_pixels()

    def test_a_changed_setting_is_read_at_call_time(self, settings):
        settings.UPLOAD_DOCUMENT_MAX_BYTES = 1 * MB
        message = _message(oversized("stor.pdf", PDF_BYTES, 2 * MB))
        assert message == "Filen er for stor (2,0 MB). Den må højst fylde 1 MB."


class TestPixelBombs:
    @pytest.mark.parametrize("side", [20000, 13000])
    def test_a_bomb_is_refused_from_its_header_without_decoding(self, monkeypatch, side):
        attempts = forbid_decoding(monkeypatch)
        started = time.perf_counter()
        assert _message(upload("bombe.png", png_bomb(side))) == BOMB_MESSAGE
        assert time.perf_counter() - started < 1
        assert attempts == []

    def test_an_image_just_over_the_limit_is_refused_with_its_size(self, monkeypatch):
        # 7000×7000 = 49 MP: over our 40, under Pillow's error at twice that (a warning only).
        attempts = forbid_decoding(monkeypatch)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # Pillow's warning is handled, not merely printed
            message = _message(upload("stort.png", png_bomb(7000)))
        assert message == (
            "Billedet er for stort: 7000 × 7000 pixels. Det må højst have 40 megapixels."
        )
        assert attempts == []

    def test_the_pixel_limit_is_checked_even_when_pillows_is_higher(self, monkeypatch, settings):
        settings.UPLOAD_IMAGE_MAX_PIXELS = 100_000
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
        message = _message(upload("foto.png", png_bytes((400, 300))))
        assert message == "Billedet er for stort: 400 × 300 pixels. Det må højst have 0 megapixels."

    def test_the_normaliser_refuses_a_bomb_by_itself(self, monkeypatch):
        attempts = forbid_decoding(monkeypatch)
        with pytest.raises(ValidationError) as error:
            uploads.image_normalise(upload("bombe.png", png_bomb(20000)))
        assert error.value.messages == [BOMB_MESSAGE]
        assert attempts == []

    def test_a_broken_header_is_a_message_not_a_crash(self):
        broken = png_bytes()[:8] + b"IHDR" + b"\xff" * 40  # the signature, then garbage
        assert _message(upload("i-stykker.png", broken)) == "Billedet kan ikke læses."

    def test_torn_pixels_are_a_message_not_a_crash(self):
        torn = png_bytes()[:100]  # a good header; the pixels end early
        with pytest.raises(ValidationError) as error:
            uploads.image_normalise(upload("i-stykker.png", torn))
        assert error.value.messages == ["Billedet kan ikke læses."]


class TestTypeByContent:
    def test_an_html_file_named_pdf_is_refused(self):
        message = _message(upload("kursusbevis.pdf", HTML_BYTES, "application/pdf"))
        assert message.startswith(NOT_A_PDF)

    def test_a_pdf_named_png_is_refused(self):
        message = _message(upload("foto.png", PDF_BYTES, "image/png"), uploads.IMAGES)
        assert message.startswith("Filen er ikke en PNG, selv om navnet siger det.")

    def test_an_allowed_type_under_another_allowed_name_is_refused(self):
        message = _message(upload("foto.jpg", png_bytes(), "image/jpeg"))
        assert message == (
            "Filen er en PNG, men navnet ender ikke på .png. "
            "Giv filen det rigtige navn, og prøv igen."
        )

    def test_a_name_without_an_extension_is_refused(self):
        assert _message(upload("bevis", PDF_BYTES)).startswith("Filen er en PDF, men navnet")

    def test_an_unknown_type_lists_what_is_allowed(self):
        message = _message(upload("noter.txt", b"bare tekst\n"))
        assert message == "Filtypen er ikke tilladt. Vælg en af disse: PDF, Word, Excel, JPEG, PNG."

    def test_an_empty_file_is_refused(self):
        assert _message(upload("tom.pdf", b"")) == "Filen er tom."

    @pytest.mark.parametrize(
        ("name", "content", "kind"),
        [
            ("bevis.pdf", PDF_BYTES, uploads.PDF),
            ("Bevis.PDF", PDF_BYTES, uploads.PDF),
            ("rapport.docx", _docx_bytes(), uploads.DOCX),
            ("foto.jpeg", jpeg_bytes(), uploads.JPEG),
            ("foto.JPG", jpeg_bytes(), uploads.JPEG),
            ("foto.png", png_bytes(), uploads.PNG),
        ],
    )
    def test_a_good_file_is_its_kind(self, name, content, kind):
        assert uploads.upload_check(upload(name, content), kinds=ALL_FOR_EVIDENCE) == kind

    def test_the_file_is_left_open_and_at_its_start(self):
        file = upload("foto.png", png_bytes())
        uploads.upload_check(file, kinds=ALL_FOR_EVIDENCE)
        assert not file.closed and file.tell() == 0

    def test_each_kind_has_its_own_byte_limit(self):
        # 20 MB is fine for a document and too much for an image.
        assert uploads.upload_check(
            oversized("bevis.pdf", PDF_BYTES, 20 * MB), kinds=ALL_FOR_EVIDENCE
        )
        message = _message(oversized("foto.jpg", jpeg_bytes(), 20 * MB))
        assert message == "Filen er for stor (20,0 MB). Den må højst fylde 15 MB."


class TestPlainText:
    kinds = uploads.kinds_for_extensions(["pdf", "txt", "csv"])

    def test_text_and_csv_are_recognised_as_text(self):
        text = "Navn;Kursus\nÅse;Fremtidsanalyse\n".encode("cp1252")
        assert uploads.upload_check(upload("liste.csv", text), kinds=self.kinds) == uploads.CSV
        assert uploads.upload_check(upload("noter.txt", text), kinds=self.kinds) == uploads.TXT

    @pytest.mark.parametrize(
        "content", [HTML_BYTES, b"\xef\xbb\xbf  <svg onload='x'/>", b"MZ\x90\x00\x03\x00"]
    )
    def test_markup_and_binaries_are_not_text(self, content):
        assert _message(upload("noter.txt", content), self.kinds).startswith(
            "Filen er ikke en tekst, selv om navnet siger det."
        )


class TestNormalise:
    def test_a_photo_loses_its_gps_and_is_scaled_down(self):
        original = jpeg_bytes((3000, 2000), gps=True)
        assert has_gps(original)
        image = uploads.image_normalise(upload("foto.jpg", original))
        assert not has_gps(image.content.read())
        assert (image.width, image.height) == (2000, 1333)

    def test_editorial_metadata_is_stripped_only_when_there_is_some(self):
        plain = upload("plain.png", png_bytes())
        assert uploads.image_metadata_strip(plain, kind=uploads.PNG) is None
        stripped = uploads.image_metadata_strip(
            upload("foto.jpg", jpeg_bytes(gps=True)), kind=uploads.JPEG
        )
        assert stripped is not None
        content = stripped.read()
        assert not has_gps(content)
        with Image.open(io.BytesIO(content)) as image:
            assert (image.format, image.size) == ("JPEG", (800, 600))


class TestMediaInDevelopment:
    """``/media/`` serves Wagtail's images from MEDIA_ROOT, never private files (the same view
    streams them from a bucket: tests/core/test_object_storage.py)."""

    @pytest.fixture
    def media_root(self, tmp_path, settings):
        settings.MEDIA_ROOT = tmp_path
        for name in ("private/evidence/bevis.pdf", "documents/intern.pdf", "images/a.png"):
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_bytes(b"indhold")
        return tmp_path

    @pytest.mark.parametrize(
        "path",
        [
            "private/evidence/bevis.pdf",
            "images/../private/evidence/bevis.pdf",
            "/private/evidence/bevis.pdf",
            "./private/evidence/bevis.pdf",
            "documents/intern.pdf",
            "images",
            "",
        ],
    )
    def test_private_files_and_documents_are_never_served(self, media_root, path):
        with pytest.raises(Http404):
            media.public_media(RequestFactory().get("/media/x"), path)

    def test_wagtails_images_are_served(self, media_root):
        response = media.public_media(RequestFactory().get("/media/images/a.png"), "images/a.png")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"indhold"

    def test_the_debug_urls_route_media_through_the_guarded_view(self, media_root):
        resolver = URLResolver(RegexPattern(r"^/"), media.urlpatterns())
        match = resolver.resolve("/media/private/evidence/bevis.pdf")
        assert match.func is media.public_media
        with pytest.raises(Http404):
            match.func(RequestFactory().get("/"), **match.kwargs)

    def test_the_project_urls_use_the_guarded_view(self):
        source = (Path(__file__).resolve().parents[2] / "lms" / "urls.py").read_text()
        assert "media.urlpatterns()" in source
        assert "conf.urls.static" not in source


def test_torn_pixels_are_refused_also_after_weasyprint_has_loaded():
    """WeasyPrint switches Pillow's LOAD_TRUNCATED_IMAGES on for the whole process when it is
    imported (certificates); uploads must still refuse a torn image, and leave the switch as
    they found it."""
    import weasyprint  # noqa: F401  (its import sets the switch)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    torn = png_bytes()[:100]
    with pytest.raises(ValidationError):
        uploads.image_normalise(upload("i-stykker.png", torn))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
