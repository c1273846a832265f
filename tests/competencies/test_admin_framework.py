"""The network secretariat's admin for the competence framework (menu "Kompetencer").

Maria (network editor, TOTP) maintains areas, competences, the network's default role profiles,
Læringspilen's stages and moderates the adviser register; Sofie (provider editor) and Alice (HR)
may not.
"""

from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from competencies.models import (
    AdviserListing,
    Competence,
    CompetenceArea,
    Guide,
    LearningStage,
    RoleProfile,
    StrategyGoal,
)
from competencies.services import strategy_create
from organisations import services as org_services
from organisations.apps import OrganisationsConfig
from organisations.models import JobFunction
from tests.competencies.conftest import make_person
from tests.competencies.strategies_fixtures import queries_of

pytestmark = pytest.mark.django_db

LISTINGS = [
    "competencearea:index",
    "competence:index",
    "roleprofile:index",
    "learningstage:index",
    "adviserlisting:index",
]


@pytest.fixture
def maria(db):
    network = org_services.organisation_create(name="Sekretariatet", kind="network")
    return make_person("maria@net.example", network, ["staff", "network_editor"], "Maria")


@pytest.fixture
def sofie(db):
    provider = org_services.organisation_create(name="Almen Akademi", kind="provider")
    return make_person("sofie@akademi.example", provider, ["staff", "provider_editor"], "Sofie")


@pytest.fixture
def area(db):
    return CompetenceArea.objects.order_by("sort_order").first()


@pytest.fixture
def new_function(db):
    return JobFunction.objects.create(code="byggeleder", name="Byggeleder", sort_order=99)


def competence_data(area, **overrides):
    data = {
        "area": area.pk,
        "sort_order": "5",
        "is_active": "on",
        "name": "Klimatilpasning",
        "code": "klimatilpasning",
        "description": "At tilpasse afdelingen til et vådere klima.",
        "level_1": "Kender begreberne.",
        "level_2": "Forstår sammenhængene.",
        "level_3": "Anvender dem i en helhedsplan.",
        "level_4": "Leder og underviser andre.",
    }
    data.update(overrides)
    return data


def profile_data(job_function, requirements, note="Standard for byggeledere."):
    return nested_form_data(
        {
            "job_function": job_function.pk,
            "note": note,
            "requirements": inline_formset(
                [
                    {"competence": competence.pk, "required_level": level}
                    for competence, level in requirements
                ]
            ),
        }
    )


class TestWhoMayEnter:
    def test_every_listing_opens_for_a_network_editor(self, client, maria):
        client.force_login(maria)
        for name in LISTINGS:
            assert client.get(reverse(name)).status_code == 200, name

    def test_every_listing_searches_and_exports(self, client, maria):
        client.force_login(maria)
        for name in LISTINGS:
            assert client.get(reverse(name), {"q": "fremtid"}).status_code == 200, name
            response = client.get(reverse(name), {"export": "xlsx"})
            assert response.status_code == 200, name
            load_workbook(BytesIO(b"".join(response.streaming_content)))

    @pytest.mark.parametrize("person", ["sofie", "alice"])
    def test_a_provider_editor_or_hr_may_not(self, client, person, request, area):
        user = request.getfixturevalue(person)
        client.force_login(user)
        for name in LISTINGS:
            assert client.get(reverse(name)).status_code in (302, 403), name
        response = client.post(reverse("competence:add"), competence_data(area))
        assert response.status_code in (302, 403)
        assert not Competence.objects.filter(code="klimatilpasning").exists()
        assert not user.has_perm("competencies.add_competence")

    def test_the_group_carries_the_framework_permissions(self, maria):
        group = org_services.network_editors_group()
        codenames = set(group.permissions.values_list("codename", flat=True))
        for model in ("competencearea", "competence", "roleprofile", "learningstage"):
            for action in ("add", "change", "delete", "view"):
                assert f"{action}_{model}" in codenames
        assert {"view_adviserlisting", "change_adviserlisting"} <= codenames
        assert "add_adviserlisting" not in codenames  # consultants list themselves
        # The organisations app still contributes its own permissions to the same group.
        assert group.permissions.filter(codename="access_admin").exists()
        assert OrganisationsConfig.network_editor_permissions

    def test_an_existing_group_receives_new_permissions_when_synced(self, maria):
        group = org_services.network_editors_group()
        group.permissions.remove(Permission.objects.get(codename="change_competence"))
        org_services.network_editors_group()
        assert group.permissions.filter(codename="change_competence").exists()


class TestCompetences:
    def test_a_network_editor_creates_a_competence_with_its_descriptors(self, client, maria, area):
        client.force_login(maria)
        response = client.post(reverse("competence:add"), competence_data(area))
        assert response.status_code == 302
        competence = Competence.objects.get(code="klimatilpasning")
        assert competence.area == area
        assert competence.descriptor(3) == "Anvender dem i en helhedsplan."

    def test_and_edits_it(self, client, maria, fremtidsanalyse):
        client.force_login(maria)
        url = reverse("competence:edit", args=[fremtidsanalyse.pk])
        assert client.get(url).status_code == 200
        data = competence_data(
            fremtidsanalyse.area,
            name=fremtidsanalyse.name,
            code=fremtidsanalyse.code,
            level_4="Leder fremtidsanalyser og lærer andre metoden.",
        )
        response = client.post(url, data)
        assert response.status_code == 302
        fremtidsanalyse.refresh_from_db()
        assert fremtidsanalyse.level_4 == "Leder fremtidsanalyser og lærer andre metoden."

    def test_a_missing_descriptor_is_refused_beside_the_field(self, client, maria, area):
        client.force_login(maria)
        response = client.post(reverse("competence:add"), competence_data(area, level_2=""))
        assert response.status_code == 200
        assert "level_2" in response.context["form"].errors
        assert not Competence.objects.filter(code="klimatilpasning").exists()

    def test_a_competence_in_use_is_not_deleted(self, client, maria, fremtidsanalyse):
        client.force_login(maria)
        response = client.post(reverse("competence:delete", args=[fremtidsanalyse.pk]))
        assert response.status_code == 302
        assert Competence.objects.filter(pk=fremtidsanalyse.pk).exists()

    def test_the_listing_searches_the_seeded_framework(self, client, maria, fremtidsanalyse):
        client.force_login(maria)
        response = client.get(reverse("competence:index"), {"q": "fremtids"})
        assert [c.pk for c in response.context["object_list"]] == [fremtidsanalyse.pk]

    def test_the_listing_filters_and_exports(self, client, maria, fremtidsanalyse):
        client.force_login(maria)
        response = client.get(reverse("competence:index"), {"area": fremtidsanalyse.area_id})
        assert fremtidsanalyse.name in response.content.decode()
        response = client.get(reverse("competence:index"), {"export": "xlsx"})
        sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
        names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert fremtidsanalyse.name in names

    def test_the_listing_is_flat(self, client, maria, area, django_assert_num_queries):
        def add(start, stop):
            Competence.objects.bulk_create(
                Competence(
                    area=area,
                    code=f"k{i}",
                    name=f"K {i}",
                    level_1="a",
                    level_2="b",
                    level_3="c",
                    level_4="d",
                )
                for i in range(start, stop)
            )

        client.force_login(maria)
        add(0, 10)
        at_10 = queries_of(client, reverse("competence:index"))
        assert at_10 <= COMPETENCE_LISTING_MAX_QUERIES
        add(10, 1000)
        with django_assert_num_queries(at_10):
            response = client.get(reverse("competence:index"))
        assert response.context["page_obj"].paginator.count >= 1000


COMPETENCE_LISTING_MAX_QUERIES = 20  # 15 today, most of them Wagtail's admin layout


class TestDefaultRoleProfiles:
    def test_a_network_editor_creates_a_default_profile_with_requirements(
        self, client, maria, new_function, fremtidsanalyse
    ):
        client.force_login(maria)
        response = client.post(
            reverse("roleprofile:add"), profile_data(new_function, [(fremtidsanalyse, 3)])
        )
        assert response.status_code == 302
        profile = RoleProfile.objects.get(job_function=new_function)
        assert profile.is_network_default
        assert [(r.competence, r.required_level) for r in profile.requirements.all()] == [
            (fremtidsanalyse, 3)
        ]

    def test_and_edits_one(self, client, maria, new_function, fremtidsanalyse):
        profile = RoleProfile.objects.create(job_function=new_function)
        client.force_login(maria)
        url = reverse("roleprofile:edit", args=[profile.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, profile_data(new_function, [(fremtidsanalyse, 2)], "Ny"))
        assert response.status_code == 302
        profile.refresh_from_db()
        assert profile.note == "Ny"
        assert profile.requirements.get().required_level == 2

    def test_level_5_is_refused_and_nothing_is_saved(
        self, client, maria, new_function, fremtidsanalyse
    ):
        client.force_login(maria)
        response = client.post(
            reverse("roleprofile:add"), profile_data(new_function, [(fremtidsanalyse, 5)])
        )
        assert response.status_code == 200
        assert "required_level" in response.context["form"].formsets["requirements"][0].errors
        assert not RoleProfile.objects.filter(job_function=new_function).exists()

    def test_a_second_default_for_a_function_is_refused_beside_the_field(
        self, client, maria, new_function
    ):
        RoleProfile.objects.create(job_function=new_function)
        client.force_login(maria)
        response = client.post(reverse("roleprofile:add"), profile_data(new_function, []))
        assert response.status_code == 200
        assert response.context["form"].errors["job_function"] == [
            "Funktionen har allerede en standardprofil."
        ]
        assert RoleProfile.objects.filter(job_function=new_function).count() == 1

    def test_an_organisations_own_profile_is_not_reachable_here(
        self, client, maria, fjordbo, new_function
    ):
        own = RoleProfile.objects.create(job_function=new_function, organisation=fjordbo)
        client.force_login(maria)
        assert client.get(reverse("roleprofile:edit", args=[own.pk])).status_code == 404
        assert client.post(reverse("roleprofile:delete", args=[own.pk])).status_code == 404
        assert client.get(reverse("roleprofile:inspect", args=[own.pk])).status_code == 404
        listing = client.get(reverse("roleprofile:index")).content.decode()
        assert reverse("roleprofile:edit", args=[own.pk]) not in listing

    def test_a_provider_editor_cannot_edit_a_default(self, client, sofie):
        profile = RoleProfile.objects.network_defaults().first()
        client.force_login(sofie)
        response = client.get(reverse("roleprofile:edit", args=[profile.pk]))
        assert response.status_code in (302, 403)

    def test_the_export_lists_the_requirements(self, client, maria):
        client.force_login(maria)
        response = client.get(reverse("roleprofile:index"), {"export": "xlsx"})
        sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][1] == "Krævede niveauer"
        assert any(row[1] and ":" in row[1] for row in rows[1:])


class TestLearningStages:
    def test_the_defaults_are_seeded_in_order(self):
        assert list(LearningStage.objects.values_list("name", flat=True)) == [
            "Behov",
            "Mål",
            "Læring",
            "Anvendelse",
            "Effekt",
        ]

    def test_a_network_editor_adds_and_renames_a_stage(self, client, maria):
        client.force_login(maria)
        response = client.post(
            reverse("learningstage:add"),
            {"name": "Forankring", "sort_order": "60", "description": "Læringen bliver hængende."},
        )
        assert response.status_code == 302
        stage = LearningStage.objects.get(name="Forankring")
        response = client.post(
            reverse("learningstage:edit", args=[stage.pk]),
            {"name": "Forankring i drift", "sort_order": "60", "description": ""},
        )
        assert response.status_code == 302
        assert LearningStage.objects.last().name == "Forankring i drift"

    def test_a_stage_with_goals_is_not_deleted(self, client, maria, alice, fjordbo):
        strategy = strategy_create(
            actor=alice,
            organisation=fjordbo,
            title="Strategi",
            starts_year=2027,
            ends_year=2029,
            vision="Vi vil kunne mere.",
        )
        stage = LearningStage.objects.first()
        StrategyGoal.objects.create(strategy=strategy, title="Mål", stage=stage)
        client.force_login(maria)
        response = client.post(reverse("learningstage:delete", args=[stage.pk]))
        assert response.status_code == 302
        assert LearningStage.objects.filter(pk=stage.pk).exists()


class TestAdviserListings:
    def test_a_network_editor_unlists_an_adviser(self, client, maria):
        consultant = org_services.organisation_create(name="Rådgiv A/S", kind="consultant")
        listing = AdviserListing.objects.create(organisation=consultant, services="Helhedsplaner")
        client.force_login(maria)
        response = client.post(
            reverse("adviserlisting:edit", args=[listing.pk]),
            {"is_listed": "", "description": "", "services": "Helhedsplaner", "contact_email": ""},
        )
        assert response.status_code == 302
        listing.refresh_from_db()
        assert not listing.is_listed

    def test_a_network_editor_may_not_create_listings(self, client, maria):
        client.force_login(maria)
        assert client.get(reverse("adviserlisting:add")).status_code in (302, 403)


class TestGuideCompetences:
    def test_the_guide_inline_saves(self, client, maria, fremtidsanalyse):
        guide = Guide.objects.get(code="A1")
        before = {(link.competence_id, link.level) for link in guide.competence_links.all()}
        client.force_login(maria)
        url = reverse("wagtailsnippets_competencies_guide:edit", args=[guide.pk])
        assert "Kompetencer som vejledningen opbygger" in client.get(url).content.decode()
        links = [
            {"id": link.pk, "competence": link.competence_id, "level": link.level}
            for link in guide.competence_links.all()
        ]
        links.append({"competence": fremtidsanalyse.pk, "level": 2})
        data = nested_form_data(
            {
                "code": guide.code,
                "series": guide.series,
                "status": guide.status,
                "title": guide.title,
                "edition": "",
                "summary": guide.summary,
                "target_job_functions": [jf.pk for jf in guide.target_job_functions.all()],
                "competence_links": inline_formset(links, initial=len(links) - 1),
            }
        )
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        after = {(link.competence_id, link.level) for link in guide.competence_links.all()}
        assert after == before | {(fremtidsanalyse.pk, 2)}
