"""Min side, the personal start page, and the header's own places (issue 18).

Every role sees its own work and nobody else's: a learner their sessions, waitlist places and
plan; an approver the requests of the people they look after (with a count, also in the header);
HR the plans and prior learning to review and the organisation's figures; a project leader the
log entries waiting for them and the overdue effect measurements; a provider editor their next
sessions with seats and pending requests. Each panel costs the same number of queries at 3 and
at 30 rows. After login everybody lands here, unless ``next`` says otherwise.

People (after the Alice/Bob/Charlie habit): Fjordbo (housing, approval required) — Karen staff,
Lars manager, Hanne HR, Peter project leader, Dorte on Peter's project; Nordlys — Ole HR, Nina
project leader, Nils staff; Almen Akademi — Sofie editor; ByggeLæring — Jonas editor.
"""

# ruff: noqa: F811  (pytest fixtures imported from tests.courses.conftest)

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competencies.models import (
    Competence,
    CompetencePlan,
    Evidence,
    EvidenceSource,
    EvidenceStatus,
)
from courses.models import Enrolment, EnrolmentStatus
from onsite.models import EntryStatus, LogEntry, Measurement, ProjectMember
from organisations import services as org_services
from tests.courses.conftest import (  # noqa: F401 (fixtures)
    PASSWORD,
    _editor,
    akademi,
    byggelaering,
    catalogue,
    home,
    make_course,
    make_learner,
    make_session,
)
from tests.onsite.fixtures_effects import make_indicator, make_project

pytestmark = pytest.mark.django_db

S = EnrolmentStatus


# --- People and rows --------------------------------------------------------------------------


@pytest.fixture
def fjordbo(db):
    return org_services.organisation_create(
        name="Fjordbo", kind="housing", cvr="33333333", requires_enrolment_approval=True
    )


@pytest.fixture
def nordlys(db):
    return org_services.organisation_create(
        name="Nordlys", kind="housing", cvr="44444444", requires_enrolment_approval=True
    )


@pytest.fixture
def karen(fjordbo):
    return make_learner("karen@fjordbo.example", fjordbo, first_name="Karen")


@pytest.fixture
def lars(fjordbo):
    return make_learner("lars@fjordbo.example", fjordbo, ("staff", "manager"), "Lars")


@pytest.fixture
def hanne(fjordbo):
    return _editor("hanne@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne")


@pytest.fixture
def peter(fjordbo):
    return make_learner("peter@fjordbo.example", fjordbo, ("staff", "project_leader"), "Peter")


@pytest.fixture
def dorte(fjordbo):
    return make_learner("dorte@fjordbo.example", fjordbo, first_name="Dorte")


@pytest.fixture
def ole(nordlys):
    return _editor("ole@nordlys.example", nordlys, ["staff", "hr", "manager"], "Ole")


@pytest.fixture
def nils(nordlys):
    return make_learner("nils@nordlys.example", nordlys, first_name="Nils")


@pytest.fixture
def nina(nordlys):
    return make_learner("nina@nordlys.example", nordlys, ("staff", "project_leader"), "Nina")


@pytest.fixture
def sofie(akademi):
    return _editor("sofie@akademi.example", akademi, ["staff", "provider_editor"], "Sofie")


@pytest.fixture
def course(akademi):
    return make_course(akademi, "A3", "Fremtidsanalyse for boligafdelinger")


@pytest.fixture
def other_course(byggelaering):
    return make_course(byggelaering, "A2", "Helhedsplanlægning i praksis")


def waiting_people(organisation, session, count, start=0):
    """``count`` people of ``organisation`` whose requests for ``session`` wait for approval."""
    people = [
        make_learner(f"person{start + i}@{organisation.cvr}.example", organisation)
        for i in range(count)
    ]
    Enrolment.objects.bulk_create(
        Enrolment(
            user=person,
            course=session.course,
            session=session,
            organisation=organisation,
            status=S.AWAITING_APPROVAL,
        )
        for person in people
    )
    return people


def submitted_plans(organisation, count, start=0):
    people = [
        make_learner(f"planner{start + i}@{organisation.cvr}.example", organisation)
        for i in range(count)
    ]
    CompetencePlan.objects.bulk_create(
        CompetencePlan(
            user=person,
            organisation=organisation,
            title=f"Plan for {person.email}",
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 12, 31),
            status="submitted",
            submitted_at=timezone.now(),
        )
        for person in people
    )


def submitted_entries(project, author, count, title="Indlæg"):
    LogEntry.objects.bulk_create(
        LogEntry(
            project=project,
            author=author,
            occurred_on=date(2026, 10, 1),
            kind="lesson",
            title=f"{title} {i}",
            what_happened="Noget skete.",
            status=EntryStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for i in range(count)
    )


def start_page(client, user):
    client.force_login(user)
    response = client.get(reverse("min_side"))
    assert response.status_code == 200
    return response


def queries_for(client, url="/min-side/"):
    client.get(url)  # warm caches that are per process, not per request (content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def own_links(response):
    """The header's own places, as (label, url) pairs, from the wide-screen row."""
    html = response.content.decode()
    row = html[html.index('class="own-nav') :]
    row = row[: row.index("</nav>")]
    links = re.findall(r'<a class="[^"]*" href="([^"]+)"[^>]*>(.*?)</a>', row)
    # The label without the count badge (and its words for screen readers).
    return [(re.sub(r"<[^>]+>", "", label.split("<span")[0]).strip(), url) for url, label in links]


def assert_links_resolve(client, response, testid):
    """Every link in one panel leads to a page the person may open."""
    html = response.content.decode()
    panel = html[html.index(f'data-testid="{testid}"') :]
    panel = panel[: panel.index("</section>")]
    urls = set(re.findall(r'href="([^"#]+)"', panel))
    assert urls
    for url in urls:
        assert client.get(url).status_code in (200, 302), url


# --- Login lands on Min side ------------------------------------------------------------------


def test_login_lands_on_min_side(client, karen):
    response = client.post(
        reverse("account_login"), {"login": "karen@fjordbo.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("min_side")


def test_login_with_next_goes_there(client, karen):
    response = client.post(
        reverse("account_login") + "?next=/kurser/",
        {"login": "karen@fjordbo.example", "password": PASSWORD},
    )
    assert response["Location"] == "/kurser/"


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("min_side"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- The learner ------------------------------------------------------------------------------


def test_a_learner_sees_their_next_session_waitlist_and_plan_and_nobody_elses(
    client, karen, nils, fjordbo, course
):
    session = make_session(course, capacity=1)
    full = make_session(course, capacity=1, days=40)
    Enrolment.objects.create(
        user=karen, course=course, session=session, organisation=fjordbo, status=S.BOOKED
    )
    Enrolment.objects.create(user=nils, course=course, session=full, status=S.BOOKED)
    Enrolment.objects.create(
        user=karen,
        course=course,
        session=full,
        organisation=fjordbo,
        status=S.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    CompetencePlan.objects.create(
        user=karen,
        organisation=fjordbo,
        title="Karens plan 2027",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        status="returned",
    )

    response = start_page(client, karen)

    context = response.context
    assert [e.session for e in context["learner"].upcoming] == [session]
    assert [e.waitlist_position for e in context["learner"].waiting] == [1]
    html = response.content.decode()
    assert "Dine næste hold" in html and "Nummer 1 på ventelisten" in html
    assert "Karens plan 2027" in html and "sendt planen retur" in html
    for absent in ("panel-approvals", "panel-hr", "panel-project-leader", "panel-provider"):
        assert absent not in html
    assert "nothing-to-do" not in html
    assert_links_resolve(client, response, "panel-own-plans")


def test_someone_with_nothing_to_do_gets_one_friendly_line(client, karen):
    html = start_page(client, karen).content.decode()

    assert 'data-testid="nothing-to-do"' in html
    assert "Du har ikke noget, der venter på dig lige nu." in html
    assert "Dine næste hold" not in html  # empty sections are left out


# --- The approver -----------------------------------------------------------------------------


def test_an_approver_sees_the_requests_they_decide_with_a_count_and_no_other_organisations(
    client, lars, karen, nils, fjordbo, nordlys, course
):
    session = make_session(course, capacity=50)
    Enrolment.objects.create(
        user=karen, course=course, session=session, organisation=fjordbo, status=S.AWAITING_APPROVAL
    )
    Enrolment.objects.create(
        user=nils, course=course, session=session, organisation=nordlys, status=S.AWAITING_APPROVAL
    )

    response = start_page(client, lars)

    approvals = response.context["approvals"]
    assert [e.user for e in approvals.requests] == [karen]
    assert approvals.count == 1
    html = response.content.decode()
    assert "Nils" not in html
    assert 'data-testid="approvals-count">1<' in html
    assert_links_resolve(client, response, "panel-approvals")
    assert ("Godkendelser", reverse("approvals")) in own_links(response)
    assert 'data-testid="nav-badge">1<' in html


def test_the_approvers_page_and_header_cost_the_same_at_3_and_30_requests(
    client, lars, fjordbo, course
):
    session = make_session(course, capacity=100)
    waiting_people(fjordbo, session, 3)
    client.force_login(lars)
    few, response = queries_for(client)
    assert response.context["approvals"].count == 3

    waiting_people(fjordbo, session, 27, start=3)
    many, response = queries_for(client)

    assert response.context["approvals"].count == 30
    assert 'data-testid="nav-badge">30<' in response.content.decode()
    assert few == many


# --- HR ---------------------------------------------------------------------------------------


def test_hr_sees_plans_and_prior_learning_to_review_and_key_figures_of_their_organisation_only(
    client, hanne, karen, fjordbo, nordlys
):
    submitted_plans(fjordbo, 2)
    submitted_plans(nordlys, 4)
    Evidence.objects.create(
        user=karen,
        organisation=fjordbo,
        competence=Competence.objects.get(code="fremtidsanalyse"),
        level=2,
        source=EvidenceSource.PRIOR_LEARNING,
        status=EvidenceStatus.PENDING,
        title="Kursus hos tidligere arbejdsgiver",
        document="evidence/bevis.pdf",
        achieved_on=date(2025, 5, 1),
    )

    response = start_page(client, hanne)

    (panel,) = response.context["hr_panels"]
    assert panel.organisation == fjordbo
    assert panel.plans_submitted == 2
    assert len(panel.plans_awaiting) == 2
    assert panel.evidence_pending == 1
    html = response.content.decode()
    assert "2 kompetenceplaner venter på din gennemgang" in html
    assert "Nordlys" not in html
    assert 'data-testid="hr-figures"' in html
    assert_links_resolve(client, response, "panel-hr")


def test_the_hr_panel_costs_the_same_at_3_and_30_plans(client, hanne, fjordbo):
    submitted_plans(fjordbo, 3)
    client.force_login(hanne)
    few, _response = queries_for(client)

    submitted_plans(fjordbo, 27, start=3)
    many, response = queries_for(client)

    assert response.context["hr_panels"][0].plans_submitted == 30
    assert few == many


# --- The project leader -----------------------------------------------------------------------


@pytest.fixture
def fjordparken(fjordbo, peter, dorte):
    project = make_project(fjordbo, "Fjordparken", handover_on=date.today() - timedelta(days=200))
    ProjectMember.objects.create(project=project, user=peter, is_leader=True)
    ProjectMember.objects.create(project=project, user=dorte)
    return project


def test_a_project_leader_sees_entries_waiting_and_overdue_measurements_of_their_projects_only(
    client, peter, dorte, nina, nordlys, fjordparken
):
    submitted_entries(fjordparken, dorte, 2, title="Beboermøde")
    submitted_entries(fjordparken, peter, 1, title="Mit eget")  # their own: not theirs to approve
    nordlyset = make_project(nordlys, "Nordlyset")
    submitted_entries(nordlyset, nina, 1, title="Nordlys-indlæg")
    measured = make_indicator(fjordparken, "Beboertilfredshed")
    make_indicator(fjordparken, "Antal ændringsordrer")
    # Six months after handover came 18 days ago; measured after it, so not overdue.
    Measurement.objects.create(indicator=measured, measured_on=date.today(), value=Decimal("4"))
    make_indicator(nordlyset, "Nordlys-mål")

    response = start_page(client, peter)

    leader = response.context["project_leader"]
    assert leader.entries_count == 2
    assert {entry.title for entry in leader.entries} == {"Beboermøde 0", "Beboermøde 1"}
    (overdue,) = leader.overdue
    assert overdue.project == fjordparken and overdue.months == 6
    assert [i.name for i in overdue.indicators] == ["Antal ændringsordrer"]
    html = response.content.decode()
    assert "Nordlys" not in html and "Mit eget" not in html
    assert_links_resolve(client, response, "panel-project-leader")
    assert ("Byggesager", reverse("onsite:project_list")) in own_links(response)


def test_the_project_leader_panel_costs_the_same_at_3_and_30_entries(
    client, peter, dorte, fjordparken
):
    submitted_entries(fjordparken, dorte, 3)
    make_indicator(fjordparken, "Mål 1")
    client.force_login(peter)
    few, _response = queries_for(client)

    submitted_entries(fjordparken, dorte, 27, title="Flere")
    for i in range(2, 30):
        make_indicator(fjordparken, f"Mål {i}")
    many, response = queries_for(client)

    assert response.context["project_leader"].entries_count == 30
    assert len(response.context["project_leader"].overdue[0].indicators) == 29
    assert few == many


# --- The provider editor ----------------------------------------------------------------------


def test_a_provider_editor_sees_their_next_sessions_with_seats_and_pending_requests_only(
    client, sofie, karen, lars, fjordbo, course, other_course
):
    session = make_session(course, capacity=5)
    Enrolment.objects.create(
        user=lars, course=course, session=session, organisation=fjordbo, status=S.BOOKED
    )
    Enrolment.objects.create(
        user=karen, course=course, session=session, organisation=fjordbo, status=S.AWAITING_APPROVAL
    )
    make_session(other_course, capacity=9)  # ByggeLæring's: not Sofie's

    response = start_page(client, sofie)

    provider = response.context["provider"]
    assert [s.pk for s in provider.sessions] == [session.pk]
    assert provider.pending_count == 1
    html = response.content.decode()
    assert "1 af 5 pladser booket" in html
    assert "1 afventer godkendelse" in html
    assert "Helhedsplanlægning i praksis" not in html
    assert reverse("hold:participants", args=[session.pk]) in html
    assert ("Redaktion", reverse("wagtailadmin_home")) in own_links(response)


def test_the_provider_panel_costs_the_same_at_3_and_30_sessions(client, sofie, fjordbo, course):
    for day in range(3):
        waiting_people(fjordbo, make_session(course, capacity=5, days=30 + day), 1, start=day)
    client.force_login(sofie)
    few, _response = queries_for(client)

    for day in range(3, 30):
        waiting_people(fjordbo, make_session(course, capacity=5, days=30 + day), 1, start=day)
    many, response = queries_for(client)

    assert response.context["provider"].session_count == 30
    assert response.context["provider"].pending_count == 30
    assert few == many


# --- The header -------------------------------------------------------------------------------


def test_the_header_shows_each_role_its_own_places(client, karen, lars, hanne, peter, sofie):
    def labels(user):
        client.force_login(user)
        return [label for label, _url in own_links(client.get(reverse("min_side")))]

    assert labels(karen) == ["Min side", "Kompetencer"]
    assert labels(lars) == [
        "Min side",
        "Godkendelser",
        "Kompetencer",
        "Kompetenceoverblik",
        "Byggesager",
        "Forløb",
        "Projektrum",
    ]
    # Managers and project leaders may create rooms; staff see the link once they are in one.
    assert labels(peter) == ["Min side", "Kompetencer", "Byggesager", "Forløb", "Projektrum"]
    assert labels(sofie) == ["Min side", "Kompetencer", "Redaktion"]
    assert "Kompetenceoverblik" in labels(hanne)


def test_the_header_marks_the_current_place_and_keeps_account_and_language_in_one_menu(
    client, karen
):
    html = start_page(client, karen).content.decode()

    assert f'href="{reverse("min_side")}" aria-current="page">Min side</a>' in html
    assert 'aria-labelledby="account-menu-button"' in html
    menu = html[html.index('aria-labelledby="account-menu-button"') :]
    menu = menu[: menu.index("</header>")]
    for item in (reverse("mfa_index"), reverse("privacy:my_data"), reverse("set_language")):
        assert item in menu
    assert ">Log ud</button>" in menu
    assert "utility-bar" not in html


def test_an_anonymous_visitor_gets_log_ind_and_the_language_switch(client, home):
    html = client.get("/").content.decode()

    assert ">Log ind</a>" in html
    assert f'action="{reverse("set_language")}"' in html
    assert 'data-testid="current-user"' not in html
    assert "own-nav" not in html


def test_the_approvals_badge_is_one_count_per_request_shared_with_the_start_page(
    client, lars, fjordbo, course
):
    session = make_session(course, capacity=100)
    waiting_people(fjordbo, session, 3)
    client.force_login(lars)
    client.get(reverse("min_side"))

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("min_side"))

    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"] and "courses_enrolment" in q["sql"] and "awaiting" in q["sql"]
    ]
    assert len(counts) == 1, counts


def test_only_the_innermost_place_is_current(client, hanne, fjordbo):
    client.force_login(hanne)
    dashboard = reverse("competencies:dashboard", args=[fjordbo.pk])

    html = client.get(dashboard).content.decode()

    row = html[html.index('class="own-nav') :]
    row = row[: row.index("</nav>")]
    assert row.count('aria-current="page"') == 1
    assert f'href="{dashboard}" aria-current="page">Kompetenceoverblik' in row
