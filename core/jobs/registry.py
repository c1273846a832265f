"""The kinds of export the apps offer, registered at start-up from ``<app>/export_jobs.py``.

A kind is three functions of the app's: ``authorise`` (the app's access policy: who may have
this file, raising ``Http404`` for everybody else), ``build`` (makes the file, reporting progress)
and optionally ``downloaded`` (writes the audit entry the app's old download view wrote).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.http import HttpRequest

    from core.jobs.models import ExportJob

Text = str | Promise


@dataclass(frozen=True)
class Scope:
    """What ``authorise`` found: the organisation the export is about (None: none in
    particular) and a label the job's page shows ("Fjordbo", "A3-kursus, hold 12. maj")."""

    organisation_id: int | None
    label: str
    # Where the job's page links back to (the page the export came from).
    back_url: str = ""


@dataclass
class ExportFile:
    """What ``build`` returns: the content (bytes, or an open binary file the job closes),
    the file name the person's browser saves it under, its content type, and optionally ids of
    what it holds."""

    content: bytes | IO[bytes]
    filename: str
    content_type: str
    # Ids of what the file holds, kept on the job (``ExportJob.contents``) for ``downloaded``.
    contents: dict[str, Any] = field(default_factory=dict)


class Progress:
    """The callback a build reports to: ``progress(done, total)``. It writes to the database at
    most every ``interval`` seconds (and always the first and the last step), so a build of
    100,000 rows does not write 100,000 times."""

    def __init__(self, write: Callable[[int, int], None], *, interval: float = 1.0) -> None:
        self._write = write
        self._interval = interval
        self._last: float | None = None

    def __call__(self, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        final = total and done >= total
        if self._last is not None and not final and now - self._last < self._interval:
            return
        self._last = now
        self._write(min(done, total), total)


@dataclass(frozen=True)
class BuildContext:
    """What a build gets: the job, the person who asked (the access checks run as them), the
    job's parameters, what ``authorise`` found, and the progress callback."""

    job: ExportJob
    user: Any
    parameters: dict[str, Any]
    scope: Scope
    progress: Progress


@dataclass(frozen=True)
class ExportKind:
    kind: str
    title: Text
    authorise: Callable[[Any, dict[str, Any]], Scope]
    build: Callable[[BuildContext], ExportFile]
    downloaded: Callable[[ExportJob, HttpRequest], None] | None = None


_kinds: dict[str, ExportKind] = {}


def register_export(
    kind: str,
    *,
    title: Text,
    authorise: Callable[[Any, dict[str, Any]], Scope],
    build: Callable[[BuildContext], ExportFile],
    downloaded: Callable[[ExportJob, HttpRequest], None] | None = None,
) -> ExportKind:
    """Offer a kind of export. ``kind`` is stored on every job: keep it stable."""
    entry = ExportKind(
        kind=kind, title=title, authorise=authorise, build=build, downloaded=downloaded
    )
    _kinds[kind] = entry
    return entry


def kind_for(kind: str) -> ExportKind:
    """The registered kind; ``LookupError`` for one nobody registered (an app removed)."""
    try:
        return _kinds[kind]
    except KeyError:
        raise LookupError(f"No export kind {kind!r} is registered.") from None


def kinds() -> list[ExportKind]:
    return [_kinds[name] for name in sorted(_kinds)]
