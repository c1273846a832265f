"""The seeded demo, built once per test session and put back for every browser test that needs it.

``seed_demo`` takes 10–20 seconds, and about twenty browser tests start from it. Each of them is
transactional (the live server needs committed rows), so the database is emptied after it and
the next one would seed again. Instead the first one seeds and keeps a copy of every table; the
others get the copy back in well under a second:

- SQLite (the embedded default): the test database lives in memory; the copy is another
  in-memory database, taken and put back with SQLite's own backup API (whole pages, so ids,
  sequences and every table come back exactly);
- PostgreSQL: the copy is a schema of its own (``demo_snapshot``) with one ``CREATE TABLE … AS
  TABLE`` per table; putting it back empties the tables (``TRUNCATE … RESTART IDENTITY``),
  copies the rows in and moves every sequence past the largest id. Django's foreign keys are
  ``DEFERRABLE INITIALLY DEFERRED``, so the order of the copies does not matter inside the one
  transaction.

Files the demo wrote to MEDIA_ROOT stay on disk between tests, so they are still there. What
the seed printed is kept, so tests that read its output get the same text.
"""

from __future__ import annotations

import io
import sqlite3
from dataclasses import dataclass, field

from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

SCHEMA = "demo_snapshot"


@dataclass
class DemoSnapshot:
    output: str = ""
    taken: bool = False
    _sqlite: sqlite3.Connection | None = None
    _tables: list[str] = field(default_factory=list)

    def seeded(self) -> str:
        """The demo in the database (seeded the first time, put back after that); the output."""
        if self.taken:
            self._restore()
        else:
            out = io.StringIO()
            call_command("seed_demo", stdout=out)
            self.output = out.getvalue()
            self._take()
            self.taken = True
        # What was cached about the rows before (site root paths, menus) is stale. The content
        # type cache stays: the copy has the same content types under the same ids, and an
        # emptied cache would re-create rows in the middle of the next test's flush.
        cache.clear()
        return self.output

    # --- Taking the copy ------------------------------------------------------------------

    def _take(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._sqlite = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._sqlite)
            return
        self._tables = connection.introspection.table_names()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE')
            cursor.execute(f'CREATE SCHEMA "{SCHEMA}"')
            for table in self._tables:
                cursor.execute(f'CREATE TABLE "{SCHEMA}"."{table}" AS TABLE "public"."{table}"')

    # --- Putting it back ------------------------------------------------------------------

    def _restore(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            assert self._sqlite is not None
            self._sqlite.backup(connection.connection)
            return
        quoted = ", ".join(f'"public"."{table}"' for table in self._tables)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
            for table in self._tables:
                # Table names come from the database's own catalogue, not from input.
                copy = f'INSERT INTO "public"."{table}" SELECT * FROM "{SCHEMA}"."{table}"'  # noqa: S608
                cursor.execute(copy)
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)

    def close(self) -> None:
        """Let go of the SQLite copy (PostgreSQL's schema goes with the test database)."""
        if self._sqlite is not None:
            self._sqlite.close()
