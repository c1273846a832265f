"""Writes of a milestone's documents and its decision log (beslutningslog).

A document is checked by its content before anything is stored (``core.uploads``: a file whose
content is not what its name says is refused), kept in the private storage and handed out only
by an access-checked view. The uploader or a leader may delete it. Every change records a
``ProcessEvent`` and writes Wagtail's audit log.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core import uploads
from organisations.models import User
from processes import access
from processes.models import Milestone, MilestoneDecision, MilestoneDocument, Process
from processes.services.processes import check_running, process_event

# What a drejebog's documents are: agreements, minutes, plans, spreadsheets and photos.
DOCUMENT_KINDS = (
    uploads.PDF,
    uploads.DOCX,
    uploads.XLSX,
    uploads.PPTX,
    uploads.ODT,
    uploads.ODS,
    uploads.JPEG,
    uploads.PNG,
)


def check_contributes(actor: User, process: Process) -> None:
    """Only the process's people (and its leaders) add documents, decisions and answers."""
    if not access.may_contribute(actor, process):
        raise ValidationError(_("Du kan ikke ændre i dette forløb."))


def _checked(file: UploadedFile) -> uploads.Kind:
    try:
        kind = uploads.upload_check(file, kinds=DOCUMENT_KINDS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    return kind


def document_add(
    *, actor: User, milestone: Milestone, file: UploadedFile, title: str = ""
) -> MilestoneDocument:
    """Store a checked document on a milestone (private storage) and record it.

    The file is checked before anything is stored; if the write then fails, the stored file is
    deleted again, so a refusal leaves nothing behind.
    """
    process = milestone.process
    check_contributes(actor, process)
    check_running(process)
    kind = _checked(file)
    original = PurePosixPath(file.name or "").name[:200]
    content: File = file
    if kind.is_image:
        # A phone photo of the whiteboard must not carry where it was taken (EXIF, GPS).
        content = uploads.image_metadata_strip(file, kind=kind) or file
    document = MilestoneDocument(
        milestone=milestone,
        title=(title.strip() or PurePosixPath(original).stem or _("Dokument"))[:200],
        content_type=kind.mime,
        size=content.size or 0,
        original_name=original,
        uploaded_by=actor,
    )
    document.file.save(f"dokument.{kind.extension}", content, save=False)
    stored = document.file.name
    try:
        _document_record(actor=actor, document=document)
    except BaseException:
        document.file.storage.delete(stored)
        raise
    return document


@transaction.atomic
def _document_record(*, actor: User, document: MilestoneDocument) -> None:
    milestone = document.milestone
    process = milestone.process
    check_running(Process.objects.select_for_update().get(pk=process.pk))
    document.full_clean(exclude=["file"])
    document.save()
    process_event(
        process=process,
        milestone=milestone,
        actor=actor,
        action="document_added",
        comment=_("%(milestone)s: dokumentet »%(title)s« er uploadet.")
        % {"milestone": str(milestone), "title": document.title},
    )
    log(process, "processes.document.add", user=actor, data={"document": document.pk})


@transaction.atomic
def document_delete(*, actor: User, document: MilestoneDocument) -> None:
    """Delete a document (its uploader or a leader); the file goes once the delete commits."""
    milestone = document.milestone
    process = milestone.process
    if not access.document_actions(actor, document).can_delete:
        raise ValidationError(
            _("Kun den, der uploadede dokumentet, eller en leder kan slette det.")
        )
    check_running(process)
    storage, name, title = document.file.storage, document.file.name, document.title
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
    process_event(
        process=process,
        milestone=milestone,
        actor=actor,
        action="document_deleted",
        comment=_("%(milestone)s: dokumentet »%(title)s« er slettet.")
        % {"milestone": str(milestone), "title": title},
    )
    log(process, "processes.document.delete", user=actor, data={"title": title})


@transaction.atomic
def decision_add(
    *, actor: User, milestone: Milestone, decided_on: date, text: str
) -> MilestoneDecision:
    """Add a line to the milestone's decision log (beslutningslog)."""
    process = milestone.process
    check_contributes(actor, process)
    check_running(process)
    decision = MilestoneDecision(
        milestone=milestone, decided_on=decided_on, text=text.strip(), recorded_by=actor
    )
    decision.full_clean()
    decision.save()
    process_event(
        process=process,
        milestone=milestone,
        actor=actor,
        action="decision_added",
        comment=_("%(milestone)s: beslutning %(date)s: %(text)s")
        % {
            "milestone": str(milestone),
            "date": date_format(decided_on, "j. F Y"),
            "text": decision.text,
        },
    )
    log(process, "processes.decision.add", user=actor, data={"decision": decision.pk})
    return decision
