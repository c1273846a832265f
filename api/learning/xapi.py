"""Building projects' approved learning-log entries as xAPI 1.0.3 statements.

One statement per approved entry, made from its latest approved revision (what the project's
leaders signed off, never a draft). The shapes follow "Experience API (xAPI) Data" 1.0.3:

- ``id``: a UUID (version 5) of the entry and the revision number in this API's namespace, so
  the same approved content always has the same id, on every request and at every address. A
  statement is immutable in xAPI, so a re-approved (changed) entry is a new statement with a new
  id; ``context.statement`` then points to the one it replaces.
- ``actor``: the entry's author as an Agent identified by an ``account`` on this site
  (``homePage`` = the site, ``name`` = the person's id, the ``id`` of /api/v1/people/); the
  e-mail address does not leave the site, and the author may belong to another party on the
  project (a contractor), whose address the organisation's HR does not otherwise get.
- ``verb``: ADL's "experienced" (the learning happened on site), Danish and English display.
- ``object``: the entry as an Activity whose id is its page on the site.
- ``context``: the building project as ``contextActivities.parent`` (the same activity as in the
  project's xAPI download), the guide and the competences as ``category``, the participants as
  the ``team`` Group, the site as ``platform``, ``language`` "da-DK", and the entry kind, effect
  category and revision as extensions.
- ``result.response``: what was learned (else the title).
- ``timestamp``: the day the entry is about (midnight, Danish time); ``stored``: when the
  revision was approved — this endpoint answers like an LRS's statement resource, which sets it.
- ``version``: "1.0.0": the 1.0.x data model, as the specification asks a statement to say
  (part 2, 2.4.10: "1.0.0" rather than the patch version); the patch version, 1.0.3, is in the
  ``X-Experience-API-Version`` header of the response.

Ids of activities and the account's ``homePage`` come from the configured address
(``LMS_BASE_URL``), never from the request's Host header, so a client calling by another name
cannot change them.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone

from api.learning import selectors
from core.site_url import configured_base_url
from onsite import xapi as onsite_xapi
from onsite.selectors import revision_content

if TYPE_CHECKING:
    from competencies.models import Competence
    from onsite.models import LogEntryRevision
    from onsite.selectors import RevisionContent

# The statements of this API, in the project's namespace (apart from the download's statements,
# which say other things about the same revisions and so must not share their ids).
NAMESPACE = uuid.uuid5(onsite_xapi.ID_NAMESPACE, "api/v1/xapi/statements")
SPECIFICATION_VERSION = "1.0.3"
STATEMENT_VERSION = "1.0.0"
LANGUAGE = onsite_xapi.LANGUAGE
VERB_DISPLAY = {LANGUAGE: "erfarede", "en-US": "experienced"}
ENTRY_TYPE = onsite_xapi.activity_type("learning-log-entry")
COMPETENCE_TYPE = onsite_xapi.activity_type("competence")


def statement_id(entry_id: int, revision_number: int) -> str:
    """The same id for the same approved revision of an entry, whatever asks and wherever."""
    return str(uuid.uuid5(NAMESPACE, f"log-entry:{entry_id}/revision:{revision_number}"))


def agent(person_id: int, name: str = "") -> dict[str, Any]:
    """A person as an Agent with an account on this site (see the module's docstring)."""
    found: dict[str, Any] = {
        "objectType": "Agent",
        "account": {"homePage": configured_base_url() + "/", "name": str(person_id)},
    }
    if name:
        found["name"] = name
    return found


def _extensions(pairs: dict[str, str]) -> dict[str, str]:
    """Extensions under the project's IRIs, leaving out empty values."""
    return {onsite_xapi.extension(name): value for name, value in pairs.items() if value}


def _language_map(text: str) -> dict[str, str] | None:
    """A one-language map; None for no text (xAPI wants no empty strings or objects)."""
    text = text.strip()
    return {LANGUAGE: text} if text else None


def entry_activity(revision: LogEntryRevision, content: RevisionContent) -> dict[str, Any]:
    entry = revision.entry
    definition: dict[str, Any] = {
        "name": _language_map(content.title) or {LANGUAGE: str(entry.get_kind_display())},
        "type": ENTRY_TYPE,
    }
    description = _language_map(content.what_happened)
    if description:
        definition["description"] = description
    return {
        "objectType": "Activity",
        "id": configured_base_url() + reverse("onsite:entry_detail", args=[entry.pk]),
        "definition": definition,
    }


def competence_activity(code: str, competence: Competence | None) -> dict[str, Any]:
    name = competence.name if competence is not None else code
    return {
        "objectType": "Activity",
        "id": onsite_xapi.site_iri(f"/xapi/activities/competence/{code}"),
        "definition": {"name": {LANGUAGE: name}, "type": COMPETENCE_TYPE},
    }


def _categories(content: RevisionContent, competences: dict[str, Competence]) -> list[Any]:
    categories = []
    if content.guide_code:
        categories.append(onsite_xapi.guide_activity(content.guide_code, content.guide_title))
    for code in content.competence_codes:
        categories.append(competence_activity(code, competences.get(code)))
    return categories


def _context(
    revision: LogEntryRevision, content: RevisionContent, competences: dict[str, Competence]
) -> dict[str, Any]:
    activities: dict[str, Any] = {"parent": [onsite_xapi.project_activity(revision.entry.project)]}
    categories = _categories(content, competences)
    if categories:
        activities["category"] = categories
    context: dict[str, Any] = {
        "contextActivities": activities,
        "platform": onsite_xapi.PLATFORM,
        "language": LANGUAGE,
        "extensions": _extensions(
            {
                "entry-kind": content.kind,
                "effect-category": content.effect_category,
                "revision": str(revision.number),
            }
        ),
    }
    team = [agent(pk) for pk in content.participant_ids]
    if team:
        context["team"] = {"objectType": "Group", "member": team}
    previous = getattr(revision, "previous_number", None)
    if previous:
        context["statement"] = {
            "objectType": "StatementRef",
            "id": statement_id(revision.entry_id, previous),
        }
    return context


def _result(content: RevisionContent) -> dict[str, Any]:
    result: dict[str, Any] = {"response": content.what_we_learned or content.title}
    extensions = _extensions({"do-differently": content.do_differently})
    if extensions:
        result["extensions"] = extensions
    return result


def _author_name(revision: LogEntryRevision) -> str:
    """The author's name as the revision froze it: a later change of name must not change a
    statement an LRS already holds (it would refuse the same id with other content)."""
    snapshot = revision.snapshot if isinstance(revision.snapshot, dict) else {}
    author = snapshot.get("author")
    name = author.get("name") if isinstance(author, dict) else None
    return name if isinstance(name, str) and name else revision.entry.author.name


def _timestamp(revision: LogEntryRevision, content: RevisionContent) -> str:
    day = content.occurred_on or revision.entry.occurred_on
    return datetime.combine(day, time.min, tzinfo=onsite_xapi.DANISH_TIME).isoformat()


def statement(
    revision: LogEntryRevision,
    content: RevisionContent,
    competences: dict[str, Competence],
) -> dict[str, Any]:
    """The statement of one approved revision (with ``entry``, its project, author and guide
    selected, participants and competences prefetched: no query of its own)."""
    entry = revision.entry
    return {
        "id": statement_id(entry.pk, revision.number),
        "actor": agent(entry.author_id, _author_name(revision)),
        "verb": {"id": onsite_xapi.VERB_EXPERIENCED, "display": dict(VERB_DISPLAY)},
        "object": entry_activity(revision, content),
        "result": _result(content),
        "context": _context(revision, content, competences),
        "timestamp": _timestamp(revision, content),
        "stored": timezone.localtime(revision.approved_at).isoformat(),
        "version": STATEMENT_VERSION,
    }


def statements(revisions: list[LogEntryRevision]) -> list[dict[str, Any]]:
    """The statements of ``revisions`` (from ``selectors.approved_revisions``), in their order,
    with one query for the names of the competences they name."""
    contents = [revision_content(revision, revision.entry) for revision in revisions]
    codes = {code for content in contents for code in content.competence_codes}
    competences = selectors.competences_by_code(codes)
    return [
        statement(revision, content, competences)
        for revision, content in zip(revisions, contents, strict=True)
    ]
