"""The person's "Mine kompetencer" page: role profile per organisation with required and
current level and the descriptors, their evidence (paginated), their plans."""

import datetime

import pytest
from django.urls import reverse

from competencies.models import EvidenceStatus, RoleProfile
from organisations import services as org_services
from organisations.models import JobFunction, Membership
from tests.competencies.plans_fixtures import (
    bulk_evidence,
    competence,
    evidence_row,
    make_plan,
    queries_of,
)

pytestmark = pytest.mark.django_db

URL = "/kompetencer/"
OVERVIEW_MAX_QUERIES = 24  # today 16–18, most of them the site's layout


def _content(response):
    return response.content.decode()


def test_the_url_is_named_overview():
    assert reverse("competencies:overview") == URL


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_bob_sees_his_projektleder_profile_with_levels(client, fjordbo, bob):
    evidence_row(bob, "fremtidsanalyse", level=3, organisation=fjordbo)
    evidence_row(bob, "effektmaaling", level=1, organisation=fjordbo)
    evidence_row(bob, "partsinddragelse", level=4, status=EvidenceStatus.PENDING)
    client.force_login(bob)
    response = client.get(URL)
    [item] = response.context["profiles"]
    lines = {line.competence.code: (line.required, line.current) for line in item.lines}
    profile = RoleProfile.objects.network_defaults().get(job_function__code="projektleder")
    assert len(lines) == profile.requirements.count()
    assert lines["fremtidsanalyse"] == (3, 3)
    assert lines["effektmaaling"] == (2, 1)
    assert lines["partsinddragelse"] == (3, 0)  # pending does not count
    content = _content(response)
    assert "Projektleder i Fjordbo" in content
    assert f"Du opfylder {item.met_count} af {len(lines)} krav" in content
    assert "Mangler 1 niveau" in content and "Opfyldt" in content
    assert competence("fremtidsanalyse").level_3 in content  # the descriptors
    assert "Dokumentér tidligere læring" in content
    assert reverse("competencies:evidence_create") in content


def test_an_organisations_own_profile_replaces_the_default(client, fjordbo, bob):
    from competencies.models import RoleProfileRequirement

    own = RoleProfile.objects.create(
        job_function=JobFunction.objects.get(code="projektleder"), organisation=fjordbo
    )
    RoleProfileRequirement.objects.create(
        profile=own, competence=competence("samdrift"), required_level=4
    )
    client.force_login(bob)
    response = client.get(URL)
    [item] = response.context["profiles"]
    assert [(line.competence.code, line.required) for line in item.lines] == [("samdrift", 4)]
    assert "(tilpasset af Fjordbo)" in _content(response)


def test_without_a_job_function_a_friendly_explanation(client, alice):
    client.force_login(alice)
    content = _content(client.get(URL))
    assert "Du har endnu ingen funktion i Fjordbo" in content


def test_without_a_profile_for_the_function_a_friendly_explanation(client, fjordbo, bob):
    RoleProfile.objects.filter(job_function__code="projektleder").delete()
    client.force_login(bob)
    content = _content(client.get(URL))
    assert "Der er endnu ingen kompetenceprofil for funktionen Projektleder" in content


def test_without_a_membership_a_friendly_explanation(client, db):
    user = org_services.user_create(email="ny@example.org", password="Korrekt-Hest-Batteri-9")
    client.force_login(user)
    content = _content(client.get(URL))
    assert "Du er ikke medlem af en boligorganisation" in content


def test_a_person_in_two_organisations_sees_both(client, fjordbo, nordlys, bob):
    org_services.membership_create(
        user=bob,
        organisation=nordlys,
        roles=["staff"],
        job_function=JobFunction.objects.get(code="beboervalgt"),
    )
    client.force_login(bob)
    profiles = client.get(URL).context["profiles"]
    assert [p.membership.organisation.name for p in profiles] == ["Fjordbo", "Nordlys"]
    assert Membership.objects.filter(user=bob).count() == 2


def test_own_evidence_and_plans_only(client, fjordbo, bob, dorte):
    evidence_row(bob, title="Bobs vurdering")
    evidence_row(dorte, title="Dortes vurdering")
    make_plan(bob, bob, fjordbo, title="Bobs plan")
    make_plan(dorte, dorte, fjordbo, title="Dortes plan")
    client.force_login(bob)
    content = _content(client.get(URL))
    assert "Bobs vurdering" in content and "Bobs plan" in content
    assert "Dortes vurdering" not in content and "Dortes plan" not in content


def test_evidence_shows_source_date_expiry_and_status(client, fjordbo, bob):
    from django.utils import timezone

    today = timezone.localdate()
    evidence_row(
        bob,
        title="Udløbet certificering",
        achieved_on=today - datetime.timedelta(days=800),
        expires_on=today - datetime.timedelta(days=1),
    )
    client.force_login(bob)
    content = _content(client.get(URL))
    assert "Udløbet certificering" in content
    assert "Lederens vurdering" in content and "Udløbet" in content and "udløber" in content


def test_the_number_of_queries_is_flat(client, fjordbo, bob, django_assert_num_queries):
    for year in (2025, 2026):
        make_plan(
            bob,
            bob,
            fjordbo,
            title=f"Plan {year}",
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
        )
    client.force_login(bob)
    bulk_evidence(bob, fjordbo, 10, status=EvidenceStatus.APPROVED)
    at_10 = queries_of(client, URL)
    assert at_10 <= OVERVIEW_MAX_QUERIES
    bulk_evidence(bob, fjordbo, 990, status=EvidenceStatus.APPROVED)
    with django_assert_num_queries(at_10):
        response = client.get(URL)
    assert response.context["page_obj"].paginator.count == 1000
    assert len(response.context["page_obj"].object_list) == 20
