"""Entry points of the HR import, for the site (file upload), the task and the API.

The file import: ``person_import_create`` parses and plans a file (the preview; nothing is
written but the ``PersonImport`` and its rows), ``person_import_row_fix`` corrects one row and
plans the file again, ``person_import_confirm`` queues it and ``person_import_apply`` (the
Celery task's service) applies it in batches; ``person_import_cancel`` and
``person_import_resume`` end or restart it.

``people_upsert`` is the API's way in (``POST /api/v1/people/``)::

    people_upsert(
        *,
        organisation: Organisation,
        rows: Sequence[Mapping[str, object]],
        actor: User | None,
        full_list: bool = False,
    ) -> UpsertResult

Each row is a mapping with the canonical English keys ``email`` (required), ``first_name``,
``last_name``, ``name`` (used when neither first nor last name is given: the last word is the
last name), ``employee_number``, ``department`` (number or exact name in the organisation),
``job_function`` (code or name), ``manager_email`` and ``roles`` (a list of codes/Danish labels,
or one string separated by commas or semicolons). A key that is absent leaves that field as it
is on an existing person; an empty value clears it (names are never blanked; empty roles leave
them, and mean "medarbejder" for a new person). Other keys are ignored.

The rows are planned with exactly the rules of the file import (``plan``). When no row has an
error they are applied synchronously in one transaction and ``UpsertResult.applied`` is True;
when any row has an error nothing is written and the outcomes carry the errors
(``{field: [messages]}``, in Danish, the field names being the keys above). ``full_list=True``
deactivates the organisation's active members that are not among the rows (never the actor's
own membership), as the file import's "fuld liste" does. ``actor`` is the person behind the
call (None for an API token: it acts as the HR that created it, so it may grant HR). New people
get their invitation once the transaction has committed; an unchanged row writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.tasks import enqueue_on_commit
from organisations.models import (
    Organisation,
    PersonImport,
    PersonImportAction,
    PersonImportRow,
    PersonImportStatus,
    User,
)
from organisations.people_import import apply, parse
from organisations.people_import.plan import Planner
from organisations.people_import.rows import PlannedRow, clean_values, count_actions

Action = PersonImportAction
Status = PersonImportStatus
BATCH = 500


@dataclass(frozen=True)
class RowOutcome:
    """What happened (or would happen) to one row of an upsert."""

    index: int  # position in ``rows`` (0-based); -1 for a deactivation of someone not in rows
    action: str  # PersonImportAction value: create, update, unchanged, deactivate, error
    errors: dict[str, list[str]] = field(default_factory=dict)
    changes: dict[str, list[str]] = field(default_factory=dict)  # field: [old, new]
    membership_id: int | None = None
    email: str = ""


@dataclass(frozen=True)
class UpsertResult:
    """The outcome of ``people_upsert``: ``applied`` is False when any row had an error."""

    applied: bool
    outcomes: list[RowOutcome]
    counts: dict[str, int]

    @property
    def has_errors(self) -> bool:
        return not self.applied


# --- The API -------------------------------------------------------------------------------


def people_upsert(
    *,
    organisation: Organisation,
    rows: Sequence[Mapping[str, object]],
    actor: User | None,
    full_list: bool = False,
) -> UpsertResult:
    """Create or update people in ``organisation`` from ``rows``; all or nothing (see module)."""
    numbered = [(None, clean_values(row)) for row in rows]
    with transaction.atomic():
        planner = Planner(organisation=organisation, actor=actor, context=numbered)
        planned = planner.plan(numbered)
        if full_list:
            planned += planner.deactivations(planned)
        counts = count_actions(planned)
        if counts[Action.ERROR]:
            return UpsertResult(applied=False, outcomes=_outcomes(planned), counts=counts)
        written = apply.execute(planned, organisation=organisation, actor=actor)
        if written.pending_managers:  # never: every user exists once the batch is written
            raise AssertionError("A manager of the upsert was not found after writing it.")
        if counts[Action.CREATE] or counts[Action.UPDATE] or counts[Action.DEACTIVATE]:
            log(organisation, "lms.people.upsert", user=actor, data={"counts": counts})
        _invite_on_commit(written.new_accounts)
    return UpsertResult(applied=True, outcomes=_outcomes(planned), counts=counts)


def _outcomes(planned: Sequence[PlannedRow]) -> list[RowOutcome]:
    return [
        RowOutcome(
            index=row.index,
            action=row.action,
            errors=row.errors,
            changes=row.changes,
            membership_id=row.membership.pk if row.membership is not None else None,
            email=row.values.get("email", ""),
        )
        for row in planned
    ]


def _invite_on_commit(membership_ids: list[int]) -> None:
    if not membership_ids:
        return
    from organisations import tasks

    enqueue_on_commit(tasks.people_invite, membership_ids)


# --- The file: preview --------------------------------------------------------------------


def person_import_create(
    *, organisation: Organisation, uploaded_by: User, file: IO[bytes], full_list: bool = False
) -> PersonImport:
    """Read and plan an uploaded file; store the preview. Refuses a bad file as a whole
    (``ValidationError`` on ``file``, in Danish) before any row is planned."""
    try:
        parsed = parse.parse_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    numbered = [(row.row_number, clean_values(row.values)) for row in parsed.rows]
    planned = _plan(organisation, uploaded_by, numbered, full_list)
    with transaction.atomic():
        person_import = PersonImport.objects.create(
            organisation=organisation,
            uploaded_by=uploaded_by,
            file_name=(getattr(file, "name", "") or "personer")[:255],
            file_format=parsed.file_format,
            full_list=full_list,
            ignored_columns=parsed.ignored_columns,
            total_rows=len(planned),
            counts=count_actions(planned),
        )
        PersonImportRow.objects.bulk_create(
            (_stored(person_import, row) for row in planned), batch_size=BATCH
        )
        log(person_import, "lms.people_import.create", user=uploaded_by, data=person_import.counts)
    return person_import


def _plan(
    organisation: Organisation,
    actor: User | None,
    numbered: Sequence[tuple[int | None, Mapping[str, str]]],
    full_list: bool,
) -> list[PlannedRow]:
    planner = Planner(organisation=organisation, actor=actor, context=numbered)
    planned = planner.plan(numbered)
    if full_list:
        planned += planner.deactivations(planned)
    return planned


def _stored(person_import: PersonImport, row: PlannedRow) -> PersonImportRow:
    return PersonImportRow(
        person_import=person_import,
        row_number=row.row_number,
        values=row.values,
        action=row.action,
        errors=row.stored_errors(),
        changes=row.stored_changes(),
        membership=row.membership,
        person=row.user,
    )


def _locked(person_import: PersonImport, *statuses: str) -> PersonImport:
    """The import, its row locked; refused unless it is in one of ``statuses``."""
    locked = PersonImport.objects.select_for_update().get(pk=person_import.pk)
    if locked.status not in statuses:
        raise ValidationError(
            _("Importen er %(status)s og kan ikke ændres.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def person_import_row_fix(
    *, row: PersonImportRow, values: Mapping[str, object], actor: User
) -> PersonImportRow:
    """Correct one row of a preview and plan the whole file again (a fixed e-mail may end
    another row's duplicate, or a deactivation). Returns the row as now planned: its errors
    say what is still wrong."""
    person_import = _locked(row.person_import, Status.PREVIEW)
    rows = list(person_import.rows.exclude(action=Action.DEACTIVATE).order_by("row_number"))
    fixed = clean_values({**row.values, **values})
    numbered = [(r.row_number, fixed if r.pk == row.pk else r.values) for r in rows]
    planned = _plan(person_import.organisation, actor, numbered, person_import.full_list)
    changed = []
    for stored, plan in zip(rows, planned, strict=False):
        fresh = _stored(person_import, plan)
        fresh.pk = stored.pk
        if _differs(stored, fresh):
            changed.append(fresh)
    apply.grouped_update(
        PersonImportRow, changed, ["values", "action", "errors", "changes", "membership", "person"]
    )
    person_import.rows.filter(action=Action.DEACTIVATE).delete()
    deactivations = [p for p in planned if p.action == Action.DEACTIVATE]
    PersonImportRow.objects.bulk_create(_stored(person_import, p) for p in deactivations)
    person_import.counts = count_actions(planned)
    person_import.total_rows = len(planned)
    person_import.save(update_fields=["counts", "total_rows"])
    log(person_import, "lms.people_import.fix", user=actor, data={"row": row.row_number})
    return PersonImportRow.objects.get(pk=row.pk)


# What planning decides about a row (besides its values).
OUTCOME = ("action", "errors", "changes", "membership", "person")


def _differs(old: PersonImportRow, new: PersonImportRow) -> bool:
    return any(
        getattr(old, name) != getattr(new, name)
        for name in ("values", "action", "errors", "changes", "membership_id", "person_id")
    )


@transaction.atomic
def person_import_cancel(*, person_import: PersonImport, actor: User) -> PersonImport:
    """Drop a preview: nothing was applied, and its rows (the file's personal data) go."""
    person_import = _locked(person_import, Status.PREVIEW)
    person_import.rows.all().delete()
    person_import.status = Status.CANCELLED
    person_import.finished_at = timezone.now()
    person_import.save(update_fields=["status", "finished_at"])
    log(person_import, "lms.people_import.cancel", user=actor)
    return person_import


@transaction.atomic
def person_import_confirm(*, person_import: PersonImport, actor: User) -> PersonImport:
    """Queue a preview to be applied (rows with errors are left out and reported)."""
    person_import = _locked(person_import, Status.PREVIEW)
    return _queue(person_import, actor, "lms.people_import.confirm")


@transaction.atomic
def person_import_resume(*, person_import: PersonImport, actor: User) -> PersonImport:
    """Queue an import that stopped with a failure again: it carries on where it stopped."""
    person_import = _locked(person_import, Status.FAILED)
    return _queue(person_import, actor, "lms.people_import.resume")


def _queue(person_import: PersonImport, actor: User, action: str) -> PersonImport:
    from organisations import tasks

    person_import.status = Status.QUEUED
    person_import.failure = ""
    person_import.save(update_fields=["status", "failure"])
    log(person_import, action, user=actor)
    enqueue_on_commit(tasks.people_import_apply, person_import.pk)
    return person_import


# --- The file: applying -------------------------------------------------------------------


def person_import_apply(*, import_id: int) -> PersonImport:
    """Apply a queued import, one batch per transaction, until every row is done.

    Each batch locks the import's row first, so two workers never take the same rows (they
    would take turns); rows are marked ``applied`` in the batch's own transaction, so a run
    that died is finished by the next without applying anything twice. Rows that were errors
    in the preview are left out; a row that has become wrong since (a department deleted) is
    an error in the report. Safe to run on a finished import (it does nothing).
    """
    context: list[tuple[int | None, Mapping[str, str]]] | None = None
    while True:
        with transaction.atomic():
            person_import = PersonImport.objects.select_for_update().get(pk=import_id)
            if person_import.status not in (Status.QUEUED, Status.APPLYING):
                return person_import
            if person_import.status == Status.QUEUED:
                _start(person_import)
            batch = list(
                person_import.rows.filter(applied=False)
                .exclude(action=Action.ERROR)
                .select_related("membership__user")
                .order_by("row_number", "pk")[:BATCH]
            )
            if not batch:
                _finish(person_import)
                return person_import
            if context is None:
                context = _context(person_import)
            _apply_batch(person_import, batch, context)


def _start(person_import: PersonImport) -> None:
    person_import.status = Status.APPLYING
    person_import.started_at = person_import.started_at or timezone.now()
    # Rows with errors are passed over: they count as processed from the start.
    person_import.processed_rows = person_import.rows.filter(action=Action.ERROR).count()
    person_import.save(update_fields=["status", "started_at", "processed_rows"])


def _context(person_import: PersonImport) -> list[tuple[int | None, Mapping[str, str]]]:
    """The rows the file applies, for duplicates and managers named in the file."""
    return [
        (number, values)
        for number, values in person_import.rows.exclude(action=Action.ERROR)
        .exclude(action=Action.DEACTIVATE)
        .values_list("row_number", "values")
    ]


def _apply_batch(
    person_import: PersonImport,
    batch: list[PersonImportRow],
    context: list[tuple[int | None, Mapping[str, str]]],
) -> None:
    organisation = person_import.organisation
    actor = person_import.uploaded_by
    people = [row for row in batch if row.action != Action.DEACTIVATE]
    planner = Planner(
        organisation=organisation,
        actor=actor,
        context=context,
        scope=[row.values for row in people],
    )
    planned = planner.plan([(row.row_number, row.values) for row in people])
    planned += _deactivations([row for row in batch if row.action == Action.DEACTIVATE], actor)
    written = apply.execute_safely(planned, organisation=organisation, actor=actor)
    rows = people + [row for row in batch if row.action == Action.DEACTIVATE]
    as_planned: list[PersonImportRow] = []
    otherwise: list[PersonImportRow] = []
    for stored, plan in zip(rows, planned, strict=True):
        fresh = _stored(person_import, plan)
        # Most rows do what the preview said (an HR sync: mostly unchanged): those are marked
        # applied together; only rows whose outcome differs (a new person's ids) are rewritten.
        (otherwise if _differs(stored, fresh) else as_planned).append(stored)
        for name in OUTCOME:
            setattr(stored, name, getattr(fresh, name))
        stored.applied = plan.action != Action.ERROR
    apply.grouped_update(PersonImportRow, as_planned, ["applied"])
    apply.grouped_update(PersonImportRow, otherwise, [*OUTCOME, "applied"])
    person_import.processed_rows = min(
        person_import.processed_rows + len(rows), person_import.total_rows
    )
    person_import.save(update_fields=["processed_rows"])
    del written  # invitations go out once the whole import is done (``_finish``)


def _deactivations(rows: list[PersonImportRow], actor: User | None) -> list[PlannedRow]:
    """Deactivation rows as they stand now: already inactive (or gone) is unchanged."""
    planned = []
    for row in rows:
        membership = row.membership
        plan = PlannedRow(index=-1, row_number=None, values=row.values, membership=membership)
        plan.user = membership.user if membership is not None else None
        still = membership is not None and membership.is_active
        mine = actor is not None and membership is not None and membership.user_id == actor.pk
        plan.action = Action.DEACTIVATE if still and not mine else Action.UNCHANGED
        if plan.action == Action.DEACTIVATE:
            plan.change("is_active", True, False)
        planned.append(plan)
    return planned


def _finish(person_import: PersonImport) -> None:
    """Managers created late, the counts, the audit entry, and the invitations."""
    rows = person_import.rows.filter(applied=True)
    wanted = {
        membership_id: values["manager_email"]
        for membership_id, values in rows.exclude(membership=None).values_list(
            "membership_id", "values"
        )
        if values.get("manager_email")
    }
    apply.managers_settle(wanted)
    person_import.counts = {
        **dict.fromkeys(Action.values, 0),
        **dict(
            person_import.rows.values_list("action")
            .annotate(n=Count("pk"))
            .values_list("action", "n")
        ),
    }
    person_import.status = Status.DONE
    person_import.processed_rows = person_import.total_rows
    person_import.finished_at = timezone.now()
    person_import.save(update_fields=["counts", "status", "processed_rows", "finished_at"])
    log(
        person_import,
        "lms.people_import.apply",
        user=person_import.uploaded_by,
        data={"counts": person_import.counts},
    )
    if person_import.counts.get(Action.CREATE):
        from organisations import tasks

        enqueue_on_commit(tasks.people_import_invite, person_import.pk)


def person_import_fail(*, import_id: int, reason: str) -> None:
    """Record that applying stopped (HR sees it and may carry on with ``resume``)."""
    PersonImport.objects.filter(pk=import_id, status__in=[Status.QUEUED, Status.APPLYING]).update(
        status=Status.FAILED, failure=reason[:2000]
    )


def new_account_memberships(person_import: PersonImport) -> list[int]:
    """Memberships of the people this import created (for their invitations)."""
    return [
        membership_id
        for membership_id, changes in person_import.rows.filter(applied=True, action=Action.CREATE)
        .exclude(membership=None)
        .values_list("membership_id", "changes")
        if isinstance(changes, dict) and changes.get("new_account")
    ]
