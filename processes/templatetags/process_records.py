"""Template tags that give the milestone page its documents and decision log.

The milestone page (``processes/milestones/…``) includes ``processes/documents/
_milestone_documents.html`` and ``_milestone_decisions.html``; those partials ask these tags for
their rows, so the page's own view needs to know nothing about them. Rows come from
``processes.selectors_records`` and what the person may do from ``processes.access`` (a fixed
number of queries, however many rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from processes import access
from processes.forms_documents import DecisionForm, DocumentForm
from processes.models import Milestone, MilestoneDecision, MilestoneDocument
from processes.selectors_records import decisions_of, documents_of

register = template.Library()


@dataclass
class DocumentRow:
    document: MilestoneDocument
    can_delete: bool


@dataclass
class MilestoneDocuments:
    rows: list[DocumentRow]
    can_add: bool
    form: DocumentForm


@dataclass
class MilestoneDecisions:
    rows: list[MilestoneDecision]
    can_add: bool
    form: DecisionForm


def _can_add(user: Any, milestone: Milestone) -> bool:
    process = milestone.process
    actions = access.milestone_actions(
        user, milestone, process_actions=access.actions_for(user, process)
    )
    return actions.can_contribute


@register.simple_tag(takes_context=True)
def milestone_documents(context: template.Context, milestone: Milestone) -> MilestoneDocuments:
    """The milestone's documents with what the person may do with each."""
    user = context["request"].user
    documents = list(documents_of(milestone))
    actions = access.documents_actions(user, milestone.process, documents)
    return MilestoneDocuments(
        rows=[DocumentRow(document=d, can_delete=actions[d.pk].can_delete) for d in documents],
        can_add=_can_add(user, milestone),
        form=DocumentForm(),
    )


@register.simple_tag(takes_context=True)
def milestone_decisions(context: template.Context, milestone: Milestone) -> MilestoneDecisions:
    """The milestone's decision log, newest first."""
    user = context["request"].user
    return MilestoneDecisions(
        rows=list(decisions_of(milestone)),
        can_add=_can_add(user, milestone),
        form=DecisionForm(),
    )
