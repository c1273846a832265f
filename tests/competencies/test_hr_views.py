"""The HR dashboard, the gap analysis and a person's page: access, figures, what closes a gap,
XLSX exports, and a query count that does not grow with the number of people."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Page, Site

from cms.models import HomePage
from competencies.models import CompetencePlan, EvidenceStatus, PlanStatus
from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import Enrolment, EnrolmentStatus, SessionStatus
from organisations.models import JobFunction, Membership
from tests.competencies.conftest import department, make_person
from tests.competencies.hr_fixtures import evidence, own_profile, populate, strategy
from tests.core.export_jobs_client import fetch_export
from tests.courses.conftest import make_course, make_session

pytestmark = pytest.mark.django_db


def url(name, organisation, **kwargs):
    return reverse(f"competencies:{name}", kwargs={"org_pk": organisation.pk, **kwargs})


def page(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def akademi(db):
    """A course catalogue with one provider, Almen Akademi."""
    from organisations import services as org_services

    root = Page.get_first_root_node()
    home = HomePage(title="Forside", slug="forside", hero_heading="Velkommen")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    course_services.catalogue_setup(home=home)
    provider = org_services.organisation_create(
        name="Almen Akademi", kind="provider", cvr="11111111"
    )
    course_services.provider_onboard(organisation=provider)
    provider.refresh_from_db()
    return provider


@pytest.fixture
def a3_course(akademi):
    return make_course(akademi, guide="A3", title="Fremtidsanalyse i praksis")


def heat_cell(soup, competence, job_function):
    table = soup.find("table", attrs={"data-testid": "heatmap"})
    heads = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
    column = next(i for i, text in enumerate(heads) if text.startswith(job_function))
    row = next(
        tr
        for tr in table.tbody.find_all("tr")
        if tr.th.get_text(" ", strip=True).startswith(competence)
    )
    return row.find_all(["th", "td"])[column].get_text(" ", strip=True).replace("\xa0", " ")


# --- Access --------------------------------------------------------------------------------

ROUTES = [
    ("dashboard", {}),
    ("dashboard_export", {}),
    ("gaps", {}),
    ("gaps_export", {}),
    ("profiles", {}),
    ("profile_detail", {"job_function_pk": "projektleder"}),
    ("person", {"user_pk": "bob"}),
]


def _kwargs(kwargs, bob):
    resolved = dict(kwargs)
    if resolved.get("job_function_pk"):
        resolved["job_function_pk"] = JobFunction.objects.get(code="projektleder").pk
    if resolved.get("user_pk"):
        resolved["user_pk"] = bob.pk
    return resolved


@pytest.mark.parametrize(("name", "kwargs"), ROUTES)
def test_hr_of_another_organisation_gets_404_on_every_route(
    client, charlie, fjordbo, bob, name, kwargs
):
    client.force_login(charlie)
    assert client.get(url(name, fjordbo, **_kwargs(kwargs, bob))).status_code == 404
    assert client.post(url(name, fjordbo, **_kwargs(kwargs, bob))).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), ROUTES)
def test_staff_without_hr_or_manager_role_get_404(client, bob, fjordbo, name, kwargs):
    client.force_login(bob)
    assert client.get(url(name, fjordbo, **_kwargs(kwargs, bob))).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, fjordbo):
    response = client.get(url("dashboard", fjordbo))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_unknown_organisation_is_404(client, alice):
    client.force_login(alice)
    assert (
        client.get(reverse("competencies:dashboard", kwargs={"org_pk": 99999})).status_code == 404
    )


def test_hr_without_two_factor_is_sent_to_set_it_up(client, fjordbo):
    from allauth.mfa.models import Authenticator

    hanne = make_person("hanne@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne")
    Authenticator.objects.filter(user=hanne).delete()
    client.force_login(hanne)
    response = client.get(url("dashboard", fjordbo))
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]


def test_a_manager_sees_only_their_departments_people(client, mads, fjordbo, bob, dorte):
    client.force_login(mads)
    soup = page(client.get(url("gaps", fjordbo)))
    names = [h.get_text(strip=True) for h in soup.select("article.card h3")]
    assert "Bob Testesen" in names
    assert "Dorte Testesen" not in names
    assert client.get(url("person", fjordbo, user_pk=dorte.pk)).status_code == 404
    assert client.get(url("person", fjordbo, user_pk=bob.pk)).status_code == 200
    dashboard = page(client.get(url("dashboard", fjordbo)))
    assert dashboard.find(attrs={"data-testid": "people"}).get_text(strip=True) == "2"  # Mads, Bob
    assert "Du ser tallene for de personer, du er leder for." in dashboard.get_text()


def test_hr_sees_everybody(client, alice, mads, fjordbo, bob, dorte):
    client.force_login(alice)
    soup = page(client.get(url("gaps", fjordbo)))
    names = {h.get_text(strip=True) for h in soup.select("article.card h3")}
    assert {"Bob Testesen", "Dorte Testesen", "Mads Testesen"} <= names
    assert client.get(url("person", fjordbo, user_pk=dorte.pk)).status_code == 200


def test_a_person_outside_the_organisation_is_404(client, alice, fjordbo, charlie):
    client.force_login(alice)
    assert client.get(url("person", fjordbo, user_pk=charlie.pk)).status_code == 404


# --- The dashboard -------------------------------------------------------------------------


def test_the_a3_gap_among_projektledere_shrinks_when_bob_completes_an_a3_course(
    client, alice, fjordbo, bob, akademi, a3_course
):
    """Issue 5's done-when, through the real seam: attendance completes the enrolment, the
    course records evidence, the dashboard's cell moves."""
    client.force_login(alice)
    before = page(client.get(url("dashboard", fjordbo)))
    assert heat_cell(before, "Fremtidsanalyse", "Projektleder").startswith("0 %")

    session = make_session(
        a3_course,
        days=-2,
        registration_deadline=timezone.now() - timedelta(days=9),
        cancellation_deadline=timezone.now() - timedelta(days=9),
    )
    enrolment = Enrolment.objects.create(
        user=bob,
        course=a3_course,
        session=session,
        organisation=fjordbo,
        status=EnrolmentStatus.BOOKED,
    )
    sofie = make_person("sofie@akademi.example", akademi, ["staff", "provider_editor"], "Sofie")
    course_services.attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED

    after = page(client.get(url("dashboard", fjordbo)))
    assert heat_cell(after, "Fremtidsanalyse", "Projektleder").startswith("100 %")


def test_the_dashboard_shows_plans_budget_and_coverage_over_time(
    client, alice, fjordbo, bob, dorte, akademi, a3_course
):
    year = timezone.localdate().year
    strategy(fjordbo, year=year, hourly_rate=Decimal("500"))
    today = timezone.localdate()
    plan = CompetencePlan.objects.create(
        user=bob,
        organisation=fjordbo,
        title="Bobs plan",
        starts_on=today,
        ends_on=today + timedelta(days=200),
        status=PlanStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    evidence(dorte, "fremtidsanalyse", 2, status=EvidenceStatus.PENDING, organisation=fjordbo)
    Enrolment.objects.create(
        user=bob,
        course=a3_course,
        organisation=fjordbo,
        status=EnrolmentStatus.COMPLETED,
        completed_at=timezone.now(),
    )
    client.force_login(alice)
    soup = page(client.get(url("dashboard", fjordbo)))
    text = soup.get_text(" ", strip=True)
    assert soup.find("td", attrs={"data-status": "submitted"}).get_text() == "1"
    assert "Bobs plan" in text
    try:
        assert soup.find("a", href=reverse("competencies:plan_detail", args=[plan.pk]))
    except NoReverseMatch:
        pass  # the plans area lands separately
    assert "Tidligere læring, der venter på HR" in text
    # Planned: 4 × 7 + 2 × 3.5 = 35 hours; 4 × (2,500 + 7 × 500) + 2 × 3.5 × 500 = 27,500 kr.
    # Spent: the self-paced course: 7 hours, its price 2,500 kr. + 7 × 500 kr. = 6,000 kr.
    charts = soup.select("figure.lms-chart")
    assert len(charts) == 3
    hours, money, coverage = (chart.find("table") for chart in charts)
    assert [td.get_text() for td in hours.select("tbody td")] == ["35", "7"]
    assert [td.get_text() for td in money.select("tbody td")] == [
        "27.500\N{NO-BREAK SPACE}kr.",
        "6.000\N{NO-BREAK SPACE}kr.",
    ]
    assert len(coverage.select("tbody tr")) == 13
    assert coverage.select("tbody tr")[-1].th.get_text() == "I dag"
    for chart in charts:
        svg = chart.find("svg")
        assert svg["role"] == "img" and svg.find("title") and svg.find("desc")


def test_the_dashboard_export_is_a_workbook_with_a_sheet_per_block(
    client, alice, fjordbo, bob, dorte
):
    own_profile(fjordbo, "projektleder", {"fremtidsanalyse": 3, "helhedsplanlaegning": 2})
    evidence(bob, "fremtidsanalyse", 3)
    client.force_login(alice)
    fetched = fetch_export(client, url("dashboard_export", fjordbo))
    assert fetched.response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "kompetenceoversigt-fjordbo-" in fetched.response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(fetched.content))
    assert workbook.sheetnames == [
        "Nøgletal",
        "Funktion × kompetence",
        "Kompetenceplaner",
        "Venter på godkendelse",
        "Timer og budget",
        "Dækning over tid",
    ]
    key = {row[0]: row[1] for row in workbook["Nøgletal"].iter_rows(values_only=True)}
    assert key["Organisation"] == "Fjordbo"
    assert key["Personer med en kompetenceprofil"] == 2  # Bob and Dorte
    heat = list(workbook["Funktion × kompetence"].iter_rows(values_only=True))
    column = heat[0].index("Projektleder: dækning (%)")
    fremtid = next(row for row in heat if row[0] == "Fremtidsanalyse")
    assert fremtid[column] == 100
    over_time = list(workbook["Dækning over tid"].iter_rows(values_only=True))
    assert len(over_time) == 14  # heading and 13 days


def test_user_text_never_becomes_a_formula_in_the_export(client, alice, fjordbo):
    make_person(
        "evil@fjordbo.example",
        fjordbo,
        ["staff"],
        '=HYPERLINK("http://x")',
        job_function="projektleder",
    )
    client.force_login(alice)
    workbook = load_workbook(io.BytesIO(fetch_export(client, url("gaps_export", fjordbo)).content))
    first_names = [
        row[0] for row in workbook["Personer med gab"].iter_rows(min_row=2, values_only=True)
    ]
    assert '=HYPERLINK("http://x")' in first_names
    cell = next(c for c in workbook["Personer med gab"]["A"] if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"


# --- The gap analysis ----------------------------------------------------------------------


def test_each_gap_shows_the_guides_courses_and_open_sessions_that_close_it(
    client, alice, fjordbo, bob, akademi, a3_course
):
    open_session = make_session(a3_course, days=40, status=SessionStatus.OPEN)
    make_session(a3_course, days=50, status=SessionStatus.CANCELLED)
    make_course(akademi, guide="A1", title="Beboerdemokrati")
    client.force_login(alice)
    soup = page(client.get(url("gaps", fjordbo)))
    bob_card = next(a for a in soup.select("article.card") if "Bob Testesen" in a.h3.get_text())
    gap = next(
        li for li in bob_card.select("[data-testid=gap]") if "Fremtidsanalyse" in li.get_text()
    )
    assert "niveau 0, kræver 3" in gap.get_text()
    link = gap.find("a")
    assert link.get_text() == "lukkes af A3"
    # What closes it is listed once for the page, where the gap's link points.
    closing = soup.find(id=link["href"][1:])
    assert closing["data-testid"] == "closing"
    assert "Fremtidsanalyse – niveau 3" in closing.h3.get_text()
    offers = closing.get_text(" ", strip=True)
    assert "(bygger til niveau 3)" in offers
    assert "Fremtidsanalyse i praksis" in offers
    assert open_session.starts_at.strftime("%Y") in offers
    assert len(closing.select("li li li")) == 1  # the cancelled session is not offered
    needs = [a.h3.get_text() for a in soup.select("[data-testid=closing]")]
    assert len(needs) == len(set(needs))  # each need once, however many people share it


def test_filters_narrow_the_analysis_and_a_bad_choice_is_explained(
    client, alice, fjordbo, bob, dorte
):
    client.force_login(alice)
    dept_102 = department(fjordbo, "102")
    soup = page(client.get(url("gaps", fjordbo), {"department": dept_102.pk}))
    assert [h.get_text(strip=True) for h in soup.select("article.card h3")] == ["Dorte Testesen"]
    assert soup.find("select", id="id_department").find("option", selected=True)["value"] == str(
        dept_102.pk
    )
    soup = page(client.get(url("gaps", fjordbo), {"competence": "99999"}))
    error = soup.find(id="id_competence-error")
    assert error.get_text(strip=True) == "Vælg en af kompetencerne på listen."
    assert soup.find("select", id="id_competence")["aria-invalid"] == "true"
    # The invalid filter is left out: everybody with a gap is listed.
    assert {"Bob Testesen", "Dorte Testesen"} <= {
        h.get_text(strip=True) for h in soup.select("article.card h3")
    }


def test_the_gap_export_holds_every_person_not_just_one_page(client, alice, fjordbo):
    populate(fjordbo, people=120, competences=14, requirements=4)
    client.force_login(alice)
    soup = page(client.get(url("gaps", fjordbo)))
    with_gap = int(soup.find(attrs={"data-testid": "with-gap"}).get_text())
    assert with_gap > 50
    assert len(soup.select("article.card h3")) == 50
    workbook = load_workbook(io.BytesIO(fetch_export(client, url("gaps_export", fjordbo)).content))
    assert workbook.sheetnames == [
        "Nøgletal",
        "Funktioner",
        "Afdelinger",
        "Kompetencer",
        "Personer med gab",
    ]
    rows = list(workbook["Personer med gab"].iter_rows(min_row=2, values_only=True))
    assert len({row[2] for row in rows}) == with_gap  # distinct e-mails
    key = {row[0]: row[1] for row in workbook["Nøgletal"].iter_rows(values_only=True)}
    assert key["Personer med gab"] == with_gap
    assert key["Krav i alt"] - key["Opfyldte krav"] == len(rows)


def test_the_person_page_shows_requirements_evidence_and_plans(
    client, alice, fjordbo, bob, akademi, a3_course
):
    evidence(bob, "helhedsplanlaegning", 3, organisation=fjordbo)
    evidence(bob, "fremtidsanalyse", 1, days_ago=400, expires_in=-10, organisation=fjordbo)
    today = timezone.localdate()
    CompetencePlan.objects.create(
        user=bob,
        organisation=fjordbo,
        title="Mod niveau 3",
        starts_on=today,
        ends_on=today + timedelta(days=90),
    )
    client.force_login(alice)
    soup = page(client.get(url("person", fjordbo, user_pk=bob.pk)))
    text = soup.get_text(" ", strip=True)
    rows = {
        tr.th.find("span").get_text(strip=True): tr
        for tr in soup.find("table").tbody.find_all("tr")
        if tr.th
    }
    assert "Opfyldt" in rows["Helhedsplanlægning"].get_text()
    fremtid = rows["Fremtidsanalyse"].get_text(" ", strip=True)
    assert "Gab" in fremtid and "Ingen gyldig dokumentation" in fremtid
    assert "Det lukker gabet i Fremtidsanalyse (niveau 3)" in text
    assert "Fremtidsanalyse i praksis" in text
    assert "Mod niveau 3" in text
    assert "udløbet" in text  # the expired evidence is listed, marked


# --- Selectors composed by the views -------------------------------------------------------


def test_courses_for_guides_takes_the_cheapest_live_courses_and_their_open_sessions(
    akademi, a3, django_assert_num_queries
):
    courses = [
        make_course(akademi, guide="A3", title=f"Kursus {i}", price=Decimal(1000 + i))
        for i in range(4)
    ]
    make_course(akademi, guide="A3", title="Kladde", price=Decimal("1"), publish=False)
    for day in (10, 20, 30):
        make_session(courses[0], days=day)
    make_session(courses[0], days=5, status=SessionStatus.FULL)
    with django_assert_num_queries(2):
        found = course_selectors.courses_for_guides([a3.pk], per_guide=3)
        titles = [course.title for course in found[a3.pk]]
        sessions = found[a3.pk][0].open_sessions
    assert titles == ["Kursus 0", "Kursus 1", "Kursus 2"]
    assert [s.starts_at.date() for s in sessions] == sorted(s.starts_at.date() for s in sessions)
    assert len(sessions) == 2 and all(s.status == SessionStatus.OPEN for s in sessions)


def test_completed_learning_counts_this_years_completions_of_the_people(
    fjordbo, nordlys, bob, dorte, akademi, a3_course
):
    sessions = [make_session(a3_course, days=10 + i, price=Decimal("1800")) for i in range(3)]
    now = timezone.now()
    for session, user, organisation, completed_at in (
        (sessions[0], bob, fjordbo, now),
        (sessions[1], dorte, fjordbo, now.replace(year=now.year - 1)),  # last year
        (sessions[2], dorte, nordlys, now),  # through another organisation
    ):
        Enrolment.objects.create(
            user=user,
            course=a3_course,
            session=session,
            organisation=organisation,
            status=EnrolmentStatus.COMPLETED,
            completed_at=completed_at,
        )
    result = course_selectors.completed_learning(
        organisation_id=fjordbo.pk,
        user_ids=Membership.objects.filter(organisation=fjordbo).values("user_id"),
        year=now.year,
    )
    assert result == {"count": 1, "hours": Decimal("7"), "fees": Decimal("1800")}


# --- A fixed query budget ------------------------------------------------------------------
# Measured at 20 people, then required at 2,000 (the site's layout may change the number, the
# page's own queries must not grow); the budget catches a page that grows in other ways.

DASHBOARD_BUDGET = 30
GAPS_BUDGET = 34


def _count(client, path, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(captured)


def test_the_dashboard_runs_the_same_queries_for_20_and_2000_people(
    client, alice, fjordbo, django_assert_num_queries
):
    populate(fjordbo, people=20, competences=40, requirements=12)
    strategy(fjordbo, year=timezone.localdate().year)
    client.force_login(alice)
    client.get(url("dashboard", fjordbo))  # the site's first request creates its menu
    at_20 = _count(client, url("dashboard", fjordbo))
    assert at_20 <= DASHBOARD_BUDGET
    populate(fjordbo, people=1980, tag="many")
    with django_assert_num_queries(at_20):
        response = client.get(url("dashboard", fjordbo))
    assert response.status_code == 200
    assert page(response).find(attrs={"data-testid": "people"}).get_text() == "2000"


def test_the_gap_analysis_runs_the_same_queries_for_20_and_2000_people(
    client, alice, fjordbo, akademi, django_assert_num_queries
):
    populate(fjordbo, people=20, competences=40, requirements=12)
    for guide in ("A1", "A2", "A3"):
        course = make_course(akademi, guide=guide, title=f"Kursus {guide}")
        make_session(course, days=20)
    client.force_login(alice)
    client.get(url("gaps", fjordbo))  # the site's first request creates its menu
    at_20 = _count(client, url("gaps", fjordbo))
    assert at_20 <= GAPS_BUDGET
    populate(fjordbo, people=1980, tag="many")
    with django_assert_num_queries(at_20):
        response = client.get(url("gaps", fjordbo), {"page": 2})
    soup = page(response)
    assert len(soup.select("article.card h3")) == 50
