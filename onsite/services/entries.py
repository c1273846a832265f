"""Writes of the learning log (læringslog): entries, their attachments and their workflow.

    draft ─▶ submitted ─▶ approved ─(revise)─▶ draft (revision + 1) ─▶ …
                 │
                 └─▶ returned (with a comment) ─▶ submitted

* The author writes and changes an entry while it is a draft or returned.
* A project leader who is not the author approves it or sends it back with a comment.
* Approval freezes the entry into a ``LogEntryRevision`` and records competence evidence for
  every participant × competence through ``competencies.services.evidence_record``; when a later
  revision is approved, the evidence of the one before is withdrawn with a reason. Evidence never
  changes silently.
* Participants co-sign (medunderskriver) a submitted or approved entry once per revision.

Every step writes an ``EntryEvent`` (a status change, or a co-signature when the status stays
the same) and Wagtail's audit log; e-mails are enqueued once the transaction commits.

Uploads are checked by their content before anything is written. If writing fails half-way,
the files already stored are deleted again, so a refused entry leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competencies.models import Competence, EvidenceSource
from competencies.services import evidence_record, evidence_withdraw_source
from onsite import access
from onsite.models import (
    BuildingProject,
    EntryCompetence,
    EntryEvent,
    EntryParticipant,
    EntryStatus,
    LogEntry,
    LogEntryRevision,
    ProjectMember,
    ProjectParty,
)
from onsite.services import attachments
from organisations.models import User

MAX_COMPETENCES = 3
EDITABLE = access.EDITABLE
COSIGNABLE = access.COSIGNABLE
ENTRY_FIELDS = (
    "occurred_on",
    "kind",
    "title",
    "what_happened",
    "what_we_learned",
    "do_differently",
    "guide",
    "tool",
    "effect_category",
)


@dataclass(frozen=True)
class CompetenceLevel:
    """A competence exercised in the entry, and at what level (1–4)."""

    competence: Competence
    level: int


# --- Who may do what: the access policy (``onsite.access``) decides -------------------------


def allowed_actions(user: User, entry: LogEntry, *, is_leader: bool) -> set[str]:
    """The workflow steps the person may take on the entry now, by name (``onsite.access``)."""
    return access.entry_actions(user, entry, is_leader=is_leader).steps


# --- Validation (reads only) ---------------------------------------------------------------


def _check_people_and_parties(
    project: BuildingProject,
    participants: Sequence[User],
    parties: Sequence[ProjectParty],
    errors: dict[str, list[str]],
) -> None:
    user_ids = {user.pk for user in participants}
    members = ProjectMember.objects.filter(project=project, user_id__in=user_ids).count()
    if members != len(user_ids):
        errors["participants"] = [_("Deltagerne skal være med på byggesagen.")]
    if any(party.project_id != project.pk for party in parties):
        errors["parties"] = [_("Parterne skal høre til byggesagen.")]


def _check_competences(
    competences: Sequence[CompetenceLevel], errors: dict[str, list[str]]
) -> None:
    if len(competences) > MAX_COMPETENCES:
        errors["competences"] = [
            _("Vælg højst %(count)s kompetencer.") % {"count": MAX_COMPETENCES}
        ]
    elif len({c.competence.pk for c in competences}) != len(competences):
        errors["competences"] = [_("Den samme kompetence er valgt to gange.")]
    elif any(not 1 <= c.level <= 4 for c in competences):
        errors["competences"] = [_("Niveauet skal være mellem 1 og 4.")]
    elif any(not c.competence.is_active for c in competences):
        errors["competences"] = [_("En af kompetencerne er ikke længere i brug.")]


def _validate(
    entry: LogEntry,
    *,
    participants: Sequence[User],
    parties: Sequence[ProjectParty],
    competences: Sequence[CompetenceLevel],
    photos: Sequence[UploadedFile],
    documents: Sequence[UploadedFile],
) -> list[attachments.CheckedUpload]:
    """Every problem at once, as field errors; writes nothing. Returns the checked uploads."""
    errors: dict[str, list[str]] = {}
    try:
        entry.full_clean(exclude=["project", "author"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if entry.occurred_on and entry.occurred_on > timezone.localdate():
        errors.setdefault("occurred_on", []).append(_("Datoen kan ikke ligge i fremtiden."))
    _check_people_and_parties(entry.project, participants, parties, errors)
    _check_competences(competences, errors)
    checked = attachments.check_files(photos, "photos", attachments.check_photo, errors)
    checked += attachments.check_files(documents, "documents", attachments.check_document, errors)
    if errors:
        raise ValidationError(errors)
    return checked


# --- Writing --------------------------------------------------------------------------------


def _set_participants(entry: LogEntry, participants: Sequence[User]) -> None:
    """Keep the rows of people who stay, add the new ones; signatures start over."""
    wanted = {user.pk for user in participants}
    entry.participants.exclude(user_id__in=wanted).delete()
    entry.participants.update(co_signed_at=None)
    present = set(entry.participants.values_list("user_id", flat=True))
    EntryParticipant.objects.bulk_create(
        EntryParticipant(entry=entry, user_id=pk) for pk in wanted - present
    )


def _set_relations(
    entry: LogEntry,
    participants: Sequence[User],
    parties: Sequence[ProjectParty],
    competences: Sequence[CompetenceLevel],
) -> None:
    _set_participants(entry, participants)
    entry.parties.set(parties)
    entry.competences.all().delete()
    EntryCompetence.objects.bulk_create(
        EntryCompetence(entry=entry, competence=c.competence, level=c.level) for c in competences
    )


def _event(entry: LogEntry, *, from_status: str, actor: User, comment: str = "") -> EntryEvent:
    return EntryEvent.record(
        entry, from_status=from_status, to_status=entry.status, actor=actor, comment=comment
    )


def _notify(event: EntryEvent) -> None:
    from core.tasks import enqueue_on_commit
    from onsite.tasks_log import log_notify

    enqueue_on_commit(log_notify, "entry_event", event.pk)


def _lock(entry: LogEntry) -> LogEntry:
    # Only the entry's row is locked (PostgreSQL refuses FOR UPDATE across the outer join
    # to a missing guide, and the project must stay free for the other entries).
    return (
        LogEntry.objects.select_for_update(of=("self",))
        .select_related("project__organisation", "guide")
        .get(pk=entry.pk)
    )


def log_entry_create(
    *,
    project: BuildingProject,
    author: User,
    participants: Sequence[User] = (),
    parties: Sequence[ProjectParty] = (),
    competences: Sequence[CompetenceLevel] = (),
    photos: Sequence[UploadedFile] = (),
    documents: Sequence[UploadedFile] = (),
    submit: bool = False,
    **fields: object,
) -> LogEntry:
    """Write a new entry as a draft (and submit it at once when ``submit``).

    Fields: ``ENTRY_FIELDS``. Refused with field errors, and nothing stored: a date in the
    future, people or parties not on the project, more than three competences, a file whose
    content is not an allowed type or that is too large.
    """
    _check_fields(fields)
    if not access.can_log(author, project):
        raise ValidationError(_("Kun byggesagens deltagere kan skrive i læringsloggen."))
    entry = LogEntry(project=project, author=author, **fields)
    stored: list[str] = []
    try:
        with transaction.atomic():
            checked = _validate(
                entry,
                participants=participants,
                parties=parties,
                competences=competences,
                photos=photos,
                documents=documents,
            )
            entry.save()
            _set_relations(entry, participants, parties, competences)
            attachments.store(entry, checked, author, stored)
            _event(entry, from_status="", actor=author)
            log(entry, "onsite.entry.create", user=author)
            if submit:
                _submit(entry, author)
    except BaseException:
        attachments.delete_files(stored)
        raise
    return entry


def _check_fields(fields: dict[str, object]) -> None:
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected log entry fields: {sorted(unknown)}")


def log_entry_update(
    *,
    entry: LogEntry,
    actor: User,
    participants: Sequence[User] = (),
    parties: Sequence[ProjectParty] = (),
    competences: Sequence[CompetenceLevel] = (),
    photos: Sequence[UploadedFile] = (),
    documents: Sequence[UploadedFile] = (),
    remove_attachments: Iterable[int] = (),
    submit: bool = False,
    **fields: object,
) -> LogEntry:
    """The author changes a draft or returned entry; co-signatures start over.

    Refused like ``log_entry_create``; removed attachments' files go once committed.
    """
    _check_fields(fields)
    stored: list[str] = []
    try:
        with transaction.atomic():
            entry = _lock(entry)
            _check_author_may_edit(entry, actor)
            for name, value in fields.items():
                setattr(entry, name, value)
            checked = _validate(
                entry,
                participants=participants,
                parties=parties,
                competences=competences,
                photos=photos,
                documents=documents,
            )
            entry.save()
            _set_relations(entry, participants, parties, competences)
            _remove_attachments(entry, remove_attachments)
            attachments.store(entry, checked, actor, stored)
            log(entry, "onsite.entry.update", user=actor)
            if submit:
                _submit(entry, actor)
    except BaseException:
        attachments.delete_files(stored)
        raise
    return entry


def _check_author_may_edit(entry: LogEntry, actor: User) -> None:
    if not access.is_author(actor, entry):
        raise ValidationError(_("Kun den, der har skrevet indlægget, kan rette det."))
    if entry.status not in EDITABLE:
        raise ValidationError(
            _("Indlægget kan kun rettes som kladde eller når det er sendt retur.")
        )


def _remove_attachments(entry: LogEntry, ids: Iterable[int]) -> None:
    doomed = list(entry.attachments.filter(pk__in=list(ids)))
    names = [attachment.file.name for attachment in doomed]
    for attachment in doomed:
        attachment.delete()
    if names:
        # Only once the rows are gone for good: a rolled-back change keeps its files.
        transaction.on_commit(lambda: attachments.delete_files(names))


def _submit(entry: LogEntry, actor: User) -> None:
    previous = entry.status
    entry.status = EntryStatus.SUBMITTED
    entry.submitted_at = timezone.now()
    entry.save(update_fields=["status", "submitted_at", "updated_at"])
    event = _event(entry, from_status=previous, actor=actor)
    log(entry, "onsite.entry.submit", user=actor)
    _notify(event)


@transaction.atomic
def log_entry_submit(*, entry: LogEntry, actor: User) -> LogEntry:
    """The author sends a draft or returned entry to the project's leaders for approval."""
    entry = _lock(entry)
    if not access.is_author(actor, entry):
        raise ValidationError(_("Kun den, der har skrevet indlægget, kan indsende det."))
    if entry.status not in EDITABLE:
        raise ValidationError(_("Indlægget er allerede indsendt."))
    _submit(entry, actor)
    return entry


def _check_reviewer(entry: LogEntry, actor: User, *, verb: str) -> None:
    if entry.status != EntryStatus.SUBMITTED:
        raise ValidationError(_("Kun indsendte logindlæg kan behandles."))
    if access.is_author(actor, entry):
        raise ValidationError(
            _("Du kan ikke godkende dit eget logindlæg.")
            if verb == "approve"
            else _("Du kan ikke sende dit eget logindlæg retur.")
        )
    if not access.is_project_leader(actor, entry.project):
        raise ValidationError(_("Kun byggesagens projektledere kan godkende logindlæg."))


@transaction.atomic
def log_entry_approve(*, entry: LogEntry, actor: User, comment: str = "") -> LogEntry:
    """A project leader who is not the author approves: a frozen revision and its evidence.

    Every participant gets evidence for every competence of the entry, at the entry's level.
    The evidence of the previous approved revision (if any) is withdrawn now, not before.
    """
    entry = _lock(entry)
    _check_reviewer(entry, actor, verb="approve")
    now = timezone.now()
    entry.status = EntryStatus.APPROVED
    entry.approved_by = actor
    entry.approved_at = now
    entry.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    revision = LogEntryRevision.objects.create(
        entry=entry,
        number=entry.revision,
        snapshot=entry_snapshot(entry),
        approved_by=actor,
        approved_at=now,
    )
    _record_evidence(entry, revision, actor)
    _withdraw_previous(entry, revision, actor)
    event = _event(entry, from_status=EntryStatus.SUBMITTED, actor=actor, comment=comment)
    log(entry, "onsite.entry.approve", user=actor, data={"revision": revision.number})
    _notify(event)
    return entry


def _record_evidence(entry: LogEntry, revision: LogEntryRevision, actor: User) -> None:
    competences = list(entry.competences.select_related("competence"))
    participants = list(entry.participants.select_related("user"))
    with translation.override("da"):
        title = _("Læringslog: %(title)s (%(project)s)") % {
            "title": entry.title,
            "project": entry.project.name,
        }
    for participant in participants:
        for exercised in competences:
            evidence_record(
                user=participant.user,
                competence=exercised.competence,
                level=exercised.level,
                source=EvidenceSource.ONSITE,
                achieved_on=entry.occurred_on,
                title=title,
                source_ref=revision.evidence_ref,
                guide=entry.guide,
                organisation=entry.project.organisation,
                recorded_by=actor,
            )


def _withdraw_previous(entry: LogEntry, revision: LogEntryRevision, actor: User) -> None:
    previous = entry.revisions.filter(number__lt=revision.number).order_by("-number").first()
    if previous is None:
        return
    with translation.override("da"):
        reason = _("Erstattet af revision %(number)s") % {"number": revision.number}
    evidence_withdraw_source(
        source=EvidenceSource.ONSITE, source_ref=previous.evidence_ref, reason=reason, actor=actor
    )


@transaction.atomic
def log_entry_return(*, entry: LogEntry, actor: User, comment: str) -> LogEntry:
    """A project leader sends a submitted entry back to its author, saying what to change."""
    entry = _lock(entry)
    _check_reviewer(entry, actor, verb="return")
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Skriv, hvad der skal rettes, før indlægget sendes retur.")}
        )
    entry.status = EntryStatus.RETURNED
    entry.save(update_fields=["status", "updated_at"])
    event = _event(entry, from_status=EntryStatus.SUBMITTED, actor=actor, comment=comment.strip())
    log(entry, "onsite.entry.return", user=actor)
    _notify(event)
    return entry


@transaction.atomic
def log_entry_cosign(*, entry: LogEntry, actor: User) -> EntryParticipant:
    """A participant confirms (medunderskriver) a submitted or approved entry, once."""
    entry = _lock(entry)
    participant = (
        EntryParticipant.objects.select_for_update(of=("self",))
        .filter(entry=entry, user=actor)
        .first()
    )
    if participant is None:
        raise ValidationError(_("Kun deltagerne i indlægget kan medunderskrive det."))
    if access.is_author(actor, entry):
        raise ValidationError(_("Du har selv skrevet indlægget og skal ikke medunderskrive det."))
    if entry.status not in COSIGNABLE:
        raise ValidationError(_("Indlægget kan medunderskrives, når det er indsendt."))
    if participant.co_signed_at is not None:
        raise ValidationError(_("Du har allerede medunderskrevet indlægget."))
    participant.co_signed_at = timezone.now()
    participant.save(update_fields=["co_signed_at"])
    _event(entry, from_status=entry.status, actor=actor)  # same status: a co-signature
    log(entry, "onsite.entry.cosign", user=actor)
    return participant


@transaction.atomic
def log_entry_revise(*, entry: LogEntry, actor: User) -> LogEntry:
    """The author reopens an approved entry as a new revision (a draft).

    The approved revision and its evidence stay as they are until the new revision is
    approved; only then is the old evidence withdrawn.
    """
    entry = _lock(entry)
    if not access.is_author(actor, entry):
        raise ValidationError(_("Kun den, der har skrevet indlægget, kan lave en ny revision."))
    if entry.status != EntryStatus.APPROVED:
        raise ValidationError(_("Kun godkendte logindlæg kan revideres."))
    entry.status = EntryStatus.DRAFT
    entry.revision += 1
    entry.approved_by = None
    entry.approved_at = None
    entry.submitted_at = None
    entry.save(
        update_fields=[
            "status",
            "revision",
            "approved_by",
            "approved_at",
            "submitted_at",
            "updated_at",
        ]
    )
    entry.participants.update(co_signed_at=None)  # the new revision is signed anew
    _event(entry, from_status=EntryStatus.APPROVED, actor=actor)
    log(entry, "onsite.entry.revise", user=actor, data={"revision": entry.revision})
    return entry


def entry_snapshot(entry: LogEntry) -> dict[str, object]:
    """The entry as approved, in plain JSON: what the revision froze."""
    participants = entry.participants.select_related("user").order_by("user__first_name")
    return {
        "revision": entry.revision,
        "occurred_on": entry.occurred_on.isoformat(),
        "kind": entry.kind,
        "title": entry.title,
        "what_happened": entry.what_happened,
        "what_we_learned": entry.what_we_learned,
        "do_differently": entry.do_differently,
        "guide": {"code": entry.guide.code, "title": entry.guide.title} if entry.guide else None,
        "tool": entry.tool,
        "effect_category": entry.effect_category,
        "author": {"id": entry.author_id, "name": entry.author.name},
        "parties": [
            {"id": p.pk, "name": p.name, "role": p.role} for p in entry.parties.order_by("name")
        ],
        "participants": [
            {
                "id": p.user_id,
                "name": p.user.name,
                "co_signed_at": p.co_signed_at.isoformat() if p.co_signed_at else None,
            }
            for p in participants
        ],
        "competences": [
            {"code": c.competence.code, "name": c.competence.name, "level": c.level}
            for c in entry.competences.select_related("competence")
        ],
        "attachments": [
            {"id": a.pk, "kind": a.kind, "name": a.original_name, "type": a.content_type}
            for a in entry.attachments.all()
        ],
    }
