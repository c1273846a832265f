"""The one invitation mechanism (core.invitations), through both of its tables: the QuerySet,
the refusals and the steps the two apps' services share."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from core import invitations
from onsite.models import ProjectInvitation
from organisations.models import Invitation
from tests.factories import InvitationFactory, ProjectInvitationFactory

pytestmark = pytest.mark.django_db

WORDING = invitations.Wording(revoked="Trukket tilbage.", expired="Udløbet.")


@pytest.fixture(params=[InvitationFactory, ProjectInvitationFactory], ids=["org", "project"])
def factory(request):
    return request.param


def test_a_new_invitation_is_open_for_fourteen_days(factory):
    invitation = factory()
    assert invitation.is_open and invitation.status_label == "Afventer"
    assert timedelta(days=13) < invitation.expires_at - timezone.now() <= timedelta(days=14)
    assert len(invitation.token) >= 40
    assert list(type(invitation).objects.open()) == [invitation]


def test_the_queryset_tells_open_expired_and_old_apart(factory):
    past = timezone.now() - timedelta(days=40)
    open_one = factory(email="Open@Example.org")
    expired = factory(expires_at=timezone.now() - timedelta(minutes=1))
    old_revoked = factory(revoked_at=past)
    accepted_long_ago = factory(accepted_at=past, expires_at=past)
    rows = type(open_one).objects
    assert list(rows.open()) == [open_one]
    assert list(rows.expired()) == [expired]
    assert list(rows.to_address("open@example.org")) == [open_one]
    cutoff = timezone.now() - timedelta(days=30)
    closed = set(rows.closed_before(cutoff))
    assert old_revoked in closed and accepted_long_ago not in closed and open_one not in closed


def test_the_refusals_name_what_happened(factory):
    invitation = factory()
    assert invitations.problem(invitation, WORDING) == ""
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    assert invitations.problem(invitation, WORDING) == "Udløbet."
    invitation.revoked_at = timezone.now()
    assert invitations.problem(invitation, WORDING) == "Trukket tilbage."
    invitation.accepted_at = timezone.now()
    with pytest.raises(ValidationError, match="allerede brugt"):
        invitations.check_open(invitation, WORDING)


def test_revoking_twice_is_quiet_and_an_accepted_one_is_refused(factory):
    invitation = factory()
    assert invitations.mark_revoked(invitation) is True
    assert invitations.mark_revoked(invitation) is False
    accepted = factory()
    invitations.mark_accepted(accepted, accepted.invited_by)
    accepted.refresh_from_db()
    assert accepted.accepted_by == accepted.invited_by and not accepted.is_open
    with pytest.raises(ValidationError, match="allerede accepteret"):
        invitations.mark_revoked(accepted)


def test_an_unknown_token_is_404():
    with pytest.raises(Http404):
        invitations.get_by_token(Invitation, "findes-ikke")
    with pytest.raises(Http404):
        invitations.get_by_token(ProjectInvitation, "findes-ikke", "project")
