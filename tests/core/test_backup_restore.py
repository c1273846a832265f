"""``manage.py backup`` and ``restore`` as an operator runs them, against real PostgreSQL.

The demo is seeded once into a database of its own with its media on disk; every test then
restores (or refuses to restore) into fresh databases and storages and compares what it finds
with the source itself — every table's row count read from both databases, every file's sha256
read from both storages — not with the manifest the commands wrote.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from core.ops.backup.manifest import canonical_checksum
from tests.support.s3 import S3Server

pytestmark = pytest.mark.postgres

REPO_ROOT = Path(__file__).resolve().parents[2]
# Variables of the test run that must not leak into the commands: they run like an operator's
# shell, with only the database and storage they are given (no broker: tasks run eagerly).
DROPPED_ENV = (
    "DJANGO_SETTINGS_MODULE",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "REDIS_CACHE_URL",
    "MEDIA_S3_BUCKET",
    "MEDIA_S3_ENDPOINT_URL",
    "MEDIA_S3_ACCESS_KEY_ID",
    "MEDIA_S3_SECRET_ACCESS_KEY",
    "MEDIA_S3_REGION",
)


def _server_url(database: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{database}"))


def _base_name() -> str:
    return urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") or "almen"


@dataclass
class Site:
    """One installation: a database and either a MEDIA_ROOT or a bucket."""

    database: str
    media_root: Path
    s3: dict[str, str] | None = None

    @property
    def url(self) -> str:
        return _server_url(self.database)

    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in DROPPED_ENV}
        env.update(DATABASE_URL=self.url, MEDIA_ROOT=str(self.media_root))
        env.update(self.s3 or {})
        return env

    def manage(self, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO_ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def counts(self) -> dict[str, int]:
        """Rows of every table in the public schema, read straight from the database."""
        with psycopg.connect(self.url, autocommit=True) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            return {
                table: conn.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                ).fetchone()[0]  # type: ignore[index]
                for table in tables
            }

    def table_hashes(self) -> dict[str, tuple[int, str]]:
        """Every public table's row count and an md5 over its rows (in a fixed order)."""
        with psycopg.connect(self.url, autocommit=True) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            query = "SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM {} x"
            return {
                table: tuple(  # type: ignore[misc]
                    conn.execute(sql.SQL(query).format(sql.Identifier(table))).fetchone() or ()
                )
                for table in tables
            }

    def table_count(self) -> int:
        with psycopg.connect(self.url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()
            return int(row[0]) if row else 0


def disk_files(root: Path) -> dict[str, str]:
    """Every file under a MEDIA_ROOT (private/ included) as path → sha256."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def bucket_files(server: S3Server, bucket: str) -> dict[str, str]:
    """Every object of a bucket as key → sha256 (the keys mirror MEDIA_ROOT's layout)."""
    client = server.client()
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            body = client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            found[item["Key"]] = hashlib.sha256(body).hexdigest()
    return found


class Databases:
    """Creates databases named after DATABASE_URL's (e.g. almen_backup_bk_…) and drops them."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.prefix = f"{_base_name()}_bk_{uuid.uuid4().hex[:8]}"

    def create(self, label: str) -> str:
        name = f"{self.prefix}_{label}"
        with psycopg.connect(_server_url("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.names.append(name)
        return name

    def drop_all(self) -> None:
        with psycopg.connect(_server_url("postgres"), autocommit=True) as conn:
            for name in self.names:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


@pytest.fixture(scope="module")
def databases() -> Iterator[Databases]:
    made = Databases()
    try:
        yield made
    finally:
        made.drop_all()


@pytest.fixture(scope="module")
def source(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The demo, migrated and seeded, with its media on disk."""
    site = Site(databases.create("src"), tmp_path_factory.mktemp("src") / "media")
    for args in (("migrate", "--noinput", "--verbosity", "0"), ("seed_demo",)):
        result = site.manage(*args)
        assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def backup(source: Site, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("backups") / "demo"
    result = source.manage("backup", "--to", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def empty_site(databases: Databases, tmp_path: Path) -> Site:
    return Site(databases.create(uuid.uuid4().hex[:6]), tmp_path / "media")


def _copy(backup: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(backup, tmp_path / "copy"))


def test_the_demo_restores_with_every_count_and_checksum(
    source: Site, backup: Path, empty_site: Site
) -> None:
    result = empty_site.manage("restore", str(backup))

    assert result.returncode == 0, result.stderr
    assert "AFVIGER" not in result.stdout
    source_counts = source.counts()
    assert source_counts["courses_enrolment"] > 0  # the demo was really there
    assert empty_site.counts() == source_counts
    source_files = disk_files(source.media_root)
    assert any(name.startswith("private/") for name in source_files)
    assert any(not name.startswith("private/") for name in source_files)
    assert disk_files(empty_site.media_root) == source_files


def test_a_backup_from_a_bucket_restores_into_another_bucket(
    source: Site,
    backup: Path,
    databases: Databases,
    s3_server: S3Server,
    tmp_path: Path,
) -> None:
    """Disk → bucket A (restore), bucket A → backup → bucket B: both directions through S3."""
    bucket_a, bucket_b = s3_server.create_bucket(), s3_server.create_bucket()
    site_a = Site(databases.create("s3a"), tmp_path / "unused-a", s3_server.env(bucket_a))
    site_b = Site(databases.create("s3b"), tmp_path / "unused-b", s3_server.env(bucket_b))

    restored = site_a.manage("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    taken = site_a.manage("backup", "--to", str(tmp_path / "from-bucket"))
    assert taken.returncode == 0, taken.stderr
    again = site_b.manage("restore", str(tmp_path / "from-bucket"))
    assert again.returncode == 0, again.stderr

    source_files = disk_files(source.media_root)
    assert bucket_files(s3_server, bucket_a) == source_files
    assert bucket_files(s3_server, bucket_b) == source_files
    assert site_b.counts() == source.counts()
    assert not (tmp_path / "unused-a").exists()  # the media really went to the bucket


def test_it_refuses_a_database_that_is_not_empty(source: Site, backup: Path) -> None:
    before = source.counts()
    files_before = disk_files(source.media_root)

    result = source.manage("restore", str(backup))

    assert result.returncode != 0
    assert "ikke tom" in result.stderr
    assert source.counts() == before
    assert disk_files(source.media_root) == files_before


def test_it_refuses_a_storage_that_is_not_empty(backup: Path, empty_site: Site) -> None:
    stray = empty_site.media_root / "private" / "evidence" / "left-over.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"%PDF-1.4 left over")

    result = empty_site.manage("restore", str(backup))

    assert result.returncode != 0
    assert "Lageret «private» er ikke tomt" in result.stderr
    assert empty_site.table_count() == 0
    assert disk_files(empty_site.media_root) == {"private/evidence/left-over.pdf": _sha(stray)}


def test_it_refuses_a_tampered_file(backup: Path, empty_site: Site, tmp_path: Path) -> None:
    copy = _copy(backup, tmp_path)
    victim = next(
        path for path in sorted((copy / "media" / "private").rglob("*")) if path.is_file()
    )
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte different: only the checksum tells
    victim.write_bytes(bytes(data))

    result = empty_site.manage("restore", str(copy))

    assert result.returncode != 0
    assert "kontrolsummen passer ikke" in result.stderr
    assert victim.relative_to(copy).as_posix() in result.stderr
    assert empty_site.table_count() == 0
    assert not empty_site.media_root.exists()


def test_it_refuses_a_truncated_dump(backup: Path, empty_site: Site, tmp_path: Path) -> None:
    copy = _copy(backup, tmp_path)
    dump = copy / "database.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])

    result = empty_site.manage("restore", str(copy))

    assert result.returncode != 0
    assert "database.dump" in result.stderr
    assert empty_site.table_count() == 0


def test_it_refuses_a_backup_from_newer_code(
    backup: Path, empty_site: Site, tmp_path: Path
) -> None:
    copy = _copy(backup, tmp_path)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["migrations"].append(["courses", "9999_from_the_future"])
    manifest["manifest_sha256"] = canonical_checksum(manifest)  # a consistent, newer manifest
    (copy / "manifest.json").write_text(json.dumps(manifest))

    result = empty_site.manage("restore", str(copy))

    assert result.returncode != 0
    assert "nyere version" in result.stderr
    assert "courses.9999_from_the_future" in result.stderr
    assert empty_site.table_count() == 0
    assert not empty_site.media_root.exists()


def test_the_manifest_matches_the_source(source: Site, backup: Path) -> None:
    """Counts and file checksums in the manifest are the source's own (one snapshot)."""
    manifest = json.loads((backup / "manifest.json").read_text())

    assert manifest["tables"] == source.counts()
    listed = {row["path"]: row["sha256"] for row in manifest["media"]["default"]}
    listed |= {f"private/{row['path']}": row["sha256"] for row in manifest["media"]["private"]}
    assert listed == disk_files(source.media_root)
    assert ["courses", "0001_initial"] in manifest["migrations"]
    dump = backup / "database.dump"
    assert manifest["database"]["sha256"] == _sha(dump)
    assert manifest["database"]["size"] == dump.stat().st_size


def test_backup_refuses_a_folder_that_is_not_empty(source: Site, tmp_path: Path) -> None:
    (tmp_path / "something").write_text("x")

    result = source.manage("backup", "--to", str(tmp_path))

    assert result.returncode != 0
    assert "ikke tom" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["something"]


def test_one_organisations_deleted_rows_come_back_from_a_restored_copy(
    source: Site, backup: Path, empty_site: Site, tmp_path: Path
) -> None:
    """The operations guide's procedure: rows_export on a copy, load.sql into "production"."""
    production = empty_site
    assert production.manage("restore", str(backup)).returncode == 0
    deleted = production.manage(
        "shell",
        "-c",
        "from organisations.models import Organisation; "
        "print(Organisation.objects.get(name='Boligforeningen Engparken').delete())",
    )
    assert deleted.returncode == 0, deleted.stderr
    assert production.table_hashes() != source.table_hashes()
    with psycopg.connect(source.url) as conn:
        row = conn.execute(
            "SELECT id FROM organisations_organisation WHERE name = 'Boligforeningen Engparken'"
        ).fetchone()
    assert row is not None

    # The source stands in for the backup restored beside production (it is identical to it).
    exported = source.manage(
        "rows_export", "organisations.Organisation", str(row[0]), "--to", str(tmp_path / "org")
    )
    assert exported.returncode == 0, exported.stderr
    loaded = subprocess.run(
        ["psql", production.url, "-v", "ON_ERROR_STOP=1", "--single-transaction", "-q"]
        + ["-f", str(tmp_path / "org" / "load.sql")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert loaded.returncode == 0, loaded.stderr
    assert production.table_hashes() == source.table_hashes()
    again = subprocess.run(  # loading twice fails as a whole: it never overwrites
        ["psql", production.url, "-v", "ON_ERROR_STOP=1", "--single-transaction", "-q"]
        + ["-f", str(tmp_path / "org" / "load.sql")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode != 0
    assert production.table_hashes() == source.table_hashes()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
