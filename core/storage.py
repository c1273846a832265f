"""Where uploaded files live: the private storage, the bucket's storage class, and its probe.

Private files (``STORAGES["private"]``) are never served by URL, only by views that ask an access
policy. With ``MEDIA_S3_BUCKET`` both media storages are ``ObjectStorage`` (``lms.storage_config``):
the bucket stays private, and the platform streams every file itself.
"""

from __future__ import annotations

import functools
import os
import threading
from typing import Any

from botocore.config import Config
from botocore.exceptions import ConnectionError as BotoConnectionError
from botocore.exceptions import HTTPClientError
from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.encoding import filepath_to_uri
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# What a bucket that cannot be reached raises (refused, no answer in time, connection dropped);
# an answer from the bucket (ClientError: no such key, access denied) is not an outage.
UNAVAILABLE: tuple[type[Exception], ...] = (BotoConnectionError, HTTPClientError)


class ObjectStorage(S3Storage):
    """django-storages' S3 storage whose URLs point at the platform, never at the bucket.

    ``url()`` gives the file's path under ``MEDIA_URL``, as ``FileSystemStorage`` does: Wagtail's
    renditions are then fetched from ``/media/images/...`` (``core.media`` streams them), and a
    private file's URL leads to a 404 instead of a signed URL that works for anyone holding it.
    """

    def url(
        self, name: str, parameters: Any = None, expire: Any = None, http_method: Any = None
    ) -> str:
        key = "/".join(part for part in (self.location, clean_name(name)) if part)
        return f"{settings.MEDIA_URL}{filepath_to_uri(key)}"


class _PrivateStorage(LazyObject):
    """``storages["private"]`` looked up when first used and again after ``STORAGES`` changes.

    A ``FileField(storage=private_storage)`` calls ``private_storage()`` once, when the model
    class is built; through this proxy the field still follows ``override_settings(STORAGES=...)``
    (the object-storage tests), as Django's ``default_storage`` does.
    """

    def _setup(self) -> None:
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: object) -> None:
    # Django's own receiver empties storages' cache; this one empties the proxy's.
    if setting == "STORAGES":
        _private._wrapped = empty  # type: ignore[assignment]  # LazyObject's own sentinel


def private_storage() -> Storage:
    """The storage for private files (``STORAGES["private"]``), resolved when it is used, so
    tests and deployments can change it through settings."""
    return _private  # type: ignore[return-value]  # the proxy stands in for a Storage


def probe(timeout: float = 2.0) -> None:
    """Raise unless the media storage answers within ``timeout`` seconds (``/readyz``).

    For a bucket: one ``ListObjectsV2`` of at most one key under the private prefix, which needs
    the same permission (``s3:ListBucket``) every upload needs to find a free name. On the local
    disk: the private folder exists and is writable. The call runs in a thread of its own, so a
    name lookup that hangs (not covered by botocore's timeouts) still ends the wait in time.
    """
    storage = storages["private"]
    if isinstance(storage, S3Storage):
        # Built (and cached) before the clock starts: loading botocore's service model is
        # local work that can take a second on a cold process, not a sign of a dead bucket.
        client = _probe_client(
            endpoint_url=storage.endpoint_url,
            region_name=storage.region_name,
            access_key=storage.access_key,
            secret_key=storage.secret_key,
            config=storage.client_config,
            timeout=timeout,
        )
        check = functools.partial(
            client.list_objects_v2, Bucket=storage.bucket_name, Prefix=storage.location, MaxKeys=1
        )
    else:
        check = functools.partial(_probe_folder, storage)
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            check()
        except BaseException as exc:  # handed to the caller's thread below
            outcome.append(exc)
        else:
            outcome.append(None)

    worker = threading.Thread(target=run, name="storage-probe", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise TimeoutError(f"The media storage did not answer within {timeout:g} s.")
    if outcome[0] is not None:
        raise outcome[0]


@functools.lru_cache(maxsize=4)
def _probe_client(
    *,
    endpoint_url: str | None,
    region_name: str | None,
    access_key: str | None,
    secret_key: str | None,
    config: Config,
    timeout: float,
) -> Any:
    # A client of its own: the storage's client retries and waits up to 10 s for a read.
    import boto3

    config = config.merge(
        Config(
            connect_timeout=timeout,
            read_timeout=timeout,
            retries={"max_attempts": 1, "mode": "standard"},
        )
    )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region_name,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=config,
    )


def _probe_folder(storage: Storage) -> None:
    location = str(storage.location)  # type: ignore[attr-defined]  # FileSystemStorage
    # Created as FileSystemStorage would on the first upload, so a fresh install is ready.
    os.makedirs(location, exist_ok=True)
    if not os.access(location, os.W_OK | os.X_OK):
        raise PermissionError(f"The media folder {location} is not writable.")
