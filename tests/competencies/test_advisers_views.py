"""The adviser register (anbefaling 4): search consultants by their documented guide competence.

Rådgiv Nord is a listed consultant organisation: Rita is its HR, Kim its manager, Anna has valid
evidence of fremtidsanalyse at level 3, Per at level 1, Lise's level 4 has expired and Ole's was
withdrawn. Skjult Rådgivning is not listed. Alice (HR of Fjordbo, a housing organisation) searches.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from competencies.models import AdviserListing, Competence, Evidence
from organisations import services as org_services
from organisations.models import Membership, User
from tests.competencies.conftest import make_person
from tests.competencies.strategies_fixtures import queries_of

pytestmark = pytest.mark.django_db

TODAY = date.today()


def evidence(user, code, level, *, status="approved", expires_on=None, source="course", **extra):
    return Evidence.objects.create(
        user=user,
        competence=Competence.objects.get(code=code),
        level=level,
        source=source,
        status=status,
        achieved_on=TODAY - timedelta(days=400),
        expires_on=expires_on,
        title="Kursusbevis",
        **extra,
    )


@pytest.fixture
def nord(db):
    organisation = org_services.organisation_create(
        name="Rådgiv Nord", kind="consultant", cvr="44444444"
    )
    AdviserListing.objects.create(
        organisation=organisation,
        services="Fremtidsanalyse og helhedsplaner",
        contact_email="kontakt@nord.example",
        description="Bygherrerådgivning i Nordjylland.",
    )
    return organisation


@pytest.fixture
def rita(nord):
    return make_person("rita@nord.example", nord, ["staff", "hr"], "Rita")


@pytest.fixture
def kim(nord):
    return make_person("kim@nord.example", nord, ["staff", "manager"], "Kim")


@pytest.fixture
def people(nord):
    anna = make_person("anna@nord.example", nord, ["staff"], "Anna")
    per = make_person("per@nord.example", nord, ["staff"], "Per")
    lise = make_person("lise@nord.example", nord, ["staff"], "Lise")
    ole = make_person("ole@nord.example", nord, ["staff"], "Ole")
    evidence(anna, "fremtidsanalyse", 3, document_name="hemmeligt-kursusbevis.pdf")
    evidence(anna, "samdrift", 4)  # no guide builds samdrift: not a guide competence
    evidence(per, "fremtidsanalyse", 1)
    evidence(lise, "fremtidsanalyse", 4, expires_on=TODAY - timedelta(days=1))
    evidence(ole, "fremtidsanalyse", 4, status="withdrawn")
    return {"anna": anna, "per": per, "lise": lise, "ole": ole}


@pytest.fixture
def hidden(db):
    organisation = org_services.organisation_create(name="Skjult Rådgivning", kind="consultant")
    AdviserListing.objects.create(organisation=organisation, is_listed=False)
    hans = make_person("hans@skjult.example", organisation, ["staff"], "Hans")
    evidence(hans, "fremtidsanalyse", 4)
    return organisation


def search(client, **params):
    response = client.get(reverse("competencies:advisers"), params)
    assert response.status_code == 200
    return response


def shown(response):
    """Organisation name → names of the people shown under it."""
    return {
        listing.organisation.name: [p.membership.user.first_name for p in people]
        for listing, people in response.context["results"]
    }


class TestSearch:
    def test_a_member_of_any_organisation_searches(self, client, alice, people, hidden):
        client.force_login(alice)
        response = search(client)
        assert shown(response) == {"Rådgiv Nord": ["Anna", "Lise", "Ole", "Per"]}

    def test_by_guide_and_minimum_level(self, client, alice, people, hidden, a3):
        client.force_login(alice)
        response = search(client, guide=a3.pk, min_level=3)
        assert shown(response) == {"Rådgiv Nord": ["Anna"]}
        assert shown(search(client, guide=a3.pk, min_level=1)) == {"Rådgiv Nord": ["Anna", "Per"]}
        assert shown(search(client, guide=a3.pk, min_level=4)) == {}

    def test_a_guide_that_does_not_build_the_documented_competence_finds_nobody(
        self, client, alice, people
    ):
        from competencies.models import Guide

        client.force_login(alice)
        assert shown(search(client, guide=Guide.objects.get(code="A1").pk)) == {}

    def test_by_competence(self, client, alice, people, fremtidsanalyse):
        client.force_login(alice)
        response = search(client, competence=fremtidsanalyse.pk, min_level=2)
        assert shown(response) == {"Rådgiv Nord": ["Anna"]}

    def test_by_name_of_person_or_organisation(self, client, alice, people):
        client.force_login(alice)
        assert shown(search(client, q="anna")) == {"Rådgiv Nord": ["Anna"]}
        assert shown(search(client, q="Nord")) == {"Rådgiv Nord": ["Anna", "Lise", "Ole", "Per"]}
        assert shown(search(client, q="Ingen sådan")) == {}

    def test_people_show_their_guide_competences_but_never_the_documents(
        self, client, alice, people, a3
    ):
        client.force_login(alice)
        page = search(client, guide=a3.pk).content.decode()
        assert "A2, A3" in page
        assert "Fremtidsanalyse: 3 – anvender" in page
        assert "Gennemført kursus" in page
        assert "hemmeligt-kursusbevis.pdf" not in page
        assert "Samdrift" not in page  # documented, but no guide builds it

    def test_consultants_of_housing_organisations_are_not_listed(self, client, alice, fjordbo):
        AdviserListing.objects.create(organisation=fjordbo)  # not through the service
        evidence(alice, "fremtidsanalyse", 4)
        client.force_login(alice)
        assert shown(search(client)) == {}

    def test_anonymous_people_log_in_first(self, client):
        response = client.get(reverse("competencies:advisers"))
        assert response.status_code == 302

    def test_a_person_without_an_organisation_finds_nothing(self, client, nord):
        loner = User.objects.create_user(email="ene@example.dk", password="Hemmelig-kode-1")
        client.force_login(loner)
        assert client.get(reverse("competencies:advisers")).status_code == 404
        assert client.get(reverse("competencies:adviser_detail", args=[nord.pk])).status_code == 404

    def test_bad_search_input_searches_for_everything(self, client, alice, people):
        client.force_login(alice)
        response = search(client, guide="999999", min_level="9")
        assert "guide" in response.context["form"].errors
        assert shown(response) == {"Rådgiv Nord": ["Anna", "Lise", "Ole", "Per"]}


class TestDetail:
    def test_a_listed_adviser_shows_its_people(self, client, alice, nord, people):
        client.force_login(alice)
        response = client.get(reverse("competencies:adviser_detail", args=[nord.pk]))
        page = response.content.decode()
        assert "Bygherrerådgivning i Nordjylland." in page
        assert "kontakt@nord.example" in page
        names = [p.membership.user.first_name for p in response.context["people"]]
        assert names == ["Anna", "Lise", "Ole", "Per"]
        assert "Fremtidsanalyse: 3 – anvender" in page
        assert "hemmeligt-kursusbevis.pdf" not in page
        assert reverse("competencies:adviser_edit", args=[nord.pk]) not in page

    def test_an_unlisted_or_non_consultant_organisation_is_404(
        self, client, alice, hidden, fjordbo
    ):
        AdviserListing.objects.create(organisation=fjordbo)
        client.force_login(alice)
        for organisation in (hidden, fjordbo):
            url = reverse("competencies:adviser_detail", args=[organisation.pk])
            assert client.get(url).status_code == 404


class TestEdit:
    def data(self, **overrides):
        values = {
            "is_listed": "on",
            "description": "Vi rådgiver om fremtidsanalyser.",
            "services": "Fremtidsanalyse",
            "contact_email": "ny@nord.example",
        }
        values.update(overrides)
        return values

    @pytest.mark.parametrize("person", ["rita", "kim"])
    def test_hr_or_a_manager_edits_the_listing(self, client, request, person, nord):
        client.force_login(request.getfixturevalue(person))
        url = reverse("competencies:adviser_edit", args=[nord.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, self.data())
        assert response["Location"] == reverse("competencies:adviser_detail", args=[nord.pk])
        listing = AdviserListing.objects.get(organisation=nord)
        assert listing.contact_email == "ny@nord.example"

    def test_a_first_listing_is_created(self, client, db):
        organisation = org_services.organisation_create(name="Ny Rådgiver", kind="consultant")
        hr = make_person("hr@ny.example", organisation, ["staff", "hr"], "Hanne")
        client.force_login(hr)
        client.post(reverse("competencies:adviser_edit", args=[organisation.pk]), self.data())
        assert AdviserListing.objects.get(organisation=organisation).is_listed

    def test_unlisting_takes_the_organisation_out_of_the_register(
        self, client, rita, alice, nord, people
    ):
        client.force_login(rita)
        response = client.post(
            reverse("competencies:adviser_edit", args=[nord.pk]), self.data(is_listed="")
        )
        assert response["Location"] == reverse("competencies:advisers")
        client.force_login(alice)
        assert shown(search(client)) == {}
        assert client.get(reverse("competencies:adviser_detail", args=[nord.pk])).status_code == 404

    def test_a_bad_email_is_refused_beside_the_field(self, client, rita, nord):
        client.force_login(rita)
        response = client.post(
            reverse("competencies:adviser_edit", args=[nord.pk]),
            self.data(contact_email="ikke-en-adresse"),
        )
        assert response.status_code == 200
        assert "contact_email" in response.context["form"].errors
        assert 'value="ikke-en-adresse"' in response.content.decode()
        assert AdviserListing.objects.get(organisation=nord).contact_email == "kontakt@nord.example"

    @pytest.mark.parametrize("person", ["alice", "charlie", "anna"])
    def test_everyone_else_gets_404(self, client, request, person, nord, people):
        user = people["anna"] if person == "anna" else request.getfixturevalue(person)
        client.force_login(user)
        url = reverse("competencies:adviser_edit", args=[nord.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, self.data(services="Kapret")).status_code == 404
        assert AdviserListing.objects.get(organisation=nord).services != "Kapret"

    def test_hr_of_a_housing_organisation_cannot_list_it(self, client, alice, fjordbo):
        client.force_login(alice)
        url = reverse("competencies:adviser_edit", args=[fjordbo.pk])
        assert client.get(url).status_code == 404
        assert not AdviserListing.objects.exists()

    def test_the_consultants_own_people_see_the_edit_link(self, client, rita, nord):
        client.force_login(rita)
        page = search(client).content.decode()
        assert reverse("competencies:adviser_edit", args=[nord.pk]) in page


# --- Query counts ------------------------------------------------------------------------------


def many_consultant_people(organisations, start, stop):
    """People ``start``–``stop`` spread over ``organisations``, each with fremtidsanalyse at
    level 3."""
    competence = Competence.objects.get(code="fremtidsanalyse")
    users = User.objects.bulk_create(
        User(email=f"r{i}@raad.example", first_name="R", last_name=f"{i:04}")
        for i in range(start, stop)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisations[i % len(organisations)])
        for i, user in enumerate(users)
    )
    Evidence.objects.bulk_create(
        Evidence(
            user=user,
            competence=competence,
            level=3,
            source="course",
            achieved_on=TODAY - timedelta(days=10),
            title="Kursus",
        )
        for user in users
    )


@pytest.fixture
def consultancies(db):
    organisations = [
        org_services.organisation_create(name=f"Rådgiver {i:02}", kind="consultant")
        for i in range(3)
    ]
    AdviserListing.objects.bulk_create(AdviserListing(organisation=o) for o in organisations)
    return organisations


LIST_MAX_QUERIES = 24  # 19 today, most of them the site's layout and the search form
DETAIL_MAX_QUERIES = 20  # 15 today


def test_the_register_is_flat(client, alice, consultancies, a3, django_assert_num_queries):
    client.force_login(alice)
    params = {"guide": a3.pk, "min_level": 2}
    address = reverse("competencies:advisers")
    many_consultant_people(consultancies, 0, 10)
    at_10 = queries_of(client, address, params)
    assert at_10 <= LIST_MAX_QUERIES
    assert [len(p) for _l, p in client.get(address, params).context["results"]] == [4, 3, 3]
    many_consultant_people(consultancies, 10, 1000)
    with django_assert_num_queries(at_10):
        response = client.get(address, params)
    sizes = [len(people) for _listing, people in response.context["results"]]
    assert sizes == [5, 5, 5]  # at most five per organisation on the list
    assert [listing.match_count for listing, _p in response.context["results"]] == [334, 333, 333]


def test_an_advisers_page_is_flat(client, alice, consultancies, django_assert_num_queries):
    client.force_login(alice)
    address = reverse("competencies:adviser_detail", args=[consultancies[0].pk])
    many_consultant_people(consultancies[:1], 0, 10)
    at_10 = queries_of(client, address)
    assert at_10 <= DETAIL_MAX_QUERIES
    many_consultant_people(consultancies[:1], 10, 1000)
    with django_assert_num_queries(at_10):
        response = client.get(address)
    assert len(response.context["people"]) == 50
    assert all(person.competences for person in response.context["people"])
