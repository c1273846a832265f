"""The rest of issue 11: every service of ours that inserts a unique row survives a simultaneous
twin. The loser gets a Danish message beside the field, or, where the service is idempotent, the
twin's row; never a 500 from an ``IntegrityError``, and the request's transaction stays usable.

As in ``test_integrity_races.py`` the race is simulated: the check before the insert is made to
see nothing (as while the twin is still uncommitted), so the insert meets the constraint.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models

from competencies import services as competence_services
from competencies.models import (
    Competence,
    Evidence,
    EvidenceSource,
    RoleProfile,
    RoleProfileRequirement,
    TargetGroup,
)
from competencies.services import evidence as evidence_services
from competencies.services import strategies as strategy_services
from core.db import save_or_existing, save_or_refuse, unique_message
from onsite.models import ProjectInvitation, ProjectMember
from onsite.services import projects as project_services
from organisations import services as org_services
from organisations.models import (
    Department,
    Invitation,
    JobFunction,
    Membership,
    Organisation,
    User,
)
from privacy import erasure
from privacy.models import ErasureRequest
from tests.onsite.fixtures_effects import *  # noqa: F403  (the fixtures)


@contextmanager
def _checks_see_nothing():  # type: ignore[no-untyped-def]
    """``full_clean`` finds no twin: it is still uncommitted in the race."""
    with (
        mock.patch.object(models.Model, "validate_constraints", lambda self, exclude=None: None),
        mock.patch.object(models.Model, "validate_unique", lambda self, exclude=None: None),
    ):
        yield


def _blind_once(real):  # type: ignore[no-untyped-def]
    """A look-up that misses the twin the first time (before the insert) and finds it after."""
    calls = {"n": 0}

    def lookup(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return None if calls["n"] == 1 else real(*args, **kwargs)

    return lookup


@contextmanager
def _first_misses(model: type[models.Model]):  # type: ignore[no-untyped-def]
    """``QuerySet.first()`` on ``model`` misses the twin once (a check inlined in a service)."""
    real = models.QuerySet.first
    seen = {"n": 0}

    def first(self):  # type: ignore[no-untyped-def]
        if self.model is model:
            seen["n"] += 1
            if seen["n"] == 1:
                return None
        return real(self)

    with mock.patch.object(models.QuerySet, "first", first):
        yield
    assert seen["n"] >= 1, "the service no longer looks the row up first"


def _still_usable() -> None:
    # The savepoint kept the surrounding transaction alive: the request can still answer.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@pytest.fixture
def strategy(alice, fjordbo):
    return competence_services.strategy_create(
        actor=alice,
        organisation=fjordbo,
        title="Fremtidssikring 2027–2029",
        starts_year=2027,
        ends_year=2029,
        vision="Vi vil selv kunne fremtidssikre vores afdelinger.",
    )


@pytest.mark.django_db
class TestRefusedBesideTheField:
    def test_target_group(self, alice, strategy):
        values: dict[str, Any] = {"name": "Projektledere", "kind": "a", "description": ""}
        strategy_services.target_group_save(actor=alice, strategy=strategy, **values)
        with (
            _checks_see_nothing(),
            mock.patch.object(strategy_services, "_group_name_taken", return_value=False),
            pytest.raises(ValidationError) as caught,
        ):
            strategy_services.target_group_save(actor=alice, strategy=strategy, **values)
        assert caught.value.message_dict == {
            "name": ["Strategien har allerede en målgruppe med det navn."]
        }
        _still_usable()
        assert TargetGroup.objects.filter(strategy=strategy, name="Projektledere").count() == 1

    def test_erasure_request(self, dorte):
        erasure.erasure_request_create(person=dorte, requested_by=dorte)
        with (
            _checks_see_nothing(),
            mock.patch.object(erasure, "_has_open_request", return_value=False),
            pytest.raises(ValidationError) as caught,
        ):
            erasure.erasure_request_create(person=dorte, requested_by=dorte)
        # The same message, in the same place, as when the check catches it.
        assert caught.value.messages == ["Der er allerede en åben anmodning om sletning."]
        assert not hasattr(caught.value, "error_dict")
        _still_usable()
        assert ErasureRequest.objects.filter(person=dorte).count() == 1

    def test_organisation_cvr(self, fjordbo):
        with (
            _checks_see_nothing(),
            mock.patch.object(Organisation, "clean", lambda self: None),  # its own CVR check
            pytest.raises(ValidationError) as caught,
        ):
            org_services.organisation_create(name="Fjordbo 2", kind="housing", cvr="12345678")
        assert caught.value.message_dict == {
            "cvr": ["Der findes allerede en organisation med dette CVR-nummer."]
        }
        _still_usable()
        assert Organisation.objects.filter(cvr="12345678").count() == 1

    def test_department(self, fjordbo):
        org_services.department_create(organisation=fjordbo, number="101", name="Fjordparken")
        with _checks_see_nothing(), pytest.raises(ValidationError) as caught:
            org_services.department_create(organisation=fjordbo, number="101", name="Sølyst")
        assert caught.value.message_dict == {
            "number": ["Afdelingsnummeret er allerede brugt i organisationen."]
        }
        _still_usable()
        assert Department.objects.filter(organisation=fjordbo, number="101").count() == 1

    def test_membership(self, fjordbo, mads):
        with _checks_see_nothing(), pytest.raises(ValidationError) as caught:
            org_services.membership_create(user=mads, organisation=fjordbo, roles=["staff"])
        assert caught.value.message_dict == {
            "user": ["Personen er allerede medlem af organisationen."]
        }
        _still_usable()
        assert Membership.objects.filter(user=mads, organisation=fjordbo).count() == 1

    def test_user(self, mads):
        with _checks_see_nothing(), pytest.raises(ValidationError) as caught:
            org_services.user_create(email="mads@fjordbo.example", password=None)
        assert caught.value.message_dict == {
            "email": ["Der findes allerede en konto med denne e-mailadresse."]
        }
        _still_usable()
        assert User.objects.filter(email__iexact="mads@fjordbo.example").count() == 1


@pytest.mark.django_db
class TestIdempotentGetsTheTwin:
    def test_evidence_record_once_per_source(self, bob, fremtidsanalyse):
        values = {
            "user": bob,
            "competence": fremtidsanalyse,
            "level": 2,
            "source": EvidenceSource.COURSE,
            "achieved_on": date(2026, 3, 1),
            "title": "Kursus: Fremtidssikring (A3)",
            "source_ref": "enrolment:1",
        }
        first = evidence_services.evidence_record(**values)
        blind = _blind_once(evidence_services._recorded)
        with _checks_see_nothing(), mock.patch.object(evidence_services, "_recorded", blind):
            second = evidence_services.evidence_record(**values)
        assert second.pk == first.pk
        _still_usable()
        assert Evidence.objects.filter(user=bob, source_ref="enrolment:1").count() == 1

    def test_role_profile_adopt(self, alice, fjordbo):
        function = RoleProfile.objects.network_defaults()[0].job_function
        first = strategy_services.role_profile_adopt(
            actor=alice, organisation=fjordbo, job_function=function
        )
        lines = first.requirements.count()
        blind = _blind_once(strategy_services._own_profile)
        with mock.patch.object(strategy_services, "_own_profile", blind):
            second = strategy_services.role_profile_adopt(
                actor=alice, organisation=fjordbo, job_function=function
            )
        assert second.pk == first.pk
        _still_usable()
        assert RoleProfile.objects.filter(organisation=fjordbo, job_function=function).count() == 1
        assert second.requirements.count() == lines  # not copied twice

    def test_role_requirement_set_lands_on_the_twin(self, alice, fjordbo):
        function = JobFunction.objects.filter(role_profiles__organisation__isnull=True)[0]
        profile = strategy_services.role_profile_adopt(
            actor=alice, organisation=fjordbo, job_function=function
        )
        competence = Competence.objects.filter(is_active=True).exclude(
            pk__in=profile.requirements.values("competence")
        )[0]
        strategy_services.role_requirement_set(
            actor=alice, profile=profile, competence=competence, required_level=2
        )
        with _checks_see_nothing(), _first_misses(RoleProfileRequirement):
            saved = strategy_services.role_requirement_set(
                actor=alice, profile=profile, competence=competence, required_level=3
            )
        _still_usable()
        assert saved is not None
        rows = RoleProfileRequirement.objects.filter(profile=profile, competence=competence)
        assert list(rows.values_list("pk", "required_level")) == [(saved.pk, 3)]

    def test_project_invitation_accepted_while_a_leader_adds(self, bob, otto, project):
        invitation = project_services.project_invitation_create(
            project=project, actor=bob, email=otto.email
        )
        twin = ProjectMember.objects.create(project=project, user=otto, added_by=bob)
        with _first_misses(ProjectMember):
            member = project_services.project_invitation_accept(token=invitation.token, user=otto)
        assert member.pk == twin.pk
        _still_usable()
        invitation.refresh_from_db()
        assert invitation.accepted_by == otto
        assert ProjectMember.objects.filter(project=project, user=otto).count() == 1


@pytest.mark.django_db
class TestHelper:
    def test_unique_message_falls_back_to_danish(self):
        # ErasureRequest's constraint has no message of its own: never Django's English one.
        assert unique_message(ErasureRequest, "person") == (
            "Der findes allerede en række med de samme værdier."
        )
        assert unique_message(Department, "number") == (
            "Afdelingsnummeret er allerede brugt i organisationen."
        )

    def test_save_or_existing_reraises_when_no_twin(self, fjordbo):
        # An IntegrityError for which ``existing`` finds no row is not swallowed.
        broken = Department(organisation_id=fjordbo.pk, number="9", name="x")
        org_services.department_create(organisation=fjordbo, number="9", name="Ni")
        with pytest.raises(IntegrityError):
            save_or_existing(broken, existing=lambda: None)
        _still_usable()

    def test_save_or_refuse_field_none(self, fjordbo):
        org_services.department_create(organisation=fjordbo, number="7", name="Syv")
        twin = Department(organisation=fjordbo, number="7", name="Syv igen")
        with pytest.raises(ValidationError) as caught:
            save_or_refuse(twin, field=None, message="Findes allerede.")
        assert caught.value.messages == ["Findes allerede."]
        _still_usable()


def _at_once(call, times: int = 2) -> tuple[list[str], list[BaseException]]:
    """Run ``call`` in ``times`` threads released together; "done" or "refused" per thread."""
    barrier = threading.Barrier(times)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            call()
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_erasure_requests_for_one_person_at_once(alice, dorte):
    # Both checks see nothing, so both requests reach the insert; on PostgreSQL the second
    # waits for the first to commit and then meets the constraint.
    with _checks_see_nothing(), mock.patch.object(erasure, "_has_open_request", return_value=False):
        outcomes, errors = _at_once(
            lambda: erasure.erasure_request_create(person=dorte, requested_by=dorte)
        )
    assert not errors, errors
    assert sorted(outcomes) == ["done", "refused"]
    assert ErasureRequest.objects.filter(person=dorte).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_invitations_to_one_address_at_once(alice, fjordbo):
    outcomes, errors = _at_once(
        lambda: org_services.invitation_create(
            organisation=fjordbo, email="ny@fjordbo.example", roles=["staff"], invited_by=alice
        )
    )
    assert not errors, errors
    assert sorted(outcomes) == ["done", "refused"]
    assert Invitation.objects.filter(email="ny@fjordbo.example").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_leaders_inviting_one_address_to_a_project_at_once(bob, project):
    outcomes, errors = _at_once(
        lambda: project_services.project_invitation_create(
            project=project, actor=bob, email="ny@entreprise.example"
        )
    )
    assert not errors, errors
    assert sorted(outcomes) == ["done", "refused"]
    assert ProjectInvitation.objects.filter(email="ny@entreprise.example").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_storing_the_same_notification_store_and_send_it_once():
    """A retried notification task running twice at once: the dedupe key lets one insert win,
    the other gets that row back and enqueues no second delivery."""
    from django.core.mail import EmailMessage

    from core.mail import services as mail_services
    from core.mail.models import OutboundEmail

    message = EmailMessage(subject="Påmindelse", body="Hej", to=["karen@fjordbo.example"])
    first = mail_services.email_enqueue(message=message, dedupe_key="reminder:1")
    original_filter = OutboundEmail.objects.filter
    calls = {"n": 0}

    def blind_first_look(*args: Any, **kwargs: Any) -> Any:
        # The twin's pre-insert check sees nothing, as under a real race.
        calls["n"] += 1
        if calls["n"] == 1:
            return OutboundEmail.objects.none()
        return original_filter(*args, **kwargs)

    with (
        mock.patch.object(OutboundEmail.objects, "filter", side_effect=blind_first_look),
        mock.patch.object(mail_services, "enqueue_on_commit") as enqueued,
    ):
        second = mail_services.email_enqueue(message=message, dedupe_key="reminder:1")
    assert second.pk == first.pk
    assert OutboundEmail.objects.filter(dedupe_key="reminder:1").count() == 1
    enqueued.assert_not_called()
