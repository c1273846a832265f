"""Migrations that the running release survives (issue 17): the check behind
``manage.py migrations_check_safe``.

A release migrates while the previous release's code still serves (docs/operations.md,
"Releases without downtime"). That code breaks when a migration

- drops or renames a column or table it still reads and writes (``drop``, ``rename``): a drop
  is safe only as the second half of expand/contract: the field leaves the model state alone
  first (``SeparateDatabaseAndState(state_operations=[RemoveField…], database_operations=[])``),
  and a *later* migration, shipped in a later release, drops the column;
- adds a NOT NULL column without a database default (``not-null``): the old code's INSERTs do
  not name the column and fail. Django's ``default=`` is not one: it fills the existing rows and
  is dropped again; ``db_default=`` stays in the database;

and the site stalls while a migration builds an index without CONCURRENTLY on a table that the
scale data set makes large (``index``): every write to the table waits for the build.

Every migration is read through Django's ``MigrationLoader`` from disk (no database) and its
operations are replayed on a ``ProjectState``, so each operation sees the model as the migrations
before it left it (the old column name, the old options). Only the project's own apps are
checked; a library's migrations come with the library (read its release notes before upgrading).
RunSQL is scanned cheaply for DROP COLUMN / DROP TABLE / RENAME / CREATE INDEX; RunPython is code
and not read.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.migrations import operations as ops
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration
from django.db.migrations.state import ModelState, ProjectState

from core.migration_operations import AddIndexConcurrentlyOnPostgres

# A table with more rows than this at the scale data set's xl size is large: an index built
# without CONCURRENTLY locks its writes for seconds to minutes.
LARGE_TABLE_ROWS: Final = 10_000
HERE = Path(__file__).resolve().parent
SCALE_TABLES_FILE: Final = HERE / "scale_tables.txt"
BASELINE_FILE: Final = HERE / "migration_baseline.txt"
BASELINE_REASON: Final = "released before the check"

DROP: Final = "drop"
RENAME: Final = "rename"
INDEX: Final = "index"
NOT_NULL: Final = "not-null"

FIX = {
    DROP: (
        "fjern feltet i to udgivelser: først kun fra modellen "
        "(SeparateDatabaseAndState(state_operations=[RemoveField(…)], database_operations=[])), "
        "i en senere udgivelse kolonnen (SeparateDatabaseAndState(database_operations="
        "[RemoveField(…)]) eller RunSQL)"
    ),
    RENAME: (
        "omdøb aldrig i ét skridt: tilføj den nye kolonne, skriv til begge, kopiér de gamle "
        "værdier, læs den nye, stop med at skrive den gamle, og fjern den i en senere udgivelse "
        "(eller behold kolonnen med db_column=/db_table= og omdøb kun i modellen)"
    ),
    INDEX: (
        "byg indekset med core.migration_operations.AddIndexConcurrentlyOnPostgres i en "
        "migration med atomic = False (et felt: db_index=False/unique=False i feltet, indekset "
        "eller UniqueConstraint'ens indeks for sig)"
    ),
    NOT_NULL: (
        "giv kolonnen en databasestandard (db_default=…) eller tilføj den som null=True, fyld "
        "den i batches, og gør den NOT NULL i en senere udgivelse"
    ),
}
PROBLEM = {
    DROP: "fjerner en kolonne eller tabel, som den kørende udgivelse stadig bruger",
    RENAME: "omdøber en kolonne eller tabel, som den kørende udgivelse stadig bruger",
    INDEX: "bygger et indeks uden CONCURRENTLY på en stor tabel (låser skrivninger)",
    NOT_NULL: "tilføjer en NOT NULL-kolonne uden db_default: den kørende udgivelses INSERT fejler",
}


@dataclass(frozen=True)
class Violation:
    """One operation the previous release does not survive."""

    app_label: str
    migration: str
    rule: str
    # The table or table.column it concerns: with the rule, what a baseline line names.
    target: str
    operation: str

    @property
    def key(self) -> str:
        return f"{self.app_label} {self.migration} {self.rule} {self.target}"

    def message(self) -> str:
        return (
            f"{self.app_label} {self.migration}: {self.operation} {PROBLEM[self.rule]}. "
            f"Ret: {FIX[self.rule]}."
        )


@dataclass
class _Removal:
    """A field or model that left the model state without its column or table."""

    migration: tuple[str, str]
    table: str
    column: str | None


@dataclass
class Checker:
    """Replays migrations in order on a ``ProjectState`` and collects the violations."""

    large_tables: Collection[str]
    state: ProjectState = field(default_factory=ProjectState)
    violations: list[Violation] = field(default_factory=list)
    # (app, model, field) / (app, model) → the removal from the state alone, awaiting its drop.
    _fields_removed: dict[tuple[str, str, str], _Removal] = field(default_factory=dict)
    _models_removed: dict[tuple[str, str], _Removal] = field(default_factory=dict)
    _current: tuple[str, str] = ("", "")
    _created: set[str] = field(default_factory=set)
    _check: bool = True

    def migrate(self, migration: Migration, *, check: bool = True) -> None:
        """Check ``migration`` (when ``check``) and apply it to the state."""
        self._current = (migration.app_label, migration.name)
        self._created = set()
        self._check = check
        app = migration.app_label
        for operation in migration.operations:
            if isinstance(operation, ops.SeparateDatabaseAndState):
                for db_operation in operation.database_operations:
                    self._database(app, db_operation, state_kept=False)
                self._record_state_only(app, operation.state_operations)
            else:
                self._database(app, operation, state_kept=True)
            if isinstance(operation, ops.CreateModel):
                self._created.add(operation.name_lower)
            operation.state_forwards(app, self.state)

    # --- What an operation does to the database ---------------------------------------------

    def _database(self, app: str, op: Any, *, state_kept: bool) -> None:
        if isinstance(op, ops.RemoveField):
            self._drop_field(app, op, state_kept=state_kept)
        elif isinstance(op, ops.DeleteModel):
            self._drop_model(app, op, state_kept=state_kept)
        elif isinstance(op, ops.RenameField):
            old = self._field(app, op.model_name_lower, op.old_name_lower)
            if old is None or not old.db_column:
                column = _column(op.old_name, old) if old is not None else op.old_name
                target = f"{self._table(app, op.model_name_lower)}.{column}"
                self._flag(RENAME, target, f"RenameField {op.model_name}.{op.old_name}")
        elif isinstance(op, ops.RenameModel):
            model = self._model(app, op.old_name_lower)
            if model is None or not model.options.get("db_table"):
                self._flag(
                    RENAME, self._table(app, op.old_name_lower), f"RenameModel {op.old_name}"
                )
        elif isinstance(op, ops.AlterModelTable):
            table = self._table(app, op.name_lower)
            if op.table != table:
                self._flag(RENAME, table, f"AlterModelTable {op.name} → {op.table}")
        elif isinstance(op, ops.AlterField):
            self._alter_field(app, op)
        elif isinstance(op, ops.AddField):
            self._add_field(app, op)
        elif isinstance(op, ops.AddIndex):
            if not isinstance(op, AddIndexConcurrentlyOnPostgres):
                self._index(app, op.model_name_lower, op.index.name, f"AddIndex {op.index.name}")
        elif isinstance(op, ops.AddConstraint):
            # django-stubs does not declare the attribute.
            constraint: Any = op.constraint  # type: ignore[attr-defined]
            if _builds_index(constraint):
                name = constraint.name
                self._index(app, op.model_name_lower, name, f"AddConstraint {name}")
        elif isinstance(op, (ops.AlterUniqueTogether, ops.AlterIndexTogether)):
            model = self._model(app, op.name_lower)
            old = set(model.options.get(op.option_name, ())) if model else set()
            if set(op.option_value or ()) - old:
                self._index(app, op.name_lower, op.option_name, f"{type(op).__name__} {op.name}")
        elif isinstance(op, ops.RunSQL):
            self._run_sql(op)
        elif isinstance(op, ops.SeparateDatabaseAndState):
            for db_operation in op.database_operations:
                self._database(app, db_operation, state_kept=False)

    def _drop_field(self, app: str, op: ops.RemoveField, *, state_kept: bool) -> None:
        removal = self._fields_removed.get((app, op.model_name_lower, op.name_lower))
        if not state_kept and removal is not None and removal.migration != self._current:
            return
        old = self._field(app, op.model_name_lower, op.name_lower)
        column = _column(op.name, old) if old is not None else op.name
        target = f"{self._table(app, op.model_name_lower)}.{column}"
        self._flag(DROP, target, f"RemoveField {op.model_name}.{op.name}")

    def _drop_model(self, app: str, op: ops.DeleteModel, *, state_kept: bool) -> None:
        removal = self._models_removed.get((app, op.name_lower))
        if not state_kept and removal is not None and removal.migration != self._current:
            return
        table = removal.table if removal else self._table(app, op.name_lower)
        self._flag(DROP, table, f"DeleteModel {op.name}")

    def _alter_field(self, app: str, op: ops.AlterField) -> None:
        old = self._field(app, op.model_name_lower, op.name_lower)
        if old is None:
            return
        table = self._table(app, op.model_name_lower)
        old_column, new_column = _column(op.name, old), _column(op.name, op.field)
        if old_column != new_column:
            self._flag(RENAME, f"{table}.{old_column}", f"AlterField {op.model_name}.{op.name}")
        if _indexed(op.field) and not _indexed(old):
            self._index(app, op.model_name_lower, op.name, f"AlterField {op.model_name}.{op.name}")

    def _add_field(self, app: str, op: ops.AddField) -> None:
        if op.model_name_lower in self._created:
            return  # a table this migration creates: no release before it knows the table
        if _indexed(op.field):
            self._index(app, op.model_name_lower, op.name, f"AddField {op.model_name}.{op.name}")
        if _not_null_without_db_default(op.field):
            table = self._table(app, op.model_name_lower)
            target = f"{table}.{_column(op.name, op.field)}"
            self._flag(NOT_NULL, target, f"AddField {op.model_name}.{op.name}")

    def _index(self, app: str, model_name: str, what: str, operation: str) -> None:
        # The target names the field, index or constraint: one table may get several.
        table = self._table(app, model_name)
        if table in self.large_tables and model_name not in self._created:
            self._flag(INDEX, f"{table}:{what}", operation)

    def _run_sql(self, op: ops.RunSQL) -> None:
        for statement in _sql_statements(op.sql):
            for rule, table, column in _scan_sql(statement):
                if rule == DROP and self._dropped_earlier(table, column):
                    continue
                if rule == INDEX and table not in self.large_tables:
                    continue
                target = f"{table}.{column}" if column else table
                target += ":sql" if rule == INDEX else ""
                self._flag(rule, target, f"RunSQL «{_shorten(statement)}»")

    def _dropped_earlier(self, table: str, column: str | None) -> bool:
        removals = self._fields_removed if column else self._models_removed
        return any(
            r.table == table and r.column == column and r.migration != self._current
            for r in removals.values()
        )

    # --- Removals from the state alone ------------------------------------------------------

    def _record_state_only(self, app: str, state_operations: Iterable[Any]) -> None:
        for op in state_operations:
            if isinstance(op, ops.RemoveField):
                old = self._field(app, op.model_name_lower, op.name_lower)
                column = _column(op.name, old) if old is not None else op.name
                table = self._table(app, op.model_name_lower)
                key = (app, op.model_name_lower, op.name_lower)
                self._fields_removed[key] = _Removal(self._current, table, column)
            elif isinstance(op, ops.DeleteModel):
                table = self._table(app, op.name_lower)
                self._models_removed[(app, op.name_lower)] = _Removal(self._current, table, None)

    # --- The state before the operation -----------------------------------------------------

    def _model(self, app: str, model_name: str) -> ModelState | None:
        return self.state.models.get((app, model_name))

    def _field(self, app: str, model_name: str, name: str) -> Any:
        model = self._model(app, model_name)
        if model is None:
            return None
        return next((f for n, f in model.fields.items() if n.lower() == name), None)

    def _table(self, app: str, model_name: str) -> str:
        model = self._model(app, model_name)
        table = model.options.get("db_table") if model is not None else None
        if table is None and (app, model_name) in self._models_removed:
            table = self._models_removed[(app, model_name)].table
        # Django's default table name (an app label is its own; never truncated at our lengths).
        return str(table or f"{app}_{model_name}")

    def _flag(self, rule: str, target: str, operation: str) -> None:
        if self._check:
            app, name = self._current
            self.violations.append(Violation(app, name, rule, target, operation))


# --- Fields ---------------------------------------------------------------------------------


def _column(name: str, f: Any) -> str:
    if f.db_column:
        return str(f.db_column)
    if isinstance(f, models.ForeignKey):
        return f"{name}_id"
    return name


def _indexed(f: Any) -> bool:
    if f.primary_key or f.many_to_many:
        return False
    return bool(f.db_index or f.unique)


def _not_null_without_db_default(f: Any) -> bool:
    if f.null or f.many_to_many or f.primary_key or getattr(f, "generated", False):
        return False
    return f.db_default is models.NOT_PROVIDED


def _builds_index(constraint: Any) -> bool:
    # A unique constraint is a unique index; an exclusion constraint is a GiST index.
    return isinstance(constraint, models.UniqueConstraint) or (
        type(constraint).__name__ == "ExclusionConstraint"
    )


# --- RunSQL ---------------------------------------------------------------------------------

_NAME = r'"?(?:\w+"?\.)?"?(\w+)"?'
_TABLE = rf"ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?{_NAME}"
_SQL_PATTERNS: Final = (
    (DROP, re.compile(rf"{_TABLE}\s+DROP\s+COLUMN\s+(?:IF\s+EXISTS\s+)?{_NAME}", re.I)),
    (DROP, re.compile(rf"DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?{_NAME}", re.I)),
    (RENAME, re.compile(rf"{_TABLE}\s+RENAME\b", re.I)),
    (
        INDEX,
        re.compile(
            rf"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)[^;]*?\bON\s+(?:ONLY\s+)?{_NAME}",
            re.I,
        ),
    ),
)


def _sql_statements(sql: Any) -> Iterator[str]:
    if isinstance(sql, str):
        yield sql
    elif isinstance(sql, (list, tuple)):
        for item in sql:
            # An item is a statement or a (statement, parameters) pair.
            yield item[0] if isinstance(item, (list, tuple)) else str(item)


def _scan_sql(statement: str) -> Iterator[tuple[str, str, str | None]]:
    text = re.sub(r"--[^\n]*", " ", statement)
    for rule, pattern in _SQL_PATTERNS:
        for match in pattern.finditer(text):
            groups = [g for g in match.groups() if g]
            table = groups[0]
            column = groups[1] if rule == DROP and len(groups) > 1 else None
            yield rule, table, column


def _shorten(statement: str) -> str:
    text = " ".join(statement.split())
    return text if len(text) <= 60 else text[:57] + "…"


# --- The project ----------------------------------------------------------------------------


def check_migrations(
    migrations: Iterable[Migration],
    *,
    large_tables: Collection[str],
    checked_apps: Collection[str] | None = None,
) -> list[Violation]:
    """The violations in ``migrations`` (in the order they apply); only ``checked_apps``'
    migrations are checked (all when ``None``), the others only build up the state."""
    checker = Checker(large_tables=large_tables)
    for migration in migrations:
        check = checked_apps is None or migration.app_label in checked_apps
        checker.migrate(migration, check=check)
    return checker.violations


def migration_plan(loader: MigrationLoader) -> list[Migration]:
    """Every migration on disk in an order ``migrate`` could apply them."""
    seen: set[tuple[str, str]] = set()
    plan: list[Migration] = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        for node in loader.graph.forwards_plan(leaf):
            if node not in seen:
                seen.add(node)
                plan.append(loader.graph.nodes[node])
    return plan


def project_apps() -> set[str]:
    """The labels of the apps whose code lives in this repository (not in a library)."""
    base = Path(settings.BASE_DIR).resolve()
    labels = set()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            labels.add(config.label)
    return labels


def read_scale_tables(path: Path | None = None) -> dict[str, int]:
    """Table → rows at the scale data set's xl size (the committed, generated list)."""
    path = path or SCALE_TABLES_FILE
    rows: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            table, count = line.split()
            rows[table] = int(count)
    return rows


def large_tables(rows: Mapping[str, int]) -> set[str]:
    return {table for table, count in rows.items() if count > LARGE_TABLE_ROWS}


@dataclass(frozen=True)
class BaselineEntry:
    line_number: int
    app_label: str
    migration: str
    key: str


def read_baseline(path: Path | None = None) -> list[BaselineEntry]:
    """The grandfathered violations: ``<app> <migration> <rule> <target> — <reason>``."""
    path = path or BASELINE_FILE
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        key = line.split(" — ", 1)[0].strip()
        app_label, migration, _rule, _target = key.split()
        entries.append(BaselineEntry(number, app_label, migration, key))
    return entries


def baseline_line(violation: Violation) -> str:
    return f"{violation.key} — {BASELINE_REASON}"


@dataclass(frozen=True)
class Report:
    """The project's violations split by the baseline."""

    new: list[Violation]
    grandfathered: list[Violation]
    # Baseline lines that name a migration that does not exist or a violation no longer found.
    stale: list[BaselineEntry]

    @property
    def ok(self) -> bool:
        return not self.new and not self.stale


def check_project(
    *, baseline_path: Path | None = None, scale_tables_path: Path | None = None
) -> Report:
    """Check every migration of the project's apps against the rules and the baseline (the
    committed files unless paths are given)."""
    baseline_path = baseline_path or BASELINE_FILE
    scale_tables_path = scale_tables_path or SCALE_TABLES_FILE
    loader = MigrationLoader(None, ignore_no_migrations=True)
    violations = check_migrations(
        migration_plan(loader),
        large_tables=large_tables(read_scale_tables(scale_tables_path)),
        checked_apps=project_apps(),
    )
    baseline = read_baseline(baseline_path)
    known = {entry.key for entry in baseline}
    found = {violation.key for violation in violations}
    return Report(
        new=[v for v in violations if v.key not in known],
        grandfathered=[v for v in violations if v.key in known],
        stale=[
            e
            for e in baseline
            if (e.app_label, e.migration) not in loader.disk_migrations or e.key not in found
        ],
    )
