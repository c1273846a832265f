"""Reads of the learning log: one entry with everything its page lists, and what approval
documented."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onsite.models import (
    EntryEvent,
    LogEntry,
    LogEntryRevision,
)


def approval_outcome(entry: LogEntry) -> str:
    """What approving ``entry`` documented, in words: for how many participants, or why nothing.

    Approval records evidence for every participant and every competence of the entry; with no
    participants or no competences nothing is documented, and the message must not claim it.
    """
    participants = entry.participants.count()
    competences = entry.competences.count()
    if not participants:
        return _("Indlægget har ingen deltagere, så ingen kompetencer er dokumenteret.")
    if not competences:
        return _("Indlægget angiver ingen kompetencer, så der er ikke dokumenteret kompetencer.")
    return ngettext(
        "Kompetencerne er dokumenteret for %(count)d deltager.",
        "Kompetencerne er dokumenteret for %(count)d deltagere.",
        participants,
    ) % {"count": participants}


def entry_for_page(entry: LogEntry) -> LogEntry:
    """``entry`` (which came from an access getter) once more, with everything its page lists
    in one more round: no query per participant, event or revision."""
    return (
        LogEntry.objects.filter(pk=entry.pk)
        .select_related("project__organisation", "author", "guide", "approved_by")
        .prefetch_related(
            "parties",
            "participants__user",
            "competences__competence",
            "attachments",
            Prefetch("events", queryset=EntryEvent.objects.select_related("actor")),
            Prefetch(
                "revisions",
                queryset=LogEntryRevision.objects.select_related("approved_by").order_by("-number"),
            ),
        )
        .get()
    )
