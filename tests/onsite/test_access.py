"""Every object-level route of projects, entries and attachments answers 404 outside reach.

Olga has no organisation, Karen is Fjordbo staff on no project, Anna leads projects at Nordlys;
none of them may learn that Fjordparken, its entries or its photos exist. Kim (the invited
contractor) sees Fjordparken and nothing else.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from onsite import access
from onsite.models import LogEntry, ProjectInvitation, ProjectMember, ProjectParty
from onsite.services import entries as entry_services
from onsite.services import projects as project_services
from tests.onsite.fixtures_log import *  # noqa: F403  (the fixtures)
from tests.onsite.fixtures_log import jpeg_bytes, make_entry, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(project, peter, thomas, lars, kim, clean_files):
    """One of each object under Fjordparken: an approved entry with a photo, a submitted one,
    a party, a member and an open invitation."""
    approved = make_entry(
        project,
        peter,
        participants=[peter, lars],
        photos=[upload("a.jpg", jpeg_bytes())],
        submit=True,
    )
    entry_services.log_entry_approve(entry=approved, actor=thomas)
    submitted = make_entry(project, lars, participants=[lars], submit=True)
    invitation = project_services.project_invitation_create(
        project=project, actor=peter, email="radgiver@example.org"
    )
    return {
        "project": project,
        "approved": approved,
        "submitted": submitted,
        "attachment": approved.attachments.get(),
        "party": project.parties.get(role="entreprenoer"),
        "member": project.members.get(user=lars),
        "invitation": invitation,
    }


def get_routes(r):
    p = r["project"].pk
    return [
        reverse("onsite:project_detail", args=[p]),
        reverse("onsite:project_edit", args=[p]),
        reverse("onsite:project_parties", args=[p]),
        reverse("onsite:party_edit", args=[p, r["party"].pk]),
        reverse("onsite:invite", args=[p]),
        reverse("onsite:entry_create", args=[p]),
        reverse("onsite:entry_detail", args=[r["approved"].pk]),
        reverse("onsite:entry_detail", args=[r["submitted"].pk]),
        reverse("onsite:entry_edit", args=[r["submitted"].pk]),
        reverse("onsite:attachment", args=[r["attachment"].pk]),
    ]


def post_routes(r):
    p = r["project"].pk
    entry = r["submitted"].pk
    return [
        (reverse("onsite:project_edit", args=[p]), {"name": "Overtaget"}),
        (reverse("onsite:party_create", args=[p]), {"role": "kommune", "name": "Indtrængt"}),
        (reverse("onsite:party_edit", args=[p, r["party"].pk]), {"role": "kommune"}),
        (reverse("onsite:party_remove", args=[p, r["party"].pk]), {}),
        (reverse("onsite:member_add", args=[p]), {}),
        (reverse("onsite:member_update", args=[p, r["member"].pk]), {"is_leader": "on"}),
        (reverse("onsite:member_remove", args=[p, r["member"].pk]), {}),
        (reverse("onsite:invite", args=[p]), {"email": "ond@example.org"}),
        (reverse("onsite:invitation_revoke", args=[p, r["invitation"].pk]), {}),
        (reverse("onsite:entry_create", args=[p]), {"title": "Indtrængt"}),
        (reverse("onsite:entry_submit", args=[entry]), {}),
        (reverse("onsite:entry_approve", args=[entry]), {}),
        (reverse("onsite:entry_return", args=[entry]), {"return-comment": "Nej"}),
        (reverse("onsite:entry_cosign", args=[entry]), {}),
        (reverse("onsite:entry_revise", args=[r["approved"].pk]), {}),
    ]


def assert_unchanged(r):
    r["submitted"].refresh_from_db()
    assert r["submitted"].status == "submitted"
    assert LogEntry.objects.count() == 2
    assert ProjectParty.objects.filter(pk=r["party"].pk).exists()
    assert ProjectMember.objects.get(pk=r["member"].pk).is_leader is False
    assert ProjectInvitation.objects.get(pk=r["invitation"].pk).revoked_at is None
    assert not ProjectInvitation.objects.filter(email="ond@example.org").exists()
    r["project"].refresh_from_db()
    assert r["project"].name == "Helhedsplan Fjordparken"


@pytest.mark.parametrize("who", ["olga", "karen", "anna"])
def test_outsiders_get_404_on_every_route(client, rows, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in get_routes(rows):
        assert client.get(url).status_code == 404, url
    for url, data in post_routes(rows):
        assert client.post(url, data).status_code == 404, url
    assert_unchanged(rows)


def test_anonymous_people_are_sent_to_log_in(client, rows):
    for url in get_routes(rows):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"], url
    for url, data in post_routes(rows):
        assert client.post(url, data).status_code == 302, url
    assert_unchanged(rows)


def test_members_who_do_not_lead_get_404_on_the_leaders_routes(client, rows, kim):
    client.force_login(kim)
    p = rows["project"].pk
    for url in [
        reverse("onsite:project_edit", args=[p]),
        reverse("onsite:project_parties", args=[p]),
        reverse("onsite:party_edit", args=[p, rows["party"].pk]),
        reverse("onsite:invite", args=[p]),
    ]:
        assert client.get(url).status_code == 404, url
    for url, data in post_routes(rows)[:9]:
        assert client.post(url, data).status_code == 404, url
    assert_unchanged(rows)


def test_the_invited_contractor_sees_the_project_and_nothing_else(
    client, rows, kim, other_project, nordlys_project, fjordbo, peter, thomas
):
    elsewhere = make_entry(other_project, peter, submit=True)
    entry_services.log_entry_approve(entry=elsewhere, actor=thomas)
    client.force_login(kim)
    assert (
        client.get(reverse("onsite:project_detail", args=[rows["project"].pk])).status_code == 200
    )
    assert client.get(reverse("onsite:entry_detail", args=[rows["approved"].pk])).status_code == 200
    assert client.get(reverse("onsite:attachment", args=[rows["attachment"].pk])).status_code == 200
    for url in [
        reverse("onsite:project_detail", args=[other_project.pk]),
        reverse("onsite:project_detail", args=[nordlys_project.pk]),
        reverse("onsite:entry_detail", args=[elsewhere.pk]),
        reverse("onsite:entry_create", args=[other_project.pk]),
        reverse("organisations:detail", args=[fjordbo.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    # …and a submitted entry he is not part of stays hidden too.
    assert (
        client.get(reverse("onsite:entry_detail", args=[rows["submitted"].pk])).status_code == 404
    )
    assert set(access.projects_for(kim)) == {rows["project"]}


def test_another_organisations_project_leader_sees_none_of_fjordbo(rows, anna, nordlys_project):
    assert list(access.projects_for(anna)) == [nordlys_project]
    assert not access.entries_for(anna).exists()
    assert not access.is_project_leader(anna, rows["project"])


def test_hr_oversees_but_does_not_lead(rows, hanne):
    assert rows["project"] in access.projects_for(hanne)
    assert not access.is_project_leader(hanne, rows["project"])
    assert set(access.entries_for(hanne)) == {rows["approved"]}
