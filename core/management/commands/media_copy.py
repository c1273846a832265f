"""``manage.py media_copy [--from DIR] [--dry-run] [--size-only]``: the local media into the bucket.

For the move from ``MEDIA_ROOT`` on disk to object storage (``MEDIA_S3_BUCKET``): every file under
the source folder goes to the key that is its path there — ``private/…`` into the ``private``
storage, everything else into ``default`` — which is the layout ``lms.storage_config`` gives the
bucket. Resumable: the bucket is listed first, and a key already there with the same size (and,
for objects uploaded in one part, the same MD5 as their ETag) is skipped, so a second run copies
nothing and an interrupted run continues where it stopped. Each object appears whole or not at
all (S3 writes are atomic), so an interruption never leaves half a file under a key.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError, CommandParser
from storages.backends.s3 import S3Storage
from storages.utils import safe_join

PRIVATE_FOLDER = "private"
PROGRESS_SECONDS = 5.0  # a progress line at most this often


@dataclass(frozen=True)
class Source:
    """One file to copy: where it is, and where it goes."""

    path: Path
    size: int
    storage: S3Storage
    key: str


@dataclass
class Tally:
    seen: int = 0
    copied: int = 0
    replaced: int = 0
    skipped: int = 0
    bytes_copied: int = 0
    replaced_keys: list[str] = field(default_factory=list)


def bucket_storages() -> tuple[S3Storage, S3Storage]:
    """The ``default`` and ``private`` storages, if both are in a bucket; else CommandError."""
    default, private = storages["default"], storages["private"]
    if not isinstance(default, S3Storage) or not isinstance(private, S3Storage):
        raise CommandError(
            "Der er ikke sat en bucket op: sæt MEDIA_S3_BUCKET (og MEDIA_S3_ENDPOINT_URL, "
            "MEDIA_S3_ACCESS_KEY_ID, MEDIA_S3_SECRET_ACCESS_KEY, MEDIA_S3_REGION) i miljøet, "
            "og kør kommandoen igen. Se docs/operations.md, 'Media on object storage'."
        )
    return default, private


def sources(root: Path, default: S3Storage, private: S3Storage) -> Iterator[Source]:
    """Every regular file under ``root``, in a stable order (symbolic links are left out)."""
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        for filename in sorted(files):
            path = Path(folder, filename)
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            storage, name = default, relative
            if relative.startswith(f"{PRIVATE_FOLDER}/"):
                storage, name = private, relative.removeprefix(f"{PRIVATE_FOLDER}/")
            yield Source(path, path.stat().st_size, storage, safe_join(storage.location, name))


def existing_objects(storage: S3Storage) -> dict[str, tuple[int, str]]:
    """Key -> (size, ETag) of every object under the storage's prefix: one listing, instead of
    one HEAD request per file."""
    client = storage.connection.meta.client
    prefix = f"{storage.location}/" if storage.location else ""
    found: dict[str, tuple[int, str]] = {}
    for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=storage.bucket_name, Prefix=prefix
    ):
        for item in page.get("Contents", []):
            found[item["Key"]] = (int(item["Size"]), str(item["ETag"]).strip('"'))
    return found


def same_file(source: Source, there: tuple[int, str] | None, *, size_only: bool) -> bool:
    """Whether the object already holds the file: same size, and the same MD5 where the ETag
    is one (a multipart upload's ETag, "<hash>-<parts>", is not, so size decides there)."""
    if there is None or there[0] != source.size:
        return False
    etag = there[1]
    if size_only or "-" in etag or len(etag) != 32:
        return True
    digest = hashlib.md5(usedforsecurity=False)
    with source.path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest() == etag


def upload(source: Source) -> None:
    """One file to its key, with the content type Django's storage would have given it."""
    content_type = mimetypes.guess_type(source.key)[0] or "application/octet-stream"
    source.storage.bucket.upload_file(
        str(source.path),
        source.key,
        ExtraArgs={"ContentType": content_type},
        Config=source.storage.transfer_config,
    )


def megabytes(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB"


class Command(BaseCommand):
    help = (
        "Kopiér mediefilerne fra den lokale disk (MEDIA_ROOT, også private/) til den bucket, "
        "MEDIA_S3_BUCKET peger på. Kan afbrydes og køres igen: filer, der allerede ligger i "
        "bucketen med samme størrelse (og kontrolsum), springes over."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="source",
            type=Path,
            default=None,
            help="Mappen, der kopieres fra (standard: MEDIA_ROOT).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vis kun, hvad der ville blive kopieret; intet skrives.",
        )
        parser.add_argument(
            "--size-only",
            action="store_true",
            help="Sammenlign kun størrelsen, ikke MD5 (hurtigere ved mange store filer).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        default, private = bucket_storages()
        root = Path(options["source"] or settings.MEDIA_ROOT).resolve()
        if not root.is_dir():
            raise CommandError(f"Mappen {root} findes ikke.")
        dry_run: bool = options["dry_run"]
        self.stdout.write(
            f"{'Prøvekørsel: ' if dry_run else ''}kopierer {root} til bucketen "
            f"{default.bucket_name} …"
        )
        started = time.monotonic()
        tally = Tally()
        try:
            self.copy(root, default, private, tally, dry_run, options)
        except KeyboardInterrupt as exc:
            self.summary(tally, started, dry_run)
            raise CommandError(
                "Afbrudt. Kør kommandoen igen for at fortsætte; det kopierede springes over."
            ) from exc
        self.summary(tally, started, dry_run)

    def copy(
        self,
        root: Path,
        default: S3Storage,
        private: S3Storage,
        tally: Tally,
        dry_run: bool,
        options: dict[str, Any],
    ) -> None:
        there = existing_objects(default)
        if private.bucket_name != default.bucket_name or default.location:
            # Unless the default storage's listing (the whole bucket) already held them.
            there.update(existing_objects(private))
        last_report = time.monotonic()
        for source in sources(root, default, private):
            tally.seen += 1
            before = there.get(source.key)
            if same_file(source, before, size_only=options["size_only"]):
                tally.skipped += 1
                continue
            if options["verbosity"] >= 2 or dry_run:
                self.stdout.write(f"  {source.key} ({megabytes(source.size)})")
            if not dry_run:
                upload(source)
            tally.copied += 1
            tally.bytes_copied += source.size
            if before is not None:
                tally.replaced += 1
                tally.replaced_keys.append(source.key)
            if time.monotonic() - last_report >= PROGRESS_SECONDS:
                last_report = time.monotonic()
                self.stdout.write(
                    f"… {tally.seen} filer gennemgået, {tally.copied} kopieret "
                    f"({megabytes(tally.bytes_copied)})"
                )

    def summary(self, tally: Tally, started: float, dry_run: bool) -> None:
        verb = "ville blive kopieret" if dry_run else "kopieret"
        self.stdout.write(
            self.style.SUCCESS(
                f"{tally.seen} filer gennemgået på {time.monotonic() - started:.1f} s: "
                f"{tally.copied} {verb} ({megabytes(tally.bytes_copied)}), "
                f"{tally.skipped} lå der allerede."
            )
        )
        if tally.replaced:
            self.stdout.write(
                f"{tally.replaced} af dem fandtes i bucketen med et andet indhold og "
                f"{'ville blive' if dry_run else 'blev'} erstattet af filen fra disken:"
            )
            for key in tally.replaced_keys[:50]:
                self.stdout.write(f"  {key}")
