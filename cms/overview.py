"""The personal start page, Min side (``/min-side/``): what is the person's to do, from every app.

A composing view: each app gives its panel's data from its own selectors in a fixed number of
queries (``courses.selectors.learner_overview``, ``approver_overview``, ``provider_overview``;
``competencies.selectors.own_plans``, ``hr_overview``; ``onsite.selectors.project_leader_overview``;
``processes.selectors.waiting_overview``)
and its own panel template. Each selector asks its app's access policy and answers None (or
nothing) for a person the panel does not concern; this view decides nothing itself and only puts
the panels together. It lives in ``cms``, the composition layer for pages that combine the
pillars, because the two pillars (courses, onsite) never import each other.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from competencies import selectors as competence_selectors
from courses import selectors as course_selectors
from courses.calendar import calendar_feed_url
from onsite import selectors as onsite_selectors
from organisations.access import me
from organisations.models import User
from processes import selectors as process_selectors

# HR of more organisations than this sees the first ones here and the rest from the header.
HR_PANELS_SHOWN = 3


def _panels(user: User) -> dict[str, Any]:
    """Every panel's data; a panel that does not concern the person is None or empty."""
    hr = [
        competence_selectors.hr_overview(user, organisation)
        for organisation in competence_selectors.hr_organisations(user)[:HR_PANELS_SHOWN]
    ]
    return {
        "learner": course_selectors.learner_overview(user),
        "plans": competence_selectors.own_plans(user),
        "approvals": course_selectors.approver_overview(user),
        "hr_panels": hr,
        "project_leader": onsite_selectors.project_leader_overview(user),
        "provider": course_selectors.provider_overview(user),
        "processes": process_selectors.waiting_overview(user),
    }


def _has_tasks(panels: dict[str, Any]) -> bool:
    """Whether any panel asks something of the person (for the one friendly line if not)."""
    approvals, leader, provider = panels["approvals"], panels["project_leader"], panels["provider"]
    return any(
        [
            panels["learner"].has_tasks,
            panels["plans"],
            approvals and approvals.count,
            any(hr.plans_submitted or hr.evidence_pending for hr in panels["hr_panels"]),
            leader and (leader.entries_count or leader.overdue),
            provider and provider.session_count,
            panels["processes"],
        ]
    )


@login_required
def start_page(request: HttpRequest) -> HttpResponse:
    person = me(request)
    panels = _panels(person)
    approvals = panels["approvals"]
    context = {
        **panels,
        "has_tasks": _has_tasks(panels),
        # Kept under its old name: the approval queue's own tests read it.
        "pending_approvals": approvals.requests if approvals else [],
        "calendar_feed_url": calendar_feed_url(person),
    }
    return render(request, "cms/start_page.html", context)
