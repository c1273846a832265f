"""The media of both storages, read and written through Django's storage API only.

So the same code backs up a local MEDIA_ROOT and an S3 bucket, and restores into either: a
backup taken from disk restores into a bucket and the other way round.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.translation import gettext as _

from core.ops.backup.errors import BackupRefused
from core.ops.backup.manifest import CHUNK, FileEntry, safe_relative


def storage_for(alias: str) -> Storage:
    return storages[alias]


def nested_prefix(outer: Storage, inner: Storage) -> str | None:
    """The folder of ``outer`` that is ``inner``'s whole content, if ``inner`` lives inside it.

    On disk the private storage is ``MEDIA_ROOT/private``, inside the default storage's
    ``MEDIA_ROOT``; in a bucket it may be a key prefix of the same bucket. Walking ``default``
    must skip that folder, or every private file would be backed up twice (once as public).
    """
    if isinstance(outer, FileSystemStorage) and isinstance(inner, FileSystemStorage):
        try:
            relative = Path(inner.location).resolve().relative_to(Path(outer.location).resolve())
        except ValueError:
            return None
        return relative.as_posix() if relative.parts else None
    outer_bucket = getattr(outer, "bucket_name", None)
    if outer_bucket is None or outer_bucket != getattr(inner, "bucket_name", None):
        return None
    outer_prefix = str(getattr(outer, "location", "") or "").strip("/")
    inner_prefix = str(getattr(inner, "location", "") or "").strip("/")
    if inner_prefix == outer_prefix:
        return None
    if not outer_prefix:
        return inner_prefix
    if inner_prefix.startswith(outer_prefix + "/"):
        return inner_prefix[len(outer_prefix) + 1 :]
    return None


def excluded_prefix(alias: str) -> str | None:
    """What the walk of ``alias`` leaves out: the other storage, when it is nested in this one."""
    other = "private" if alias == "default" else "default"
    return nested_prefix(storage_for(alias), storage_for(other))


def walk(storage: Storage, *, skip: str | None = None, folder: str = "") -> Iterator[str]:
    """Every file name in ``storage`` (sorted, depth first), leaving out the folder ``skip``."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # a FileSystemStorage whose folder was never created: empty
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for name in sorted(directories):
        path = posixpath.join(folder, name)
        if path != skip:
            yield from walk(storage, skip=skip, folder=path)


def storage_files(alias: str) -> Iterator[str]:
    """Every file of the storage named ``alias`` (``default`` or ``private``)."""
    return walk(storage_for(alias), skip=excluded_prefix(alias))


def copy_out(alias: str, name: str, target: Path) -> FileEntry | None:
    """Copy one file of a storage to ``target``; its entry, or None if it vanished meanwhile.

    The checksum is taken from the bytes as they are written, so the manifest describes the
    copy, even if the file were replaced in the storage a moment later.
    """
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        source = storage_for(alias).open(name, "rb")
    except FileNotFoundError:
        return None  # deleted between the listing and now (retention, erasure): not backed up
    with source, target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return FileEntry(name, size, digest.hexdigest())


def copy_in(alias: str, entry: FileEntry, source: Path) -> None:
    """Save one backed-up file into a storage under exactly its old name."""
    storage = storage_for(alias)
    with source.open("rb") as handle:
        saved = storage.save(entry.path, File(handle, name=safe_relative(entry.path).name))
    if saved != entry.path:  # the storage renamed it: a file of that name appeared meanwhile
        raise BackupRefused(
            _("%(alias)s: %(path)s blev gemt som %(saved)s; lageret er ikke længere tomt.")
            % {"alias": alias, "path": entry.path, "saved": saved}
        )


def first_file(alias: str) -> str | None:
    """Any one file of the storage, or None when it is empty."""
    return next(iter(storage_files(alias)), None)
