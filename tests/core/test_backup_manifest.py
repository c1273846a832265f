"""The backup's manifest and the checks a restore makes before it changes anything (no database).

The end-to-end proof against PostgreSQL is ``test_backup_restore.py``; these pin the pieces:
the manifest's own checksum, the file checks, the version check, and how the media walk keeps
the private storage out of the default one.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage, Storage

from core.ops.backup.errors import BackupRefused
from core.ops.backup.manifest import (
    FORMAT,
    manifest_load,
    manifest_write,
    problems_in_files,
    safe_relative,
)
from core.ops.backup.media import nested_prefix, walk
from core.ops.backup.rows import rows_export
from core.ops.backup.service import count_differences, migrations_unknown

REPO_ROOT = Path(__file__).resolve().parents[2]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def backup(tmp_path: Path) -> Path:
    """A small, intact backup folder: a dump and one file in each storage."""
    files = {
        "database.dump": b"PGDMP fake dump",
        "media/default/documents/a.txt": b"public",
        "media/private/evidence/x/b.pdf": b"%PDF private",
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    manifest_write(tmp_path, _manifest(files))
    return tmp_path


def _manifest(files: dict[str, bytes]) -> dict[str, Any]:
    def entry(path: str, data: bytes) -> dict[str, Any]:
        return {"path": path, "size": len(data), "sha256": _sha(data)}

    dump = files["database.dump"]
    return {
        "format": FORMAT,
        "database": {"file": "database.dump", "size": len(dump), "sha256": _sha(dump)},
        "migrations": [["courses", "0001_initial"]],
        "tables": {"courses_course": 3},
        "media": {
            "default": [entry("documents/a.txt", files["media/default/documents/a.txt"])],
            "private": [entry("evidence/x/b.pdf", files["media/private/evidence/x/b.pdf"])],
        },
    }


def test_an_intact_backup_has_no_problems(backup: Path) -> None:
    manifest = manifest_load(backup)

    assert problems_in_files(backup, manifest) == []
    assert manifest["tables"] == {"courses_course": 3}


def test_it_refuses_an_edited_manifest(backup: Path) -> None:
    path = backup / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["tables"]["courses_course"] = 4  # edited without re-sealing
    path.write_text(json.dumps(manifest))

    with pytest.raises(BackupRefused, match="kontrolsum passer ikke"):
        manifest_load(backup)


def test_it_refuses_a_truncated_manifest(backup: Path) -> None:
    path = backup / "manifest.json"
    path.write_text(path.read_text()[:100])

    with pytest.raises(BackupRefused, match="kan ikke læses"):
        manifest_load(backup)


def test_it_refuses_a_folder_without_a_manifest(tmp_path: Path) -> None:
    with pytest.raises(BackupRefused, match="ikke en \\(færdig\\) backup"):
        manifest_load(tmp_path)


def test_it_names_every_damaged_missing_and_extra_file(backup: Path) -> None:
    manifest = manifest_load(backup)
    (backup / "media/default/documents/a.txt").write_bytes(b"PUBLIC")  # same size, other bytes
    (backup / "media/private/evidence/x/b.pdf").unlink()
    (backup / "database.dump").write_bytes(b"PGDMP")  # truncated
    (backup / "media/private/planted.sh").write_bytes(b"#!/bin/sh")

    problems = problems_in_files(backup, manifest)

    assert problems == [
        "database.dump: 5 bytes, manifestet siger 15",
        "media/default/documents/a.txt: kontrolsummen passer ikke",
        "media/private/evidence/x/b.pdf: mangler",
        "media/private/planted.sh: står ikke i manifestet",
    ]


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "a/../../b", "", "a\\..\\b"])
def test_a_path_that_leaves_the_folder_is_refused(path: str) -> None:
    with pytest.raises(BackupRefused, match="ugyldig filsti"):
        safe_relative(path)


def test_a_manifest_path_that_leaves_the_folder_refuses_the_backup(backup: Path) -> None:
    manifest = manifest_load(backup)
    manifest["media"]["private"][0]["path"] = "../../../outside.pdf"

    with pytest.raises(BackupRefused, match="ugyldig filsti"):
        problems_in_files(backup, manifest)


def test_migrations_this_code_lacks_are_named() -> None:
    manifest = {
        "migrations": [
            ["courses", "0001_initial"],
            ["courses", "9999_from_the_future"],
            ["nosuchapp", "0001_initial"],
        ]
    }

    assert migrations_unknown(manifest) == [
        "courses.9999_from_the_future",
        "nosuchapp.0001_initial",
    ]


def test_count_differences_names_changed_missing_and_new_tables() -> None:
    expected = {"a": 1, "b": 2, "gone": 5}
    actual = {"a": 1, "b": 3, "new": 0}

    assert count_differences(expected, actual) == [("b", 2, 3), ("gone", 5, None), ("new", None, 0)]
    assert count_differences(expected, dict(expected)) == []


def test_the_walk_of_default_leaves_the_nested_private_storage_out(tmp_path: Path) -> None:
    for name in ("images/a.jpg", "documents/b.txt", "private/evidence/c.pdf", "top.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    default = FileSystemStorage(location=tmp_path)
    private = FileSystemStorage(location=tmp_path / "private")

    skip = nested_prefix(default, private)

    assert skip == "private"
    assert list(walk(default, skip=skip)) == ["top.txt", "documents/b.txt", "images/a.jpg"]
    assert list(walk(private)) == ["evidence/c.pdf"]
    assert nested_prefix(private, default) is None


def test_a_storage_folder_that_does_not_exist_is_empty(tmp_path: Path) -> None:
    assert list(walk(FileSystemStorage(location=tmp_path / "never-made"))) == []


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        (("bucket", ""), ("bucket", "private"), "private"),
        (("bucket", "media"), ("bucket", "media/private"), "private"),
        (("bucket", ""), ("other", "private"), None),
        (("bucket", "public"), ("bucket", "private"), None),
        (("bucket", "same"), ("bucket", "same"), None),
    ],
)
def test_nested_prefix_in_a_bucket(
    outer: tuple[str, str], inner: tuple[str, str], expected: str | None
) -> None:
    def bucket(name: str, location: str) -> Storage:
        return SimpleNamespace(bucket_name=name, location=location)  # type: ignore[return-value]

    assert nested_prefix(bucket(*outer), bucket(*inner)) == expected


def test_backup_refuses_sqlite_with_the_way_to_copy_it(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MEDIA_S3_")}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "backup", "--to", str(tmp_path / "backup")],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "kun med PostgreSQL" in result.stderr
    assert ".backup" in result.stderr
    assert not (tmp_path / "backup").exists()


@pytest.mark.parametrize("label", ["nosuch.Model", "Organisation", "organisations.Nothing"])
def test_rows_export_names_an_unknown_model(label: str, tmp_path: Path) -> None:
    with pytest.raises(BackupRefused, match="Ukendt model"):
        rows_export(label=label, pk=1, folder=tmp_path / "out")
    assert not (tmp_path / "out").exists()
