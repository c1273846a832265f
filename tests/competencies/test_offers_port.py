"""The port between competencies and the pillars (``competencies.offers``).

Courses and onsite register their providers when Django starts; without them every question has
an empty answer and the competencies pages still work (no courses offered, no projects linked).
"""

from datetime import date

import pytest
from django.urls import reverse

from competencies import offers
from courses.offers import CourseCatalogue
from onsite.models import BuildingProject
from onsite.offers import BuildingProjects
from tests.competencies.strategies_fixtures import (  # noqa: F401 (fixtures)
    developers_fixture,
    line_fixture,
    strategy_fixture,
)

pytestmark = pytest.mark.django_db


def test_the_pillars_register_their_providers_at_start_up():
    assert isinstance(offers.catalogue(), CourseCatalogue)
    assert isinstance(offers.projects(), BuildingProjects)


def test_without_providers_every_answer_is_empty_and_costs_no_query(django_assert_num_queries):
    with offers.providers(), django_assert_num_queries(0):
        catalogue = offers.catalogue()
        assert catalogue.courses_for_guides([1, 2]) == {1: [], 2: []}
        assert catalogue.courses_by_id([1]) == {}
        assert catalogue.sessions_by_id([1]) == {}
        assert catalogue.first_session(1) is None
        assert list(catalogue.course_pages()) == []
        assert list(catalogue.session_choices(None)) == []
        assert (
            catalogue.completed_learning(organisation_id=1, user_ids=None, year=2027)
            == offers.CompletedLearning()
        )
        assert offers.projects().projects_for_strategy(1) == []
    assert isinstance(offers.catalogue(), CourseCatalogue)  # registered again afterwards


def test_the_strategy_page_links_the_onsite_project_through_the_port(
    client, alice, fjordbo, strategy
):
    project = BuildingProject.objects.create(
        organisation=fjordbo,
        name="Renovering af Fjordparken",
        kind="renovering",
        phase="B",
        starts_on=date(2027, 3, 1),
        strategy=strategy,
    )
    client.force_login(alice)
    address = reverse("competencies:strategy_detail", args=[strategy.pk])
    page = client.get(address).content.decode()
    assert reverse("onsite:project_detail", args=[project.pk]) in page
    with offers.providers():
        page = client.get(address).content.decode()
    assert project.name not in page
    assert "Ingen byggesager er knyttet til strategien endnu." in page


@pytest.mark.parametrize("name", ["dashboard", "gaps", "profiles"])
def test_the_hr_pages_work_without_the_course_catalogue(client, alice, bob, fjordbo, name):
    client.force_login(alice)
    with offers.providers():
        response = client.get(reverse(f"competencies:{name}", kwargs={"org_pk": fjordbo.pk}))
    assert response.status_code == 200


def test_a_plan_line_offers_the_catalogues_course_pages_only_with_a_catalogue(
    client, alice, strategy, developers
):
    client.force_login(alice)
    address = reverse("competencies:strategy_line_add", args=[strategy.pk])
    with offers.providers():
        response = client.get(address)
    assert response.status_code == 200
    assert list(response.context["form"].fields["course"].queryset) == []
