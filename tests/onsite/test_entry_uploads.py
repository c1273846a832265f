"""The log entry form's photos and documents against the upload policy (core.uploads).

Lars writes an entry on the building site. Pixel bombs, a web page named .pdf and oversized files
are refused beside their field with his text kept, nothing saved, nothing decoded, never a 500;
a good photo is stored without its GPS position.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from onsite.models import LogAttachment, LogEntry
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
from tests.onsite.fixtures_log import *  # noqa: F403  (the fixtures)
from tests.onsite.fixtures_log import TODAY, stored_files

pytestmark = pytest.mark.django_db

TITLE = "Erfaringsgruppe om genhusning"
MB = 1024 * 1024


def _post(client, project, **files):  # type: ignore[no-untyped-def]
    data = {
        "occurred_on": (TODAY() - timedelta(days=1)).isoformat(),
        "kind": "erfa",
        "title": TITLE,
        "what_happened": "Drift og boligsocial aftalte, hvem der hjælper de ældre med nedpakning.",
        "action": "draft",
        **files,
    }
    return client.post(reverse("onsite:entry_create", args=[project.pk]), data)


@pytest.mark.parametrize(
    ("field", "name", "content", "message"),
    [
        ("photos", "bombe.png", png_bomb(20000), BOMB_MESSAGE),
        ("photos", "bombe.png", png_bomb(13000), BOMB_MESSAGE),
        ("photos", "foto.jpg", jpeg_bytes() + bytes(15 * MB), "Den må højst fylde 15 MB."),
        ("documents", "referat.pdf", HTML_BYTES, NOT_A_PDF),
        ("documents", "stort.pdf", PDF_BYTES + bytes(25 * MB), "Den må højst fylde 25 MB."),
    ],
    ids=["20000x20000", "13000x13000", "photo-over-15-mb", "html-named-pdf", "pdf-over-25-mb"],
)
def test_a_bad_file_is_refused_beside_its_field(
    client, monkeypatch, lars, project, field, name, content, message
):
    client.force_login(lars)
    before = stored_files()
    attempts = forbid_decoding(monkeypatch)
    response = _post(client, project, **{field: [upload(name, content)]})
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert f"{name}: " in errors and message in errors
    page = response.content.decode()
    assert message in page
    assert TITLE in page  # the input is kept
    assert not LogEntry.objects.exists()
    assert not LogAttachment.objects.exists()
    assert stored_files() == before
    assert attempts == []


def test_a_good_photo_and_document_are_stored_the_photo_without_gps(
    client, lars, project, clean_files
):
    client.force_login(lars)
    photo = upload("foto.jpg", jpeg_bytes((1600, 1200), gps=True), "image/jpeg")
    response = _post(client, project, photos=[photo], documents=[upload("plan.pdf", PDF_BYTES)])
    assert response.status_code == 302
    stored = {a.kind: a for a in LogAttachment.objects.all()}
    with stored["image"].file.open("rb") as file:
        assert not has_gps(file.read())
    with stored["document"].file.open("rb") as file:
        assert file.read() == PDF_BYTES
