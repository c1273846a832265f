"""``STORAGES`` for uploaded media: the local disk, or an S3-compatible bucket.

``lms.settings.base`` reads the ``MEDIA_S3_*`` variables and calls ``storages_config``; tests
call it with a moto bucket and ``override_settings(STORAGES=...)``.

The bucket mirrors ``MEDIA_ROOT``: the ``default`` storage (Wagtail's images and documents) at
the bucket's root (``images/``, ``original_images/``, ``documents/``), the ``private`` storage
(evidence, log-entry files, room and process documents, export files) under ``private/``. So
``manage.py media_copy`` copies a file to the key that is its path under ``MEDIA_ROOT``, and an
operator finds the same layout in both places. Nothing is public: the bucket is never read by
browsers, the platform streams every file (``core.media`` for public images, the access-checked
views for everything else).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from botocore.config import Config
from django.core.exceptions import ImproperlyConfigured

# The prefix of the private storage, inside MEDIA_ROOT and inside the bucket alike.
PRIVATE_PREFIX = "private"
# A file read from the bucket is spooled to a temporary file past this size (django-storages'
# default, 0, keeps the whole object in memory: a 500 MB export would be 500 MB of RAM).
SPOOL_BYTES = 8 * 1024 * 1024
# A bucket that does not answer must fail a request in seconds, not hang a gunicorn worker for
# botocore's default 60 s read timeout times its retries.
CONNECT_TIMEOUT = 2
READ_TIMEOUT = 10
MAX_ATTEMPTS = 2  # the first try and one retry (botocore's "standard" mode: throttling, 5xx)


@dataclass(frozen=True)
class S3Settings:
    """Where the bucket is and how to sign in to it."""

    bucket: str
    endpoint_url: str | None = None  # None: Amazon S3 itself
    access_key_id: str | None = None  # None: boto3's own chain (instance role, ~/.aws)
    secret_access_key: str | None = None
    region: str | None = None


def s3_settings(
    *,
    bucket: str | None,
    endpoint_url: str | None,
    access_key_id: str | None,
    secret_access_key: str | None,
    region: str | None,
) -> S3Settings | None:
    """The bucket's settings, or None without a bucket; refuses half a configuration."""
    if not bucket:
        if endpoint_url or access_key_id or secret_access_key:
            raise ImproperlyConfigured(
                "MEDIA_S3_ENDPOINT_URL or the MEDIA_S3 keys are set but MEDIA_S3_BUCKET is not."
            )
        return None
    if bool(access_key_id) != bool(secret_access_key):
        raise ImproperlyConfigured(
            "Set both MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY, or neither."
        )
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ImproperlyConfigured(
                f"MEDIA_S3_ENDPOINT_URL={endpoint_url!r} is not an http(s) address."
            )
    return S3Settings(
        bucket=bucket,
        endpoint_url=endpoint_url,
        access_key_id=access_key_id,
        secret_access_key=secret_access_key,
        region=region,
    )


def client_config(*, path_style: bool) -> Config:
    """botocore's settings: short timeouts, one retry, and checksums only where S3 requires
    them (botocore >= 1.36 adds CRC checksums that older MinIO and Ceph versions refuse)."""
    return Config(
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
        retries={"max_attempts": MAX_ATTEMPTS, "mode": "standard"},
        signature_version="s3v4",
        s3={"addressing_style": "path" if path_style else "auto"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )


def _bucket_storage(s3: S3Settings, location: str) -> dict[str, Any]:
    return {
        "BACKEND": "core.storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": s3.bucket,
            "endpoint_url": s3.endpoint_url,
            "access_key": s3.access_key_id,
            "secret_key": s3.secret_access_key,
            "region_name": s3.region,
            "location": location,
            # No ACL header: the object gets the bucket's own (private) permissions, and a
            # bucket with "object ownership: bucket owner enforced" refuses ACL headers anyway.
            "default_acl": None,
            # The platform never hands out the bucket's URLs (ObjectStorage.url points at
            # /media/), so no signed URL is ever made; kept on so that a stray one is signed.
            "querystring_auth": True,
            # Two uploads of "referat.pdf" must become two objects, as on the local disk.
            "file_overwrite": False,
            "max_memory_size": SPOOL_BYTES,
            # Other S3 providers (MinIO, Ceph, Hetzner) take path-style addresses; AWS chooses.
            "client_config": client_config(path_style=s3.endpoint_url is not None),
        },
    }


def storages_config(*, media_root: Path, s3: S3Settings | None) -> dict[str, dict[str, Any]]:
    """``STORAGES``: ``default`` and ``private`` on the local disk, or both in the bucket."""
    if s3 is None:
        media: dict[str, dict[str, Any]] = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            # Evidence documents and site photos: never served by URL, only by views that ask
            # the access policy first. The web server must not serve MEDIA_ROOT/private/.
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": media_root / PRIVATE_PREFIX, "base_url": None},
            },
        }
    else:
        media = {
            "default": _bucket_storage(s3, location=""),
            "private": _bucket_storage(s3, location=PRIVATE_PREFIX),
        }
    return {
        **media,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
