"""The backup's ``manifest.json``: what a backup holds, and the checks a restore makes first.

The manifest carries a sha256 of itself (over its canonical JSON without that one field), so a
truncated or hand-edited manifest is noticed. It is a checksum, not a signature: whoever can
write the backup folder can also recompute it. Keep backups where only the operator writes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.utils.translation import gettext as _

from core.ops.backup.errors import BackupRefused

FORMAT = 1
MANIFEST_NAME = "manifest.json"
DUMP_NAME = "database.dump"
MEDIA_DIR = "media"
STORAGE_ALIASES = ("default", "private")
CHUNK = 1024 * 1024
CHECKSUM_FIELD = "manifest_sha256"


@dataclass(frozen=True)
class FileEntry:
    """One file of the backup: its path (in its storage), size in bytes and sha256."""

    path: str
    size: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


def sha256_stream(chunks: Iterable[bytes]) -> tuple[str, int]:
    """The sha256 and byte count of a stream of chunks."""
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def read_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def canonical_checksum(manifest: dict[str, Any]) -> str:
    """sha256 of the manifest without its own checksum field (sorted keys, no spaces)."""
    body = {key: value for key, value in manifest.items() if key != CHECKSUM_FIELD}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def manifest_write(folder: Path, manifest: dict[str, Any]) -> Path:
    """Write ``manifest.json`` with its checksum; written last, so its presence means complete."""
    sealed = {**manifest, CHECKSUM_FIELD: canonical_checksum(manifest)}
    target = folder / MANIFEST_NAME
    partial = folder / (MANIFEST_NAME + ".partial")
    partial.write_text(json.dumps(sealed, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(target)  # atomic: a reader sees no manifest or a whole one
    return target


def manifest_load(folder: Path) -> dict[str, Any]:
    """Read and check the manifest itself: present, JSON, our format, its checksum right."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise BackupRefused(
            _("%(path)s findes ikke: mappen er ikke en (færdig) backup.") % {"path": path}
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupRefused(_("manifest.json kan ikke læses: %(error)s") % {"error": exc}) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(
            _("manifest.json har et ukendt format (forventet format %(f)d).") % {"f": FORMAT}
        )
    if manifest.get(CHECKSUM_FIELD) != canonical_checksum(manifest):
        raise BackupRefused(
            _("manifest.json er ændret eller afkortet: dens kontrolsum passer ikke.")
        )
    return manifest


def safe_relative(path: str) -> PurePosixPath:
    """A manifest path as a relative path that stays inside its folder (no ``..``, not absolute)."""
    pure = PurePosixPath(path)
    if not path or pure.is_absolute() or ".." in pure.parts or "\\" in path:
        raise BackupRefused(_("manifest.json nævner en ugyldig filsti: %(path)r") % {"path": path})
    return pure


def media_entries(manifest: dict[str, Any], alias: str) -> list[FileEntry]:
    """The files the manifest lists for one storage."""
    rows = manifest.get("media", {}).get(alias, [])
    return [FileEntry(row["path"], int(row["size"]), row["sha256"]) for row in rows]


def problems_in_files(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Every way the dump and media files differ from the manifest (empty: all intact).

    Missing files, wrong sizes, wrong checksums, and files in ``media/`` that the manifest does
    not name (something was added to the backup after it was taken).
    """
    problems: list[str] = []
    dump = manifest["database"]
    problems += _file_problem(folder / DUMP_NAME, DUMP_NAME, int(dump["size"]), dump["sha256"])
    expected: set[Path] = set()
    for alias in STORAGE_ALIASES:
        for entry in media_entries(manifest, alias):
            relative = Path(MEDIA_DIR, alias, *safe_relative(entry.path).parts)
            expected.add(relative)
            problems += _file_problem(folder / relative, str(relative), entry.size, entry.sha256)
    media_root = folder / MEDIA_DIR
    if media_root.is_dir():
        for path in sorted(media_root.rglob("*")):
            if path.is_file() and path.relative_to(folder) not in expected:
                problems.append(
                    _("%(path)s: står ikke i manifestet") % {"path": path.relative_to(folder)}
                )
    return problems


def _file_problem(path: Path, label: str, size: int, sha256: str) -> list[str]:
    if not path.is_file():
        return [_("%(path)s: mangler") % {"path": label}]
    if path.stat().st_size != size:
        return [
            _("%(path)s: %(actual)d bytes, manifestet siger %(expected)d")
            % {"path": label, "actual": path.stat().st_size, "expected": size}
        ]
    if sha256_stream(read_chunks(path))[0] != sha256:
        return [_("%(path)s: kontrolsummen passer ikke") % {"path": label}]
    return []
