"""Erasure requests, the erasure itself on small data, the views and the admin's user delete.

Alice is HR of Fjordbo, Karen her colleague who asks to be erased, Charlie HR of Nordlys (must
see nothing of Fjordbo's requests), Maria a network editor.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.mail.models import OutboundEmail
from courses import services as course_services
from courses.models import Enrolment, EnrolmentStatus
from onsite.models import LogEntry
from organisations import services as org_services
from organisations.models import Invitation, Membership, User
from privacy import erasure
from privacy.models import ErasureRequest, ErasureStatus
from tests.courses.conftest import (  # noqa: F401  (fixtures)
    akademi,
    catalogue,
    course,
    home,
    make_learner,
    make_session,
)
from tests.factories.organisations import needs_totp, totp_activate

PASSWORD = "Korrekt-Hest-Batteri-9"


@pytest.fixture
def fjordbo(db):
    return org_services.organisation_create(name="Fjordbo", kind="housing", cvr="12345678")


@pytest.fixture
def nordlys(db):
    return org_services.organisation_create(name="Nordlys", kind="housing", cvr="87654321")


def _person(email, organisation, roles, first, last, totp=None):
    user = org_services.user_create(
        email=email, password=PASSWORD, first_name=first, last_name=last
    )
    org_services.membership_create(user=user, organisation=organisation, roles=list(roles))
    # The two-factor policy: privileged roles come with TOTP unless ``totp=False``.
    if totp or (totp is None and needs_totp(roles)):
        totp_activate(user)
    return user


@pytest.fixture
def alice(fjordbo):
    return _person("alice@fjordbo.example", fjordbo, ["staff", "hr"], "Alice", "Andersen", True)


@pytest.fixture
def karen(fjordbo):
    return _person("karen@fjordbo.example", fjordbo, ["staff"], "Karen", "Kristiansen")


@pytest.fixture
def charlie(nordlys):
    return _person(
        "charlie@nordlys.example", nordlys, ["staff", "hr"], "Charlie", "Christensen", True
    )


@pytest.fixture
def maria(db):
    network = org_services.organisation_create(name="Sekretariatet", kind="network")
    return _person(
        "maria@net.example", network, ["staff", "network_editor"], "Maria", "Mortensen", True
    )


# --- Services ------------------------------------------------------------------------------


def test_the_person_asks_and_hr_of_their_organisation_confirms(
    karen, alice, django_capture_on_commit_callbacks
):
    request = erasure.erasure_request_create(person=karen, requested_by=karen, reason="Jeg stopper")
    assert request.organisation.name == "Fjordbo"
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erasure_request_confirm(request=request, decided_by=alice)
    request.refresh_from_db()
    karen.refresh_from_db()
    # The task ran on commit (eager in tests): the request is done and Karen is gone.
    assert request.status == ErasureStatus.DONE
    assert request.reason == ""
    assert request.report["person"] == 1
    assert karen.get_full_name() == "Slettet bruger"
    assert karen.email == f"slettet-{karen.pk}@invalid"
    assert not karen.is_active and not karen.has_usable_password()
    assert not Membership.objects.filter(user=karen).exists()
    assert not Membership.objects.filter(user=erasure.placeholder_user()).exists()


def test_the_person_cannot_confirm_their_own_request(karen, alice):
    Membership.objects.filter(user=alice).update(role_staff=True)
    own = erasure.erasure_request_create(person=alice, requested_by=alice)
    with pytest.raises(PermissionDenied):
        erasure.erasure_request_confirm(request=own, decided_by=alice)
    assert ErasureRequest.objects.get(pk=own.pk).status == ErasureStatus.REQUESTED


def test_hr_of_another_organisation_cannot_confirm_or_ask_for_someone(karen, charlie):
    request = erasure.erasure_request_create(person=karen, requested_by=karen)
    with pytest.raises(PermissionDenied):
        erasure.erasure_request_confirm(request=request, decided_by=charlie)
    with pytest.raises(PermissionDenied):
        erasure.erasure_request_create(person=karen, requested_by=charlie)


def test_a_network_editor_may_confirm_and_hr_may_ask_on_the_persons_behalf(
    karen, alice, maria, django_capture_on_commit_callbacks
):
    request = erasure.erasure_request_create(person=karen, requested_by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erasure_request_confirm(request=request, decided_by=maria)
    assert ErasureRequest.objects.get(pk=request.pk).status == ErasureStatus.DONE


def test_one_open_request_at_a_time_and_the_person_may_withdraw_it(karen, alice):
    from django.core.exceptions import ValidationError

    request = erasure.erasure_request_create(person=karen, requested_by=karen)
    with pytest.raises(ValidationError):
        erasure.erasure_request_create(person=karen, requested_by=karen)
    with pytest.raises(PermissionDenied):
        erasure.erasure_request_cancel(request=request, actor=alice)
    erasure.erasure_request_cancel(request=request, actor=karen)
    assert ErasureRequest.objects.get(pk=request.pk).status == ErasureStatus.CANCELLED
    erasure.erasure_request_create(person=karen, requested_by=karen)


def test_rejecting_needs_a_reason_and_leaves_the_person(karen, alice):
    from django.core.exceptions import ValidationError

    request = erasure.erasure_request_create(person=karen, requested_by=karen)
    with pytest.raises(ValidationError):
        erasure.erasure_request_reject(request=request, decided_by=alice, note=" ")
    erasure.erasure_request_reject(request=request, decided_by=alice, note="Bogføring")
    karen.refresh_from_db()
    assert karen.is_active and karen.email == "karen@fjordbo.example"


def test_erasure_frees_the_seat_and_promotes_the_waitlist(course, fjordbo, karen, alice):  # noqa: F811
    session = make_session(course, capacity=1)
    other = make_learner("ole@fjordbo.example", fjordbo, first_name="Ole")
    booked = course_services.enrolment_create(
        user=karen, course=course, session=session, requested_by=karen
    )
    waiting = course_services.enrolment_create(
        user=other, course=course, session=session, requested_by=other
    )
    assert (booked.status, waiting.status) == (EnrolmentStatus.BOOKED, EnrolmentStatus.WAITLISTED)

    report = erasure.person_erase(person=karen, erased_by=alice)

    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.BOOKED
    assert report["afmeldte tilmeldinger"] == 1
    assert not Enrolment.objects.filter(user=karen, status=EnrolmentStatus.BOOKED).exists()
    # Karen was locked out before the cancellation: no e-mail went to her address.
    assert not OutboundEmail.objects.filter(to__icontains="karen@").exists()


def test_dry_run_counts_and_changes_nothing(karen, alice):
    Invitation.objects.create(
        organisation=Membership.objects.get(user=karen).organisation, email=karen.email
    )
    report = erasure.person_erase(person=karen, erased_by=alice, dry_run=True)
    assert report["invitationer"] == 1 and report["person"] == 1
    karen.refresh_from_db()
    assert karen.is_active and karen.email == "karen@fjordbo.example"
    assert Invitation.objects.filter(email=karen.email).exists()


def test_erasing_twice_is_harmless(karen, alice):
    erasure.person_erase(person=karen, erased_by=alice)
    placeholder = erasure.placeholder_user()
    second = erasure.person_erase(person=karen, erased_by=alice)
    karen.refresh_from_db()
    assert karen.email == f"slettet-{karen.pk}@invalid"
    assert second["fritekst"] == 0 and second["referencer"] == 0
    assert User.objects.filter(email=placeholder.email).count() == 1
    # The placeholder's own name was never scrubbed by the second run.
    placeholder.refresh_from_db()
    assert placeholder.get_full_name() == "Slettet bruger"


def test_the_placeholder_cannot_be_erased(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        erasure.person_erase(person=erasure.placeholder_user(), erased_by=None)


def test_text_others_wrote_about_the_person_is_scrubbed(karen, alice):
    from competencies.models import CompetencePlan

    request = erasure.erasure_request_create(
        person=alice, requested_by=alice, reason="Spørg Karen Kristiansen om overdragelse"
    )
    erasure.person_erase(person=karen, erased_by=None)
    request.refresh_from_db()
    assert request.reason == "Spørg [slettet] om overdragelse"
    assert CompetencePlan.objects.count() == 0  # (nothing else to check here)


# --- Views ---------------------------------------------------------------------------------


def test_the_person_requests_erasure_from_the_form(client, karen):
    client.force_login(karen)
    url = reverse("erasure:request")
    response = client.post(url, {"reason": "Farvel"})
    assert response.status_code == 200
    assert "Bekræft, at du forstår" in response.content.decode()
    assert not ErasureRequest.objects.exists()
    response = client.post(url, {"reason": "Farvel", "understood": "on"})
    assert response.status_code == 302
    assert ErasureRequest.objects.get().person == karen


def test_the_person_withdraws_their_request(client, karen, alice):
    request = erasure.erasure_request_create(person=karen, requested_by=karen)
    client.force_login(alice)
    assert client.post(reverse("erasure:cancel", args=[request.pk])).status_code == 404
    client.force_login(karen)
    assert client.post(reverse("erasure:cancel", args=[request.pk])).status_code == 302
    assert ErasureRequest.objects.get().status == ErasureStatus.CANCELLED


def test_hr_sees_the_queue_and_what_will_happen_then_confirms(
    client, karen, alice, django_capture_on_commit_callbacks
):
    request = erasure.erasure_request_create(person=karen, requested_by=karen)
    client.force_login(alice)
    queue = client.get(reverse("erasure:queue"))
    assert queue.status_code == 200 and "Karen Kristiansen" in queue.content.decode()
    detail = client.get(reverse("erasure:decide", args=[request.pk]))
    assert detail.status_code == 200
    assert 'data-testid="erasure-preview"' in detail.content.decode()
    karen.refresh_from_db()
    assert karen.is_active  # the preview was a dry run
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("erasure:decide", args=[request.pk]), {"action": "confirm"})
    assert response.status_code == 302
    karen.refresh_from_db()
    assert not karen.is_active


def test_rejecting_without_a_reason_shows_the_message_beside_the_field(client, karen, alice):
    request = erasure.erasure_request_create(person=karen, requested_by=karen)
    client.force_login(alice)
    response = client.post(
        reverse("erasure:decide", args=[request.pk]), {"action": "reject", "note": ""}
    )
    assert response.status_code == 200
    assert "Skriv en begrundelse" in response.content.decode()
    assert ErasureRequest.objects.get().status == ErasureStatus.REQUESTED


def test_hr_of_another_organisation_gets_404(client, karen, charlie):
    request = erasure.erasure_request_create(person=karen, requested_by=karen)
    client.force_login(charlie)
    assert client.get(reverse("erasure:decide", args=[request.pk])).status_code == 404
    assert (
        client.post(reverse("erasure:decide", args=[request.pk]), {"action": "confirm"}).status_code
        == 404
    )
    assert "Karen" not in client.get(reverse("erasure:queue")).content.decode()


def test_staff_cannot_open_the_queue(client, karen):
    client.force_login(karen)
    assert client.get(reverse("erasure:queue")).status_code == 403


def test_the_queue_is_a_two_factor_area(client, karen, fjordbo):
    hr_without_totp = _person(
        "hr@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne", "Hansen", totp=False
    )
    client.force_login(hr_without_totp)
    response = client.get(reverse("erasure:queue"))
    assert response.status_code == 302 and "totp" in response.url


def test_the_queue_runs_the_same_queries_for_few_and_many(
    client, alice, fjordbo, django_assert_num_queries
):
    def add(n, start):
        for i in range(start, start + n):
            person = _person(f"p{i}@fjordbo.example", fjordbo, ["staff"], "P", str(i))
            erasure.erasure_request_create(person=person, requested_by=person)

    client.force_login(alice)
    add(2, 0)
    client.get(reverse("erasure:queue"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("erasure:queue"))
    add(8, 10)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("erasure:queue"))


# --- The admin's user delete -----------------------------------------------------------------


def test_admin_delete_of_a_log_entry_author_erases_instead_of_500(client, karen):
    admin = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    totp_activate(admin)
    _author_a_log_entry(karen)
    client.force_login(admin)
    url = reverse("wagtailusers_users:delete", args=[karen.pk])
    assert client.get(url).status_code == 200  # the confirmation page still shows
    response = client.post(url)
    assert response.status_code == 302
    karen.refresh_from_db()
    assert karen.email == f"slettet-{karen.pk}@invalid"
    entry = LogEntry.objects.get()
    assert entry.author.get_full_name() == "Slettet bruger"
    assert entry.author != karen


def test_admin_bulk_delete_erases(client, karen):
    admin = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    totp_activate(admin)
    _author_a_log_entry(karen)
    client.force_login(admin)
    url = reverse("wagtail_bulk_action", args=("organisations", "user", "delete"))
    response = client.post(f"{url}?id={karen.pk}", {})
    assert response.status_code == 302
    karen.refresh_from_db()
    assert karen.email == f"slettet-{karen.pk}@invalid"
    assert LogEntry.objects.get().author.email == erasure.placeholder_user().email


def _author_a_log_entry(person):
    from datetime import date

    from onsite.models import BuildingProject

    project = BuildingProject.objects.create(
        organisation=Membership.objects.get(user=person).organisation,
        name="Fjordparken",
        kind="renovering",
        phase="C",
        starts_on=date(2026, 1, 1),
    )
    return LogEntry.objects.create(
        project=project,
        author=person,
        occurred_on=date(2026, 2, 1),
        kind="observation",
        title="Stillads",
        what_happened="Karen Kristiansen satte stillads op",
    )


def test_the_mine_data_section_offers_the_request_then_the_withdrawal(rf, karen):
    from django.template import Context, Template

    template = Template("{% load privacy_erasure %}{% erasure_section %}")
    request = rf.get("/mine-data/")
    request.user = karen
    assert reverse("erasure:request") in template.render(Context({"request": request}))
    erasure.erasure_request_create(person=karen, requested_by=karen)
    html = template.render(Context({"request": request}))
    assert "Træk anmodningen tilbage" in html


def test_the_registry_walk_deletes_and_anonymises_as_declared(monkeypatch, karen, alice):
    from core import privacy as registry
    from core.privacy import Category, Erasure, LegalBasis, Personal

    def rule(erasure_rule):
        return Personal(Category.IDENTITY, "test", LegalBasis.CONTRACT, "test", erasure_rule)

    monkeypatch.setattr(registry, "_registry", {})
    registry.register(
        Membership,
        area="ansættelse",
        subject=("user",),
        personal={"user": rule(Erasure.DELETE), "title": rule(Erasure.DELETE)},
        other=(),
        rows=Erasure.DELETE,
    )
    registry.register(
        Invitation,
        area="invitationer",
        subject=("accepted_by",),
        personal={
            "accepted_by": rule(Erasure.ANONYMISE),
            "first_name": rule(Erasure.ANONYMISE),
            "last_name": rule(Erasure.DELETE),
        },
        rows=Erasure.ANONYMISE,
    )
    organisation = Membership.objects.get(user=karen).organisation
    accepted = Invitation.objects.create(
        organisation=organisation,
        email="gammel@fjordbo.example",
        first_name="Karen",
        last_name="Kristiansen",
        accepted_by=karen,
    )

    report = erasure.person_erase(person=karen, erased_by=alice)

    assert report["ansættelse"] == 1 and report["invitationer"] == 1
    assert not Membership.objects.filter(user=karen).exists()
    accepted.refresh_from_db()
    assert accepted.accepted_by == erasure.placeholder_user()
    assert (accepted.first_name, accepted.last_name) == ("Slettet bruger", "")
