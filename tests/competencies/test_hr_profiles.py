"""An organisation's role profiles: the list, adopting the network default, setting and
removing levels, resetting; managers read, HR writes, other organisations see nothing."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from competencies import gaps
from competencies.models import Competence, RoleProfile
from organisations import access
from organisations.models import JobFunction

pytestmark = pytest.mark.django_db


@pytest.fixture
def projektleder(db):
    return JobFunction.objects.get(code="projektleder")


def detail(organisation, job_function):
    return reverse(
        "competencies:profile_detail",
        kwargs={"org_pk": organisation.pk, "job_function_pk": job_function.pk},
    )


def post(client, organisation, job_function, **data):
    return client.post(detail(organisation, job_function), data)


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def default_levels(job_function):
    default = RoleProfile.objects.get(job_function=job_function, organisation=None)
    return dict(default.requirements.values_list("competence__code", "required_level"))


def own_levels(organisation, job_function):
    own = RoleProfile.objects.get(job_function=job_function, organisation=organisation)
    return dict(own.requirements.values_list("competence__code", "required_level"))


def test_the_list_shows_every_job_function_with_its_effective_profile(
    client, alice, fjordbo, bob, projektleder
):
    client.force_login(alice)
    url = reverse("competencies:profiles", kwargs={"org_pk": fjordbo.pk})
    soup = soup_of(client.get(url))
    rows = {tr.th.get_text(strip=True): tr for tr in soup.find("table").tbody.find_all("tr")}
    assert len(rows) == JobFunction.objects.count()
    cells = [td.get_text(strip=True) for td in rows["Projektleder"].find_all("td")]
    assert cells == ["Netværkets standard", str(len(default_levels(projektleder))), "1"]

    post(client, fjordbo, projektleder, action="adopt")
    soup = soup_of(client.get(url))
    rows = {tr.th.get_text(strip=True): tr for tr in soup.find("table").tbody.find_all("tr")}
    assert "Tilpasset af Fjordbo" in rows["Projektleder"].get_text()


def test_hr_adopts_adjusts_and_resets_a_profile(client, alice, fjordbo, projektleder, bob):
    client.force_login(alice)
    soup = soup_of(client.get(detail(fjordbo, projektleder)))
    assert soup.find("button", string="Tilpas til vores organisation")

    response = post(client, fjordbo, projektleder, action="adopt")
    assert response.status_code == 302
    assert own_levels(fjordbo, projektleder) == default_levels(projektleder)

    extra = Competence.objects.active().exclude(code__in=default_levels(projektleder)).first()
    post(client, fjordbo, projektleder, action="set", competence=extra.pk, required_level=2)
    fremtid = Competence.objects.get(code="fremtidsanalyse")
    post(client, fjordbo, projektleder, action="set", competence=fremtid.pk, required_level=4)
    helhed = Competence.objects.get(code="helhedsplanlaegning")
    post(client, fjordbo, projektleder, action="remove", competence=helhed.pk)
    levels = own_levels(fjordbo, projektleder)
    assert levels[extra.code] == 2 and levels["fremtidsanalyse"] == 4
    assert "helhedsplanlaegning" not in levels
    # The network default is untouched, and the gap analysis follows the own profile.
    assert default_levels(projektleder)["helhedsplanlaegning"] == 3
    scope = gaps.Scope(fjordbo.pk, access.looked_after_memberships(alice, fjordbo)).narrowed(
        job_function_id=projektleder.pk
    )
    assert gaps.coverage_total(scope).required == len(levels)

    soup = soup_of(client.get(detail(fjordbo, projektleder)))
    row = next(
        tr
        for tr in soup.find("table").tbody.find_all("tr")
        if "Fremtidsanalyse" in tr.th.get_text()
    )
    assert [td.get_text(strip=True) for td in row.find_all("td")][:2] == [
        "4 – leder/underviser",
        "3",
    ]

    response = post(client, fjordbo, projektleder, action="reset")
    assert response.status_code == 302
    assert not RoleProfile.objects.filter(organisation=fjordbo, job_function=projektleder).exists()
    assert gaps.coverage_total(scope).required == len(default_levels(projektleder))


def test_a_bad_level_is_explained_beside_the_field_and_nothing_is_saved(
    client, alice, fjordbo, projektleder
):
    client.force_login(alice)
    post(client, fjordbo, projektleder, action="adopt")
    before = own_levels(fjordbo, projektleder)
    fremtid = Competence.objects.get(code="fremtidsanalyse")
    response = post(
        client, fjordbo, projektleder, action="set", competence=fremtid.pk, required_level=7
    )
    soup = soup_of(response)
    level = soup.find("select", attrs={"name": "required_level"})
    assert "is-invalid" in level["class"]
    error = soup.find(id="error_1_id_required_level") or level.find_next(class_="invalid-feedback")
    assert "Niveauet skal være mellem 1 (kender) og 4 (leder/underviser)." in error.get_text()
    # What the person chose is kept.
    assert soup.find("select", attrs={"name": "competence"}).find("option", selected=True)[
        "value"
    ] == str(fremtid.pk)
    assert own_levels(fjordbo, projektleder) == before


def test_a_retired_competence_cannot_be_required(client, alice, fjordbo, projektleder):
    client.force_login(alice)
    post(client, fjordbo, projektleder, action="adopt")
    retired = Competence.objects.get(code="fremtidsanalyse")
    Competence.objects.filter(pk=retired.pk).update(is_active=False)
    response = post(
        client, fjordbo, projektleder, action="set", competence=retired.pk, required_level=2
    )
    soup = soup_of(response)
    assert "Vælg en af kompetencerne på listen." in soup.get_text()


def test_changing_levels_needs_an_own_profile_first(client, alice, fjordbo, projektleder):
    client.force_login(alice)
    fremtid = Competence.objects.get(code="fremtidsanalyse")
    response = post(
        client, fjordbo, projektleder, action="set", competence=fremtid.pk, required_level=1
    )
    assert response.status_code == 404
    assert default_levels(projektleder)["fremtidsanalyse"] == 3


def test_a_manager_reads_but_cannot_change(client, mads, fjordbo, projektleder):
    client.force_login(mads)
    soup = soup_of(client.get(detail(fjordbo, projektleder)))
    assert not soup.find("input", attrs={"name": "action"})
    assert "Tilpas til vores organisation" not in soup.get_text()
    assert post(client, fjordbo, projektleder, action="adopt").status_code == 403
    assert not RoleProfile.objects.filter(organisation=fjordbo).exists()


def test_hr_of_another_organisation_cannot_touch_the_profile(
    client, charlie, fjordbo, nordlys, projektleder
):
    client.force_login(charlie)
    assert post(client, fjordbo, projektleder, action="adopt").status_code == 404
    assert client.get(detail(fjordbo, projektleder)).status_code == 404
    assert not RoleProfile.objects.filter(organisation=fjordbo).exists()
    # Their own adjustment stays their own.
    post(client, nordlys, projektleder, action="adopt")
    assert RoleProfile.objects.filter(organisation=nordlys, job_function=projektleder).exists()
    assert not RoleProfile.objects.filter(organisation=fjordbo).exists()


def test_an_unknown_job_function_is_404(client, alice, fjordbo):
    client.force_login(alice)
    url = reverse(
        "competencies:profile_detail", kwargs={"org_pk": fjordbo.pk, "job_function_pk": 99999}
    )
    assert client.get(url).status_code == 404


def test_removing_an_unknown_competence_or_an_unknown_action(client, alice, fjordbo, projektleder):
    client.force_login(alice)
    post(client, fjordbo, projektleder, action="adopt")
    before = own_levels(fjordbo, projektleder)
    response = client.post(
        detail(fjordbo, projektleder), {"action": "remove", "competence": "99999"}, follow=True
    )
    assert "Kompetencen findes ikke." in soup_of(response).get_text()
    assert own_levels(fjordbo, projektleder) == before
    assert post(client, fjordbo, projektleder, action="delete-everything").status_code == 404
