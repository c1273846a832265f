"""Læringspilen strategy pages: HR (Alice) writes, the manager (Mads) reads, everyone else 404.

Charlie is HR of Nordlys and must see nothing of Fjordbo; Bob is staff at Fjordbo without HR or
manager role.
"""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from competencies.models import (
    LearningStrategy,
    StrategyGoal,
    StrategyPlanLine,
    TargetGroup,
)
from onsite.models import BuildingProject
from organisations.models import JobFunction
from tests.competencies.conftest import department
from tests.competencies.strategies_fixtures import (  # noqa: F401 (fixtures)
    developers_fixture,
    goal_fixture,
    learners_fixture,
    line_fixture,
    make_strategy,
    queries_of,
    stage,
    strategy_fixture,
)
from tests.core.export_jobs_client import fetch_export

pytestmark = pytest.mark.django_db


def strategy_data(**overrides):
    data = {
        "title": "Fremtidssikring 2027–2029",
        "starts_year": "2027",
        "ends_year": "2029",
        "vision": "Vi vil selv kunne fremtidssikre vores afdelinger.",
        "hourly_rate": "600",
        "status": "draft",
    }
    data.update(overrides)
    return data


def goal_data(fremtidsanalyse, **overrides):
    data = {
        "title": "Projektlederne kan fremtidsanalyse",
        "description": "",
        "competence": fremtidsanalyse.pk,
        "target_level": "3",
        "target_coverage": "80",
        "measure": "Andel med niveau 3",
        "stage": stage("Mål").pk,
        "sort_order": "1",
    }
    data.update(overrides)
    return data


def group_data(**overrides):
    data = {
        "name": "Driftschefer",
        "kind": "a",
        "description": "",
        "job_functions": [JobFunction.objects.get(code="driftschef").pk],
    }
    data.update(overrides)
    return data


def line_data(group, **overrides):
    data = {
        "target_group": group.pk,
        "year": "2028",
        "title": "Helhedsplanlægning for driften",
        "guide": "",
        "course": "",
        "people": "10",
        "hours_per_person": "3",
        "fee_per_person": "0",
    }
    data.update(overrides)
    return data


def url(name, *args):
    return reverse(f"competencies:{name}", args=args)


# --- Access --------------------------------------------------------------------------------


def object_routes(strategy, goal, developers, line):
    """Every object-level route of a strategy, with the method that would change something."""
    pk = strategy.pk
    return [
        ("get", url("strategy_detail", pk)),
        ("get", url("strategy_export", pk)),
        ("post", url("strategy_edit", pk)),
        ("post", url("strategy_goal_add", pk)),
        ("post", url("strategy_goal_edit", pk, goal.pk)),
        ("post", url("strategy_goal_delete", pk, goal.pk)),
        ("post", url("strategy_group_add", pk)),
        ("post", url("strategy_group_edit", pk, developers.pk)),
        ("post", url("strategy_group_delete", pk, developers.pk)),
        ("post", url("strategy_line_add", pk)),
        ("post", url("strategy_line_edit", pk, line.pk)),
        ("post", url("strategy_line_delete", pk, line.pk)),
    ]


class TestAccess:
    @pytest.mark.parametrize("person", ["charlie", "bob", "dorte"])
    def test_outsiders_get_404_on_every_route(
        self, client, request, person, fjordbo, strategy, goal, developers, line
    ):
        client.force_login(request.getfixturevalue(person))
        routes = [
            ("get", url("strategy_list", fjordbo.pk)),
            ("post", url("strategy_create", fjordbo.pk)),
            *object_routes(strategy, goal, developers, line),
        ]
        for method, address in routes:
            response = getattr(client, method)(address, {})
            assert response.status_code == 404, (person, address)
        for method, address in routes:
            if method == "post":
                assert client.get(address).status_code == 404, (person, address)
        assert StrategyGoal.objects.filter(pk=goal.pk).exists()
        assert StrategyPlanLine.objects.filter(pk=line.pk).exists()
        assert TargetGroup.objects.filter(pk=developers.pk).exists()

    def test_anonymous_people_are_sent_to_log_in(self, client, strategy):
        response = client.get(url("strategy_detail", strategy.pk))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]

    def test_the_manager_reads_but_cannot_change(
        self, client, mads, fjordbo, strategy, goal, developers, line
    ):
        client.force_login(mads)
        assert client.get(url("strategy_list", fjordbo.pk)).status_code == 200
        detail = client.get(url("strategy_detail", strategy.pk))
        assert detail.status_code == 200
        assert url("strategy_edit", strategy.pk) not in detail.content.decode()
        assert client.get(url("strategy_export", strategy.pk)).status_code == 200
        for method, address in object_routes(strategy, goal, developers, line):
            if method == "post":
                assert client.post(address, {"title": "Ændret"}).status_code == 404, address
        assert client.post(url("strategy_create", fjordbo.pk), strategy_data()).status_code == 404
        strategy.refresh_from_db()
        assert strategy.title == "Fremtidssikring 2027–2029"
        assert LearningStrategy.objects.count() == 1
        assert StrategyGoal.objects.filter(pk=goal.pk).exists()

    def test_a_part_of_another_strategy_is_404(self, client, alice, fjordbo, strategy, goal, line):
        other = make_strategy(alice, fjordbo, title="Anden strategi")
        client.force_login(alice)
        assert client.get(url("strategy_goal_edit", other.pk, goal.pk)).status_code == 404
        assert client.post(url("strategy_line_delete", other.pk, line.pk)).status_code == 404
        assert StrategyPlanLine.objects.filter(pk=line.pk).exists()

    def test_hr_without_two_factor_is_sent_to_set_it_up(self, client, fjordbo, strategy):
        from organisations import services as org_services

        hr = org_services.user_create(email="ny-hr@fjordbo.example", password="Hemmelig-kode-1")
        org_services.membership_create(user=hr, organisation=fjordbo, roles=["staff", "hr"])
        client.force_login(hr)
        response = client.get(url("strategy_detail", strategy.pk))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))

    def test_hr_of_another_organisation_cannot_create_here(self, client, charlie, fjordbo):
        client.force_login(charlie)
        response = client.post(url("strategy_create", fjordbo.pk), strategy_data())
        assert response.status_code == 404
        assert not LearningStrategy.objects.exists()


# --- The strategy --------------------------------------------------------------------------


class TestStrategy:
    def test_hr_creates_a_strategy(self, client, alice, fjordbo):
        client.force_login(alice)
        assert client.get(url("strategy_create", fjordbo.pk)).status_code == 200
        response = client.post(url("strategy_create", fjordbo.pk), strategy_data())
        created = LearningStrategy.objects.get()
        assert response["Location"] == url("strategy_detail", created.pk)
        assert created.organisation == fjordbo
        assert created.hourly_rate == Decimal("600")
        assert created.created_by == alice

    def test_a_period_that_ends_before_it_starts_is_refused_beside_the_field(
        self, client, alice, fjordbo
    ):
        client.force_login(alice)
        response = client.post(
            url("strategy_create", fjordbo.pk), strategy_data(starts_year="2029", ends_year="2027")
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["ends_year"] == ["Perioden kan ikke slutte, før den begynder."]
        assert not form.non_field_errors()
        assert 'value="2029"' in response.content.decode()
        assert not LearningStrategy.objects.exists()

    @pytest.mark.parametrize(
        "field,value,message",
        [
            ("hourly_rate", "-1", "Timesatsen kan ikke være negativ."),
            ("starts_year", "1999", "Angiv et årstal fra 2000."),
            ("ends_year", "2101", "Angiv et årstal før 2100."),
            ("title", "", "Dette felt er påkrævet."),
        ],
    )
    def test_other_bad_input_is_refused(self, client, alice, fjordbo, field, value, message):
        client.force_login(alice)
        response = client.post(url("strategy_create", fjordbo.pk), strategy_data(**{field: value}))
        assert response.status_code == 200
        assert message in response.context["form"].errors[field]
        assert not LearningStrategy.objects.exists()

    def test_hr_edits_the_strategy(self, client, alice, strategy):
        client.force_login(alice)
        assert client.get(url("strategy_edit", strategy.pk)).status_code == 200
        response = client.post(
            url("strategy_edit", strategy.pk),
            strategy_data(title="Ny titel", hourly_rate="650", status="active"),
        )
        assert response.status_code == 302
        strategy.refresh_from_db()
        assert (strategy.title, strategy.hourly_rate, strategy.status) == (
            "Ny titel",
            Decimal("650"),
            "active",
        )

    def test_shortening_the_period_past_plan_lines_is_refused(self, client, alice, strategy, line):
        client.force_login(alice)
        response = client.post(
            url("strategy_edit", strategy.pk), strategy_data(starts_year="2028", ends_year="2029")
        )
        assert response.status_code == 200
        assert response.context["form"].errors["starts_year"] == [
            "Flerårsplanen har linjer i 2027. Flyt eller slet dem først."
        ]
        strategy.refresh_from_db()
        assert strategy.starts_year == 2027

    def test_the_list_shows_the_organisations_strategies_only(
        self, client, alice, charlie, fjordbo, nordlys, strategy
    ):
        make_strategy(charlie, nordlys, title="Nordlys' strategi")
        client.force_login(alice)
        page = client.get(url("strategy_list", fjordbo.pk)).content.decode()
        assert strategy.title in page
        assert "Nordlys' strategi" not in page
        assert url("strategy_create", fjordbo.pk) in page


# --- The detail page ---------------------------------------------------------------------------


class TestDetail:
    def test_it_shows_the_arrow_goals_groups_plan_and_projects(
        self, client, alice, bob, dorte, fjordbo, strategy, goal, developers, learners, line
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
        response = client.get(url("strategy_detail", strategy.pk))
        page = response.content.decode()
        # Læringspilen in order, with one goal at "Læring" (stage 3 of 5).
        arrow = response.context["arrow"]
        assert [item.stage.name for item in arrow] == [
            "Behov",
            "Mål",
            "Læring",
            "Anvendelse",
            "Effekt",
        ]
        assert [item.goals for item in arrow] == [0, 0, 1, 0, 0]
        assert "Læring (trin 3 af 5)" in page
        # Group a counts Bob (projektleder), group b counts Dorte (department 102).
        counts = {
            g.name: g.people for _kind, groups in response.context["groups_by_kind"] for g in groups
        }
        assert counts == {"Projektledere": 1, "Driften i Sølyst": 1}
        # The plan: 4 × 7.5 = 30 hours, 4 × (2,500 + 7.5 × 600) = 28,000 kr.
        assert "28.000,00\N{NO-BREAK SPACE}kr." in page
        plan = response.context["plan"]
        assert plan.budget == Decimal("28000")
        assert plan.hours == Decimal("30")
        assert [year.year for year in plan.years] == [2027, 2028, 2029]
        assert project.name in page
        assert "B: Projektering" in page
        # HR sees the edit links.
        assert url("strategy_line_edit", strategy.pk, line.pk) in page

    def test_the_figures_add_up_per_year_and_for_the_period(
        self, client, alice, strategy, developers, learners, line
    ):
        from competencies import services

        services.plan_line_save(
            actor=alice,
            strategy=strategy,
            target_group=learners,
            year=2028,
            title="Erfaringsgruppe",
            guide=None,
            course=None,
            people=10,
            hours_per_person=Decimal("3"),
            fee_per_person=Decimal("0"),
        )
        client.force_login(alice)
        response = client.get(url("strategy_detail", strategy.pk))
        plan = response.context["plan"]
        by_year = {year.year: year for year in plan.years}
        assert by_year[2027].budget == Decimal("28000")
        assert by_year[2028].budget == Decimal("18000")  # 10 × 3 × 600
        assert by_year[2029].budget == 0
        assert plan.budget == Decimal("46000")
        assert plan.hours == Decimal("60")
        page = response.content.decode()
        assert "46.000,00\N{NO-BREAK SPACE}kr." in page
        assert "18.000,00\N{NO-BREAK SPACE}kr." in page
        assert "Ingen aktiviteter planlagt i 2029." in page

    def test_the_number_of_queries_is_flat(
        self, client, alice, fjordbo, strategy, django_assert_num_queries, fremtidsanalyse
    ):
        client.force_login(alice)
        add_plan_rows(strategy, fjordbo, fremtidsanalyse, 0, 3)
        at_3 = queries_of(client, url("strategy_detail", strategy.pk))
        assert at_3 <= DETAIL_MAX_QUERIES
        add_plan_rows(strategy, fjordbo, fremtidsanalyse, 3, 60)
        with django_assert_num_queries(at_3):
            response = client.get(url("strategy_detail", strategy.pk))
        assert len(response.context["goals"]) == 60
        assert response.context["plan"].people == 2 * 60 * 5


def add_plan_rows(strategy, fjordbo, competence, start, stop):
    """Target groups, goals and five plan lines per group, numbered ``start``–``stop``."""
    groups = TargetGroup.objects.bulk_create(
        TargetGroup(strategy=strategy, name=f"Gruppe {i}", kind="ab"[i % 2])
        for i in range(start, stop)
    )
    job_function = JobFunction.objects.get(code="projektleder")
    for group in groups:
        group.job_functions.add(job_function)
        group.departments.add(department(fjordbo, "101"))
    StrategyGoal.objects.bulk_create(
        StrategyGoal(
            strategy=strategy, title=f"Mål {i}", stage=stage("Behov"), competence=competence
        )
        for i in range(start, stop)
    )
    StrategyPlanLine.objects.bulk_create(
        StrategyPlanLine(
            strategy=strategy,
            target_group=groups[i % len(groups)],
            year=2027 + i % 3,
            title=f"Linje {i}",
            people=2,
            hours_per_person=Decimal("1"),
        )
        for i in range(len(groups) * 5)
    )


DETAIL_MAX_QUERIES = 24  # 19 today, 11 of them the site's layout
LIST_MAX_QUERIES = 20  # 14 today


def test_the_strategy_list_is_flat(client, alice, fjordbo, django_assert_num_queries):
    def add(start, stop):
        LearningStrategy.objects.bulk_create(
            LearningStrategy(
                organisation=fjordbo,
                title=f"Strategi {i}",
                starts_year=2027,
                ends_year=2029,
                vision=".",
            )
            for i in range(start, stop)
        )

    client.force_login(alice)
    add(0, 10)
    at_10 = queries_of(client, url("strategy_list", fjordbo.pk))
    assert at_10 <= LIST_MAX_QUERIES
    add(10, 1000)
    with django_assert_num_queries(at_10):
        response = client.get(url("strategy_list", fjordbo.pk))
    assert response.context["page"].paginator.count == 1000


# --- Goals, target groups and plan lines ----------------------------------------------------------


class TestGoals:
    def test_hr_adds_edits_and_deletes_a_goal(self, client, alice, strategy, fremtidsanalyse):
        client.force_login(alice)
        assert client.get(url("strategy_goal_add", strategy.pk)).status_code == 200
        response = client.post(url("strategy_goal_add", strategy.pk), goal_data(fremtidsanalyse))
        assert response.status_code == 302
        goal = strategy.goals.get()
        assert goal.stage.name == "Mål"
        response = client.post(
            url("strategy_goal_edit", strategy.pk, goal.pk),
            goal_data(fremtidsanalyse, stage=stage("Anvendelse").pk),
        )
        assert response.status_code == 302
        goal.refresh_from_db()
        assert goal.stage.name == "Anvendelse"
        assert client.get(url("strategy_goal_delete", strategy.pk, goal.pk)).status_code == 200
        client.post(url("strategy_goal_delete", strategy.pk, goal.pk))
        assert not strategy.goals.exists()

    @pytest.mark.parametrize(
        "field,value,message",
        [
            ("target_coverage", "120", "Dækningen kan højst være 100 procent."),
            ("target_coverage", "-5", "Dækningen kan ikke være negativ."),
            (
                "target_level",
                "5",
                "Marker en gyldig valgmulighed. 5 er ikke en af de tilgængelige valgmuligheder.",
            ),
            ("competence", "", "Vælg kompetencen, som målniveauet gælder."),
        ],
    )
    def test_bad_input_is_refused_beside_the_field(
        self, client, alice, strategy, fremtidsanalyse, field, value, message
    ):
        client.force_login(alice)
        response = client.post(
            url("strategy_goal_add", strategy.pk), goal_data(fremtidsanalyse, **{field: value})
        )
        assert response.status_code == 200
        assert message in response.context["form"].errors[field]
        assert not strategy.goals.exists()


class TestTargetGroups:
    def test_hr_adds_a_group_with_functions_and_departments(self, client, alice, fjordbo, strategy):
        client.force_login(alice)
        assert client.get(url("strategy_group_add", strategy.pk)).status_code == 200
        data = group_data(departments=[department(fjordbo, "101").pk])
        response = client.post(url("strategy_group_add", strategy.pk), data)
        assert response.status_code == 302
        group = strategy.target_groups.get()
        assert [d.number for d in group.departments.all()] == ["101"]
        assert [f.code for f in group.job_functions.all()] == ["driftschef"]

    def test_a_department_of_another_organisation_is_refused(
        self, client, alice, nordlys, strategy
    ):
        client.force_login(alice)
        data = group_data(departments=[department(nordlys, "1").pk])
        response = client.post(url("strategy_group_add", strategy.pk), data)
        assert response.status_code == 200
        assert "departments" in response.context["form"].errors
        assert not strategy.target_groups.exists()

    def test_a_duplicate_name_is_refused_beside_the_field(
        self, client, alice, strategy, developers
    ):
        client.force_login(alice)
        response = client.post(
            url("strategy_group_add", strategy.pk), group_data(name="projektledere")
        )
        assert response.context["form"].errors["name"] == [
            "Strategien har allerede en målgruppe med det navn."
        ]
        assert strategy.target_groups.count() == 1

    def test_a_group_needs_a_function_or_a_department(self, client, alice, strategy):
        client.force_login(alice)
        response = client.post(url("strategy_group_add", strategy.pk), group_data(job_functions=[]))
        assert "job_functions" in response.context["form"].errors
        assert not strategy.target_groups.exists()

    def test_deleting_a_group_says_that_its_lines_go_too(
        self, client, alice, strategy, developers, line
    ):
        client.force_login(alice)
        page = client.get(url("strategy_group_delete", strategy.pk, developers.pk)).content.decode()
        assert "Målgruppen har én linje i flerårsplanen" in page
        client.post(url("strategy_group_delete", strategy.pk, developers.pk))
        assert not strategy.target_groups.exists()
        assert not strategy.plan_lines.exists()


class TestPlanLines:
    def test_hr_adds_and_edits_a_line(self, client, alice, strategy, learners):
        client.force_login(alice)
        assert client.get(url("strategy_line_add", strategy.pk)).status_code == 200
        response = client.post(url("strategy_line_add", strategy.pk), line_data(learners))
        assert response.status_code == 302
        line = strategy.plan_lines.get()
        assert line.budget(strategy.hourly_rate) == Decimal("18000")
        response = client.post(
            url("strategy_line_edit", strategy.pk, line.pk), line_data(learners, people="5")
        )
        assert response.status_code == 302
        line.refresh_from_db()
        assert line.people == 5

    def test_without_target_groups_hr_is_told_to_make_one(self, client, alice, strategy):
        client.force_login(alice)
        page = client.get(url("strategy_line_add", strategy.pk)).content.decode()
        assert "Opret først en målgruppe" in page

    @pytest.mark.parametrize(
        "field,value,message",
        [
            ("year", "2030", "Året skal ligge i strategiens periode (2027–2029)."),
            ("year", "2026", "Året skal ligge i strategiens periode (2027–2029)."),
            ("people", "-1", "Angiv mindst én person."),
            ("people", "0", "Angiv mindst én person."),
            ("hours_per_person", "-2", "Timer kan ikke være negative."),
            ("fee_per_person", "-100", "Gebyret kan ikke være negativt."),
        ],
    )
    def test_bad_input_is_refused_beside_the_field(
        self, client, alice, strategy, learners, field, value, message
    ):
        client.force_login(alice)
        response = client.post(
            url("strategy_line_add", strategy.pk), line_data(learners, **{field: value})
        )
        assert response.status_code == 200
        assert message in response.context["form"].errors[field]
        assert f'value="{value}"' in response.content.decode()
        assert not strategy.plan_lines.exists()

    def test_a_target_group_of_another_strategy_is_refused(self, client, alice, fjordbo, strategy):
        from competencies import services

        other = make_strategy(alice, fjordbo, title="Anden strategi")
        foreign = services.target_group_save(
            actor=alice,
            strategy=other,
            name="Fremmed gruppe",
            kind="b",
            description="",
            job_functions=[JobFunction.objects.get(code="driftschef")],
            departments=[],
        )
        client.force_login(alice)
        response = client.post(url("strategy_line_add", strategy.pk), line_data(foreign))
        assert response.status_code == 200
        assert response.context["form"].errors["target_group"] == [
            "Målgruppen hører ikke til strategien."
        ]
        assert not StrategyPlanLine.objects.exists()


# --- The spreadsheet ---------------------------------------------------------------------------


class TestExport:
    def test_the_plan_opens_in_openpyxl_with_its_sums(
        self, client, alice, bob, strategy, goal, developers, learners, line
    ):
        client.force_login(alice)
        fetched = fetch_export(client, url("strategy_export", strategy.pk))
        assert fetched.response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert f"laeringsstrategi-{strategy.pk}-" in fetched.response["Content-Disposition"]
        book = load_workbook(BytesIO(fetched.content))
        assert book.sheetnames == ["Flerårsplan", "Strategi", "Mål", "Målgrupper"]
        rows = list(book["Flerårsplan"].iter_rows(values_only=True))
        assert rows[0][:4] == ("År", "Målgruppe", "Gruppe", "Aktivitet")
        assert rows[1][0] == 2027 and rows[1][3] == "Kursus i fremtidsanalyse"
        assert rows[1][4] == "A3"
        assert (rows[1][6], rows[1][8], rows[1][10]) == (4, 30, 28000)
        totals = {
            row[0]: row for row in rows if isinstance(row[0], str) and row[0].startswith("I alt")
        }
        assert totals["I alt 2027"][10] == 28000
        assert totals["I alt 2028"][10] == 0
        assert totals["I alt 2027–2029"][10] == 28000
        assert totals["I alt 2027–2029"][8] == 30
        goals = list(book["Mål"].iter_rows(values_only=True))
        assert goals[1][0] == goal.title and goals[1][5] == "Læring"
        groups = list(book["Målgrupper"].iter_rows(values_only=True))
        assert ("Projektledere", "a: De udviklende") == groups[1][:2]
        assert groups[1][4] == 1

    def test_text_that_looks_like_a_formula_stays_text(self, client, alice, strategy, developers):
        from competencies import services

        services.plan_line_save(
            actor=alice,
            strategy=strategy,
            target_group=developers,
            year=2028,
            title='=HYPERLINK("http://example.com")',
            guide=None,
            course=None,
            people=1,
            hours_per_person=Decimal("1"),
            fee_per_person=Decimal("0"),
        )
        client.force_login(alice)
        fetched = fetch_export(client, url("strategy_export", strategy.pk))
        book = load_workbook(BytesIO(fetched.content))
        cells = [row[3] for row in book["Flerårsplan"].iter_rows(min_row=2) if row[3].value]
        assert [c.value for c in cells] == ['=HYPERLINK("http://example.com")']
        assert cells[0].data_type != "f"  # text, not a formula
