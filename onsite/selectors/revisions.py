"""Reads of approved revisions: what an approved log entry said when it was approved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from onsite.models import (
    LogEntry,
    LogEntryRevision,
)

# --- Revisions: what an approved entry said ------------------------------------------------


def latest_approved_revisions(entries: QuerySet[LogEntry]) -> dict[int, LogEntryRevision]:
    """{entry id: its latest approved revision}, in one query."""
    newest = (
        LogEntryRevision.objects.filter(entry=OuterRef("entry"))
        .order_by("-number")
        .values("pk")[:1]
    )
    revisions = LogEntryRevision.objects.filter(
        entry__in=entries.values("pk"), pk=Subquery(newest)
    ).select_related("approved_by")
    return {revision.entry_id: revision for revision in revisions}


def latest_approved_revision(entry: LogEntry) -> LogEntryRevision | None:
    return entry.revisions.select_related("approved_by").order_by("-number").first()


@dataclass(frozen=True)
class RevisionContent:
    """What an approved revision says, read from its snapshot (falling back to the entry).

    The snapshot (``onsite.services.entries.entry_snapshot``) names the guide and the
    competences by code and the people by id and name, as they were when it was approved.
    """

    title: str
    what_happened: str
    what_we_learned: str
    do_differently: str
    kind: str
    effect_category: str
    occurred_on: date | None
    guide_code: str
    guide_title: str
    competence_codes: tuple[str, ...]
    participant_ids: tuple[int, ...]
    people_names: tuple[str, ...]
    tool: str


def _text(snapshot: dict[str, Any], key: str, fallback: str) -> str:
    value = snapshot.get(key)
    return value if isinstance(value, str) else (fallback or "")


def _date(value: Any, fallback: date | None) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return fallback
    return value if isinstance(value, date) else fallback


def _guide(snapshot: dict[str, Any], entry: LogEntry) -> tuple[str, str]:
    guide = snapshot.get("guide", ...)
    if isinstance(guide, dict):
        return str(guide.get("code") or ""), str(guide.get("title") or "")
    if guide is None:
        return "", ""
    # No guide key in the snapshot: the entry's guide (select it with the entry).
    return (entry.guide.code, entry.guide.title) if entry.guide is not None else ("", "")


def _competence_codes(snapshot: dict[str, Any], entry: LogEntry) -> tuple[str, ...]:
    competences = snapshot.get("competences")
    if isinstance(competences, list):
        return tuple(str(c["code"]) for c in competences if isinstance(c, dict) and c.get("code"))
    return tuple(c.competence.code for c in entry.competences.all())


def _participants(
    snapshot: dict[str, Any], entry: LogEntry
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    participants = snapshot.get("participants")
    if not isinstance(participants, list):
        people = [p.user for p in entry.participants.all()]
        return tuple(u.pk for u in people), tuple(u.get_full_name() for u in people)
    ids = tuple(
        p["id"] for p in participants if isinstance(p, dict) and isinstance(p.get("id"), int)
    )
    names = [p.get("name") for p in participants if isinstance(p, dict)]
    author = snapshot.get("author")
    if isinstance(author, dict):
        names.append(author.get("name"))
    return ids, tuple(name for name in names if isinstance(name, str) and name)


def revision_content(revision: LogEntryRevision, entry: LogEntry) -> RevisionContent:
    """The frozen content of ``revision``; what the snapshot lacks comes from the entry."""
    snapshot = revision.snapshot if isinstance(revision.snapshot, dict) else {}
    guide_code, guide_title = _guide(snapshot, entry)
    participant_ids, names = _participants(snapshot, entry)
    return RevisionContent(
        title=_text(snapshot, "title", entry.title),
        what_happened=_text(snapshot, "what_happened", entry.what_happened),
        what_we_learned=_text(snapshot, "what_we_learned", entry.what_we_learned),
        do_differently=_text(snapshot, "do_differently", entry.do_differently),
        kind=_text(snapshot, "kind", entry.kind),
        effect_category=_text(snapshot, "effect_category", entry.effect_category),
        occurred_on=_date(snapshot.get("occurred_on"), entry.occurred_on),
        guide_code=guide_code,
        guide_title=guide_title,
        competence_codes=_competence_codes(snapshot, entry),
        participant_ids=participant_ids,
        people_names=names,
        tool=_text(snapshot, "tool", entry.tool),
    )
