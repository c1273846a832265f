"""Attachments of log entries: photos and documents, checked by their content before anything is
written, photos normalised (upright, at most 2000 px, no EXIF or GPS left), stored in the private
storage; files stored by a write that then fails are deleted again by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core import uploads
from onsite.models import AttachmentKind, LogAttachment, LogEntry
from organisations.models import User

# Bytes and pixels per file come from the one upload policy in ``core.uploads``.
MAX_FILES_PER_FIELD = 10


@dataclass(frozen=True)
class CheckedUpload:
    """A checked upload, ready to store: the bytes to keep and what they are."""

    kind: str
    content: File
    content_type: str
    extension: str
    size: int
    original_name: str
    width: int | None = None
    height: int | None = None


def _file_errors(name: str, error: ValidationError) -> list[str]:
    return [_("%(name)s: %(problem)s") % {"name": name, "problem": m} for m in error.messages]


def _clean_name(file: UploadedFile) -> str:
    return PurePosixPath(file.name or "").name[:200]


def check_photo(file: UploadedFile) -> CheckedUpload:
    uploads.upload_check(file, kinds=uploads.IMAGES)  # pixels from the header, before decoding
    image = uploads.image_normalise(file)  # upright, ≤ 2000 px, no EXIF or GPS left
    return CheckedUpload(
        kind=AttachmentKind.IMAGE,
        content=image.content,
        content_type=uploads.JPEG.mime,
        extension=uploads.JPEG.extension,
        size=image.content.size,
        original_name=_clean_name(file),
        width=image.width,
        height=image.height,
    )


def check_document(file: UploadedFile) -> CheckedUpload:
    kind = uploads.upload_check(file, kinds=uploads.DOCUMENTS)
    return CheckedUpload(
        kind=AttachmentKind.DOCUMENT,
        content=file,
        content_type=kind.mime,
        extension=kind.extension,
        size=file.size or 0,
        original_name=_clean_name(file),
    )


def check_files(
    files: Sequence[UploadedFile], field: str, check: object, errors: dict[str, list[str]]
) -> list[CheckedUpload]:
    if len(files) > MAX_FILES_PER_FIELD:
        errors.setdefault(field, []).append(
            _("Vælg højst %(count)s filer ad gangen.") % {"count": MAX_FILES_PER_FIELD}
        )
        return []
    checked = []
    for file in files:
        try:
            checked.append(check(file))  # type: ignore[operator]
        except ValidationError as error:
            errors.setdefault(field, []).extend(_file_errors(_clean_name(file), error))
    return checked


def _storage() -> Storage:
    return LogAttachment._meta.get_field("file").storage


def store(
    entry: LogEntry, checked: Iterable[CheckedUpload], actor: User, stored: list[str]
) -> None:
    """Save the checked uploads as ``entry``'s attachments; each stored file's name goes into
    ``stored`` at once, so that a caller whose transaction fails can delete them again."""
    for upload in checked:
        attachment = LogAttachment(
            entry=entry,
            kind=upload.kind,
            content_type=upload.content_type,
            size=upload.size,
            original_name=upload.original_name,
            width=upload.width,
            height=upload.height,
            uploaded_by=actor,
        )
        attachment.file.save(f"bilag.{upload.extension}", upload.content, save=False)
        stored.append(attachment.file.name)
        attachment.save()


def delete_files(names: Iterable[str]) -> None:
    storage = _storage()
    for name in names:
        storage.delete(name)
