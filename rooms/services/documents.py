"""Writes of a room's documents: folders, upload, new versions, move and delete.

Every file is checked by its content before anything is stored (``core.uploads``: a file whose
content is not what its name says, or one over the size limit, is refused), kept in the private
storage and handed out only by the access-checked download view. A new version never replaces
the old ones. Its number is taken under a row lock on the document, so two people uploading at
once never get the same number (the database's unique constraint is the last guard). A
refusal or a failed write leaves no file behind; a deleted document's files go once the delete
commits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core import uploads
from core.db import save_or_refuse
from organisations.models import User
from rooms import access
from rooms.models import ActivityVerb, Document, DocumentVersion, Folder, Room
from rooms.services.activity import activity_record

# What a project web holds: the kinds of a drejebog's documents, and plain text.
DOCUMENT_KINDS = (
    uploads.PDF,
    uploads.DOCX,
    uploads.XLSX,
    uploads.PPTX,
    uploads.ODT,
    uploads.ODS,
    uploads.JPEG,
    uploads.PNG,
    uploads.TXT,
)


def _folder_exists() -> str:
    return _("Der er allerede en mappe med det navn i rummet.")


def _check_contributes(actor: User, room: Room) -> None:
    if not access.is_contributor(actor, room):
        raise ValidationError(_("Kun rummets ejere og medlemmer kan lægge dokumenter op."))


def _checked(file: UploadedFile) -> tuple[uploads.Kind, File, str]:
    """The file's kind, what to store (an image without its metadata) and its own name."""
    try:
        kind = uploads.upload_check(file, kinds=DOCUMENT_KINDS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    content: File = file
    if kind.is_image:
        # A phone photo of the whiteboard must not carry where it was taken (EXIF, GPS).
        content = uploads.image_metadata_strip(file, kind=kind) or file
    original = PurePosixPath(file.name or "").name[:255] or f"dokument.{kind.extension}"
    return kind, content, original


def _document_path(document: Document) -> str:
    return reverse("rooms:document", kwargs={"pk": document.room_id, "doc": document.pk})


def _folder_in_room(folder: Folder | None, room: Room) -> None:
    if folder is not None and folder.room_id != room.pk:
        raise ValidationError({"folder": _("Mappen findes ikke i dette rum.")})


def _files_delete(files: list[FieldFile]) -> None:
    for file in files:
        if file.name:
            file.storage.delete(file.name)


def _cleaned_up(write: Callable[[list[FieldFile]], DocumentVersion]) -> DocumentVersion:
    """Run ``write``, deleting the files it stored if it fails (nothing half-saved)."""
    stored: list[FieldFile] = []
    try:
        return write(stored)
    except BaseException:
        _files_delete(stored)
        raise


def _version_store(
    *,
    document: Document,
    kind: uploads.Kind,
    content: File,
    original: str,
    actor: User,
    comment: str,
    stored: list[FieldFile],
) -> DocumentVersion:
    """The next version of a document the caller has locked, saved with its file."""
    latest = document.versions.aggregate(latest=Max("number"))["latest"] or 0
    version = DocumentVersion(
        document=document,
        number=latest + 1,
        original_name=original,
        size=content.size or 0,
        content_type=kind.mime,
        comment=comment.strip()[:250],
        uploaded_by=actor,
    )
    version.file.save(f"dokument.{kind.extension}", content, save=False)
    stored.append(version.file)
    version.full_clean(exclude=["file", "document"])
    version.save()
    document.version_count = version.number
    document.save(update_fields=["version_count", "updated_at"])
    return version


@transaction.atomic
def folder_create(*, actor: User, room: Room, name: str) -> Folder:
    """A new folder in the room (contributors); two folders in one room never share a name."""
    _check_contributes(actor, room)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Skriv mappens navn.")})
    if Folder.objects.filter(room=room, name__iexact=name).exists():
        raise ValidationError({"name": _folder_exists()})
    folder = Folder(room=room, name=name)
    folder.full_clean()
    # Two people creating the same folder at once: the constraint lets one through.
    save_or_refuse(folder, field="name", message=_folder_exists())
    log(room, "rooms.folder.create", user=actor, data={"folder": folder.pk, "name": name})
    return folder


def document_create(
    *,
    actor: User,
    room: Room,
    file: UploadedFile,
    title: str = "",
    folder: Folder | None = None,
    description: str = "",
) -> Document:
    """A new document in the room with ``file`` as its version 1 (contributors)."""
    _check_contributes(actor, room)
    _folder_in_room(folder, room)
    kind, content, original = _checked(file)
    title = (title.strip() or PurePosixPath(original).stem or _("Dokument"))[:200]

    @transaction.atomic
    def write(stored: list[FieldFile]) -> DocumentVersion:
        document = Document(
            room=room,
            folder=folder,
            title=title,
            description=description.strip(),
            created_by=actor,
        )
        document.full_clean(exclude=["version_count"])
        document.save()
        version = _version_store(
            document=document,
            kind=kind,
            content=content,
            original=original,
            actor=actor,
            comment="",
            stored=stored,
        )
        activity_record(
            room=room,
            actor=actor,
            verb=ActivityVerb.DOCUMENT,
            subject=document.title,
            path=_document_path(document),
        )
        log(room, "rooms.document.create", user=actor, data={"document": document.pk})
        return version

    return _cleaned_up(write).document


def version_add(
    *, actor: User, document: Document, file: UploadedFile, comment: str = ""
) -> DocumentVersion:
    """A new version of ``document`` (contributors); the old versions are kept.

    The number is taken under a lock on the document's row, so simultaneous uploads queue up
    and get consecutive numbers.
    """
    room = document.room
    _check_contributes(actor, room)
    kind, content, original = _checked(file)

    @transaction.atomic
    def write(stored: list[FieldFile]) -> DocumentVersion:
        locked = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
        version = _version_store(
            document=locked,
            kind=kind,
            content=content,
            original=original,
            actor=actor,
            comment=comment,
            stored=stored,
        )
        activity_record(
            room=room,
            actor=actor,
            verb=ActivityVerb.DOCUMENT_VERSION,
            subject=locked.title,
            path=_document_path(locked),
        )
        log(
            room,
            "rooms.document.version",
            user=actor,
            data={"document": locked.pk, "version": version.number},
        )
        return version

    version = _cleaned_up(write)
    document.version_count = version.number
    return version


@transaction.atomic
def document_move(*, actor: User, document: Document, folder: Folder | None) -> Document:
    """Put a document in another folder of its room, or in none (contributors)."""
    room = document.room
    if not access.document_actions_for(actor, room, document).can_move:
        raise ValidationError(_("Kun rummets ejere og medlemmer kan flytte dokumenter."))
    _folder_in_room(folder, room)
    document.folder = folder
    document.save(update_fields=["folder", "updated_at"])
    log(
        room,
        "rooms.document.move",
        user=actor,
        data={"document": document.pk, "folder": folder.pk if folder else None},
    )
    return document


@transaction.atomic
def document_delete(*, actor: User, document: Document) -> None:
    """Delete a document and all its versions (owners, or whoever uploaded version 1).

    The files are deleted once the delete commits, so a rollback keeps them.
    """
    room = document.room
    if not access.document_actions_for(actor, room, document).can_delete:
        raise ValidationError(
            _("Kun rummets ejere eller den, der lagde dokumentet op, kan slette det.")
        )
    files = [version.file for version in document.versions.all()]
    pk, title = document.pk, document.title
    document.delete()
    transaction.on_commit(lambda: _files_delete(files))
    log(room, "rooms.document.delete", user=actor, data={"document": pk, "title": title})
