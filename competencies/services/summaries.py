"""Keeping the gap analysis's stored rows and the coverage snapshots right.

``PersonRequirement`` holds, per (active membership, requirement of its effective profile), the
person's current level; the HR dashboard and the gap analysis group these rows instead of
computing every person's levels from their evidence per request. A person's rows are rewritten
from scratch — the same query as the live gap analysis (``gaps.requirement_rows``), limited to
them, as one ``INSERT … SELECT`` — in the transaction of whatever changed them:

- evidence recorded, approved, rejected, withdrawn or deleted, a membership created, changed,
  deactivated or deleted (``competencies.signals``: model signals, and the signal the HR import
  and the API's upsert send for their bulk writes);
- a role profile or one of its requirements changed: an organisation's own profile rewrites its
  people with that job function at once; the network's default reaches every organisation that
  uses it, which at sector size is tens of thousands of people, so it is refreshed by a Celery
  task per organisation, enqueued on commit (``competencies.tasks.summaries_refresh``);
- the passing of time (evidence expires, evidence dated ahead starts to count): the nightly
  ``summaries_rebuild`` rewrites every organisation, one transaction each.

Deleting a person or a membership deletes their rows with them (foreign keys, cascade).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import DateField, IntegerField, Model, OuterRef, QuerySet, Value
from django.utils import timezone

from competencies import gaps
from competencies.levels import current_level
from competencies.models import (
    CoverageSnapshot,
    Evidence,
    PersonRequirement,
    RoleProfile,
    RoleProfileRequirement,
)
from core.tasks import enqueue
from organisations.models import Membership, Organisation

COLUMNS = (
    "membership_id",
    "organisation_id",
    "user_id",
    "department_id",
    "job_function_id",
    "competence_id",
    "required",
    "current",
    "computed_on",
)
MONTHS = 12  # the dashboard's coverage over time: this many month ends back
DEBOUNCE_SECONDS = 15 * 60  # a waiting refresh of a default profile absorbs new changes


def _insert_rows(organisation_id: int, memberships: QuerySet[Membership], on: date) -> None:
    """INSERT … SELECT the rows of ``memberships`` (all in the organisation), levels on ``on``."""
    scope = gaps.Scope(organisation_id, memberships, on=on)
    # Retired competences too: the pages leave them out when they read, so retiring or
    # reviving one needs no refresh.
    rows: QuerySet[Any] = gaps._rows(scope, active_only=False).annotate(
        current=current_level(OuterRef(f"{gaps.MEMBER}__user_id"), OuterRef("competence_id"), on),
        organisation_value=Value(organisation_id, output_field=IntegerField()),
        day=Value(on, output_field=DateField()),
    )
    select = rows.values_list(
        "membership_id",
        "organisation_value",
        "user_id",
        "department_id",
        "job_function_id",
        "competence_id",
        "required",
        "current",
        "day",
    )
    sql, params = select.query.sql_with_params()
    table = connection.ops.quote_name(PersonRequirement._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)


@transaction.atomic
def people_refresh(*, user_ids: Iterable[int], on: date | None = None) -> None:
    """Rewrite the stored rows of these people, in every organisation they are active in."""
    ids = sorted(set(user_ids))
    if not ids:
        return
    on = on or timezone.localdate()
    PersonRequirement.objects.filter(user_id__in=ids).delete()
    active = Membership.objects.active().filter(user_id__in=ids)
    organisation_ids = active.values_list("organisation_id", flat=True).order_by().distinct()
    for organisation_id in organisation_ids:
        _insert_rows(organisation_id, active.filter(organisation_id=organisation_id), on)


def memberships_refresh(*, membership_ids: Iterable[int]) -> None:
    """Rewrite the stored rows of the people of these memberships (created, changed, ended)."""
    ids = list(membership_ids)
    if ids:
        people_refresh(
            user_ids=Membership.objects.filter(pk__in=ids).values_list("user_id", flat=True)
        )


@transaction.atomic
def organisation_refresh(
    *, organisation_id: int, job_function_id: int | None = None, on: date | None = None
) -> None:
    """Rewrite the organisation's stored rows (only one job function's, when given)."""
    on = on or timezone.localdate()
    stored = PersonRequirement.objects.filter(organisation_id=organisation_id)
    memberships = Membership.objects.active().filter(organisation_id=organisation_id)
    if job_function_id is not None:
        stored = stored.filter(job_function_id=job_function_id)
        memberships = memberships.filter(job_function_id=job_function_id)
    stored.delete()
    _insert_rows(organisation_id, memberships, on)


def organisations_using(profile: RoleProfile) -> list[int]:
    """The organisations whose people the profile applies to: its own, or for a network
    default every organisation with people in that job function and no profile of its own."""
    if profile.organisation_id is not None:
        return [profile.organisation_id]
    own = RoleProfile.objects.filter(job_function_id=profile.job_function_id).exclude(
        organisation__isnull=True
    )
    return list(
        Membership.objects.active()
        .filter(job_function_id=profile.job_function_id)
        .exclude(organisation_id__in=own.values("organisation_id"))
        .values_list("organisation_id", flat=True)
        .distinct()
        .order_by("organisation_id")
    )


def profile_refresh(*, profile: RoleProfile) -> None:
    """After a change to a role profile or its requirements. An organisation's own profile:
    its people with the job function, now. The network's default: every organisation using
    it, by a task after commit (tens of thousands of people at sector size), debounced so
    that saving a profile with its requirements refreshes once."""
    if profile.organisation_id is not None:
        organisation_refresh(
            organisation_id=profile.organisation_id, job_function_id=profile.job_function_id
        )
        return
    job_function_id = profile.job_function_id
    transaction.on_commit(lambda: default_profile_refresh_later(job_function_id))


def default_profile_refresh_later(job_function_id: int) -> None:
    """Enqueue the refresh of a default profile's organisations, unless one is waiting."""
    from competencies import tasks  # tasks call these services

    if cache.add(tasks.default_profile_key(job_function_id), 1, DEBOUNCE_SECONDS):
        enqueue(tasks.summaries_default_profile_refresh, job_function_id)


def default_profile_refresh(*, job_function_id: int) -> int:
    """Rewrite the people with the job function in every organisation that uses the network's
    default profile for it (one transaction each); how many organisations."""
    profile = RoleProfile(job_function_id=job_function_id)
    ids = organisations_using(profile)
    for organisation_id in ids:
        organisation_refresh(organisation_id=organisation_id, job_function_id=job_function_id)
    return len(ids)


# --- Coverage at month ends ----------------------------------------------------------------


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


@transaction.atomic
def snapshots_refresh(*, organisation_id: int, today: date | None = None) -> None:
    """Store this month's coverage per department (overwritten until the month is over), and
    the past month ends the organisation has no snapshot of yet (today's people measured
    against the evidence valid then, as the live chart did)."""
    today = today or timezone.localdate()
    past = gaps.month_ends(MONTHS, today)[:-1]
    have = set(
        CoverageSnapshot.objects.filter(organisation_id=organisation_id, month_end__in=past)
        .values_list("month_end", flat=True)
        .distinct()
    )
    days = [day for day in past if day not in have] + [today]
    keys = [*days[:-1], month_end(today)]  # today's figure stands for this month's end
    scope = gaps.Scope(
        organisation_id, Membership.objects.active().filter(organisation_id=organisation_id)
    )
    joined, counts = gaps.over_time_counts(scope, days)
    rows = joined.values("department_id").order_by("department_id").annotate(**counts)
    CoverageSnapshot.objects.filter(organisation_id=organisation_id, month_end__in=keys).delete()
    CoverageSnapshot.objects.bulk_create(
        CoverageSnapshot(
            organisation_id=organisation_id,
            department_id=row["department_id"],
            month_end=key,
            required=row["required"] or 0,
            met=row[f"met_{index}"] or 0,
        )
        for row in rows
        for index, key in enumerate(keys)
    )


# --- Everything ----------------------------------------------------------------------------


def summaries_rebuild(*, organisation: Organisation | int | None = None) -> int:
    """Rewrite every stored row and this month's snapshots of one organisation, or of all
    (one transaction per organisation, so the pages stay readable meanwhile). Returns how
    many organisations were rebuilt. The scale generator calls it after its bulk inserts; the
    nightly task runs it for all."""
    if organisation is None:
        _analyze(Membership, Evidence, RoleProfile, RoleProfileRequirement)
        # Rows of people who are no longer active anywhere they were counted.
        PersonRequirement.objects.exclude(
            membership_id__in=Membership.objects.active().values("pk")
        ).delete()
        ids = list(
            Membership.objects.active()
            .values_list("organisation_id", flat=True)
            .distinct()
            .order_by("organisation_id")
        )
    else:
        ids = [organisation if isinstance(organisation, int) else organisation.pk]
    for organisation_id in ids:
        organisation_rebuild(organisation_id=organisation_id)
    if organisation is None:
        _analyze(PersonRequirement, CoverageSnapshot)  # the tables just rewritten
    return len(ids)


def _analyze(*models: type[Model]) -> None:
    """Fresh planner statistics for tables the rebuild reads or rewrote (PostgreSQL).

    A rebuild of everything follows bulk loads (the scale generator, a restore): without
    statistics PostgreSQL plans freshly loaded tables as empty and joins 2,000 memberships by
    nested loops (minutes instead of a second). ANALYZE samples, so it costs seconds at any
    size.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def organisation_rebuild(*, organisation_id: int) -> None:
    """One organisation's stored rows and snapshots, from scratch."""
    organisation_refresh(organisation_id=organisation_id)
    snapshots_refresh(organisation_id=organisation_id)
