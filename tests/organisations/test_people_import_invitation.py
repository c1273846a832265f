"""A person the HR import created accepts the invitation: the prepared account gets a name and
password, the import's membership is kept, and the address counts as verified."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from organisations.models import Invitation, Membership, User
from organisations.people_import import services
from tests.organisations.people_import_support import csv_text, csv_upload

pytestmark = pytest.mark.django_db
PASSWORD = "Sommerhus-ved-fjorden-7"


@pytest.fixture
def imported(fjordbo, alice, django_capture_on_commit_callbacks) -> Invitation:
    """Nina, imported as a manager of department 101; her invitation."""
    person_import = services.person_import_create(
        organisation=fjordbo,
        uploaded_by=alice,
        file=csv_upload(csv_text(["nina@fjordbo.example;Nina;Ny;1001;101;;;medarbejder, leder"])),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.person_import_confirm(person_import=person_import, actor=alice)
    return Invitation.objects.get(email="nina@fjordbo.example")


def accept(client, invitation, **overrides):
    payload = {
        "first_name": "Nina",
        "last_name": "Nyborg",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post(reverse("invitation_accept", args=[invitation.token]), payload)


def test_the_link_offers_the_new_account_form_for_a_prepared_account(client, imported):
    response = client.get(reverse("invitation_accept", args=[imported.token]))
    assert response.status_code == 200
    assert "form" in response.context
    assert not response.context.get("existing_account")
    assert response.context["form"].initial["first_name"] == "Nina"


def test_accepting_completes_the_account_and_keeps_the_imports_membership(
    client, fjordbo, imported
):
    response = accept(client, imported)
    assert response.status_code == 302
    nina = User.objects.get(email="nina@fjordbo.example")
    assert nina.check_password(PASSWORD)
    assert nina.last_name == "Nyborg"
    assert EmailAddress.objects.get(user=nina).verified
    membership = Membership.objects.get(user=nina, organisation=fjordbo)
    assert membership.roles == {"staff", "manager"}
    assert membership.employee_number == "1001"
    assert Membership.objects.filter(user=nina).count() == 1
    imported.refresh_from_db()
    assert imported.accepted_by == nina
    assert client.session["_auth_user_id"] == str(nina.pk)


def test_a_weak_password_is_refused_and_nothing_changes(client, imported):
    response = accept(client, imported, password1="123", password2="123")
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    nina = User.objects.get(email="nina@fjordbo.example")
    assert not nina.has_usable_password()
    assert nina.last_name == "Ny"


def test_an_account_that_has_been_used_is_not_prepared(client, imported):
    """Once the person has logged in (single sign-on, say), the link cannot set a password."""
    User.objects.filter(email="nina@fjordbo.example").update(last_login=timezone.now())
    response = client.get(reverse("invitation_accept", args=[imported.token]))
    assert response.context["existing_account"]
    response = accept(client, imported)
    assert not User.objects.get(email="nina@fjordbo.example").has_usable_password()


def test_an_account_with_a_password_still_has_to_log_in(client, fjordbo, alice, bob):
    invitation = Invitation.objects.create(
        organisation=fjordbo, email=bob.email, roles=["staff"], invited_by=alice
    )
    response = client.get(reverse("invitation_accept", args=[invitation.token]))
    assert response.context["existing_account"]


def test_the_logged_in_person_accepts_into_the_existing_membership(client, fjordbo, imported):
    nina = User.objects.get(email="nina@fjordbo.example")
    nina.set_password(PASSWORD)
    nina.save()
    # Staff only here: a manager would first be sent to set up two-factor.
    Membership.objects.filter(user=nina).update(role_manager=False)
    client.force_login(nina)
    response = client.post(reverse("invitation_accept", args=[imported.token]))
    assert response.status_code == 302
    assert Membership.objects.filter(user=nina, organisation=fjordbo).count() == 1
    imported.refresh_from_db()
    assert imported.accepted_at is not None
