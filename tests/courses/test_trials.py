"""The trial course (prøvehold, seed 001): a provider marks a session as a trial with an
evaluation tool; its participants fill in a structured evaluation (draft, then submitted once);
the provider sees the evaluations summed up without names, exports them, records what the
course was adjusted with, and the course page says "Afprøvet og justeret".

Sofie edits for Almen Akademi, Jonas for ByggeLæring (another provider: 404 everywhere).
"""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from courses.models import (
    CourseAdjustment,
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    SessionStatus,
    TrialEvaluation,
)
from courses.selectors.trials import course_trial_record, trial_summary
from courses.services import trials as services
from organisations.models import Organisation, User
from tests.courses.conftest import make_course, make_learner, make_module, make_session
from tests.courses.test_admin_sessions import form_data
from tests.factories.courses import EnrolmentFactory
from tests.factories.tools import ToolFactory
from tools.models import Sheet, Tool

S = EnrolmentStatus


def _block(kind: str, block_id: str, label: str, **value: Any) -> dict[str, Any]:
    base = {"label": label, "help_text": "", "required": False}
    return {"type": kind, "id": block_id, "value": {**base, **value}}


EVALUATION_FIELDS = [
    _block("scale", "udbytte", "Udbytte", minimum=1, maximum=5, low_label="", high_label=""),
    _block("scale", "relevans", "Relevans for egen praksis", minimum=1, maximum=5),
    _block("choice", "tempo", "Tempo", options=["For langsomt", "Passende", "For hurtigt"]),
    _block("text", "aendres", "Hvad skal ændres?", multiline=True),
    _block("text", "virkede", "Hvad virkede?", multiline=True),
]


@pytest.fixture
def tool(db: None) -> Tool:
    return ToolFactory.create(
        title="Evaluering af prøvehold",
        slug="evaluering-af-proevehold",
        kind="evaluation",
        fields=json.dumps(EVALUATION_FIELDS),
    )


@pytest.fixture
def akademi_course(akademi: Organisation) -> CoursePage:
    return make_course(akademi, "A5", "Implementering og forankring")


def _past_trial(course: CoursePage, tool: Tool | None, days: int = -10) -> CourseSession:
    session = make_session(course, days=days, capacity=300)
    if tool is not None:
        CourseSession.objects.filter(pk=session.pk).update(
            is_trial=True, trial_evaluation_tool=tool, status=SessionStatus.HELD
        )
        session.refresh_from_db()
    return session


@pytest.fixture
def trial(akademi_course: CoursePage, tool: Tool) -> CourseSession:
    return _past_trial(akademi_course, tool)


@pytest.fixture
def anna(akademi: Organisation) -> User:
    other = Organisation.objects.create(name="Boligforeningen Anna", kind="housing")
    return make_learner("anna@example.dk", other, first_name="Anna")


@pytest.fixture
def enrolment(anna: User, trial: CourseSession) -> Enrolment:
    return EnrolmentFactory.create(user=anna, session=trial, status=S.ATTENDED)


def answers(**overrides: Any) -> dict[str, Any]:
    values = {"udbytte": 4, "relevans": 5, "tempo": "Passende", "aendres": "", "virkede": ""}
    values.update(overrides)
    return values


def post_data(base_version: int = 0, **overrides: Any) -> dict[str, Any]:
    data = {f"f-{key}": "" if value is None else str(value) for key, value in answers().items()}
    data.update({f"f-{key}": value for key, value in overrides.items()})
    data["base_version"] = str(base_version)
    return data


def submitted(
    session: CourseSession, tool: Tool, rows: list[dict[str, Any]]
) -> list[TrialEvaluation]:
    """One attended participant per row with a submitted evaluation, in a few queries."""
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"evaluator{start + n}@example.dk", first_name="Evaluator", last_name=str(n))
        for n in range(len(rows))
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(user=u, course=session.course, session=session, status=S.ATTENDED) for u in users
    )
    schema = tool.schema()
    sheets = Sheet.objects.bulk_create(
        Sheet(tool=tool, title="Evaluering", schema=schema, data=row, version=1) for row in rows
    )
    now = timezone.now()
    return TrialEvaluation.objects.bulk_create(
        TrialEvaluation(enrolment=e, sheet=s, submitted_at=now)
        for e, s in zip(enrolments, sheets, strict=True)
    )


# --- The session form ---------------------------------------------------------------------


@pytest.mark.django_db
class TestSessionForm:
    def test_a_trial_without_an_evaluation_tool_is_refused_beside_the_field(
        self, client, sofie, akademi_course
    ):
        client.force_login(sofie)
        response = client.post(reverse("hold:add"), form_data(akademi_course, is_trial="on"))
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "trial_evaluation_tool" in errors
        assert "evalueringsskema" in str(errors["trial_evaluation_tool"])
        assert not CourseSession.objects.exists()

    def test_a_trial_with_a_live_evaluation_tool_is_saved(
        self, client, sofie, akademi_course, tool
    ):
        client.force_login(sofie)
        data = form_data(akademi_course, is_trial="on", trial_evaluation_tool=tool.pk)
        assert client.post(reverse("hold:add"), data).status_code == 302
        session = CourseSession.objects.get()
        assert session.is_trial and session.trial_evaluation_tool == tool

    @pytest.mark.parametrize("bad", ["process", "unpublished"])
    def test_a_tool_that_is_not_a_live_evaluation_tool_is_refused(
        self, client, sofie, akademi_course, bad
    ):
        other = (
            ToolFactory.create(kind="process")
            if bad == "process"
            else ToolFactory.create(kind="evaluation", live=False)
        )
        client.force_login(sofie)
        data = form_data(akademi_course, is_trial="on", trial_evaluation_tool=other.pk)
        response = client.post(reverse("hold:add"), data)
        assert response.status_code == 200
        assert "evalueringsværktøj" in str(response.context["form"].errors["trial_evaluation_tool"])
        assert not CourseSession.objects.exists()

    def test_the_services_refuse_a_trial_without_a_tool_too(self, akademi_course):
        from courses.services import session_create

        start = timezone.now() + timedelta(days=30)
        with pytest.raises(ValidationError) as refused:
            session_create(
                course=akademi_course,
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                online=True,
                online_url="https://example.org",
                capacity=10,
                price=0,
                registration_deadline=start,
                cancellation_deadline=start,
                is_trial=True,
            )
        assert "trial_evaluation_tool" in refused.value.message_dict

    def test_the_trial_page_is_linked_from_the_session(self, client, sofie, trial):
        client.force_login(sofie)
        page = client.get(reverse("hold:edit", args=[trial.pk])).content.decode()
        assert reverse("hold:trial", args=[trial.pk]) in page


# --- The participant's evaluation ---------------------------------------------------------


@pytest.mark.django_db
class TestParticipantEvaluation:
    def url(self, enrolment: Enrolment) -> str:
        return reverse("trial_evaluate", args=[enrolment.pk])

    def test_a_participant_saves_a_draft_and_then_submits_it(self, client, anna, enrolment):
        client.force_login(anna)
        page = client.get(self.url(enrolment))
        assert page.status_code == 200
        assert "Relevans for egen praksis" in page.content.decode()
        response = client.post(self.url(enrolment), post_data(aendres="Mere tid til øvelser"))
        assert response.status_code == 302
        evaluation = TrialEvaluation.objects.get(enrolment=enrolment)
        assert evaluation.submitted_at is None
        assert evaluation.sheet.data["udbytte"] == 4
        assert evaluation.sheet.data["aendres"] == "Mere tid til øvelser"
        # Submitting hands it in; the page then shows the answers read-only.
        submit = reverse("trial_evaluation_submit", args=[enrolment.pk])
        assert client.post(submit).status_code == 302
        evaluation.refresh_from_db()
        assert evaluation.submitted_at is not None
        page = client.get(self.url(enrolment)).content.decode()
        assert 'data-testid="trial-submitted"' in page
        assert "Mere tid til øvelser" in page
        assert 'name="f-udbytte"' not in page

    def test_an_answer_of_the_wrong_type_is_refused_beside_the_field(self, client, anna, enrolment):
        client.force_login(anna)
        response = client.post(self.url(enrolment), post_data(udbytte="9", tempo="Hurtigt nok"))
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "f-udbytte" in errors and "f-tempo" in errors
        assert "Hurtigt nok" in response.content.decode()  # the input is kept
        assert not TrialEvaluation.objects.exists()

    def test_the_service_checks_the_types_too(self, anna, enrolment):
        with pytest.raises(ValidationError) as refused:
            services.trial_evaluation_save(
                enrolment=enrolment, answers=answers(udbytte="meget"), actor=anna, base_version=0
            )
        assert "f-udbytte" in refused.value.message_dict
        assert not TrialEvaluation.objects.exists()

    def test_it_is_submitted_once_and_read_only_after(self, client, anna, enrolment):
        services.trial_evaluation_save(
            enrolment=enrolment, answers=answers(), actor=anna, base_version=0
        )
        services.trial_evaluation_submit(enrolment=enrolment, actor=anna)
        first = TrialEvaluation.objects.get().submitted_at
        with pytest.raises(ValidationError):
            services.trial_evaluation_submit(enrolment=enrolment, actor=anna)
        with pytest.raises(ValidationError):
            services.trial_evaluation_save(
                enrolment=enrolment, answers=answers(udbytte=1), actor=anna, base_version=1
            )
        client.force_login(anna)
        submit = reverse("trial_evaluation_submit", args=[enrolment.pk])
        assert client.post(submit).status_code == 403
        assert client.post(self.url(enrolment), post_data(1, udbytte="1")).status_code == 403
        evaluation = TrialEvaluation.objects.get()
        assert evaluation.submitted_at == first
        assert evaluation.sheet.data["udbytte"] == 4

    def test_nothing_is_submitted_before_a_save(self, client, anna, enrolment):
        client.force_login(anna)
        response = client.post(reverse("trial_evaluation_submit", args=[enrolment.pk]))
        assert response.status_code == 302
        assert not TrialEvaluation.objects.filter(submitted_at__isnull=False).exists()

    def test_someone_else_gets_a_404(self, client, enrolment, karen, sofie, maria):
        for user in (karen, sofie, maria):
            client.force_login(user)
            assert client.get(self.url(enrolment)).status_code == 404
            assert client.post(self.url(enrolment), post_data()).status_code == 404
            submit = reverse("trial_evaluation_submit", args=[enrolment.pk])
            assert client.post(submit).status_code == 404
        assert not TrialEvaluation.objects.exists()

    def test_the_service_refuses_someone_else(self, enrolment, karen):
        with pytest.raises(ValidationError):
            services.trial_evaluation_save(
                enrolment=enrolment, answers=answers(), actor=karen, base_version=0
            )

    @pytest.mark.parametrize("status", [S.BOOKED, S.NO_SHOW, S.CANCELLED, S.WAITLISTED])
    def test_who_did_not_take_part_gets_a_404(self, client, anna, trial, status):
        enrolment = EnrolmentFactory.create(user=anna, session=trial, status=status)
        client.force_login(anna)
        assert client.get(self.url(enrolment)).status_code == 404

    def test_a_session_that_is_not_a_trial_has_no_evaluation(self, client, anna, akademi_course):
        session = _past_trial(akademi_course, None)
        enrolment = EnrolmentFactory.create(user=anna, session=session, status=S.COMPLETED)
        client.force_login(anna)
        assert client.get(self.url(enrolment)).status_code == 404

    def test_min_side_links_to_the_evaluation(self, client, anna, enrolment):
        client.force_login(anna)
        page = client.get(reverse("min_side")).content.decode()
        assert 'data-testid="trial-evaluate"' in page
        assert self.url(enrolment) in page


# --- The provider's summary, export and adjustments ---------------------------------------

ROWS = [
    {"udbytte": 5, "relevans": 4, "tempo": "Passende", "aendres": "Mere tid", "virkede": "Cases"},
    {"udbytte": 4, "relevans": 4, "tempo": "For hurtigt", "aendres": "", "virkede": "Værktøjer"},
    {"udbytte": 3, "relevans": 2, "tempo": "For hurtigt", "aendres": "Færre slides"},
]


@pytest.mark.django_db
class TestSummary:
    def test_the_numbers_are_right(self, trial, tool, enrolment):
        submitted(trial, tool, ROWS)
        summary = trial_summary(trial)
        assert summary.participant_count == 4  # Anna has not evaluated
        assert summary.submitted_count == 3 and summary.draft_count == 0
        by_id = {q.id: q for q in summary.questions}
        assert by_id["udbytte"].average == pytest.approx(4.0)
        assert [(s.label, s.count) for s in by_id["udbytte"].shares] == [
            ("1", 0),
            ("2", 0),
            ("3", 1),
            ("4", 1),
            ("5", 1),
        ]
        assert by_id["relevans"].average == pytest.approx(10 / 3)
        assert [(s.label, s.count, s.percent) for s in by_id["tempo"].shares] == [
            ("For langsomt", 0, 0),
            ("Passende", 1, 33),
            ("For hurtigt", 2, 67),
        ]
        assert by_id["aendres"].texts == ["Mere tid", "Færre slides"]
        assert by_id["virkede"].answered == 2

    def test_a_draft_is_counted_but_not_summed_up(self, trial, tool, anna, enrolment):
        services.trial_evaluation_save(
            enrolment=enrolment, answers=answers(udbytte=1), actor=anna, base_version=0
        )
        summary = trial_summary(trial)
        assert (summary.started_count, summary.submitted_count, summary.draft_count) == (1, 0, 1)
        assert {q.id: q for q in summary.questions}["udbytte"].average is None

    def test_the_provider_sees_it_without_names(self, client, sofie, trial, tool):
        submitted(trial, tool, ROWS)
        client.force_login(sofie)
        response = client.get(reverse("hold:trial", args=[trial.pk]))
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-testid="submitted-count">3<' in page
        assert "Færre slides" in page and "4,0" in page
        assert "Evaluator" not in page and "evaluator" not in page

    def test_the_export_has_one_anonymous_row_per_evaluation(self, client, sofie, trial, tool):
        submitted(trial, tool, ROWS)
        client.force_login(sofie)
        response = client.get(reverse("hold:trial_export", args=[trial.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('.xlsx"')
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][2:] == ("Udbytte", "Relevans for egen praksis", "Tempo", *rows[0][5:])
        assert len(rows) == 4
        assert rows[1][2] == 5 and rows[3][4] == "For hurtigt"
        assert not any("Evaluator" in str(cell) for row in rows for cell in row)

    @pytest.mark.parametrize("url_name", ["trial", "trial_export"])
    def test_the_query_count_is_flat(self, client, sofie, akademi_course, tool, url_name):
        counts = []
        for size in (2, 200):
            session = _past_trial(akademi_course, tool)
            submitted(session, tool, [ROWS[n % 3] for n in range(size)])
            client.force_login(sofie)
            url = reverse(f"hold:{url_name}", args=[session.pk])
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries.captured_queries))
        assert counts[0] == counts[1], counts

    def test_another_provider_gets_a_404(self, client, jonas, trial, sofie):
        adjustment = services.course_adjustment_create(
            session=trial,
            adjusted_on=timezone.localdate(),
            finding="F",
            change="Ændret",
            actor=sofie,
        )
        client.force_login(jonas)
        for name in ("trial", "trial_export", "adjustment_add"):
            assert client.get(reverse(f"hold:{name}", args=[trial.pk])).status_code == 404
        for name in ("adjustment_edit", "adjustment_delete"):
            url = reverse(f"hold:{name}", args=[trial.pk, adjustment.pk])
            assert client.get(url).status_code == 404
            assert client.post(url, {"change": "Nej"}).status_code == 404
        assert CourseAdjustment.objects.get().change == "Ændret"

    def test_a_session_that_is_not_a_trial_has_no_trial_page(self, client, sofie, akademi_course):
        session = _past_trial(akademi_course, None)
        client.force_login(sofie)
        assert client.get(reverse("hold:trial", args=[session.pk])).status_code == 404

    def test_the_network_editor_sees_it(self, client, maria, trial):
        client.force_login(maria)
        assert client.get(reverse("hold:trial", args=[trial.pk])).status_code == 200


@pytest.mark.django_db
class TestAdjustments:
    def test_the_provider_records_edits_and_deletes_an_adjustment(self, client, sofie, trial):
        client.force_login(sofie)
        add = reverse("hold:adjustment_add", args=[trial.pk])
        assert client.get(add).status_code == 200
        data = {
            "adjusted_on": timezone.localdate().isoformat(),
            "finding": "Tempoet var for højt",
            "change": "Modul 2 er delt i to",
        }
        assert client.post(add, data).status_code == 302
        adjustment = CourseAdjustment.objects.get()
        assert adjustment.course_id == trial.course_id and adjustment.recorded_by == sofie
        assert ModelLogEntry.objects.filter(action="wagtail.create").exists()
        summary = client.get(reverse("hold:trial", args=[trial.pk])).content.decode()
        assert "Modul 2 er delt i to" in summary
        edit = reverse("hold:adjustment_edit", args=[trial.pk, adjustment.pk])
        assert client.post(edit, {**data, "change": "Modul 2 er kortere"}).status_code == 302
        adjustment.refresh_from_db()
        assert adjustment.change == "Modul 2 er kortere"
        delete = reverse("hold:adjustment_delete", args=[trial.pk, adjustment.pk])
        assert client.get(delete).status_code == 200
        assert client.post(delete).status_code == 302
        assert not CourseAdjustment.objects.exists()
        assert ModelLogEntry.objects.filter(action="wagtail.delete").exists()

    def test_bad_input_is_refused_beside_the_field(self, client, sofie, trial):
        client.force_login(sofie)
        add = reverse("hold:adjustment_add", args=[trial.pk])
        before = timezone.localdate(trial.starts_at) - timedelta(days=1)
        data = {"adjusted_on": before.isoformat(), "finding": "Noget", "change": "Noget andet"}
        response = client.post(add, data)
        assert response.status_code == 200
        assert "før prøveholdet" in str(response.context["form"].errors["adjusted_on"])
        response = client.post(add, {**data, "adjusted_on": "", "change": ""})
        errors = response.context["form"].errors
        assert "adjusted_on" in errors and "change" in errors
        assert not CourseAdjustment.objects.exists()

    def test_only_a_trial_is_adjusted(self, sofie, akademi_course):
        session = _past_trial(akademi_course, None)
        with pytest.raises(ValidationError):
            services.course_adjustment_create(
                session=session,
                adjusted_on=timezone.localdate(),
                finding="F",
                change="C",
                actor=sofie,
            )


# --- The course page ----------------------------------------------------------------------


def _adjust(session: CourseSession, actor: User, change: str = "Flere øvelser") -> None:
    services.course_adjustment_create(
        session=session,
        adjusted_on=max(timezone.localdate(), timezone.localdate(session.starts_at)),
        finding="Deltagerne savnede øvelser",
        change=change,
        actor=actor,
    )


@pytest.mark.django_db
class TestCoursePage:
    def page(self, client, course: CoursePage) -> str:
        course.refresh_from_db()
        response = client.get(course.url)
        assert response.status_code == 200
        return response.content.decode()

    def test_it_says_tried_and_adjusted_with_what_changed(
        self, client, sofie, trial, akademi_course
    ):
        _adjust(trial, sofie)
        page = self.page(client, akademi_course)
        assert 'data-testid="trial-record"' in page
        assert "Afprøvet og justeret" in page and "Flere øvelser" in page

    def test_nothing_is_claimed_without_an_adjustment(self, client, trial, akademi_course):
        assert 'data-testid="trial-record"' not in self.page(client, akademi_course)
        assert course_trial_record(akademi_course) is None

    def test_nothing_is_claimed_before_the_trial_has_ended(
        self, client, sofie, akademi_course, tool
    ):
        upcoming = _past_trial(akademi_course, tool, days=20)
        _adjust(upcoming, sofie)
        assert 'data-testid="trial-record"' not in self.page(client, akademi_course)

    def test_a_cancelled_trial_does_not_count(self, client, sofie, trial, akademi_course):
        _adjust(trial, sofie)
        CourseSession.objects.filter(pk=trial.pk).update(status=SessionStatus.CANCELLED)
        assert 'data-testid="trial-record"' not in self.page(client, akademi_course)

    def test_the_record_takes_two_queries_however_many_adjustments(
        self, sofie, trial, akademi_course, django_assert_num_queries
    ):
        for n in range(20):
            _adjust(trial, sofie, change=f"Ændring {n}")
        with django_assert_num_queries(2):
            record = course_trial_record(akademi_course)
        assert record is not None and len(record.adjustments) == 20


# --- The invitation by e-mail -------------------------------------------------------------


@pytest.mark.django_db
class TestInvitation:
    def test_an_attended_participant_is_invited_to_evaluate(
        self, anna, trial, sofie, mailoutbox, django_capture_on_commit_callbacks
    ):
        from courses.services import attendance_mark

        CoursePage.objects.filter(pk=trial.course_id).update(completion_requires_quiz=True)
        make_module(trial.course)
        enrolment = EnrolmentFactory.create(user=anna, session=trial, status=S.BOOKED)
        with django_capture_on_commit_callbacks(execute=True):
            attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
        enrolment.refresh_from_db()
        assert enrolment.status == S.ATTENDED
        [message] = mailoutbox
        assert message.subject.startswith("Evaluér prøveholdet")
        assert reverse("trial_evaluate", args=[enrolment.pk]) in message.body

    def test_a_completed_participant_gets_the_link_in_the_certificate_e_mail(
        self, anna, trial, sofie, mailoutbox, django_capture_on_commit_callbacks
    ):
        from courses.services import attendance_mark

        enrolment = EnrolmentFactory.create(user=anna, session=trial, status=S.BOOKED)
        with django_capture_on_commit_callbacks(execute=True):
            attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
        enrolment.refresh_from_db()
        assert enrolment.status == S.COMPLETED
        [message] = mailoutbox  # one e-mail, not two
        assert "kursusbevis" in message.subject
        assert reverse("trial_evaluate", args=[enrolment.pk]) in message.body

    def test_an_ordinary_session_sends_no_invitation(
        self, anna, akademi_course, sofie, mailoutbox, django_capture_on_commit_callbacks
    ):
        from courses.services import attendance_mark

        session = _past_trial(akademi_course, None)
        enrolment = EnrolmentFactory.create(user=anna, session=session, status=S.BOOKED)
        with django_capture_on_commit_callbacks(execute=True):
            attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
        assert all("prøvehold" not in m.body for m in mailoutbox)
