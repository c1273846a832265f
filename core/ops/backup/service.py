"""``backup_create`` and ``backup_restore``: the two operations behind ``make backup``/``restore``.

Order of a backup: the database first, then the media. Django writes an upload's file before it
commits the row that names it, so every file the dump refers to existed when the dump's snapshot
was taken, and the media listing that follows finds it. Files uploaded during the backup are
copied too when the listing sees them; they are harmless orphans after a restore (no row names
them). The other order would lose files: rows committed after the media listing would name
files the backup never copied.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ops.backup import database, media
from core.ops.backup.errors import BackupRefused
from core.ops.backup.manifest import (
    DUMP_NAME,
    FORMAT,
    MEDIA_DIR,
    STORAGE_ALIASES,
    FileEntry,
    manifest_load,
    manifest_write,
    media_entries,
    problems_in_files,
    read_chunks,
    safe_relative,
    sha256_stream,
)

Write = Callable[[str], Any]


@dataclass
class RestoreResult:
    """What a restore did: seconds per step and the tables whose counts differ from the manifest."""

    seconds: dict[str, float] = field(default_factory=dict)
    files: int = 0
    differences: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    migrations_to_apply: list[str] = field(default_factory=list)


def default_folder() -> Path:
    stamp = timezone.now().strftime("%Y-%m-%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "backups" / stamp


def backup_create(*, folder: Path, write: Write = print) -> dict[str, Any]:
    """Dump the database, copy both storages' media, write the manifest last; return it."""
    database.postgres_check()
    if folder.exists() and any(folder.iterdir()):
        raise BackupRefused(
            _("%(folder)s findes og er ikke tom; vælg en ny mappe.") % {"folder": folder}
        )
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {"format": FORMAT, "created_at": timezone.now().isoformat()}
    started = time.monotonic()
    manifest.update(_dump_with_facts(folder / DUMP_NAME))
    write(
        _("Database: %(tables)d tabeller, dump %(size).1f MB på %(seconds).1f s")
        % {
            "tables": len(manifest["tables"]),
            "size": manifest["database"]["size"] / 1e6,
            "seconds": time.monotonic() - started,
        }
    )
    manifest["media"] = {}
    manifest["vanished"] = []
    for alias in STORAGE_ALIASES:
        entries, vanished = _copy_storage(alias, folder / MEDIA_DIR / alias)
        manifest["media"][alias] = [entry.as_json() for entry in entries]
        manifest["vanished"] += [{"storage": alias, "path": name} for name in vanished]
        write(_("Medier %(alias)s: %(count)d filer") % {"alias": alias, "count": len(entries)})
    manifest["finished_at"] = timezone.now().isoformat()
    manifest["seconds"] = round(time.monotonic() - started, 2)
    manifest_write(folder, manifest)
    return manifest


def _dump_with_facts(target: Path) -> dict[str, Any]:
    """The dump and, from the same snapshot, the counts, migrations and versions."""
    dump_started = time.monotonic()
    with database.snapshot() as (snapshot_id, cursor):
        tables = database.table_counts(cursor)
        migrations = database.applied_migrations(cursor)
        postgresql = database.server_version(cursor)
        database.dump(target, snapshot_id)
    sha256, size = sha256_stream(read_chunks(target))
    return {
        "version": _version(migrations),
        "django": django.get_version(),
        "postgresql": postgresql,
        "pg_dump": database.tool_version("pg_dump"),
        "migrations": migrations,
        "tables": tables,
        "database": {
            "file": DUMP_NAME,
            "name": connection.settings_dict["NAME"],
            "size": size,
            "sha256": sha256,
            "seconds": round(time.monotonic() - dump_started, 2),
        },
    }


def _copy_storage(alias: str, target: Path) -> tuple[list[FileEntry], list[str]]:
    entries: list[FileEntry] = []
    vanished: list[str] = []
    for name in media.storage_files(alias):
        entry = media.copy_out(alias, name, target.joinpath(*safe_relative(name).parts))
        if entry is None:
            vanished.append(name)
        else:
            entries.append(entry)
    return entries, vanished


def _version(migrations: list[list[str]]) -> dict[str, Any]:
    latest: dict[str, str] = {}
    for app, name in migrations:
        latest[app] = max(latest.get(app, name), name)
    return {
        "git": _git_revision(),
        "release": os.environ.get("LMS_RELEASE", "").strip() or None,
        "latest_migrations": dict(sorted(latest.items())),
    }


def _git_revision() -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git on a server that got the code as an image or archive
    return result.stdout.strip() or None if result.returncode == 0 else None


# --- Restore ------------------------------------------------------------------------------------


def backup_restore(*, folder: Path, write: Write = print) -> RestoreResult:
    """Check everything, then ``pg_restore`` and copy the media back; compare the counts.

    Every refusal comes before the first change: a backup that fails a check, one from newer
    code, or a target database or storage that holds anything leaves the target as it was.
    """
    result = RestoreResult()
    started = time.monotonic()
    manifest = restore_checks(folder)
    result.migrations_to_apply = _migrations_not_in(manifest)
    result.seconds["checks"] = time.monotonic() - started
    write(_("Kontrol: backup intakt, målet tomt (%(s).1f s)") % {"s": result.seconds["checks"]})

    started = time.monotonic()
    database.restore(folder / DUMP_NAME)
    result.seconds["database"] = time.monotonic() - started
    write(_("Database gendannet (%(s).1f s)") % {"s": result.seconds["database"]})

    started = time.monotonic()
    for alias in STORAGE_ALIASES:
        for entry in media_entries(manifest, alias):
            source = folder.joinpath(MEDIA_DIR, alias, *safe_relative(entry.path).parts)
            media.copy_in(alias, entry, source)
            result.files += 1
    result.seconds["media"] = time.monotonic() - started
    write(
        _("Medier: %(n)d filer gendannet (%(s).1f s)")
        % {"n": result.files, "s": result.seconds["media"]}
    )
    result.differences = count_differences(manifest["tables"], database.current_counts())
    return result


def restore_checks(folder: Path) -> dict[str, Any]:
    """The checks before a restore, cheapest refusals first; the manifest when all pass."""
    database.postgres_check()
    manifest = manifest_load(folder)
    unknown = migrations_unknown(manifest)
    if unknown:
        raise BackupRefused(
            _(
                "Backuppen er fra en nyere version: disse migreringer findes ikke i denne kode: "
                "%(names)s. Gendan med den version, der tog backuppen (eller en nyere)."
            )
            % {"names": ", ".join(unknown)}
        )
    _target_empty_check()
    problems = problems_in_files(folder, manifest)
    if problems:
        raise BackupRefused(
            _("Backuppen er beskadiget; intet er ændret:\n  %(problems)s")
            % {"problems": "\n  ".join(problems)}
        )
    return manifest


def migrations_unknown(manifest: dict[str, Any]) -> list[str]:
    """Migrations the backup's database had applied that this code does not have."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]


def _migrations_not_in(manifest: dict[str, Any]) -> list[str]:
    """This code's migrations the backup lacks: ``migrate`` after the restore applies them."""
    applied = {(app, name) for app, name in manifest["migrations"]}
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(f"{app}.{name}" for app, name in known if (app, name) not in applied)


def _target_empty_check() -> None:
    tables = database.user_tables()
    if tables:
        raise BackupRefused(
            _(
                "Databasen %(name)s er ikke tom (%(count)d tabeller, fx %(first)s). Gendan kun "
                "i en ny, tom database (createdb), aldrig over en i brug; intet er ændret."
            )
            % {"name": connection.settings_dict["NAME"], "count": len(tables), "first": tables[0]}
        )
    for alias in STORAGE_ALIASES:
        found = media.first_file(alias)
        if found is not None:
            raise BackupRefused(
                _(
                    "Lageret «%(alias)s» er ikke tomt (fx %(path)s). Gendan i et tomt lager "
                    "(ny MEDIA_ROOT eller ny bucket); intet er ændret."
                )
                % {"alias": alias, "path": found}
            )


def count_differences(
    expected: dict[str, int], actual: dict[str, int]
) -> list[tuple[str, int | None, int | None]]:
    """Tables whose row count differs, as ``(table, in the manifest, now)``; None: no such table."""
    return [
        (table, expected.get(table), actual.get(table))
        for table in sorted(set(expected) | set(actual))
        if expected.get(table) != actual.get(table)
    ]
