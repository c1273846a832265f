"""Competence plan pages: the list, creating, the plan with its workflow buttons, goals,
activities (course and session in two steps without JavaScript), and the PDF for MUS.

Every object-level route answers 404 to Charlie (HR at Nordlys) and to Dorte (a colleague of
Bob's who does not look after him); Mads (manager of 101) sees Bob's plan but not Dorte's.
"""

# Fixtures imported from plans_fixtures are named again as test arguments:
# ruff: noqa: F811

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies import plan_pdf, services
from competencies.models import ActivityKind, CompetencePlan, PlanActivity, PlanGoal, PlanStatus
from competencies.selectors import plan_context
from organisations.models import Membership
from tests.competencies.plans_fixtures import (
    END,
    LEVEL_MESSAGE,
    START,
    catalogue,  # noqa: F401  (fixtures)
    competence,
    course,  # noqa: F401
    evidence_row,
    make_plan,
    queries_of,
    session,  # noqa: F401
    submitted_plan,
)

pytestmark = pytest.mark.django_db

S = PlanStatus
GOAL = ("fremtidsanalyse", 3, date(2027, 6, 30))
PLAN_LIST_MAX_QUERIES = 20  # today 13–15, most of them the site's layout
DETAIL_MAX_QUERIES = 26  # today about 20, most of them the site's layout


@pytest.fixture
def bobs_plan(fjordbo, bob):
    plan = make_plan(bob, bob, fjordbo, goals=[GOAL])
    services.activity_add(
        actor=bob, plan=plan, kind=ActivityKind.ONSITE, title="Læringslog på byggesagen"
    )
    return plan


def _url(name, plan, **kwargs):
    return reverse(f"competencies:{name}", kwargs={"pk": plan.pk, **kwargs})


def _content(response):
    return response.content.decode()


# --- Access --------------------------------------------------------------------------------

GET_ROUTES = ["plan_detail", "plan_edit", "plan_pdf", "goal_add", "activity_add"]
POST_ROUTES = ["plan_action"]


def _object_routes(plan):
    goal = plan.goals.first()
    activity = plan.activities.first()
    return [
        ("get", _url("plan_detail", plan)),
        ("get", _url("plan_edit", plan)),
        ("get", _url("plan_pdf", plan)),
        ("get", _url("goal_add", plan)),
        ("get", _url("goal_edit", plan, goal_pk=goal.pk)),
        ("post", _url("goal_remove", plan, goal_pk=goal.pk)),
        ("get", _url("activity_add", plan)),
        ("get", _url("activity_edit", plan, activity_pk=activity.pk)),
        ("post", _url("activity_remove", plan, activity_pk=activity.pk)),
        ("post", _url("activity_done", plan, activity_pk=activity.pk)),
        ("post", _url("plan_action", plan)),
    ]


class TestAccess:
    @pytest.mark.parametrize("outsider", ["charlie", "dorte"])
    def test_every_object_route_is_404_for_outsiders(self, client, bobs_plan, outsider, request):
        client.force_login(request.getfixturevalue(outsider))
        for method, url in _object_routes(bobs_plan):
            data = {"action": "comment", "comment": "Hej", "done": "1"}
            response = getattr(client, method)(url, data) if method == "post" else client.get(url)
            assert response.status_code == 404, url
        bobs_plan.refresh_from_db()
        assert bobs_plan.goals.count() == 1 and bobs_plan.activities.count() == 1
        assert bobs_plan.events.count() == 1

    def test_the_manager_of_101_sees_bobs_plan_but_not_dortes(
        self, client, fjordbo, mads, bob, dorte
    ):
        bobs = make_plan(bob, bob, fjordbo, title="Bobs plan")
        dortes = make_plan(dorte, dorte, fjordbo, title="Dortes plan")
        client.force_login(mads)
        assert client.get(_url("plan_detail", bobs)).status_code == 200
        assert client.get(_url("plan_pdf", bobs)).status_code == 200
        assert client.get(_url("plan_detail", dortes)).status_code == 404
        assert client.get(_url("plan_pdf", dortes)).status_code == 404
        listing = _content(client.get(reverse("competencies:plan_list")))
        assert "Bobs plan" in listing and "Dortes plan" not in listing

    def test_hr_sees_everyone_in_the_organisation_and_charlie_no_one(
        self, client, fjordbo, alice, bob, dorte, charlie
    ):
        make_plan(bob, bob, fjordbo, title="Bobs plan")
        make_plan(dorte, dorte, fjordbo, title="Dortes plan")
        client.force_login(alice)
        listing = _content(client.get(reverse("competencies:plan_list")))
        assert "Bobs plan" in listing and "Dortes plan" in listing
        client.force_login(charlie)
        listing = _content(client.get(reverse("competencies:plan_list")))
        assert "Bobs plan" not in listing and "Dortes plan" not in listing

    def test_anonymous_visitors_are_sent_to_log_in(self, client, bobs_plan):
        for url in (reverse("competencies:plan_list"), _url("plan_detail", bobs_plan)):
            response = client.get(url)
            assert response.status_code == 302 and "/konto/login/" in response["Location"]

    def test_hr_without_two_factor_is_sent_to_set_it_up(self, client, fjordbo, bobs_plan):
        from organisations import services as org_services

        hanne = org_services.user_create(email="hanne@fjordbo.example", password="x" * 12)
        org_services.membership_create(user=hanne, organisation=fjordbo, roles=["staff", "hr"])
        client.force_login(hanne)
        response = client.get(_url("plan_detail", bobs_plan))
        assert response.status_code == 302
        assert reverse("mfa_activate_totp") in response["Location"]


# --- List ----------------------------------------------------------------------------------


class TestList:
    def test_hr_sees_plans_to_review_first(self, client, fjordbo, alice, bob, dorte):
        make_plan(
            bob,
            bob,
            fjordbo,
            title="Bobs kladde",
            starts_on=date(2028, 1, 1),
            ends_on=date(2028, 12, 31),
        )
        waiting = submitted_plan(dorte, fjordbo)
        client.force_login(alice)
        response = client.get(reverse("competencies:plan_list"))
        plans = list(response.context["page_obj"])
        assert plans[0] == waiting
        assert "Til godkendelse hos dig" in _content(response)

    def test_hr_finds_the_evidence_queue_from_the_list(self, client, fjordbo, alice):
        client.force_login(alice)
        content = _content(client.get(reverse("competencies:plan_list")))
        queue = reverse("competencies:evidence_queue", kwargs={"org_pk": fjordbo.pk})
        assert queue in content and "Dokumentation til godkendelse i Fjordbo" in content

    def test_filter_by_status(self, client, fjordbo, alice, bob, dorte):
        make_plan(bob, bob, fjordbo, title="Bobs kladde")
        submitted_plan(dorte, fjordbo)
        client.force_login(alice)
        response = client.get(reverse("competencies:plan_list"), {"status": "submitted"})
        assert [p.user for p in response.context["page_obj"]] == [dorte]

    def test_the_number_of_queries_is_flat(
        self, client, fjordbo, alice, bob, django_assert_num_queries
    ):
        def plans(first, last):
            CompetencePlan.objects.bulk_create(
                CompetencePlan(
                    user=bob,
                    organisation=fjordbo,
                    title=f"Plan {i}",
                    starts_on=START - timedelta(days=i),
                    ends_on=END,
                    status=[S.DRAFT, S.SUBMITTED, S.APPROVED][i % 3],
                )
                for i in range(first, last)
            )

        url = reverse("competencies:plan_list")
        client.force_login(alice)
        plans(0, 10)
        at_10 = queries_of(client, url)
        assert at_10 <= PLAN_LIST_MAX_QUERIES
        plans(10, 1000)
        with django_assert_num_queries(at_10):
            response = client.get(url)
        assert response.context["page_obj"].paginator.count == 1000
        assert len(response.context["page_obj"].object_list) == 25


# --- Create --------------------------------------------------------------------------------


class TestCreate:
    def _membership(self, user, organisation):
        return Membership.objects.get(user=user, organisation=organisation)

    def test_the_manager_chooses_among_the_people_they_look_after(
        self, client, fjordbo, mads, bob, dorte
    ):
        client.force_login(mads)
        form = client.get(reverse("competencies:plan_create")).context["form"]
        people = {m.user for m in form.fields["membership"].queryset}
        assert people == {mads, bob}
        response = client.post(
            reverse("competencies:plan_create"),
            {
                "membership": self._membership(bob, fjordbo).pk,
                "title": "Bobs plan 2027",
                "starts_on": "2027-01-01",
                "ends_on": "2027-12-31",
            },
        )
        plan = CompetencePlan.objects.get()
        assert response["Location"] == _url("plan_detail", plan)
        assert (plan.user, plan.created_by, plan.organisation) == (bob, mads, fjordbo)

    def test_someone_not_looked_after_is_not_a_choice(self, client, fjordbo, mads, dorte):
        client.force_login(mads)
        response = client.post(
            reverse("competencies:plan_create"),
            {
                "membership": self._membership(dorte, fjordbo).pk,
                "title": "Dortes plan",
                "starts_on": "2027-01-01",
                "ends_on": "2027-12-31",
            },
        )
        assert response.status_code == 200
        assert "Vælg en person fra listen." in _content(response)
        assert not CompetencePlan.objects.exists()

    def test_without_a_membership_a_friendly_explanation(self, client, db):
        from organisations import services as org_services

        user = org_services.user_create(email="ny@example.org", password="x" * 12)
        client.force_login(user)
        response = client.get(reverse("competencies:plan_create"))
        assert "Du er ikke medlem af en boligorganisation" in _content(response)

    def test_a_period_ending_before_it_starts_is_shown_by_the_field(self, client, fjordbo, bob):
        client.force_login(bob)
        response = client.post(
            reverse("competencies:plan_create"),
            {
                "membership": self._membership(bob, fjordbo).pk,
                "title": "Min plan med fejl",
                "starts_on": "2027-06-01",
                "ends_on": "2027-01-01",
            },
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors == {"ends_on": ["Perioden skal slutte efter den starter."]}
        content = _content(response)
        assert 'value="Min plan med fejl"' in content  # the input is kept
        assert "Perioden skal slutte efter den starter." in content
        assert not CompetencePlan.objects.exists()


# --- Detail and workflow -------------------------------------------------------------------


def _act(client, plan, action, comment=""):
    return client.post(_url("plan_action", plan), {"action": action, "comment": comment})


class TestDetail:
    def test_it_shows_goals_with_levels_activities_totals_and_history(
        self, client, fjordbo, bob, bobs_plan
    ):
        evidence_row(bob, level=1)
        client.force_login(bob)
        content = _content(client.get(_url("plan_detail", bobs_plan)))
        assert "Fremtidsanalyse" in content
        assert "Nu: niveau 1 · Målniveau: 3" in content
        assert competence("fremtidsanalyse").level_3 in content
        assert "Læringslog på byggesagen" in content
        assert "Planen er oprettet" in content
        # Bob may submit and comment, not approve.
        for label in ("Indsend", "Kommentér", "Kommentar"):
            assert label in content
        assert ">Godkend<" not in content and "Send retur" not in content

    def test_hr_sees_approve_and_return_on_a_submitted_plan(self, client, fjordbo, alice, bob):
        plan = submitted_plan(bob, fjordbo)
        client.force_login(alice)
        content = _content(client.get(_url("plan_detail", plan)))
        assert ">Godkend<" in content and "Send retur" in content
        assert ">Indsend<" not in content

    def test_hr_sees_no_approve_button_on_their_own_plan(self, client, fjordbo, alice):
        plan = submitted_plan(alice, fjordbo)
        client.force_login(alice)
        content = _content(client.get(_url("plan_detail", plan)))
        assert ">Godkend<" not in content

    def test_submitting_an_empty_plan_says_why(self, client, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo)
        client.force_login(bob)
        response = _act(client, plan, "submit")
        assert response.status_code == 200
        assert "Planen skal have mindst ét mål, før den kan indsendes." in _content(response)
        plan.refresh_from_db()
        assert plan.status == S.DRAFT

    def test_the_whole_workflow_through_the_buttons(self, client, fjordbo, alice, bob, bobs_plan):
        client.force_login(bob)
        assert _act(client, bobs_plan, "submit").status_code == 302
        client.force_login(alice)
        # "Send retur" without a comment: the message stands by the Kommentar field.
        response = _act(client, bobs_plan, "return")
        assert response.status_code == 200
        assert response.context["action_form"].errors == {
            "comment": ["Skriv en kommentar, så personen ved, hvad der skal rettes."]
        }
        assert _act(client, bobs_plan, "return", "Tilføj et hold.").status_code == 302
        client.force_login(bob)
        assert "Tilføj et hold." in _content(client.get(_url("plan_detail", bobs_plan)))
        _act(client, bobs_plan, "submit", "Nu med hold.")
        client.force_login(alice)
        _act(client, bobs_plan, "comment", "Ser fint ud.")
        _act(client, bobs_plan, "approve")
        client.force_login(bob)
        _act(client, bobs_plan, "complete", "Færdig.")
        bobs_plan.refresh_from_db()
        assert bobs_plan.status == S.COMPLETED
        assert [e.to_status for e in bobs_plan.events.all()] == [
            S.DRAFT,
            S.SUBMITTED,
            S.RETURNED,
            S.SUBMITTED,
            S.SUBMITTED,
            S.APPROVED,
            S.COMPLETED,
        ]

    def test_self_approval_is_refused_even_when_posted(self, client, fjordbo, alice):
        plan = submitted_plan(alice, fjordbo)
        client.force_login(alice)
        response = _act(client, plan, "approve")
        assert "Du kan ikke godkende din egen kompetenceplan." in _content(response)
        plan.refresh_from_db()
        assert plan.status == S.SUBMITTED

    def test_a_manager_cannot_approve(self, client, fjordbo, mads, bob):
        plan = submitted_plan(bob, fjordbo)
        client.force_login(mads)
        response = _act(client, plan, "approve")
        assert "Kun HR i organisationen" in _content(response)

    def test_an_unknown_action_is_refused(self, client, bob, bobs_plan):
        client.force_login(bob)
        response = _act(client, bobs_plan, "publish")
        assert "Vælg en handling." in _content(response)

    def test_the_detail_page_does_not_grow_with_goals_and_activities(
        self, client, fjordbo, bob, course, session, django_assert_num_queries
    ):
        plan = make_plan(bob, bob, fjordbo)
        codes = ["fremtidsanalyse", "helhedsplanlaegning", "samdrift", "effektmaaling"]
        codes += ["partsinddragelse", "beboerinddragelse", "erfaringsgrupper", "frivilligledelse"]

        def add(numbers):
            for i in numbers:
                services.goal_add(
                    actor=bob,
                    plan=plan,
                    competence=competence(codes[i]),
                    target_level=2,
                    due_on=date(2027, 1 + i, 1),
                )
                services.activity_add(
                    actor=bob,
                    plan=plan,
                    kind=ActivityKind.SESSION,
                    title=f"Hold {i}",
                    course=course,
                    session_ref=session.pk,
                )
                services.plan_comment(actor=bob, plan=plan, comment=f"Kommentar {i}")

        client.force_login(bob)
        add(range(2))
        at_2 = queries_of(client, _url("plan_detail", plan))
        assert at_2 <= DETAIL_MAX_QUERIES
        add(range(2, 8))
        with django_assert_num_queries(at_2):
            response = client.get(_url("plan_detail", plan))
        assert len(response.context["goals"]) == len(response.context["activities"]) == 8


class TestEdit:
    def test_the_forms_render_for_the_person(self, client, bob, bobs_plan, course, session):
        goal, activity = bobs_plan.goals.get(), bobs_plan.activities.get()
        client.force_login(bob)
        for url, heading in (
            (_url("plan_edit", bobs_plan), "Redigér plan"),
            (_url("goal_add", bobs_plan), "Nyt mål"),
            (_url("goal_edit", bobs_plan, goal_pk=goal.pk), "Redigér mål"),
            (_url("activity_add", bobs_plan), "Ny aktivitet"),
            (_url("activity_edit", bobs_plan, activity_pk=activity.pk), "Redigér aktivitet"),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert f"<h1>{heading}</h1>" in _content(response), url
        assert "Fremtidsanalyse i praksis (Almen Akademi)" in _content(
            client.get(_url("activity_add", bobs_plan))
        )

    def test_the_header_is_edited_while_the_plan_is_a_draft(self, client, bob, bobs_plan):
        client.force_login(bob)
        response = client.post(
            _url("plan_edit", bobs_plan),
            {
                "title": "Ny titel",
                "starts_on": "2027-01-01",
                "ends_on": "2027-12-31",
                "summary": "Aftalt ved MUS.",
            },
        )
        assert response.status_code == 302
        bobs_plan.refresh_from_db()
        assert (bobs_plan.title, bobs_plan.summary) == ("Ny titel", "Aftalt ved MUS.")

    def test_a_submitted_plan_cannot_be_edited(self, client, fjordbo, bob):
        plan = submitted_plan(bob, fjordbo)
        client.force_login(bob)
        response = client.get(_url("plan_edit", plan), follow=True)
        assert "Planen kan ikke ændres nu." in _content(response)


class TestGoals:
    def _post(self, client, plan, **data):
        values = {"competence": competence("effektmaaling").pk, "target_level": "3"}
        values.update({"due_on": "2027-09-01", "note": "Med Peter som mentor", **data})
        return client.post(_url("goal_add", plan), values)

    def test_a_goal_is_added(self, client, bob, bobs_plan):
        client.force_login(bob)
        assert self._post(client, bobs_plan).status_code == 302
        assert bobs_plan.goals.filter(competence__code="effektmaaling", target_level=3).exists()

    @pytest.mark.parametrize("level", ["0", "5"])
    def test_a_level_outside_1_to_4_gets_the_message_by_the_field(
        self, client, bob, bobs_plan, level
    ):
        client.force_login(bob)
        response = self._post(client, bobs_plan, target_level=level)
        assert response.status_code == 200
        assert response.context["form"].errors == {"target_level": [LEVEL_MESSAGE]}
        content = _content(response)
        assert LEVEL_MESSAGE in content
        assert 'value="Med Peter som mentor"' in content
        assert bobs_plan.goals.count() == 1

    def test_a_date_outside_the_period_gets_the_message_by_the_field(self, client, bob, bobs_plan):
        client.force_login(bob)
        response = self._post(client, bobs_plan, due_on="2028-02-01")
        assert response.context["form"].errors == {
            "due_on": ["Datoen skal ligge i planens periode (1. januar 2027–31. december 2027)."]
        }
        assert bobs_plan.goals.count() == 1

    def test_edit_and_remove(self, client, bob, bobs_plan):
        goal = bobs_plan.goals.get()
        client.force_login(bob)
        client.post(
            _url("goal_edit", bobs_plan, goal_pk=goal.pk),
            {"competence": goal.competence_id, "target_level": "4", "due_on": "2027-05-01"},
        )
        goal.refresh_from_db()
        assert (goal.target_level, goal.due_on) == (4, date(2027, 5, 1))
        client.post(_url("goal_remove", bobs_plan, goal_pk=goal.pk))
        assert not PlanGoal.objects.exists()

    def test_another_plans_goal_is_404(self, client, fjordbo, bob, bobs_plan):
        other = make_plan(bob, bob, fjordbo, title="Anden plan", goals=[GOAL])
        client.force_login(bob)
        goal = other.goals.get()
        assert client.get(_url("goal_edit", bobs_plan, goal_pk=goal.pk)).status_code == 404


class TestActivities:
    def test_choosing_a_session_in_two_steps(self, client, bob, bobs_plan, course, session):
        client.force_login(bob)
        url = _url("activity_add", bobs_plan)
        # Step one: the course is chosen and "Vis hold" pressed; its sessions appear.
        step = client.post(url, {"kind": "course", "course": course.pk, "_step": "sessions"})
        assert step.status_code == 200
        sessions = list(step.context["form"].fields["session"].queryset)
        assert sessions == [session]
        assert "Aalborg" in _content(step)
        # Step two: the session is chosen; title, date, hours and price come from the catalogue.
        response = client.post(
            url, {"kind": "session", "course": course.pk, "session": session.pk, "title": ""}
        )
        assert response.status_code == 302
        activity = bobs_plan.activities.get(kind=ActivityKind.SESSION)
        assert activity.title == "Fremtidsanalyse i praksis"
        assert activity.session_ref == session.pk
        assert activity.planned_on == timezone.localtime(session.starts_at).date()
        assert (activity.hours, activity.cost) == (Decimal("7.5"), Decimal("3100"))
        detail = _content(client.get(_url("plan_detail", bobs_plan)))
        assert "Almen Akademi" in detail and "Vestergade 1" in detail

    def test_a_session_kind_without_a_session_says_so(
        self, client, bob, bobs_plan, course, session
    ):
        client.force_login(bob)
        response = client.post(
            _url("activity_add", bobs_plan), {"kind": "session", "course": course.pk}
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {"session": ["Vælg et hold på kurset."]}

    def test_another_courses_session_is_not_a_choice(
        self, client, fjordbo, bob, bobs_plan, course, session
    ):
        from tests.courses.conftest import make_course

        other = make_course(
            course.get_parent().specific.provider, guide="A1", title="Beboerdemokrati"
        )
        client.force_login(bob)
        response = client.post(
            _url("activity_add", bobs_plan),
            {"kind": "session", "course": other.pk, "session": session.pk},
        )
        assert response.context["form"].errors == {"session": ["Vælg et af kursets kommende hold."]}
        assert bobs_plan.activities.count() == 1

    def test_an_onsite_activity_without_a_title_is_refused(self, client, bob, bobs_plan):
        client.force_login(bob)
        response = client.post(_url("activity_add", bobs_plan), {"kind": "onsite", "hours": "-1"})
        assert response.status_code == 200
        assert response.context["form"].errors == {"hours": ["Timer kan ikke være negative."]}
        response = client.post(_url("activity_add", bobs_plan), {"kind": "onsite", "hours": "4"})
        assert "title" in response.context["form"].errors
        assert bobs_plan.activities.count() == 1

    def test_tick_off_while_the_approved_plan_runs(self, client, fjordbo, alice, bob, bobs_plan):
        services.plan_submit(actor=bob, plan=bobs_plan)
        services.plan_approve(actor=alice, plan=bobs_plan)
        activity = bobs_plan.activities.get()
        client.force_login(bob)
        content = _content(client.get(_url("plan_detail", bobs_plan)))
        assert "Markér som gennemført" in content and "Afslut" in content
        client.post(_url("activity_done", bobs_plan, activity_pk=activity.pk), {"done": "1"})
        activity.refresh_from_db()
        assert activity.done
        # Editing waits: the add page sends Bob back with a message.
        response = client.get(_url("activity_add", bobs_plan), follow=True)
        assert "Planen kan ikke ændres nu." in _content(response)

    def test_remove(self, client, bob, bobs_plan):
        activity = bobs_plan.activities.get()
        client.force_login(bob)
        client.post(_url("activity_remove", bobs_plan, activity_pk=activity.pk))
        assert not PlanActivity.objects.exists()


# --- PDF -----------------------------------------------------------------------------------


def _document_text(document):
    def walk(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", []) or []:
            yield from walk(child)

    return " ".join(text for page in document.pages for text in walk(page._page_box))


class TestPdf:
    def test_it_holds_person_period_goals_activities_and_the_history(
        self, fjordbo, alice, bob, bobs_plan
    ):
        evidence_row(bob, level=1)
        services.plan_update(actor=bob, plan=bobs_plan, summary="Bob vil lede fremtidsanalysen.")
        services.plan_submit(actor=bob, plan=bobs_plan)
        services.plan_approve(actor=alice, plan=bobs_plan, comment="God plan.")
        bobs_plan.refresh_from_db()
        text = _document_text(plan_pdf.plan_document(plan_context(bobs_plan)))
        for expected in (
            "Kompetenceplan",
            "Bob Testesen",
            "Fjordbo",
            "Fjordparken",
            "1. januar 2027",
            "31. december 2027",
            "Bob vil lede fremtidsanalysen.",
            "Fremtidsanalyse",
            competence("fremtidsanalyse").level_3[:40],
            "Læringslog på byggesagen",
            "God plan.",
            "godkendt",
            "Alice Testesen",
        ):
            assert expected in text, expected

    def test_the_download_is_a_pdf_attachment(self, client, bob, bobs_plan):
        client.force_login(bob)
        response = client.get(_url("plan_pdf", bobs_plan))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert response["Content-Disposition"] == (
            f'attachment; filename="kompetenceplan-bob-testesen-2027-{bobs_plan.pk}.pdf"'
        )
