"""The demo building projects: seeded through the real services, in every state, twice safely."""

from __future__ import annotations

import pytest

from competencies.models import Evidence, EvidenceSource, EvidenceStatus
from onsite import demo as onsite_demo
from onsite.models import BuildingProject, EntryStatus, LogAttachment, LogEntry, ProjectMember
from organisations import demo as organisations_demo
from organisations.models import Membership
from tests.onsite.fixtures_log import *  # noqa: F403  (the fixtures)

pytestmark = pytest.mark.django_db


def test_the_demo_projects_and_logs(clean_files, mailoutbox):
    organisations_demo.seed()
    onsite_demo.seed()
    fjordparken = BuildingProject.objects.get(name=onsite_demo.FJORDPARKEN)
    solyst = BuildingProject.objects.get(name=onsite_demo.SOLYST)
    assert (fjordparken.phase, solyst.phase) == ("C", "B")
    assert set(fjordparken.guides.values_list("code", flat=True)) == {"A2", "A3", "A4"}
    assert set(fjordparken.parties.values_list("role", flat=True)) == {
        "bygherre", "raadgiver", "entreprenoer", "drift", "beboere", "kommune", "boligsocial",
    }  # fmt: skip
    # Kim and Rasmus came in by invitation and belong to their own organisations only.
    for email in ("kim@hansen-entreprise.example", "rasmus@raadgiver-nord.example"):
        member = ProjectMember.objects.get(project=fjordparken, user__email=email)
        assert member.party is not None
        assert not Membership.objects.filter(
            user=member.user, organisation=fjordparken.organisation
        ).exists()
    assert fjordparken.invitations.filter(accepted_at__isnull=False).count() == 3

    fjordbo_entries = LogEntry.objects.filter(project__in=[fjordparken, solyst])
    assert fjordbo_entries.count() >= 30
    assert set(fjordbo_entries.values_list("status", flat=True)) == set(EntryStatus.values)
    revised = fjordbo_entries.get(revision=2)
    assert revised.status == EntryStatus.APPROVED
    first, second = revised.revisions.order_by("number")
    assert set(
        Evidence.objects.filter(source_ref=first.evidence_ref).values_list("status", flat=True)
    ) == {EvidenceStatus.WITHDRAWN}
    assert Evidence.objects.filter(
        source_ref=second.evidence_ref, status=EvidenceStatus.APPROVED
    ).exists()
    approved = fjordbo_entries.filter(status=EntryStatus.APPROVED).count()
    assert approved >= 15
    assert (
        Evidence.objects.filter(
            source=EvidenceSource.ONSITE, status=EvidenceStatus.APPROVED
        ).count()
        >= approved
    )
    photos = LogAttachment.objects.filter(kind="image")
    assert photos.count() >= 4
    assert all(max(p.width, p.height) <= 2000 for p in photos)
    assert LogAttachment.objects.filter(kind="document").exists()
    assert BuildingProject.objects.filter(organisation__name="Nordlys Bolig").count() == 1

    counts = (
        BuildingProject.objects.count(),
        LogEntry.objects.count(),
        Evidence.objects.count(),
        LogAttachment.objects.count(),
        ProjectMember.objects.count(),
    )
    onsite_demo.seed()  # a second run changes nothing
    assert counts == (
        BuildingProject.objects.count(),
        LogEntry.objects.count(),
        Evidence.objects.count(),
        LogAttachment.objects.count(),
        ProjectMember.objects.count(),
    )
