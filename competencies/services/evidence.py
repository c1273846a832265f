"""Writes of evidence: from courses and building sites, prior learning, assessments.

``evidence_record`` is the seam between the pillars: the courses app calls it when an enrolment
completes and the onsite app when a log entry is approved. It is idempotent on
(person, competence, source, source_ref), so a retried call records nothing twice. Evidence is
never edited: it is withdrawn (with a reason, kept in the history) and, where needed, recorded
anew.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competencies import access
from competencies.models import (
    Competence,
    Evidence,
    EvidenceSource,
    EvidenceStatus,
    Guide,
    GuideCompetence,
)
from competencies.services.plans import check_level
from core import uploads
from core.db import save_or_existing
from organisations.models import Organisation, User

# Limits per kind (document / image) come from the one upload policy in ``core.uploads``.
EVIDENCE_KINDS = (*uploads.DOCUMENTS, uploads.JPEG, uploads.PNG)


def _check_level_and_expiry(*, level: int, achieved_on: date, expires_on: date | None) -> None:
    check_level(level, "level")
    if expires_on is not None and achieved_on is not None and expires_on <= achieved_on:
        raise ValidationError({"expires_on": _("Udløbsdatoen skal ligge efter datoen.")})


def _check_terms(
    *, competence: Competence, level: int, achieved_on: date, expires_on: date | None, field: str
) -> None:
    """What a person or manager types: level 1–4, a competence in use, no future date, an
    expiry after the date; each message beside its field."""
    if not competence.is_active:
        raise ValidationError({"competence": _("Kompetencen er ikke længere i brug.")})
    if achieved_on is not None and achieved_on > timezone.localdate():
        raise ValidationError({field: _("Datoen kan ikke ligge i fremtiden.")})
    _check_level_and_expiry(level=level, achieved_on=achieved_on, expires_on=expires_on)


@transaction.atomic
def evidence_record(
    *,
    user: User,
    competence: Competence,
    level: int,
    source: str,
    achieved_on: date,
    title: str,
    source_ref: str = "",
    guide: Guide | None = None,
    organisation: Organisation | None = None,
    expires_on: date | None = None,
    note: str = "",
    recorded_by: User | None = None,
) -> Evidence:
    """Record approved evidence (course, on-site or assessment); the same source_ref once."""
    if source_ref:
        existing = _recorded(user, competence, source, source_ref)
        if existing is not None:
            return existing
    # Callers (courses, onsite) pass dates of their own; only the level and expiry are checked.
    _check_level_and_expiry(level=level, achieved_on=achieved_on, expires_on=expires_on)
    evidence = Evidence(
        user=user,
        competence=competence,
        level=level,
        source=source,
        status=EvidenceStatus.APPROVED,
        achieved_on=achieved_on,
        expires_on=expires_on,
        title=title[:300],
        note=note,
        guide=guide,
        organisation=organisation,
        source_ref=source_ref,
        recorded_by=recorded_by,
    )
    evidence.full_clean()
    if source_ref:
        # A retried call running at once with the first (a Celery retry, a double approval)
        # passed the check above too; the constraint decides, and the loser returns the
        # winner's row: idempotent, not an error.
        evidence, created = save_or_existing(
            evidence, existing=lambda: _recorded(user, competence, source, source_ref)
        )
        if not created:
            return evidence
    else:
        evidence.save()
    log(evidence, "lms.evidence.record", user=recorded_by)
    return evidence


def _recorded(user: User, competence: Competence, source: str, source_ref: str) -> Evidence | None:
    """The evidence already recorded from this source, if any."""
    return Evidence.objects.filter(
        user=user, competence=competence, source=source, source_ref=source_ref
    ).first()


@transaction.atomic
def evidence_from_course(
    *,
    user: User,
    guide: Guide,
    completed_on: date,
    course_title: str,
    source_ref: str,
    organisation: Organisation | None = None,
    expires_on: date | None = None,
) -> list[Evidence]:
    """A completed course: evidence for each competence its guide builds, at the guide's level."""
    links = GuideCompetence.objects.filter(guide=guide, competence__is_active=True)
    title = _("Kursus: %(course)s (%(guide)s)") % {"course": course_title, "guide": guide.code}
    return [
        evidence_record(
            user=user,
            competence=link.competence,
            level=link.level,
            source=EvidenceSource.COURSE,
            achieved_on=completed_on,
            expires_on=expires_on,
            title=title,
            guide=guide,
            organisation=organisation,
            source_ref=source_ref,
        )
        for link in links.select_related("competence")
    ]


@transaction.atomic
def evidence_withdraw_source(
    *, source: str, source_ref: str, reason: str, actor: User | None = None
) -> int:
    """Withdraw every evidence a source produced (a revoked certificate, a revised log entry)."""
    withdrawn = 0
    rows = Evidence.objects.select_for_update().filter(
        source=source, source_ref=source_ref, status=EvidenceStatus.APPROVED
    )
    for evidence in rows:
        _decide(evidence, EvidenceStatus.WITHDRAWN, actor=actor, comment=reason)
        withdrawn += 1
    return withdrawn


def _decide(evidence: Evidence, status: str, *, actor: User | None, comment: str) -> None:
    evidence.status = status
    evidence.decided_by = actor
    evidence.decided_at = timezone.now()
    evidence.decision_comment = comment
    evidence.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    log(evidence, f"lms.evidence.{status}", user=actor)


@transaction.atomic
def prior_learning_submit(
    *,
    user: User,
    organisation: Organisation,
    competence: Competence,
    level: int,
    achieved_on: date,
    title: str,
    document: UploadedFile,
    note: str = "",
    expires_on: date | None = None,
) -> Evidence:
    """A person documents earlier learning with a file; it counts once HR approves it."""
    if not access.is_member(user, organisation):
        raise ValidationError({"organisation": _("Du er ikke medlem af organisationen.")})
    _check_terms(
        competence=competence,
        level=level,
        achieved_on=achieved_on,
        expires_on=expires_on,
        field="achieved_on",
    )
    name = PurePosixPath(document.name or "").name
    try:
        kind = uploads.upload_check(document, kinds=EVIDENCE_KINDS)
        content: UploadedFile | ContentFile = document
        if kind.is_image:
            # A photo of a certificate is re-encoded like a site photo: no EXIF, no GPS.
            content, kind = uploads.image_normalise(document).content, uploads.JPEG
            name = f"{PurePosixPath(name).stem}.{kind.extension}"
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from error
    evidence = Evidence(
        user=user,
        competence=competence,
        level=level,
        source=EvidenceSource.PRIOR_LEARNING,
        status=EvidenceStatus.PENDING,
        achieved_on=achieved_on,
        expires_on=expires_on,
        title=title,
        note=note,
        organisation=organisation,
        recorded_by=user,
        document_name=name[-200:],
        document_type=kind.mime,
    )
    evidence.document.save(f"dokumentation.{kind.extension}", content, save=False)
    try:
        evidence.full_clean()
    except ValidationError:
        evidence.document.delete(save=False)  # nothing half-saved: no orphan file either
        raise
    evidence.save()
    log(evidence, "lms.evidence.submit", user=user)
    _notify("evidence_submitted", evidence.pk)
    return evidence


def _notify(kind: str, object_id: int) -> None:
    from competencies.tasks import notify
    from core.tasks import enqueue_on_commit

    enqueue_on_commit(notify, kind, object_id)


def _check_decider(evidence: Evidence, actor: User) -> None:
    if access.is_own(actor, evidence):
        raise ValidationError(_("Du kan ikke godkende din egen dokumentation."))
    if not access.can_decide_evidence(actor, evidence):
        raise ValidationError(_("Kun HR i organisationen kan godkende dokumentationen."))
    if evidence.status != EvidenceStatus.PENDING:
        raise ValidationError(_("Dokumentationen er allerede behandlet."))


@transaction.atomic
def evidence_approve(*, evidence: Evidence, actor: User, comment: str = "") -> Evidence:
    """HR approves prior learning; from then on it counts towards the person's level."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    _check_decider(evidence, actor)
    _decide(evidence, EvidenceStatus.APPROVED, actor=actor, comment=comment)
    _notify("evidence_decided", evidence.pk)
    return evidence


@transaction.atomic
def evidence_reject(*, evidence: Evidence, actor: User, comment: str) -> Evidence:
    """HR rejects prior learning, saying why."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    _check_decider(evidence, actor)
    if not comment.strip():
        raise ValidationError({"comment": _("Skriv hvorfor dokumentationen afvises.")})
    _decide(evidence, EvidenceStatus.REJECTED, actor=actor, comment=comment)
    _notify("evidence_decided", evidence.pk)
    return evidence


@transaction.atomic
def evidence_withdraw(*, evidence: Evidence, actor: User, reason: str) -> Evidence:
    """HR withdraws approved evidence (the only way a level goes down before expiry)."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if not access.is_evidence_hr(actor, evidence):
        raise ValidationError(_("Kun HR i organisationen kan trække dokumentationen tilbage."))
    if evidence.status != EvidenceStatus.APPROVED:
        raise ValidationError(_("Kun godkendt dokumentation kan trækkes tilbage."))
    if not reason.strip():
        raise ValidationError({"comment": _("Skriv hvorfor dokumentationen trækkes tilbage.")})
    _decide(evidence, EvidenceStatus.WITHDRAWN, actor=actor, comment=reason)
    return evidence


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    user: User,
    organisation: Organisation,
    competence: Competence,
    level: int,
    assessed_on: date,
    note: str = "",
    expires_on: date | None = None,
) -> Evidence:
    """A manager (or HR) assesses a person they look after; it counts at once."""
    if access.is_self(actor, user):
        raise ValidationError(_("Du kan ikke vurdere dig selv."))
    if not access.can_assess(actor, user, organisation):
        raise ValidationError(_("Du kan kun vurdere medarbejdere, du er leder eller HR for."))
    _check_terms(
        competence=competence,
        level=level,
        achieved_on=assessed_on,
        expires_on=expires_on,
        field="assessed_on",
    )
    return evidence_record(
        user=user,
        competence=competence,
        level=level,
        source=EvidenceSource.ASSESSMENT,
        achieved_on=assessed_on,
        expires_on=expires_on,
        title=_("Vurdering ved %(name)s") % {"name": actor.name},
        note=note,
        organisation=organisation,
        recorded_by=actor,
    )
