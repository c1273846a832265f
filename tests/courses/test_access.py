"""The courses access policy (courses/access.py): what a person may do with a row they see.

Sofie edits Almen Akademi's sessions, Jonas ByggeLæring's, Maria (network) everybody's. Karen
(Fjordbo, enrolments need approval) asks for a seat; Lars is her manager.
"""

from __future__ import annotations

import pytest
from django.http import Http404

from courses import access, services
from courses.models import CourseSession, Enrolment
from organisations.models import User


def request_seat(karen: User, session: CourseSession) -> Enrolment:
    return services.enrolment_create(
        user=karen, course=session.course, session=session, requested_by=karen
    )


@pytest.mark.django_db
class TestSessionActions:
    def test_the_provider_and_the_network_manage_an_empty_session(self, sofie, maria, session):
        for editor in (sofie, maria):
            actions = access.actions_for(editor, session)
            assert (actions.can_edit, actions.can_cancel, actions.can_delete) == (
                True,
                True,
                True,
            )

    def test_another_provider_manages_nothing_and_cannot_load_it(self, jonas, session):
        actions = access.actions_for(jonas, session)
        assert (actions.can_edit, actions.can_cancel, actions.can_delete) == (False, False, False)
        with pytest.raises(Http404):
            access.get_session_for(jonas, session.pk)

    def test_a_session_with_enrolments_is_cancelled_never_deleted(self, sofie, karen, session):
        request_seat(karen, session)
        actions = access.actions_for(sofie, session)
        assert actions.can_cancel and not actions.can_delete


@pytest.mark.django_db
class TestEnrolmentActions:
    def test_the_learner_cancels_and_evaluates_but_never_decides(self, karen, session):
        actions = access.actions_for(karen, request_seat(karen, session))
        assert (actions.can_cancel, actions.can_decide, actions.can_evaluate) == (
            True,
            False,
            True,
        )

    def test_the_manager_decides_and_cancels(self, karen, lars, session):
        actions = access.actions_for(lars, request_seat(karen, session))
        assert (actions.can_cancel, actions.can_decide, actions.can_evaluate) == (
            True,
            True,
            False,
        )

    def test_the_provider_cancels_only(self, karen, sofie, session):
        actions = access.actions_for(sofie, request_seat(karen, session))
        assert (actions.can_cancel, actions.can_decide, actions.can_evaluate) == (
            True,
            False,
            False,
        )

    def test_an_outsider_sees_nothing(self, karen, jonas, session):
        enrolment = request_seat(karen, session)
        with pytest.raises(Http404):
            access.get_enrolment_for(jonas, enrolment.pk)
        assert not access.actions_for(jonas, enrolment).can_cancel

    def test_approvals_go_to_the_approver_and_never_to_oneself(self, karen, lars, session):
        enrolment = request_seat(karen, session)
        assert list(access.requests_to_decide_for(lars)) == [enrolment]
        assert not access.requests_to_decide_for(karen).exists()
        assert access.approves_enrolments(lars) and not access.approves_enrolments(karen)
        approvers = access.approvers_of_enrolment(enrolment).values_list("user_id", flat=True)
        assert lars.pk in approvers and karen.pk not in approvers
