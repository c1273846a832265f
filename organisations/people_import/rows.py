"""An import's rows as the planner sees them: the planned row, what applying it writes, and
the words a file may use for roles.

A row's ``changes`` is stored as ``{"fields": {field: [old, new]}, "notes": [...],
"new_account": bool}``; its ``errors`` as ``[{"field": ..., "message": ...}]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from organisations.models import Membership, PersonImportAction, Role, User
from organisations.people_import.parse import HEADINGS, split_list

Action = PersonImportAction
CHUNK = 900  # addresses per IN (...) query: under SQLite's old 999-parameter limit
NAME_MAX = 150
NUMBER_MAX = 50

# Roles an import may grant.
IMPORT_ROLES = frozenset({Role.STAFF.value, Role.MANAGER.value, Role.HR.value, "project_leader"})
# The Danish labels, whatever language the request is in: they are what a file says.
ROLE_LABELS = {
    "staff": "medarbejder",
    "manager": "leder",
    "hr": "HR",
    "project_leader": "projektleder",
    "provider_editor": "kursusredaktør",
    "network_editor": "netværksredaktør",
}
# The words that name a role in a file: the Danish labels, the codes and English names.
ROLE_WORDS = {
    **{label.lower(): code for code, label in ROLE_LABELS.items()},
    **{code: code for code in ROLE_LABELS},
    **{code.replace("_", " "): code for code in ROLE_LABELS},
    "projekt leder": "project_leader",
    "employee": "staff",
    "ansat": "staff",
    "kursusredaktoer": "provider_editor",
    "netværksredaktor": "network_editor",
}
UNSET = object()  # a value the row does not give (its column is absent)


@dataclass
class Target:
    """What applying a row writes: user fields, membership fields, and the manager's e-mail
    (resolved when applied, since the manager may be created by the same import)."""

    email: str
    user_fields: dict[str, Any] = field(default_factory=dict)
    membership_fields: dict[str, Any] = field(default_factory=dict)
    manager_email: Any = UNSET  # str, "" (none) or UNSET
    roles: set[str] | None = None  # None: leave as they are


@dataclass
class PlannedRow:
    """One row's plan: the action, why (errors, changes), and what to write."""

    index: int
    row_number: int | None
    values: dict[str, str]
    action: str = Action.UNCHANGED
    errors: dict[str, list[str]] = field(default_factory=dict)
    changes: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    membership: Membership | None = None
    user: User | None = None
    target: Target | None = None
    # Decided with the action: applying sets ``user`` to the new account.
    new_account: bool = False

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def change(self, name: str, old: object, new: object) -> None:
        self.changes[name] = [_display(old), _display(new)]

    def stored_errors(self) -> list[dict[str, str]]:
        return [{"field": name, "message": m} for name, ms in self.errors.items() for m in ms]

    def stored_changes(self) -> dict[str, Any]:
        return {"fields": self.changes, "notes": self.notes, "new_account": self.new_account}


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, set | frozenset | list):
        return ", ".join(ROLE_LABELS.get(r, r) for r in sorted(value, key=_role_order))
    return str(value)


def _role_order(role: str) -> int:
    return Role.values.index(role) if role in Role.values else len(Role.values)


def clean_values(raw: Mapping[str, object]) -> dict[str, str]:
    """The row's known fields as trimmed texts (roles as "a, b"); other keys are dropped."""
    values: dict[str, str] = {}
    for name in HEADINGS:
        if name not in raw:
            continue
        value = raw[name]
        if name == "roles":
            values[name] = ", ".join(split_list(value))
        else:
            values[name] = "" if value is None else str(value).strip()
    if "email" in values:
        values["email"] = values["email"].lower()
    return values


def chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def count_actions(rows: Iterable[PlannedRow]) -> dict[str, int]:
    counts = dict.fromkeys(Action.values, 0)
    for row in rows:
        counts[row.action] += 1
    return counts
