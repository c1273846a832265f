"""Migration operations that keep a large table usable while its indexes are built.

PostgreSQL builds an index on a table of a million rows for minutes; a plain ``CREATE INDEX``
blocks every write to the table for that long, ``CREATE INDEX CONCURRENTLY`` does not (it
cannot run in a transaction, so migrations using it say ``atomic = False``). SQLite, the
embedded default, has neither the option nor PostgreSQL's index types: there a plain index is
built, or none for a PostgreSQL-only index (the code that needs it has an SQLite path).
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db.migrations.operations import AddIndex


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    """``AddIndexConcurrently`` on PostgreSQL; ``AddIndex`` elsewhere, or nothing there when
    ``postgres_only`` (a GIN index, for instance)."""

    def __init__(self, model_name: str, index: Any, postgres_only: bool = False) -> None:
        super().__init__(model_name, index)
        self.postgres_only = postgres_only

    def deconstruct(self) -> tuple[str, Any, dict[str, Any]]:
        name, args, kwargs = super().deconstruct()
        if self.postgres_only:
            kwargs["postgres_only"] = True
        return name, args, kwargs

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        elif not self.postgres_only:
            AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        elif not self.postgres_only:
            AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
