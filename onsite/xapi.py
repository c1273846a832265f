"""xAPI statements (specification 1.0.3) of a project's approved learning-log entries.

One statement per approved entry, built from its latest approved revision, so that a learning
record store (LRS) holds what the project leaders signed off and nothing in draft:

- ``id``: a UUID (version 5) of the revision id in the project's own namespace
  (``ID_NAMESPACE``), never of the site's address. Exporting again gives the same ids, also
  after the site has moved to another address, so an LRS that already has a statement answers
  "409 Conflict"/"204" rather than storing it twice; a re-approved entry is a new revision, so a
  new statement.
- no ``version``: a Learning Record Provider should not set it, and if it does it must say
  "1.0.0" (xAPI 1.0.3, part 2, "Version"); the LRS then records 1.0.0 itself.
- ``actor``: the entry's author as an Agent identified by ``mbox_sha1sum`` — the SHA-1 of
  "mailto:<address>" as the specification defines it — with the name for reading. The file is
  handed on to an LRS run by somebody else; the hash lets that LRS match the person's other
  statements (it can hash the address it knows) without the address itself leaving the site.
- ``verb``: ADL's "experienced" (the learning happened on site) with a Danish and an English
  display.
- ``object``: the building project as an Activity with a stable IRI under ``IRI_BASE``; its
  page on this site is the definition's ``moreInfo``, which may change with the address.
- ``context``: the guide applied (``contextActivities.other``, its page under /vejledninger/),
  the site as ``platform``, ``language`` "da-DK", the participants as the ``team`` Group and
  the entry kind and effect category as extensions.
- ``result``: ``response`` is what was learned; the entry's title, what happened and what will
  be done differently are extensions.
- ``timestamp``: the day the entry is about, at midnight Danish time (ISO 8601 with offset).

Activity ids, extension and activity-type IRIs live under ``IRI_BASE/xapi/``, the project's own
domain, fixed whatever address an installation is served on, so that an LRS sees the same
activities after a move. The specification does not require an IRI to resolve.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from core.site_url import public_base_url
from onsite.models import BuildingProject, EntryStatus, LogEntry, LogEntryRevision
from onsite.selectors import (
    RevisionContent,
    approved_entries,
    latest_approved_revisions,
    revision_content,
)
from organisations.models import User

# The project's own IRI space and UUID namespace: fixed, so ids survive a change of address.
IRI_BASE = "https://almenlaering.dk"
ID_NAMESPACE = uuid.UUID("5b0d3c1e-6a1f-4d3e-9c55-8f2a7e0b4d61")
LANGUAGE = "da-DK"
PLATFORM = "AlmenLæring"
VERB_EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"
DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def site_url() -> str:
    """The site's address now (``core.site_url``): for links, never for ids."""
    return public_base_url()


def page_url(path: str) -> str:
    """Where a person reads about an activity today (``moreInfo``); changes with the address."""
    return site_url() + path


def site_iri(path: str) -> str:
    """A stable IRI in the project's space, e.g. ``site_iri("/xapi/extensions/entry-kind")``."""
    return IRI_BASE + path


def extension(name: str) -> str:
    return site_iri(f"/xapi/extensions/{name}")


def activity_type(name: str) -> str:
    return site_iri(f"/xapi/activity-types/{name}")


def statement_id(revision: LogEntryRevision) -> str:
    """The same statement id for the same revision, on every export and at every address."""
    return str(uuid.uuid5(ID_NAMESPACE, f"log-entry-revision:{revision.pk}"))


def agent(user: User) -> dict[str, Any]:
    """An Agent identified by ``mbox_sha1sum`` (see the module's docstring)."""
    mbox = f"mailto:{user.email.strip().lower()}"
    return {
        "objectType": "Agent",
        "name": user.name,
        "mbox_sha1sum": hashlib.sha1(mbox.encode(), usedforsecurity=False).hexdigest(),
    }


def project_activity(project: BuildingProject) -> dict[str, Any]:
    definition: dict[str, Any] = {
        "name": {LANGUAGE: project.name},
        "type": activity_type("building-project"),
        "moreInfo": page_url(reverse("onsite:project_detail", args=[project.pk])),
    }
    description = project.description.strip() or project.get_kind_display()
    definition["description"] = {LANGUAGE: str(description)}
    return {
        "objectType": "Activity",
        "id": site_iri(f"/xapi/activities/building-project/{project.pk}"),
        "definition": definition,
    }


def guide_activity(code: str, title: str) -> dict[str, Any]:
    """The AlmenVejledning as an Activity: its page under /vejledninger/."""
    return {
        "objectType": "Activity",
        "id": site_iri(f"/xapi/activities/guide/{code}"),
        "definition": {
            "name": {LANGUAGE: f"{code} {title}".strip()},
            "type": activity_type("guide"),
            "moreInfo": page_url(reverse("guide_detail", kwargs={"code": code})),
        },
    }


def platform_activity() -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": site_iri("/"),
        "definition": {"name": {LANGUAGE: PLATFORM}},
    }


def _timestamp(entry: LogEntry, occurred_on: Any) -> str:
    day = occurred_on or entry.occurred_on
    return datetime.combine(day, time.min, tzinfo=DANISH_TIME).isoformat()


def _extensions(pairs: dict[str, str]) -> dict[str, str]:
    return {extension(name): value for name, value in pairs.items() if value}


def statement(
    entry: LogEntry,
    revision: LogEntryRevision,
    *,
    people: dict[int, User],
    content: RevisionContent | None = None,
) -> dict[str, Any]:
    """The xAPI statement of one approved revision of ``entry``; ``people`` holds the
    participants by id (the ``team``)."""
    content = content or revision_content(revision, entry)
    context: dict[str, Any] = {
        "platform": PLATFORM,
        "language": LANGUAGE,
        "contextActivities": {"category": [platform_activity()]},
        "extensions": _extensions(
            {
                "entry-kind": content.kind,
                "effect-category": content.effect_category,
                "revision": str(revision.number),
            }
        ),
    }
    if content.guide_code:
        context["contextActivities"]["other"] = [
            guide_activity(content.guide_code, content.guide_title)
        ]
    team = [agent(people[pk]) for pk in content.participant_ids if pk in people]
    if team:
        context["team"] = {"objectType": "Group", "member": team}
    result: dict[str, Any] = {"response": content.what_we_learned or content.title}
    result_extensions = _extensions(
        {
            "title": content.title,
            "what-happened": content.what_happened,
            "do-differently": content.do_differently,
        }
    )
    if result_extensions:
        result["extensions"] = result_extensions
    return {
        "id": statement_id(revision),
        "actor": agent(entry.author),
        "verb": {
            "id": VERB_EXPERIENCED,
            "display": {LANGUAGE: "erfarede", "en-US": "experienced"},
        },
        "object": project_activity(entry.project),
        "context": context,
        "result": result,
        "timestamp": _timestamp(entry, content.occurred_on),
    }


def project_statements(project: BuildingProject) -> list[dict[str, Any]]:
    """Every approved entry of the project as a statement, oldest first, in a fixed number of
    queries."""
    entries = list(approved_entries(project))
    revisions = latest_approved_revisions(project.entries.filter(status=EntryStatus.APPROVED))
    pairs = [
        (entry, revisions[entry.pk], revision_content(revisions[entry.pk], entry))
        for entry in entries
        if entry.pk in revisions
    ]
    people_ids = {pk for _entry, _revision, content in pairs for pk in content.participant_ids}
    people = User.objects.in_bulk(people_ids) if people_ids else {}
    statements = []
    for entry, revision, content in pairs:
        entry.project = project  # the same object: no query per statement
        statements.append(statement(entry, revision, people=people, content=content))
    return statements
