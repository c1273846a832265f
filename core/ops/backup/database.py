"""PostgreSQL: the dump, the restore, row counts and the emptiness check.

The dump and everything the manifest says about the database (row counts, applied migrations)
come from ONE snapshot: a REPEATABLE READ transaction exports its snapshot and ``pg_dump
--snapshot`` reads exactly that, so the counts a restore compares against are the dump's own,
however busy the site is while the backup runs.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils.translation import gettext as _

from core.ops.backup.errors import BackupRefused

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")


def postgres_check() -> None:
    """Refuse anything but PostgreSQL: the backup is ``pg_dump``'s custom format."""
    if connection.vendor != "postgresql":
        raise BackupRefused(
            _(
                "backup og restore virker kun med PostgreSQL (DATABASE_URL=postgres://…); "
                "databasen her er %(vendor)s. En SQLite-fil kopieres med "
                "«sqlite3 db.sqlite3 '.backup kopi.sqlite3'» mens siden står stille."
            )
            % {"vendor": connection.vendor}
        )


def libpq_env() -> dict[str, str]:
    """The environment that points ``pg_dump``/``pg_restore`` at DATABASE_URL's database.

    Through PG* variables rather than arguments, so the password never shows in ``ps``.
    """
    settings = connection.settings_dict
    values = {
        "PGDATABASE": settings["NAME"],
        "PGHOST": settings.get("HOST") or "",
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": settings.get("USER") or "",
        "PGPASSWORD": settings.get("PASSWORD") or "",
        "PGSSLMODE": (settings.get("OPTIONS") or {}).get("sslmode", ""),
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


@contextmanager
def snapshot() -> Iterator[tuple[str, CursorWrapper]]:
    """A REPEATABLE READ transaction and its exported snapshot id, held open until the end."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Must be the transaction's first statement; READ ONLY also keeps this backup harmless.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        yield cursor.fetchone()[0], cursor


def table_counts(cursor: CursorWrapper) -> dict[str, int]:
    """Rows per table of the database's schema (the tables Django's introspection sees)."""
    counts: dict[str, int] = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        # The name comes from the catalogue, quoted: no input reaches this statement.
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations(cursor: CursorWrapper) -> list[list[str]]:
    """The ``django_migrations`` rows as ``[app, name]``, in the order they were applied."""
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
    return [[app, name] for app, name in cursor.fetchall()]


def server_version(cursor: CursorWrapper) -> str:
    cursor.execute("SHOW server_version")
    return str(cursor.fetchone()[0])


def tool_version(tool: str) -> str:
    return _run([tool, "--version"], env=dict(os.environ)).strip()


def dump(target: Path, snapshot_id: str) -> None:
    """``pg_dump --format=custom`` of the snapshot into ``target``."""
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-password",
            f"--snapshot={snapshot_id}",
            f"--file={target}",
        ],
        env=libpq_env(),
    )


def restore(source: Path) -> None:
    """``pg_restore`` into DATABASE_URL's database, all or nothing.

    ``--no-owner``/``--no-privileges``: the target's role owns everything, whatever role the
    source server had. ``--single-transaction`` with ``--exit-on-error``: a failure leaves the
    database as empty as it was.
    """
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        env=libpq_env(),
    )


def user_tables() -> list[str]:
    """Every table, view and sequence outside PostgreSQL's own schemas (empty: a fresh createdb)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
            "AND n.nspname <> ALL(%s) AND n.nspname NOT LIKE 'pg\\_%%' ORDER BY 1",
            [list(SYSTEM_SCHEMAS)],
        )
        return [row[0] for row in cursor.fetchall()]


def current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return table_counts(cursor)


def _run(command: list[str], *, env: dict[str, Any]) -> str:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupRefused(
            _("%(tool)s findes ikke: installér PostgreSQL-klienten (fx postgresql-client).")
            % {"tool": command[0]}
        ) from exc
    if result.returncode != 0:
        raise BackupRefused(
            _("%(tool)s fejlede (kode %(code)d): %(error)s")
            % {"tool": command[0], "code": result.returncode, "error": result.stderr.strip()}
        )
    return result.stdout
