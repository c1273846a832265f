"""Bulk rows straight into tables: COPY on PostgreSQL, batched ``executemany`` elsewhere.

The scale data set is millions of rows; model instances, ``save()`` and signals would take hours.
Rows are plain dicts of column attnames; what a row leaves out gets the field's default (computed
once per table). Ids are given here, counting on from the table's highest id, so that rows can
point at each other before anything is written; ``sequences_reset`` brings the database's own
counters past them at the end. Only a database holding nothing but this data set's rows may be
written this way (``lms.scale.guard``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone
from wagtail.fields import StreamField

Row = dict[str, Any]
BATCH = 5_000


class Table:
    """One model's table: its columns in order, the defaults, and the next free id."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        # A generated column (e.g. a search vector) is the database's to fill.
        self.fields = [
            f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)
        ]
        self.columns = [field.column for field in self.fields]
        self.attnames = [field.attname for field in self.fields]
        self.defaults = [_default(field) for field in self.fields]
        pk = model._meta.pk
        # A multi-table child (a Wagtail page type) has its parent's id as its key: never ours.
        self.auto_id = isinstance(pk, models.AutoField)
        highest = model._default_manager.aggregate(top=Max("pk"))["top"] if self.auto_id else 0
        self._next = (highest or 0) + 1
        self.written = 0

    def next_id(self) -> int:
        value = self._next
        self._next += 1
        return value

    def values(self, row: Row) -> tuple[Any, ...]:
        return tuple(
            row[name] if name in row else default
            for name, default in zip(self.attnames, self.defaults, strict=True)
        )


def _default(field: models.Field[Any, Any]) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    if field.has_default() or not field.null:
        return field.get_default()
    return None


class Writer:
    """Writes rows to any number of tables and remembers which, to reset their sequences."""

    def __init__(self, on_batch: Callable[[str, int], None] | None = None) -> None:
        self.tables: dict[type[models.Model], Table] = {}
        self.on_batch = on_batch
        self.postgres = connection.vendor == "postgresql"

    def table(self, model: type[models.Model]) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model)
        return self.tables[model]

    def next_id(self, model: type[models.Model]) -> int:
        return self.table(model).next_id()

    def write(self, model: type[models.Model], rows: Iterable[Row]) -> int:
        """Insert ``rows``; returns how many. Rows without an ``id`` get the next free one."""
        table = self.table(model)
        values = (table.values(self._with_id(table, row)) for row in rows)
        count = self._copy(table, values) if self.postgres else self._insert(table, values)
        table.written += count
        return count

    def _with_id(self, table: Table, row: Row) -> Row:
        if table.auto_id and "id" not in row:
            row["id"] = table.next_id()
        return row

    def _copy(self, table: Table, values: Iterator[tuple[Any, ...]]) -> int:
        json_columns = [i for i, field in enumerate(table.fields) if _is_json(field)]
        names = ", ".join(connection.ops.quote_name(c) for c in table.columns)
        sql = f"COPY {connection.ops.quote_name(table.model._meta.db_table)} ({names}) FROM STDIN"
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in values:
                if json_columns:
                    row = _json_dumped(row, json_columns)
                copy.write_row(row)
                count += 1
                if count % (BATCH * 20) == 0:
                    self._report(table, count)
        return count

    def _insert(self, table: Table, values: Iterator[tuple[Any, ...]]) -> int:
        # One row per statement, many statements per call: SQLite's limit on variables per
        # statement (999 on old versions) never applies.
        placeholders = ", ".join(["%s"] * len(table.columns))
        names = ", ".join(connection.ops.quote_name(c) for c in table.columns)
        quoted = connection.ops.quote_name(table.model._meta.db_table)
        # Names from the model's own meta, quoted; the values go as parameters.
        sql = f"INSERT INTO {quoted} ({names}) VALUES ({placeholders})"  # noqa: S608
        count = 0
        batch: list[tuple[Any, ...]] = []
        with connection.cursor() as cursor:
            for row in values:
                batch.append(
                    tuple(
                        field.get_db_prep_save(value, connection)
                        for field, value in zip(table.fields, row, strict=True)
                    )
                )
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch.clear()
                    self._report(table, count)
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    def _report(self, table: Table, count: int) -> None:
        if self.on_batch is not None:
            self.on_batch(table.model._meta.db_table, count)

    def sequences_reset(self) -> None:
        """Move each written table's id sequence past the ids given here (PostgreSQL)."""
        written = [table.model for table in self.tables.values() if table.written]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), written):
                cursor.execute(statement)

    def analyze(self) -> None:
        """Fresh planner statistics for every written table (PostgreSQL).

        Right after a bulk load the planner still takes the tables for empty, and the derived
        figures' queries that follow would join millions of rows by nested loops. ANALYZE
        samples, so it costs seconds at any size.
        """
        if not self.postgres:
            return
        tables = [t.model._meta.db_table for t in self.tables.values() if t.written]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _is_json(field: models.Field[Any, Any]) -> bool:
    # A StreamField is a jsonb column too; the rows hold its blocks as Python lists.
    return isinstance(field, (models.JSONField, StreamField))


def _json_dumped(row: tuple[Any, ...], columns: list[int]) -> tuple[Any, ...]:
    values = list(row)
    for i in columns:
        values[i] = json.dumps(values[i])
    return tuple(values)
