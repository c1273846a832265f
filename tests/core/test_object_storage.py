"""Media in an S3-compatible bucket (``lms.storage_config``, ``core.storage``, ``core.media``).

A moto server (tests/support/s3.py) stands in for the bucket. Through the real views: Bob's
evidence document, Lars's log photo, Wagtail's images and documents and an export job's ZIP of
certificate PDFs land in the bucket as private objects (only the owner's grant; an anonymous GET
is refused), are streamed back to those who may have them and are 404 for another
organisation's people. The bucket storage has no ``.path`` (it raises ``NotImplementedError``),
so every flow here proves it reads through the storage API; a spy records any attempt.
"""

from __future__ import annotations

import inspect
import io
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import BotoCoreError, ClientError
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from competencies.models import Evidence
from core import storage as core_storage
from core.storage import ObjectStorage, private_storage
from courses.models import EnrolmentStatus
from lms.storage_config import S3Settings, s3_settings, storages_config
from onsite.models import LogAttachment
from organisations.models import User
from tests.competencies.plans_fixtures import competence
from tests.core.export_jobs_client import fetch_export
from tests.courses.conftest import make_course, make_session
from tests.factories.courses import CertificateFactory, EnrolmentFactory
from tests.lms.upload_files import PDF_BYTES, jpeg_bytes, upload
from tests.onsite.fixtures_log import *  # noqa: F403  (the fixtures)
from tests.onsite.fixtures_log import TODAY
from tests.support.s3 import S3Server

pytestmark = pytest.mark.django_db


# --- The bucket ----------------------------------------------------------------------------


def bucket_settings(server: S3Server, bucket: str) -> S3Settings:
    env = server.env(bucket)
    return S3Settings(
        bucket=env["MEDIA_S3_BUCKET"],
        endpoint_url=env["MEDIA_S3_ENDPOINT_URL"],
        access_key_id=env["MEDIA_S3_ACCESS_KEY_ID"],
        secret_access_key=env["MEDIA_S3_SECRET_ACCESS_KEY"],
        region=env["MEDIA_S3_REGION"],
    )


@pytest.fixture
def bucket(s3_server: S3Server, settings: Any) -> str:
    """A fresh bucket, and STORAGES pointing both media storages at it."""
    name = s3_server.create_bucket()
    settings.STORAGES = storages_config(
        media_root=settings.MEDIA_ROOT, s3=bucket_settings(s3_server, name)
    )
    return name


# Wagtail asks for a local path to choose how to read a file, and reads through the storage
# when there is none (``AbstractImage.is_stored_locally``, the documents' ``serve``).
WAGTAIL_PROBES = frozenset({"wagtail.images.models", "wagtail.documents.views.serve"})


@pytest.fixture(autouse=True)
def path_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The module that asked for the bucket storage's ``.path``, for every call."""
    calls: list[str] = []

    def path(self: ObjectStorage, name: str) -> str:
        stack = [frame.frame.f_globals.get("__name__", "") for frame in inspect.stack()[1:]]
        calls.append(next(m for m in stack if m != "django.db.models.fields.files"))
        raise NotImplementedError("This backend doesn't support absolute paths.")

    monkeypatch.setattr(ObjectStorage, "path", path)
    return calls


@pytest.fixture
def no_path_calls(path_calls: list[str]) -> Iterator[None]:
    """After the test: nothing but Wagtail's probes asked for a local path."""
    yield
    assert set(path_calls) <= WAGTAIL_PROBES, path_calls


def keys(server: S3Server, bucket: str) -> list[str]:
    listed = server.client().list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def grants(server: S3Server, bucket: str, key: str) -> list[tuple[str, str]]:
    acl = server.client().get_object_acl(Bucket=bucket, Key=key)
    return [(g["Grantee"]["Type"], g["Permission"]) for g in acl["Grants"]]


def anonymous_get(server: S3Server, bucket: str, key: str) -> int:
    try:
        with urllib.request.urlopen(f"{server.endpoint_url}/{bucket}/{key}", timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        return refused.code


def assert_private_object(server: S3Server, bucket: str, key: str) -> None:
    """Only the owner's grant, and a browser without credentials gets 403."""
    assert grants(server, bucket, key) == [("CanonicalUser", "FULL_CONTROL")]
    assert anonymous_get(server, bucket, key) == 403


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


# --- Settings ------------------------------------------------------------------------------


class TestSettings:
    def test_without_a_bucket_both_storages_are_on_the_local_disk(self, tmp_path):
        config = storages_config(media_root=tmp_path, s3=None)
        assert config["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
        assert config["private"]["OPTIONS"]["location"] == tmp_path / "private"

    def test_with_a_bucket_both_are_private_objects_under_their_prefixes(self, tmp_path):
        s3 = S3Settings(bucket="almen", endpoint_url="https://s3.example", region="eu-north-1")
        config = storages_config(media_root=tmp_path, s3=s3)
        default, private = config["default"]["OPTIONS"], config["private"]["OPTIONS"]
        assert config["default"]["BACKEND"] == config["private"]["BACKEND"]
        assert config["default"]["BACKEND"] == "core.storage.ObjectStorage"
        assert (default["location"], private["location"]) == ("", "private")
        for options in (default, private):
            assert options["default_acl"] is None
            assert options["file_overwrite"] is False
            assert options["max_memory_size"] > 0
            client = options["client_config"]
            assert (client.connect_timeout, client.read_timeout) == (2, 10)
            assert client.retries["max_attempts"] <= 3

    @pytest.mark.parametrize(
        "values",
        [
            {"bucket": None, "endpoint_url": "https://s3.example"},
            {"bucket": "almen", "access_key_id": "key"},
            {"bucket": "almen", "secret_access_key": "secret"},
            {"bucket": "almen", "endpoint_url": "s3.example"},
            {"bucket": "almen", "endpoint_url": "ftp://s3.example"},
        ],
        ids=["endpoint-without-bucket", "key-alone", "secret-alone", "no-scheme", "ftp"],
    )
    def test_half_a_configuration_is_refused(self, values):
        arguments = {
            "bucket": None,
            "endpoint_url": None,
            "access_key_id": None,
            "secret_access_key": None,
            "region": None,
            **values,
        }
        with pytest.raises(ImproperlyConfigured):
            s3_settings(**arguments)

    def test_the_settings_read_every_media_s3_variable(self, monkeypatch):
        import importlib

        import lms.settings.base as base

        for name, value in {
            "MEDIA_S3_BUCKET": "almen-media",
            "MEDIA_S3_ENDPOINT_URL": "https://s3.example",
            "MEDIA_S3_ACCESS_KEY_ID": "key",
            "MEDIA_S3_SECRET_ACCESS_KEY": "secret",
            "MEDIA_S3_REGION": "eu-north-1",
        }.items():
            monkeypatch.setenv(name, value)
        try:
            options = importlib.reload(base).STORAGES["private"]["OPTIONS"]
        finally:
            monkeypatch.undo()
            importlib.reload(base)
        assert (options["bucket_name"], options["endpoint_url"]) == (
            "almen-media",
            "https://s3.example",
        )
        assert (options["access_key"], options["secret_key"], options["region_name"]) == (
            "key",
            "secret",
            "eu-north-1",
        )


# --- The storage ---------------------------------------------------------------------------


class TestStorage:
    def test_the_bucket_storage_has_no_path(self, bucket):
        with pytest.raises(NotImplementedError):
            private_storage().path("evidence/x.pdf")

    def test_a_private_file_is_a_private_object_under_private(self, s3_server, bucket):
        name = private_storage().save("evidence/bevis.pdf", ContentFile(PDF_BYTES))
        assert keys(s3_server, bucket) == [f"private/{name}"]
        assert_private_object(s3_server, bucket, f"private/{name}")
        with private_storage().open(name, "rb") as handle:
            assert handle.read() == PDF_BYTES

    def test_two_files_of_one_name_are_two_objects(self, s3_server, bucket):
        first = private_storage().save("rooms/minutes/referat.pdf", ContentFile(b"%PDF-1"))
        second = private_storage().save("rooms/minutes/referat.pdf", ContentFile(b"%PDF-2"))
        assert first != second
        assert len(keys(s3_server, bucket)) == 2

    def test_urls_point_at_the_platform_never_at_the_bucket(self, s3_server, bucket):
        assert default_storage.url("images/a.fill-80x60.png") == "/media/images/a.fill-80x60.png"
        # A private file's URL is one core.media answers 404 for, not a signed bucket URL.
        assert private_storage().url("evidence/x.pdf") == "/media/private/evidence/x.pdf"
        assert s3_server.endpoint_url not in private_storage().url("evidence/x.pdf")

    def test_the_private_storage_follows_the_settings(self, bucket, settings):
        assert isinstance(storages["private"], ObjectStorage)
        assert Evidence._meta.get_field("document").storage is private_storage()
        assert private_storage().bucket_name == bucket
        settings.STORAGES = storages_config(media_root=settings.MEDIA_ROOT, s3=None)
        assert not isinstance(private_storage()._wrapped, ObjectStorage)  # type: ignore[attr-defined]


class TestProbe:
    def test_a_bucket_that_answers_passes(self, bucket):
        core_storage.probe(timeout=2.0)

    def test_a_missing_bucket_fails(self, s3_server, settings):
        settings.STORAGES = storages_config(
            media_root=settings.MEDIA_ROOT, s3=bucket_settings(s3_server, "findes-ikke")
        )
        with pytest.raises(ClientError, match="NoSuchBucket"):
            core_storage.probe(timeout=2.0)

    def test_a_dead_server_fails_within_the_bound(self, settings):
        server = S3Server().start()
        settings.STORAGES = storages_config(
            media_root=settings.MEDIA_ROOT, s3=bucket_settings(server, server.create_bucket())
        )
        core_storage.probe(timeout=2.0)
        server.stop()
        started = time.monotonic()
        with pytest.raises((BotoCoreError, TimeoutError)):  # refused, or no answer in time
            core_storage.probe(timeout=2.0)
        assert time.monotonic() - started < 2.5

    def test_the_local_disk_passes_when_the_folder_is_writable(self, settings, tmp_path):
        settings.STORAGES = storages_config(media_root=tmp_path / "media", s3=None)
        core_storage.probe(timeout=2.0)
        assert (tmp_path / "media" / "private").is_dir()


# --- Through the views ---------------------------------------------------------------------


def _prior(client: Any, organisation: Any, document: Any) -> Any:
    return client.post(
        reverse("competencies:evidence_create"),
        {
            "organisation": organisation.pk,
            "competence": competence("fremtidsanalyse").pk,
            "level": "3",
            "achieved_on": (timezone.localdate() - timedelta(days=60)).isoformat(),
            "title": "Diplommodul i fremtidsanalyse",
            "document": document,
        },
    )


class TestEvidence:
    def test_the_document_is_a_private_object_streamed_to_bob_and_404_for_charlie(
        self, client, s3_server, bucket, no_path_calls, fjordbo, bob, charlie_with_totp
    ):
        client.force_login(bob)
        assert _prior(client, fjordbo, upload("bevis.pdf", PDF_BYTES)).status_code == 302
        evidence = Evidence.objects.get()
        key = f"private/{evidence.document.name}"
        assert keys(s3_server, bucket) == [key]
        assert key.startswith("private/evidence/")
        assert_private_object(s3_server, bucket, key)

        address = reverse("competencies:evidence_file", kwargs={"pk": evidence.pk})
        response = client.get(address)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert streamed(response) == PDF_BYTES

        client.force_login(charlie_with_totp)
        assert client.get(address).status_code == 404


class TestBucketDown:
    """The bucket stops answering: the download or upload that needs it gets a Danish 503 page,
    nothing is half-saved, and pages that need no file go on working."""

    @pytest.fixture
    def dead_bucket(self, settings: Any) -> Iterator[S3Server]:
        server = S3Server().start()
        settings.STORAGES = storages_config(
            media_root=settings.MEDIA_ROOT, s3=bucket_settings(server, server.create_bucket())
        )
        yield server
        server.stop()

    def test_a_download_answers_503_in_danish_and_the_rest_of_the_site_works(
        self, client, dead_bucket, fjordbo, bob
    ):
        client.force_login(bob)
        assert _prior(client, fjordbo, upload("bevis.pdf", PDF_BYTES)).status_code == 302
        evidence = Evidence.objects.get()
        dead_bucket.stop()

        started = time.monotonic()
        response = client.get(reverse("competencies:evidence_file", kwargs={"pk": evidence.pk}))
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        assert "Filerne kan ikke hentes lige nu" in response.content.decode()
        assert time.monotonic() - started < 15  # connect 2 s, one retry: never a long hang

        detail = reverse("competencies:evidence_detail", kwargs={"pk": evidence.pk})
        assert client.get(detail).status_code == 200
        assert client.get("/").status_code == 200

    def test_an_upload_answers_503_and_saves_nothing(self, client, dead_bucket, fjordbo, bob):
        client.force_login(bob)
        dead_bucket.stop()
        response = _prior(client, fjordbo, upload("bevis.pdf", PDF_BYTES))
        assert response.status_code == 503
        assert "Intet er gemt halvt" in response.content.decode()
        assert not Evidence.objects.exists()


def _log_entry(client: Any, project: Any, **files: Any) -> Any:
    data = {
        "occurred_on": (TODAY() - timedelta(days=1)).isoformat(),
        "kind": "erfa",
        "title": "Erfaringsgruppe om genhusning",
        "what_happened": "Drift og boligsocial aftalte, hvem der hjælper de ældre.",
        "action": "draft",
        **files,
    }
    return client.post(reverse("onsite:entry_create", args=[project.pk]), data)


class TestLogPhoto:
    def test_the_photo_is_a_private_object_streamed_to_lars_and_404_for_anna(
        self, client, s3_server, bucket, no_path_calls, lars, anna, project
    ):
        client.force_login(lars)
        photo = upload("foto.jpg", jpeg_bytes((800, 600), gps=True), "image/jpeg")
        assert _log_entry(client, project, photos=[photo]).status_code == 302
        attachment = LogAttachment.objects.get()
        key = f"private/{attachment.file.name}"
        assert keys(s3_server, bucket) == [key]
        assert_private_object(s3_server, bucket, key)
        stored = s3_server.client().get_object(Bucket=bucket, Key=key)["Body"].read()

        address = reverse("onsite:attachment", args=[attachment.pk])
        response = client.get(address)
        assert response.status_code == 200
        assert streamed(response) == stored
        with Image.open(io.BytesIO(stored)) as image:
            assert image.size == (800, 600)

        client.force_login(anna)
        assert client.get(address).status_code == 404


@pytest.fixture
def editor(client: Any, settings: Any) -> Any:
    # The admin's two-factor gate is tested with the accounts; here it is the storage.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RequireTwoFactor" not in m]
    client.force_login(User.objects.create_superuser(email="maria@almennet.example", password="x"))
    return client


def _png(size: tuple[int, int] = (320, 240)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


class TestWagtail:
    def test_an_image_and_its_rendition_are_served_from_the_bucket(
        self, editor, s3_server, bucket, no_path_calls
    ):
        root = str(Collection.get_first_root_node().pk)
        data = {"title": "Byggeplads", "file": upload("plads.png", _png()), "collection": root}
        assert editor.post(reverse("wagtailimages:add"), data).status_code == 302
        image = get_image_model().objects.get()
        assert f"{image.file.name}" in keys(s3_server, bucket)
        assert image.file.name.startswith("original_images/")
        assert_private_object(s3_server, bucket, image.file.name)

        rendition = image.get_rendition("fill-80x60")
        assert rendition.file.name in keys(s3_server, bucket)
        assert rendition.url == f"/media/{rendition.file.name}"
        editor.logout()
        response = editor.get(rendition.url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "public, max-age=86400"
        with Image.open(io.BytesIO(streamed(response))) as served:
            assert served.size == (80, 60)
        original = editor.get(f"/media/{image.file.name}")
        assert streamed(original) == image.file.storage.open(image.file.name).read()

    def test_private_files_and_documents_are_never_served_by_media_url(
        self, client, s3_server, bucket
    ):
        private_storage().save("evidence/bevis.pdf", ContentFile(PDF_BYTES))
        default_storage.save("documents/intern.pdf", ContentFile(PDF_BYTES))
        for address in (
            "/media/private/evidence/bevis.pdf",
            "/media/images/../private/evidence/bevis.pdf",
            "/media/documents/intern.pdf",
            "/media/images/findes-ikke.png",
        ):
            assert client.get(address).status_code == 404, address

    @pytest.mark.parametrize(
        "address",
        [
            "/media/images/a%00b.png",
            "/media/images/" + "a" * 2000 + ".png",
            "/media/images/..%2f..%2fprivate/evidence/bevis.pdf",
            "/media/original_images/",
            "/media/images//",
        ],
        ids=["null-byte", "too-long-key", "encoded-traversal", "folder", "empty-name"],
    )
    @pytest.mark.parametrize("where", ["bucket", "disk"])
    def test_bad_addresses_are_404_never_500(self, request, client, where, address):
        if where == "bucket":
            request.getfixturevalue("bucket")
        assert client.get(address).status_code in (400, 404)

    def test_a_document_is_streamed_by_wagtails_view(
        self, editor, s3_server, bucket, path_calls, no_path_calls
    ):
        root = str(Collection.get_first_root_node().pk)
        data = {"title": "Referat", "file": upload("referat.pdf", PDF_BYTES), "collection": root}
        assert editor.post(reverse("wagtaildocs:add"), data).status_code == 302
        document = get_document_model().objects.get()
        assert_private_object(s3_server, bucket, document.file.name)
        response = editor.get(document.url)
        assert response.status_code == 200
        assert streamed(response) == PDF_BYTES
        # Wagtail asked for a local path, and streamed from the storage when there was none.
        assert "wagtail.documents.views.serve" in path_calls


# --- Export jobs ---------------------------------------------------------------------------


class TestExportJob:
    def test_a_zip_of_certificate_pdfs_is_built_into_the_bucket_and_streamed(
        self, client, s3_server, bucket, no_path_calls, sofie, akademi, fjordbo, alice, bob
    ):
        session = make_session(make_course(akademi, guide="A3", title="Fremtidsanalyse"), days=-3)
        for person in (alice, bob):
            enrolment = EnrolmentFactory.create(
                user=person,
                session=session,
                organisation=fjordbo,
                status=EnrolmentStatus.COMPLETED,
            )
            CertificateFactory.create(enrolment=enrolment)
        client.force_login(sofie)
        fetched = fetch_export(client, reverse("certificates_session", args=[session.pk]))
        key = f"private/{fetched.job.file.name}"
        assert key.startswith("private/jobs/") and key in keys(s3_server, bucket)
        assert_private_object(s3_server, bucket, key)
        with zipfile.ZipFile(io.BytesIO(fetched.content)) as archive:
            names = archive.namelist()
            assert len(names) == 2
            assert all(archive.read(name).startswith(b"%PDF") for name in names)

        client.force_login(bob)
        assert client.get(reverse("jobs:download", args=[fetched.job.uuid])).status_code == 404
