"""``manage.py media_copy``: the local media folder into the bucket, resumable.

A media folder with Wagtail's images and documents and private files is copied to a moto bucket,
each file to the key that is its path (``private/…`` through the private storage); the platform
then reads them through its storages. A second run copies nothing; a run interrupted after two
files copies the rest when run again; a dry run writes nothing; a file changed on disk since is
copied again. Without a bucket the command refuses with a clear message.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from core.management.commands import media_copy
from core.storage import private_storage
from lms.storage_config import storages_config
from tests.core.test_object_storage import assert_private_object, bucket_settings, keys
from tests.support.s3 import S3Server

FILES = {
    "images/plads.fill-80x60.png": b"\x89PNG rendition",
    "original_images/plads.png": b"\x89PNG original",
    "documents/referat.pdf": b"%PDF-1.7 referat",
    "private/evidence/2026/bevis.pdf": b"%PDF-1.7 bevis",
    "private/onsite/foto.jpg": b"\xff\xd8\xff jpeg",
    "private/jobs/2026/12/eksport.zip": b"PK\x03\x04 zip",
}


@pytest.fixture
def media_folder(tmp_path: Path) -> Path:
    root = tmp_path / "media"
    for name, content in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


@pytest.fixture
def bucket(s3_server: S3Server, settings: Any) -> str:
    name = s3_server.create_bucket()
    settings.STORAGES = storages_config(
        media_root=settings.MEDIA_ROOT, s3=bucket_settings(s3_server, name)
    )
    return name


def run(*args: str) -> str:
    out = StringIO()
    call_command("media_copy", *args, stdout=out)
    return out.getvalue()


def test_without_a_bucket_it_refuses(media_folder):
    with pytest.raises(CommandError, match="MEDIA_S3_BUCKET"):
        run("--from", str(media_folder))


def test_a_missing_source_folder_is_refused(bucket, tmp_path):
    with pytest.raises(CommandError, match="findes ikke"):
        run("--from", str(tmp_path / "findes-ikke"))


def test_every_file_lands_under_its_path_and_the_platform_reads_it(s3_server, bucket, media_folder):
    output = run("--from", str(media_folder))
    assert "6 filer gennemgået" in output and "6 kopieret" in output
    assert keys(s3_server, bucket) == sorted(FILES)
    for key in FILES:
        assert_private_object(s3_server, bucket, key)
    with private_storage().open("evidence/2026/bevis.pdf", "rb") as handle:
        assert handle.read() == FILES["private/evidence/2026/bevis.pdf"]
    with default_storage.open("original_images/plads.png", "rb") as handle:
        assert handle.read() == FILES["original_images/plads.png"]
    head = s3_server.client().head_object(Bucket=bucket, Key="documents/referat.pdf")
    assert head["ContentType"] == "application/pdf"


def test_a_second_run_copies_nothing(s3_server, bucket, media_folder, monkeypatch):
    run("--from", str(media_folder))
    uploads: list[str] = []
    monkeypatch.setattr(media_copy, "upload", lambda source: uploads.append(source.key))
    output = run("--from", str(media_folder))
    assert uploads == []
    assert "0 kopieret" in output and "6 lå der allerede" in output


def test_an_interrupted_run_continues_where_it_stopped(
    s3_server, bucket, media_folder, monkeypatch
):
    real_upload = media_copy.upload
    done: list[str] = []

    def interrupted(source: media_copy.Source) -> None:
        if len(done) == 2:
            raise KeyboardInterrupt
        real_upload(source)
        done.append(source.key)

    monkeypatch.setattr(media_copy, "upload", interrupted)
    with pytest.raises(CommandError, match="Kør kommandoen igen"):
        run("--from", str(media_folder))
    assert keys(s3_server, bucket) == sorted(done)

    monkeypatch.setattr(media_copy, "upload", real_upload)
    output = run("--from", str(media_folder))
    assert "4 kopieret" in output and "2 lå der allerede" in output
    assert keys(s3_server, bucket) == sorted(FILES)


def test_a_dry_run_writes_nothing_and_names_the_files(s3_server, bucket, media_folder):
    output = run("--from", str(media_folder), "--dry-run")
    assert keys(s3_server, bucket) == []
    assert "6 ville blive kopieret" in output
    assert "private/evidence/2026/bevis.pdf" in output


def test_a_file_changed_on_disk_is_copied_again(s3_server, bucket, media_folder):
    run("--from", str(media_folder))
    changed = media_folder / "private/evidence/2026/bevis.pdf"
    # The same size, another content: the MD5 (the ETag of a one-part upload) tells them apart.
    changed.write_bytes(b"%PDF-1.7 BEVIS")
    output = run("--from", str(media_folder))
    assert "1 kopieret" in output and "private/evidence/2026/bevis.pdf" in output
    with private_storage().open("evidence/2026/bevis.pdf", "rb") as handle:
        assert handle.read() == b"%PDF-1.7 BEVIS"
    # --size-only trusts the size alone.
    changed.write_bytes(b"%PDF-1.7 bevis")
    assert "0 kopieret" in run("--from", str(media_folder), "--size-only")


def test_symbolic_links_are_left_out(s3_server, bucket, media_folder, tmp_path):
    outside = tmp_path / "hemmelig.txt"
    outside.write_bytes(b"uden for MEDIA_ROOT")
    (media_folder / "images" / "link.txt").symlink_to(outside)
    run("--from", str(media_folder))
    assert "images/link.txt" not in keys(s3_server, bucket)


def test_media_root_is_the_default_source(s3_server, bucket, media_folder, settings):
    settings.MEDIA_ROOT = media_folder
    assert "6 kopieret" in run()
