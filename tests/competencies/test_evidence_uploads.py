"""Prior learning's document field against the upload policy (core.uploads), through the page.

Bob documents prior learning. Pixel bombs, a web page named .pdf and oversized files are refused
beside the field, his input kept, nothing saved and nothing decoded; a photo of a certificate is
kept without its GPS position.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.models import Evidence
from core.storage import private_storage
from tests.competencies.plans_fixtures import competence
from tests.lms.upload_files import (
    BOMB_MESSAGE,
    HTML_BYTES,
    NOT_A_PDF,
    PDF_BYTES,
    forbid_decoding,
    has_gps,
    jpeg_bytes,
    png_bomb,
    upload,
)

pytestmark = pytest.mark.django_db

TITLE = "Diplommodul i fremtidsanalyse"


def _stored_files() -> set[str]:
    root = Path(private_storage().location) / "evidence"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _prior(client, organisation, document):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("competencies:evidence_create"),
        {
            "organisation": organisation.pk,
            "competence": competence("fremtidsanalyse").pk,
            "level": "3",
            "achieved_on": (timezone.localdate() - datetime.timedelta(days=60)).isoformat(),
            "title": TITLE,
            "note": "Afsluttet med eksamen.",
            "document": document,
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bombe.png", png_bomb(20000), BOMB_MESSAGE),
        ("bombe.png", png_bomb(13000), BOMB_MESSAGE),
        ("bevis.pdf", HTML_BYTES, NOT_A_PDF),
        (
            "stort-foto.jpg",
            jpeg_bytes() + bytes(15 * 1024 * 1024),
            "Den må højst fylde 15 MB.",
        ),
        ("stort.pdf", PDF_BYTES + bytes(25 * 1024 * 1024), "Den må højst fylde 25 MB."),
    ],
    ids=["20000x20000", "13000x13000", "html-named-pdf", "photo-over-15-mb", "pdf-over-25-mb"],
)
def test_a_bad_file_is_refused_beside_the_field(
    client, monkeypatch, fjordbo, bob, name, content, message
):
    client.force_login(bob)
    before = _stored_files()
    attempts = forbid_decoding(monkeypatch)
    response = _prior(client, fjordbo, upload(name, content))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["document"])
    page = response.content.decode()
    assert message in page
    assert f'value="{TITLE}"' in page  # the input is kept
    assert not Evidence.objects.exists()
    assert _stored_files() == before
    assert attempts == []


def test_a_photo_of_a_certificate_is_kept_without_its_location(client, fjordbo, bob):
    client.force_login(bob)
    original = jpeg_bytes((1200, 900), gps=True)
    assert has_gps(original)
    response = _prior(client, fjordbo, upload("kursusbevis.jpeg", original, "image/jpeg"))
    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert (evidence.document_type, evidence.document_name) == ("image/jpeg", "kursusbevis.jpg")
    with evidence.document.open("rb") as stored:
        assert not has_gps(stored.read())
    evidence.document.delete(save=False)


def test_a_good_pdf_is_kept_as_it_is(client, fjordbo, bob):
    client.force_login(bob)
    _prior(client, fjordbo, upload("bevis.pdf", PDF_BYTES))
    evidence = Evidence.objects.get()
    with evidence.document.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    evidence.document.delete(save=False)
