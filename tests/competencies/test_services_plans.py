"""Competence plan services: every transition, every refusal, the history and the e-mails.

Bob (dept 101) and Dorte (dept 102) are staff at Fjordbo, Mads manages 101, Alice is HR,
Charlie is HR at Nordlys and may do nothing with Fjordbo's plans.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from competencies import services, tasks
from competencies.models import (
    ActivityKind,
    CompetencePlan,
    PlanActivity,
    PlanEvent,
    PlanGoal,
    PlanStatus,
)
from core.mail.models import OutboundEmail
from tests.competencies.conftest import make_person
from tests.competencies.plans_fixtures import (
    END,
    LEVEL_MESSAGE,
    START,
    competence,
    make_plan,
    submitted_plan,
)

pytestmark = pytest.mark.django_db

S = PlanStatus
GOAL = ("fremtidsanalyse", 3, date(2027, 6, 30))


def _messages(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def _field_errors(error: pytest.ExceptionInfo) -> dict:
    return {field: " ".join(messages) for field, messages in error.value.message_dict.items()}


# --- Creating and editing ------------------------------------------------------------------


class TestCreate:
    def test_a_person_drafts_their_own_plan(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo)
        assert plan.status == S.DRAFT
        assert plan.created_by == bob
        [event] = plan.events.all()
        assert (event.from_status, event.to_status, event.actor) == ("", S.DRAFT, bob)

    def test_the_manager_drafts_one_for_a_person_in_their_department(self, fjordbo, mads, bob):
        plan = make_plan(mads, bob, fjordbo)
        assert (plan.user, plan.created_by) == (bob, mads)

    def test_hr_drafts_one_for_anyone_in_the_organisation(self, fjordbo, alice, dorte):
        assert make_plan(alice, dorte, fjordbo).user == dorte

    def test_a_manager_cannot_draft_for_another_department(self, fjordbo, mads, dorte):
        with pytest.raises(ValidationError) as error:
            make_plan(mads, dorte, fjordbo)
        assert "dine medarbejdere" in _messages(error)
        assert not CompetencePlan.objects.exists()

    def test_charlie_cannot_draft_for_fjordbo(self, fjordbo, charlie, bob):
        with pytest.raises(ValidationError):
            make_plan(charlie, bob, fjordbo)
        assert not CompetencePlan.objects.exists()

    def test_the_person_must_belong_to_the_organisation(self, nordlys, bob):
        with pytest.raises(ValidationError) as error:
            make_plan(bob, bob, nordlys)
        assert "ikke medlem" in _messages(error)

    @pytest.mark.parametrize("ends_on", [date(2026, 12, 31), START])
    def test_a_period_that_ends_before_it_starts_is_refused(self, fjordbo, bob, ends_on):
        with pytest.raises(ValidationError) as error:
            make_plan(bob, bob, fjordbo, ends_on=ends_on)
        assert _field_errors(error) == {"ends_on": "Perioden skal slutte efter den starter."}
        assert not CompetencePlan.objects.exists()
        assert not PlanEvent.objects.exists()

    def test_update_changes_the_header(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo)
        services.plan_update(actor=bob, plan=plan, title="Ny titel", summary="Aftalt ved MUS.")
        plan.refresh_from_db()
        assert (plan.title, plan.summary) == ("Ny titel", "Aftalt ved MUS.")

    def test_update_refuses_a_period_that_leaves_goals_outside(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo, goals=[GOAL])
        with pytest.raises(ValidationError) as error:
            services.plan_update(actor=bob, plan=plan, ends_on=date(2027, 3, 1))
        assert "uden for perioden" in _field_errors(error)["ends_on"]
        plan.refresh_from_db()
        assert plan.ends_on == END

    def test_a_colleague_cannot_update(self, fjordbo, bob, dorte):
        plan = make_plan(bob, bob, fjordbo)
        with pytest.raises(ValidationError):
            services.plan_update(actor=dorte, plan=plan, title="Dortes titel")
        plan.refresh_from_db()
        assert plan.title == "Kompetenceplan 2027"


# --- Goals and activities ------------------------------------------------------------------


class TestGoals:
    def test_a_goal_has_a_competence_a_target_level_and_a_date(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo, goals=[GOAL])
        [goal] = plan.goals.all()
        assert (goal.competence.code, goal.target_level, goal.due_on) == GOAL

    @pytest.mark.parametrize("level", [0, 5, -1, None])
    def test_a_target_level_outside_1_to_4_is_refused(self, fjordbo, bob, level):
        plan = make_plan(bob, bob, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.goal_add(
                actor=bob,
                plan=plan,
                competence=competence("fremtidsanalyse"),
                target_level=level,
                due_on=date(2027, 6, 1),
            )
        assert _field_errors(error) == {"target_level": LEVEL_MESSAGE}
        assert not PlanGoal.objects.exists()

    @pytest.mark.parametrize("due_on", [date(2026, 12, 31), date(2028, 1, 1)])
    def test_a_date_outside_the_period_is_refused(self, fjordbo, bob, due_on):
        plan = make_plan(bob, bob, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.goal_add(
                actor=bob,
                plan=plan,
                competence=competence("fremtidsanalyse"),
                target_level=3,
                due_on=due_on,
            )
        assert _field_errors(error) == {
            "due_on": "Datoen skal ligge i planens periode (1. januar 2027–31. december 2027)."
        }
        assert not PlanGoal.objects.exists()

    def test_one_goal_per_competence(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo, goals=[GOAL])
        with pytest.raises(ValidationError) as error:
            services.goal_add(
                actor=bob,
                plan=plan,
                competence=competence("fremtidsanalyse"),
                target_level=4,
                due_on=date(2027, 9, 1),
            )
        assert "allerede et mål" in _messages(error)
        assert plan.goals.count() == 1

    def test_a_retired_competence_is_refused(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo)
        retired = competence("samdrift")
        retired.is_active = False
        retired.save()
        with pytest.raises(ValidationError) as error:
            services.goal_add(
                actor=bob, plan=plan, competence=retired, target_level=2, due_on=date(2027, 5, 1)
            )
        assert "ikke længere i brug" in _field_errors(error)["competence"]

    def test_update_and_remove(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo, goals=[GOAL])
        goal = plan.goals.get()
        services.goal_update(actor=bob, goal=goal, target_level=4)
        goal.refresh_from_db()
        assert goal.target_level == 4
        services.goal_remove(actor=bob, goal=goal)
        assert not plan.goals.exists()

    def test_update_to_level_5_is_refused_and_nothing_changes(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo, goals=[GOAL])
        goal = plan.goals.get()
        with pytest.raises(ValidationError):
            services.goal_update(actor=bob, goal=goal, target_level=5)
        goal.refresh_from_db()
        assert goal.target_level == 3


class TestActivities:
    def test_a_guide_activity_is_named_after_its_guide(self, fjordbo, bob, a3):
        plan = make_plan(bob, bob, fjordbo)
        activity = services.activity_add(
            actor=bob, plan=plan, kind=ActivityKind.GUIDE, title="", guide=a3, hours=Decimal(8)
        )
        assert activity.title == f"Selvstudium i A3 {a3.title}"

    def test_a_guide_activity_needs_a_guide(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.activity_add(actor=bob, plan=plan, kind=ActivityKind.GUIDE, title="Læs")
        assert "AlmenVejledning" in _field_errors(error)["guide"]

    @pytest.mark.parametrize("kind", [ActivityKind.COURSE, ActivityKind.SESSION])
    def test_a_course_activity_needs_a_course(self, fjordbo, bob, kind):
        plan = make_plan(bob, bob, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.activity_add(actor=bob, plan=plan, kind=kind, title="Et kursus")
        assert _field_errors(error) == {"course": "Vælg et kursus."}
        assert not PlanActivity.objects.exists()

    def test_other_activities_need_a_title(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.activity_add(actor=bob, plan=plan, kind=ActivityKind.NETWORK, title=" ")
        assert "title" in _field_errors(error)

    def test_negative_hours_are_refused(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.activity_add(
                actor=bob,
                plan=plan,
                kind=ActivityKind.ONSITE,
                title="Læringslog",
                hours=Decimal("-2"),
            )
        assert "negative" in _field_errors(error)["hours"]

    def test_totals_add_hours_and_cost(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo)
        for hours, cost in (("7.5", "2500"), ("12", "0")):
            services.activity_add(
                actor=bob,
                plan=plan,
                kind=ActivityKind.NETWORK,
                title="Erfaringsgruppe",
                hours=Decimal(hours),
                cost=Decimal(cost),
            )
        assert plan.totals() == {"hours": Decimal("19.5"), "cost": Decimal("2500")}

    def test_activities_are_ticked_off_while_the_approved_plan_runs(self, fjordbo, alice, bob):
        plan = make_plan(bob, bob, fjordbo, goals=[GOAL])
        activity = services.activity_add(
            actor=bob, plan=plan, kind=ActivityKind.ONSITE, title="Læringslog"
        )
        services.plan_submit(actor=bob, plan=plan)
        services.plan_approve(actor=alice, plan=plan)
        services.activity_update(actor=bob, activity=activity, done=True)
        activity.refresh_from_db()
        assert activity.done
        # Anything else waits until the plan is returned.
        with pytest.raises(ValidationError) as error:
            services.activity_update(actor=bob, activity=activity, title="Noget andet")
        assert "godkendt" in _messages(error)

    def test_a_colleague_cannot_tick_off(self, fjordbo, alice, bob, dorte):
        plan = submitted_plan(bob, fjordbo)
        activity = PlanActivity.objects.create(plan=plan, kind=ActivityKind.OTHER, title="X")
        services.plan_approve(actor=alice, plan=plan)
        with pytest.raises(ValidationError):
            services.activity_update(actor=dorte, activity=activity, done=True)


# --- The workflow --------------------------------------------------------------------------


class TestWorkflow:
    def test_the_whole_way_with_its_history(self, fjordbo, alice, bob):
        plan = make_plan(bob, bob, fjordbo, goals=[GOAL])
        services.plan_submit(actor=bob, plan=plan)
        services.plan_return(actor=alice, plan=plan, comment="Tilføj et mål for forankring.")
        plan.refresh_from_db()
        assert plan.status == S.RETURNED and plan.is_editable
        services.goal_add(
            actor=bob,
            plan=plan,
            competence=competence("implementering-forankring"),
            target_level=2,
            due_on=date(2027, 11, 1),
        )
        services.plan_submit(actor=bob, plan=plan, comment="Rettet.")
        services.plan_comment(actor=alice, plan=plan, comment="Fint.")
        services.plan_approve(actor=alice, plan=plan)
        plan.refresh_from_db()
        assert (plan.status, plan.approved_by) == (S.APPROVED, alice)
        assert plan.approved_at is not None
        services.plan_complete(actor=bob, plan=plan, comment="Målene er nået.")
        plan.refresh_from_db()
        assert plan.status == S.COMPLETED and plan.completed_at is not None
        history = [
            (e.from_status, e.to_status, e.actor.first_name, e.comment) for e in plan.events.all()
        ]
        assert history == [
            ("", S.DRAFT, "Bob", ""),
            (S.DRAFT, S.SUBMITTED, "Bob", ""),
            (S.SUBMITTED, S.RETURNED, "Alice", "Tilføj et mål for forankring."),
            (S.RETURNED, S.SUBMITTED, "Bob", "Rettet."),
            (S.SUBMITTED, S.SUBMITTED, "Alice", "Fint."),
            (S.SUBMITTED, S.APPROVED, "Alice", ""),
            (S.APPROVED, S.COMPLETED, "Bob", "Målene er nået."),
        ]

    def test_an_empty_plan_cannot_be_submitted(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.plan_submit(actor=bob, plan=plan)
        assert _messages(error) == "Planen skal have mindst ét mål, før den kan indsendes."
        plan.refresh_from_db()
        assert plan.status == S.DRAFT
        assert plan.events.count() == 1

    def test_the_manager_submits_for_their_person(self, fjordbo, mads, bob):
        plan = submitted_plan(bob, fjordbo, actor=mads)
        assert plan.status == S.SUBMITTED

    def test_a_manager_of_another_department_cannot_submit(self, fjordbo, mads, dorte):
        plan = make_plan(dorte, dorte, fjordbo, goals=[GOAL])
        with pytest.raises(ValidationError):
            services.plan_submit(actor=mads, plan=plan)
        plan.refresh_from_db()
        assert plan.status == S.DRAFT

    def test_charlie_cannot_submit(self, fjordbo, charlie, bob):
        plan = make_plan(bob, bob, fjordbo, goals=[GOAL])
        with pytest.raises(ValidationError):
            services.plan_submit(actor=charlie, plan=plan)

    def test_a_submitted_plan_is_locked_for_editing(self, fjordbo, bob):
        plan = submitted_plan(bob, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.plan_update(actor=bob, plan=plan, title="Ændret")
        assert _messages(error) == "Planen kan ikke ændres, når den er indsendt."
        with pytest.raises(ValidationError):
            services.plan_submit(actor=bob, plan=plan)

    def test_nobody_approves_their_own_plan(self, fjordbo, alice):
        plan = submitted_plan(alice, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.plan_approve(actor=alice, plan=plan)
        assert _messages(error) == "Du kan ikke godkende din egen kompetenceplan."
        with pytest.raises(ValidationError):
            services.plan_return(actor=alice, plan=plan, comment="Mig selv")
        plan.refresh_from_db()
        assert plan.status == S.SUBMITTED and plan.approved_by is None

    def test_another_hr_person_approves_hrs_plan(self, fjordbo, alice):
        hanne = make_person("hanne@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne")
        plan = submitted_plan(alice, fjordbo)
        services.plan_approve(actor=hanne, plan=plan)
        plan.refresh_from_db()
        assert plan.approved_by == hanne

    def test_the_database_refuses_a_self_approval_too(self, fjordbo, bob):
        plan = submitted_plan(bob, fjordbo)
        with pytest.raises(IntegrityError), transaction.atomic():
            CompetencePlan.objects.filter(pk=plan.pk).update(approved_by=bob)

    @pytest.mark.parametrize("approver", ["mads", "bob", "charlie"])
    def test_only_hr_of_the_organisation_approves(self, fjordbo, bob, approver, request):
        plan = submitted_plan(bob, fjordbo)
        actor = request.getfixturevalue(approver)
        with pytest.raises(ValidationError):
            services.plan_approve(actor=actor, plan=plan)
        plan.refresh_from_db()
        assert plan.status == S.SUBMITTED

    def test_only_a_submitted_plan_is_approved(self, fjordbo, alice, bob):
        plan = make_plan(bob, bob, fjordbo, goals=[GOAL])
        with pytest.raises(ValidationError) as error:
            services.plan_approve(actor=alice, plan=plan)
        assert "indsendt" in _messages(error)

    def test_returning_needs_a_comment(self, fjordbo, alice, bob):
        plan = submitted_plan(bob, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.plan_return(actor=alice, plan=plan, comment="  ")
        assert "comment" in _field_errors(error)
        plan.refresh_from_db()
        assert plan.status == S.SUBMITTED

    def test_an_approved_plan_can_be_returned_and_loses_its_approval(self, fjordbo, alice, bob):
        plan = submitted_plan(bob, fjordbo)
        services.plan_approve(actor=alice, plan=plan)
        services.plan_return(actor=alice, plan=plan, comment="Budgettet er skåret ned.")
        plan.refresh_from_db()
        assert (plan.status, plan.approved_by, plan.approved_at) == (S.RETURNED, None, None)

    def test_comments_from_the_person_their_manager_and_hr(self, fjordbo, alice, mads, bob):
        plan = make_plan(bob, bob, fjordbo)
        for actor in (bob, mads, alice):
            services.plan_comment(actor=actor, plan=plan, comment=f"Fra {actor.first_name}")
        assert [e.comment for e in plan.events.filter(from_status=S.DRAFT)] == [
            "Fra Bob",
            "Fra Mads",
            "Fra Alice",
        ]

    @pytest.mark.parametrize("outsider", ["charlie", "dorte"])
    def test_outsiders_cannot_comment(self, fjordbo, bob, outsider, request):
        plan = make_plan(bob, bob, fjordbo)
        with pytest.raises(ValidationError):
            services.plan_comment(actor=request.getfixturevalue(outsider), plan=plan, comment="Hej")
        assert plan.events.count() == 1

    def test_an_empty_comment_is_refused(self, fjordbo, bob):
        plan = make_plan(bob, bob, fjordbo)
        with pytest.raises(ValidationError) as error:
            services.plan_comment(actor=bob, plan=plan, comment="")
        assert "comment" in _field_errors(error)

    def test_only_an_approved_plan_is_completed(self, fjordbo, bob):
        plan = submitted_plan(bob, fjordbo)
        with pytest.raises(ValidationError):
            services.plan_complete(actor=bob, plan=plan)

    def test_charlie_cannot_complete(self, fjordbo, alice, bob, charlie):
        plan = submitted_plan(bob, fjordbo)
        services.plan_approve(actor=alice, plan=plan)
        with pytest.raises(ValidationError):
            services.plan_complete(actor=charlie, plan=plan)


# --- E-mails -------------------------------------------------------------------------------


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and then what it left for after the commit (tasks, e-mail delivery)."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


class TestEmails:
    def test_a_submitted_plan_tells_hr_of_its_organisation_once(
        self, fjordbo, alice, mads, bob, charlie, committed
    ):
        plan = make_plan(bob, bob, fjordbo, goals=[GOAL])
        committed(services.plan_submit, actor=bob, plan=plan)
        [message] = mail.outbox
        assert message.to == [alice.email]
        assert "Kompetenceplan til godkendelse: Bob Testesen" in message.subject
        assert f"/kompetencer/planer/{plan.pk}/" in message.body
        # The task runs again (a retry): still one e-mail.
        event = plan.events.get(to_status=S.SUBMITTED)
        tasks.notify("plan_event", event.pk)
        assert OutboundEmail.objects.filter(to=[alice.email]).count() == 1

    def test_hrs_own_plan_is_not_sent_to_themselves(self, fjordbo, alice, committed):
        hanne = make_person("hanne@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne")
        plan = make_plan(alice, alice, fjordbo, goals=[GOAL])
        committed(services.plan_submit, actor=alice, plan=plan)
        assert [m.to for m in mail.outbox] == [[hanne.email]]

    def test_returned_and_approved_tell_the_person(self, fjordbo, alice, bob, committed):
        plan = submitted_plan(bob, fjordbo)
        mail.outbox.clear()
        committed(services.plan_return, actor=alice, plan=plan, comment="Tilføj et hold.")
        [returned] = _to(bob.email)
        assert returned.subject == "Din kompetenceplan er sendt retur"
        assert "Tilføj et hold." in returned.body
        committed(services.plan_submit, actor=bob, plan=plan)
        committed(services.plan_approve, actor=alice, plan=plan)
        assert [m.subject for m in _to(bob.email)] == [
            "Din kompetenceplan er sendt retur",
            "Din kompetenceplan er godkendt",
        ]
        # The second submission goes to HR again (the first ran outside ``committed``).
        assert [m.subject for m in _to(alice.email)] == [
            "Kompetenceplan til godkendelse: Bob Testesen"
        ]

    def test_a_comment_by_someone_else_tells_the_person(self, fjordbo, alice, bob, committed):
        plan = make_plan(bob, bob, fjordbo)
        committed(services.plan_comment, actor=alice, plan=plan, comment="Husk A5.")
        [message] = mail.outbox
        assert message.to == [bob.email]
        assert message.subject == "Ny kommentar til din kompetenceplan"
        # The person's own comment e-mails nobody.
        committed(services.plan_comment, actor=bob, plan=plan, comment="Tak.")
        assert len(mail.outbox) == 1

    def test_drafting_and_completing_send_nothing(self, fjordbo, alice, bob, committed):
        plan = committed(make_plan, actor=bob, user=bob, organisation=fjordbo, goals=[GOAL])
        assert mail.outbox == []
        services.plan_submit(actor=bob, plan=plan)
        services.plan_approve(actor=alice, plan=plan)
        committed(services.plan_complete, actor=bob, plan=plan)
        assert mail.outbox == []
