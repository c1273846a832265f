"""Writes of the network of learning project leaders: lessons shared with the whole sector.

A project leader publishes an approved log entry as a lesson (``lesson_publish``). A lesson names
no people: the names of the entry's author, approver and participants and of everybody on the
project are replaced by "[navn]" — in the draft the leader edits, and again when it is published,
so a name typed back in does not get out. The organisation is named only while it agrees
(``LessonSharing``, decided by its HR or a manager). Network editors feature lessons on the home
page; the project's leaders may withdraw them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competencies.models import Competence, Guide
from onsite import access
from onsite.models import (
    EntryStatus,
    Lesson,
    LessonSharing,
    LogEntry,
    LogEntryRevision,
    ProjectMember,
)
from onsite.models.lessons import LessonSource
from onsite.selectors import latest_approved_revision, names_organisation, revision_content
from organisations.models import Organisation, User

NAME_PLACEHOLDER = "[navn]"
EMAIL_PLACEHOLDER = "[e-mail]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Danish genitive: "Karens", "Lars'", "Bob's".
_GENITIVE = r"(?P<genitive>'s|s|')?"


# --- Removing people's names --------------------------------------------------------------


def _name_parts(names: Iterable[str]) -> list[str]:
    """Whole names and each first/last name (two letters or more), longest first."""
    parts: set[str] = set()
    for name in names:
        words = (name or "").split()
        if not words:
            continue
        parts.add(" ".join(words))
        parts.update(word for word in words if len(word) >= 2)
    return sorted(parts, key=lambda part: (-len(part), part))


def scrub_names(text: str, names: Iterable[str]) -> str:
    """``text`` with each of ``names`` (whole, or a first or last name alone) replaced by
    "[navn]" — case-insensitive, on word boundaries, a genitive "s" kept — and any e-mail
    address replaced by "[e-mail]"."""
    text = _EMAIL.sub(EMAIL_PLACEHOLDER, text or "")
    parts = _name_parts(names)
    if not parts:
        return text
    # A whole name may be written with any spacing or a line break between its words.
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in part.split()) for part in parts)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives}){_GENITIVE}(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda m: NAME_PLACEHOLDER + (m.group("genitive") or ""), text)


def people_names(entry: LogEntry, revision: LogEntryRevision | None) -> list[str]:
    """Everybody whose name must not appear in the lesson: the author, the approvers, the
    participants and every member of the project."""
    people_ids = {entry.author_id}
    people_ids.update(
        pk for pk in (entry.approved_by_id, revision and revision.approved_by_id) if pk
    )
    people_ids.update(p.user_id for p in entry.participants.all())
    names: list[str] = []
    if revision is not None:
        content = revision_content(revision, entry)
        people_ids.update(content.participant_ids)
        names += content.people_names  # as they were named when it was approved
    members = ProjectMember.objects.filter(project_id=entry.project_id).values("user_id")
    people = User.objects.filter(Q(pk__in=people_ids) | Q(pk__in=members))
    for first, last in people.values_list("first_name", "last_name"):
        names += [f"{first} {last}", first, last]
    return [name.strip() for name in names if name and name.strip()]


# --- Publishing ---------------------------------------------------------------------------


def _publishable_revision(entry: LogEntry) -> LogEntryRevision:
    if entry.status != EntryStatus.APPROVED:
        raise ValidationError(_("Kun godkendte logindlæg kan deles som erfaring."), code="state")
    revision = latest_approved_revision(entry)
    if revision is None:
        raise ValidationError(_("Logindlægget har ingen godkendt version."), code="state")
    return revision


def _require_leader(user: User, entry: LogEntry) -> None:
    if not access.is_project_leader(user, entry.project):
        raise PermissionDenied(_("Kun byggesagens projektledere kan dele erfaringer."))


def lesson_draft(*, entry: LogEntry) -> dict[str, str]:
    """The publish form's starting point: the latest approved revision, names removed."""
    revision = _publishable_revision(entry)
    content = revision_content(revision, entry)
    names = people_names(entry, revision)
    return {
        "title": scrub_names(content.title, names),
        "summary": scrub_names(content.what_happened, names),
        "what_we_learned": scrub_names(content.what_we_learned, names),
        "do_differently": scrub_names(content.do_differently, names),
    }


@transaction.atomic
def lesson_publish(
    *,
    entry: LogEntry,
    actor: User,
    title: str,
    summary: str,
    what_we_learned: str,
    do_differently: str = "",
) -> Lesson:
    """Share an approved entry with the sector (a project leader of its project).

    The text the leader edited is scrubbed of names once more; guide, competences, effect
    category, project kind and phase come from the approved revision and the project. An entry
    whose lesson was withdrawn may be published again (the same row, new text).
    """
    _require_leader(actor, entry)
    entry = LogEntry.objects.select_for_update().get(pk=entry.pk)
    revision = _publishable_revision(entry)
    lesson = Lesson.objects.filter(entry=entry).first()
    if lesson is not None and lesson.withdrawn_at is None:
        raise ValidationError(_("Logindlægget er allerede delt som erfaring."), code="exists")
    content = revision_content(revision, entry)
    names = people_names(entry, revision)
    project = entry.project
    lesson = lesson or Lesson(entry=entry)
    lesson.revision = revision
    lesson.title = scrub_names(title.strip(), names)
    lesson.summary = scrub_names(summary.strip(), names)
    lesson.what_we_learned = scrub_names(what_we_learned.strip(), names)
    lesson.do_differently = scrub_names(do_differently.strip(), names)
    lesson.guide = (
        Guide.objects.filter(code=content.guide_code).first() if content.guide_code else None
    )
    lesson.effect_category = content.effect_category
    lesson.project_kind = project.kind
    lesson.project_phase = project.phase
    lesson.organisation_id = project.organisation_id
    lesson.show_organisation = names_organisation(project.organisation_id)
    lesson.published_by = actor
    lesson.withdrawn_at = None
    lesson.is_featured = False
    lesson.full_clean(exclude=["entry", "revision", "organisation"])
    republished = lesson.pk is not None
    lesson.save()
    if republished:
        # auto_now_add sets it only on the first save; a lesson published again is new again.
        lesson.published_at = timezone.now()
        lesson.save(update_fields=["published_at"])
    lesson.competences.set(Competence.objects.filter(code__in=content.competence_codes))
    log(lesson, "onsite.lesson.publish", user=actor)
    return lesson


@transaction.atomic
def lesson_publish_from_group(
    *,
    organisation: Organisation,
    actor: User,
    title: str,
    summary: str,
    what_we_learned: str,
    do_differently: str = "",
    names: Iterable[str],
    guide: Guide | None = None,
    competences: Iterable[Competence] = (),
) -> Lesson:
    """Share an erfaringsgruppe's insight with the sector (the caller — the rooms service —
    has checked that ``actor`` may speak for the group and passes every member's name).

    The same rules as a lesson from the log: people's names (``names`` and the actor's own)
    become "[navn]", and the organisation is named only while it agrees. The lesson keeps no
    trace of the group itself beyond the neutral label "Erfaringsgruppe".
    """
    names = [*names, actor.get_full_name(), actor.first_name, actor.last_name]
    names = [name.strip() for name in names if name and name.strip()]
    lesson = Lesson(
        source=LessonSource.GROUP,
        source_title=str(LessonSource.GROUP.label),
        title=scrub_names(title.strip(), names),
        summary=scrub_names(summary.strip(), names),
        what_we_learned=scrub_names(what_we_learned.strip(), names),
        do_differently=scrub_names(do_differently.strip(), names),
        guide=guide,
        organisation=organisation,
        show_organisation=names_organisation(organisation.pk),
        published_by=actor,
    )
    lesson.full_clean(exclude=["entry", "revision", "organisation"])
    lesson.save()
    lesson.competences.set(list(competences))
    log(lesson, "onsite.lesson.publish", user=actor)
    return lesson


@transaction.atomic
def lesson_withdraw(*, lesson: Lesson, actor: User) -> Lesson:
    """Take a lesson off the public list: a project leader of its project; a lesson from an
    erfaringsgruppe, its publisher or HR and managers of its organisation."""
    if lesson.entry is not None:
        _require_leader(actor, lesson.entry)
    elif not access.can_withdraw_lesson(actor, lesson):
        raise PermissionDenied(
            _(
                "Kun den, der delte erfaringen, og organisationens HR og ledere "
                "kan trække den tilbage."
            )
        )
    if lesson.withdrawn_at is not None:
        return lesson
    lesson.withdrawn_at = timezone.now()
    lesson.is_featured = False
    lesson.save(update_fields=["withdrawn_at", "is_featured"])
    log(lesson, "onsite.lesson.withdraw", user=actor)
    return lesson


@transaction.atomic
def lesson_set_featured(*, lesson: Lesson, actor: User, featured: bool) -> Lesson:
    """Feature a published lesson on the home page, or stop featuring it (network editors)."""
    if not access.can_feature_lessons(actor):
        raise PermissionDenied(_("Kun netværksredaktører kan fremhæve erfaringer."))
    if featured and lesson.withdrawn_at is not None:
        raise ValidationError(_("En tilbagetrukket erfaring kan ikke fremhæves."), code="state")
    if lesson.is_featured == featured:
        return lesson
    lesson.is_featured = featured
    lesson.save(update_fields=["is_featured"])
    action = "onsite.lesson.feature" if featured else "onsite.lesson.unfeature"
    log(lesson, action, user=actor)
    return lesson


# --- The organisation's consent -------------------------------------------------------------


@transaction.atomic
def lesson_sharing_set(
    *, organisation: Organisation, actor: User, name_in_lessons: bool
) -> LessonSharing:
    """Record whether the organisation may be named on its lessons; the lessons already
    published follow the decision at once."""
    if not access.can_decide_sharing(actor, organisation):
        raise PermissionDenied(_("Kun HR og ledere i organisationen kan beslutte det."))
    sharing, _created = LessonSharing.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    sharing.name_in_lessons = name_in_lessons
    sharing.decided_by = actor
    sharing.save()
    Lesson.objects.filter(organisation=organisation).update(show_organisation=name_in_lessons)
    log(sharing, "onsite.sharing.set", user=actor, data={"name_in_lessons": name_in_lessons})
    return sharing
