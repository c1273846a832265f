"""Carrying a plan out: people, memberships and invitations written in bulk.

``execute`` writes one batch of planned rows (a few hundred) with a fixed number of queries:
new people and their (unverified) e-mail addresses, new memberships, changed people and
memberships, deactivations and the invitations for new accounts. The rules were checked by the
planner, so nothing is validated again here — but the database still has the last word: a
batch that hits a unique constraint (someone took the address or employee number in the
meantime) is written again row by row, and the rows that clash become errors.

Every save names ``updated_at`` (bulk updates do not set it by themselves), so the API's
``updated_since`` sees each change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import (
    IdentityProvider,
    Invitation,
    Membership,
    Organisation,
    PersonImportAction,
    Role,
    User,
)
from organisations.people_import.rows import CHUNK, UNSET, PlannedRow
from organisations.signals import memberships_changed

Action = PersonImportAction
USER_FIELDS = ("email", "first_name", "last_name")
MEMBERSHIP_FIELDS = ("employee_number", "department_id", "job_function_id", "is_active")
ROLE_FIELDS = tuple(Membership.role_field(role) for role in Role.values)


@dataclass
class Written:
    """What a batch wrote: memberships of new accounts (to invite) and unresolved managers."""

    new_accounts: list[int] = field(default_factory=list)
    pending_managers: int = 0


def requires_sso(organisation: Organisation) -> bool:
    """Whether the organisation's people log in only through its identity provider."""
    return bool(
        IdentityProvider.objects.filter(
            organisation=organisation, is_enabled=True, require_sso=True
        ).exists()
    )


def execute_safely(
    planned: Sequence[PlannedRow], *, organisation: Organisation, actor: User | None
) -> Written:
    """``execute``, falling back to one row at a time when the batch hits a constraint."""
    # What the rows pointed at before: a rolled-back attempt must not leave them pointing at
    # people or memberships that were never committed.
    before = [(row.user, row.membership) for row in planned]
    try:
        with transaction.atomic():
            return execute(planned, organisation=organisation, actor=actor)
    except IntegrityError:
        pass
    written = Written()
    for row, (user, membership) in zip(planned, before, strict=True):
        row.user, row.membership = user, membership
        try:
            with transaction.atomic():
                one = execute([row], organisation=organisation, actor=actor)
        except IntegrityError:
            row.user, row.membership = user, membership
            row.action = Action.ERROR
            row.error(
                "email",
                _(
                    "Rækken kunne ikke gemmes: e-mailadressen eller medarbejdernummeret blev "
                    "taget i brug imens. Indlæs filen igen."
                ),
            )
            continue
        written.new_accounts += one.new_accounts
        written.pending_managers += one.pending_managers
    return written


def execute(
    planned: Sequence[PlannedRow], *, organisation: Organisation, actor: User | None
) -> Written:
    """Write the planned rows (create, update, deactivate; others are left alone)."""
    now = timezone.now()
    written = Written()
    creating = [row for row in planned if row.action == Action.CREATE]
    new_accounts = [row for row in creating if row.new_account]
    _create_people(new_accounts)
    _update_people([row for row in planned if row.action == Action.UPDATE], now)
    managers = _managers(planned)
    memberships = _create_memberships(creating, organisation, managers, written)
    _update_memberships(planned, managers, now, written)
    if new_accounts:
        written.new_accounts = [memberships[row.index].pk for row in new_accounts]
        if not requires_sso(organisation):
            _invitations(new_accounts, memberships, organisation, actor)
    _announce(planned, organisation)
    return written


def _announce(planned: Sequence[PlannedRow], organisation: Organisation) -> None:
    """Tell the apps above (the gap analysis's stored rows) which memberships the bulk writes
    changed: they bypass the models' signals."""
    changed = [
        row.membership.pk
        for row in planned
        if row.membership is not None
        and row.action in (Action.CREATE, Action.UPDATE, Action.DEACTIVATE)
    ]
    if changed:
        memberships_changed.send(
            sender=Membership, organisation_id=organisation.pk, membership_ids=changed
        )


def _create_people(rows: Sequence[PlannedRow]) -> None:
    """New accounts: no password (the invitation sets one, or single sign-on logs them in),
    and an address that is not verified until the person uses the invitation's link."""
    if not rows:
        return
    people = []
    for row in rows:
        assert row.target is not None
        people.append(
            User(
                email=row.target.email,
                first_name=row.target.user_fields.get("first_name", ""),
                last_name=row.target.user_fields.get("last_name", ""),
                password=make_password(None),
            )
        )
    User.objects.bulk_create(people)
    if any(user.pk is None for user in people):  # a database without RETURNING
        by_email = _users_by_email([user.email for user in people])
        people = [by_email[user.email] for user in people]
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=False, primary=True) for user in people
    )
    for row, user in zip(rows, people, strict=True):
        row.user = user


def _update_people(rows: Sequence[PlannedRow], now: object) -> None:
    changed = []
    names: set[str] = set()
    for row in rows:
        assert row.target is not None and row.user is not None
        fields = {k: v for k, v in row.target.user_fields.items() if k in USER_FIELDS}
        if not fields:
            continue
        for name, value in fields.items():
            setattr(row.user, name, value)
        row.user.updated_at = now  # type: ignore[assignment]
        names |= set(fields)
        changed.append(row.user)
        if "email" in fields:
            # The new address is the HR system's word, not the person's: unverified.
            EmailAddress.objects.filter(user=row.user).delete()
            EmailAddress.objects.create(
                user=row.user, email=fields["email"], verified=False, primary=True
            )
    if changed:
        grouped_update(User, changed, [*sorted(names), "updated_at"])


def _managers(planned: Sequence[PlannedRow]) -> dict[str, int]:
    """Managers' user ids by e-mail: people who already have an account, new ones included."""
    wanted = {
        row.target.manager_email
        for row in planned
        if row.target is not None and isinstance(row.target.manager_email, str)
    } - {""}
    return {email: user.pk for email, user in _users_by_email(sorted(wanted)).items()}


def _users_by_email(emails: Sequence[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for start in range(0, len(emails), CHUNK):
        chunk = emails[start : start + CHUNK]
        for user in User.objects.annotate(low=Lower("email")).filter(low__in=chunk):
            found[user.email.lower()] = user
    return found


def _manager_id(row: PlannedRow, managers: dict[str, int], written: Written) -> object:
    """The manager to set: an id, None (no manager), or UNSET (leave; pending or not given)."""
    assert row.target is not None
    email = row.target.manager_email
    if email is UNSET:
        return UNSET
    if not email:
        return None
    if email not in managers:
        written.pending_managers += 1  # created by a later batch: set by ``managers_settle``
        return UNSET
    return managers[email]


def _create_memberships(
    rows: Sequence[PlannedRow],
    organisation: Organisation,
    managers: dict[str, int],
    written: Written,
) -> dict[int, Membership]:
    created: dict[int, Membership] = {}
    for row in rows:
        assert row.target is not None and row.user is not None
        membership = Membership(user=row.user, organisation=organisation)
        for name, value in row.target.membership_fields.items():
            setattr(membership, name, value)
        _set_roles(membership, row.target.roles or {Role.STAFF})
        manager = _manager_id(row, managers, written)
        if manager is not UNSET:
            membership.manager_id = manager  # type: ignore[assignment]
        created[row.index] = membership
    if created:
        Membership.objects.bulk_create(created.values())
        for row in rows:
            row.membership = created[row.index]
    return created


def _set_roles(membership: Membership, roles: Iterable[str]) -> None:
    wanted = set(roles)
    for role in Role.values:
        setattr(membership, Membership.role_field(role), role in wanted)


def _update_memberships(
    planned: Sequence[PlannedRow], managers: dict[str, int], now: object, written: Written
) -> None:
    changed: list[Membership] = []
    names: set[str] = set()
    for row in planned:
        membership = row.membership
        if membership is None:
            continue
        if row.action == Action.DEACTIVATE:
            membership.is_active = False
            names.add("is_active")
        elif row.action == Action.UPDATE:
            assert row.target is not None
            names |= _apply_fields(row, membership, managers, written)
        else:
            continue
        membership.updated_at = now  # type: ignore[assignment]
        changed.append(membership)
    if changed:
        grouped_update(Membership, changed, [*sorted(names), "updated_at"])


def _apply_fields(
    row: PlannedRow, membership: Membership, managers: dict[str, int], written: Written
) -> set[str]:
    assert row.target is not None
    names: set[str] = set()
    for name, value in row.target.membership_fields.items():
        if name in MEMBERSHIP_FIELDS:
            setattr(membership, name, value)
            names.add(name.removesuffix("_id"))
    if row.target.roles is not None:
        _set_roles(membership, row.target.roles)
        names |= set(ROLE_FIELDS)
    manager = _manager_id(row, managers, written)
    if manager is not UNSET:
        membership.manager_id = manager  # type: ignore[assignment]
        names.add("manager")
    return names


def _invitations(
    rows: Sequence[PlannedRow],
    memberships: dict[int, Membership],
    organisation: Organisation,
    actor: User | None,
) -> None:
    """One invitation per new account; it is e-mailed once the import has committed."""
    invitations = []
    for row in rows:
        membership = memberships[row.index]
        assert row.user is not None
        invitations.append(
            Invitation(
                organisation=organisation,
                email=row.user.email,
                first_name=row.user.first_name,
                last_name=row.user.last_name,
                roles=sorted(membership.roles),
                department_id=membership.department_id,
                job_function_id=membership.job_function_id,
                invited_by=actor,
            )
        )
    Invitation.objects.bulk_create(invitations)


def managers_settle(membership_manager: dict[int, str]) -> int:
    """Set the managers a batch could not resolve yet (created by a later batch).

    ``membership_manager`` maps membership ids to their manager's e-mail; only memberships whose
    manager differs are saved. Safe to run twice.
    """
    if not membership_manager:
        return 0
    users = _users_by_email(sorted(set(membership_manager.values())))
    ids = list(membership_manager)
    now = timezone.now()
    changed = []
    for start in range(0, len(ids), CHUNK):
        for membership in Membership.objects.filter(pk__in=ids[start : start + CHUNK]):
            manager = users.get(membership_manager[membership.pk])
            if manager is not None and membership.manager_id != manager.pk:
                membership.manager_id = manager.pk
                membership.updated_at = now
                changed.append(membership)
    grouped_update(Membership, changed, ["manager", "updated_at"])
    return len(changed)


def grouped_update(
    model: type[models.Model], objects: Iterable[Any], fields: Sequence[str]
) -> None:
    """Save ``fields`` of ``objects`` with one UPDATE per distinct set of values.

    Django's ``bulk_update`` builds a CASE per row and field, which costs milliseconds a row;
    an import's changes mostly share their values (the same department, function, flag, time),
    so grouping them is a handful of statements — and one per row at worst.
    """
    groups: dict[str, tuple[dict[str, Any], list[int]]] = {}
    for obj in objects:
        values = {name: getattr(obj, _attname(model, name)) for name in fields}
        key = json.dumps(values, sort_keys=True, default=str)
        groups.setdefault(key, (values, []))[1].append(obj.pk)
    for values, ids in groups.values():
        columns = {_attname(model, name): value for name, value in values.items()}
        for start in range(0, len(ids), CHUNK):
            model._default_manager.filter(pk__in=ids[start : start + CHUNK]).update(**columns)


def _attname(model: type[models.Model], name: str) -> str:
    """The column attribute of a concrete field ("department" → "department_id")."""
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return str(model_field.attname)
