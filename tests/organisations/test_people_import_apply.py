"""Applying an import: what is written, invitations sent once, re-imports that change nothing,
and a task that can die and be run again without applying anything twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from organisations import services as org_services
from organisations.models import (
    Department,
    IdentityProvider,
    Invitation,
    Membership,
    PersonImport,
    User,
)
from organisations.people_import import apply, services
from organisations.tasks import people_import_apply
from tests.factories import person
from tests.organisations.people_import_support import csv_text, csv_upload, people_lines

pytestmark = pytest.mark.django_db

LINES = [
    "nina@fjordbo.example;Nina;Ny;1001;101;projektleder;alice@fjordbo.example;medarbejder, leder",
    "otto@fjordbo.example;Otto;Olsen;1002;;driftschef;nina@fjordbo.example;",
    "bob@fjordbo.example;Bob;Berg;1003;101;ejendomsfunktionaer;nina@fjordbo.example;",
    "fejl@fjordbo.example;Fejl;Række;1004;999;;;",
]


def run(organisation, uploader, lines, capture, *, full_list=False) -> PersonImport:
    """Preview and confirm; the task runs when the confirmation commits (eagerly here)."""
    person_import = services.person_import_create(
        organisation=organisation,
        uploaded_by=uploader,
        file=csv_upload(csv_text(lines)),
        full_list=full_list,
    )
    with capture(execute=True):
        services.person_import_confirm(person_import=person_import, actor=uploader)
    person_import.refresh_from_db()
    return person_import


class TestApplying:
    def test_it_creates_updates_and_reports(
        self, fjordbo, alice, bob, django_capture_on_commit_callbacks
    ):
        person_import = run(fjordbo, alice, LINES, django_capture_on_commit_callbacks)
        assert person_import.status == "done"
        assert person_import.processed_rows == person_import.total_rows == 4
        assert person_import.counts == {
            "create": 2,
            "update": 1,
            "unchanged": 0,
            "deactivate": 0,
            "error": 1,
        }
        nina = User.objects.get(email="nina@fjordbo.example")
        assert (nina.first_name, nina.last_name) == ("Nina", "Ny")
        assert not nina.has_usable_password()
        assert not EmailAddress.objects.get(user=nina).verified
        membership = Membership.objects.get(user=nina, organisation=fjordbo)
        assert membership.roles == {"staff", "manager"}
        assert membership.employee_number == "1001"
        assert membership.department.number == "101"
        assert membership.job_function.code == "projektleder"
        assert membership.manager == alice
        # Otto and Bob name Nina as manager, who is created by the same import.
        assert Membership.objects.get(user__email="otto@fjordbo.example").manager == nina
        bob_membership = Membership.objects.get(user=bob)
        assert bob_membership.manager == nina
        assert bob_membership.employee_number == "1003"
        assert not User.objects.filter(email="fejl@fjordbo.example").exists()
        assert person_import.rows.get(row_number=5).applied is False
        # One audit entry for the import's application, not one per row.
        actions = list(
            ModelLogEntry.objects.filter(object_id=str(person_import.pk)).values_list(
                "action", flat=True
            )
        )
        assert sorted(actions) == [
            "lms.people_import.apply",
            "lms.people_import.confirm",
            "lms.people_import.create",
        ]

    def test_new_people_are_invited_once_and_a_reimport_changes_nothing(
        self, fjordbo, alice, bob, django_capture_on_commit_callbacks
    ):
        run(fjordbo, alice, LINES, django_capture_on_commit_callbacks)
        invited = sorted(m.to[0] for m in mail.outbox)
        assert invited == ["nina@fjordbo.example", "otto@fjordbo.example"]
        assert Invitation.objects.filter(organisation=fjordbo).count() == 2
        stamps = dict(Membership.objects.values_list("pk", "updated_at"))
        users = dict(User.objects.values_list("pk", "updated_at"))
        mail.outbox.clear()

        again = run(fjordbo, alice, LINES[:3], django_capture_on_commit_callbacks)
        assert again.counts["unchanged"] == 3
        assert again.counts["create"] == again.counts["update"] == 0
        assert dict(Membership.objects.values_list("pk", "updated_at")) == stamps
        assert dict(User.objects.values_list("pk", "updated_at")) == users
        assert mail.outbox == []
        assert Invitation.objects.filter(organisation=fjordbo).count() == 2

    def test_the_invitation_e_mail_is_sent_by_the_existing_mechanism(
        self, fjordbo, alice, django_capture_on_commit_callbacks
    ):
        run(fjordbo, alice, LINES[:1], django_capture_on_commit_callbacks)
        (message,) = mail.outbox
        invitation = Invitation.objects.get(email="nina@fjordbo.example")
        assert invitation.invited_by == alice
        assert sorted(invitation.roles) == ["manager", "staff"]
        assert (
            f"/invitation/{invitation.token}/" in message.body or invitation.token in message.body
        )

    def test_an_organisation_that_requires_sso_tells_people_to_use_their_work_account(
        self, fjordbo, alice, django_capture_on_commit_callbacks
    ):
        IdentityProvider.objects.create(
            organisation=fjordbo,
            issuer="https://login.microsoftonline.com/tenant/v2.0",
            client_id="id",
            client_secret="secret",
            require_sso=True,
        )
        run(fjordbo, alice, LINES[:1], django_capture_on_commit_callbacks)
        (message,) = mail.outbox
        assert "arbejdskonto" in message.body
        assert "/konto/login/" in message.body
        assert not Invitation.objects.filter(organisation=fjordbo).exists()

    def test_a_full_list_deactivates_the_missing_and_deletes_nobody(
        self, fjordbo, alice, bob, django_capture_on_commit_callbacks
    ):
        karen = person("karen@fjordbo.example", fjordbo, ["staff"], "Karen")
        person_import = run(
            fjordbo, alice, [LINES[2]], django_capture_on_commit_callbacks, full_list=True
        )
        assert person_import.counts["deactivate"] == 1
        assert not Membership.objects.get(user=karen).is_active
        assert User.objects.filter(pk=karen.pk).exists()
        assert Membership.objects.get(user=alice).is_active  # the uploader, not in the file
        assert Membership.objects.get(user=bob).is_active

    def test_a_row_that_went_wrong_since_the_preview_is_an_error_in_the_report(
        self, fjordbo, alice, django_capture_on_commit_callbacks
    ):
        Department.objects.create(organisation=fjordbo, number="102", name="Sølyst")
        person_import = services.person_import_create(
            organisation=fjordbo,
            uploaded_by=alice,
            file=csv_upload(csv_text(["sara@fjordbo.example;Sara;S;;102;;;"])),
        )
        Department.objects.filter(number="102").delete()
        with django_capture_on_commit_callbacks(execute=True):
            services.person_import_confirm(person_import=person_import, actor=alice)
        person_import.refresh_from_db()
        assert person_import.counts["error"] == 1
        row = person_import.rows.get()
        assert "findes ikke" in row.errors[0]["message"]
        assert not User.objects.filter(email="sara@fjordbo.example").exists()


class TestTheTask:
    def test_a_worker_that_died_mid_way_is_finished_by_the_next_run(
        self, fjordbo, alice, monkeypatch, django_capture_on_commit_callbacks
    ):
        monkeypatch.setattr(services, "BATCH", 5)
        person_import = services.person_import_create(
            organisation=fjordbo, uploaded_by=alice, file=csv_upload(csv_text(people_lines(12)))
        )
        real = apply.execute_safely
        calls = {"n": 0}

        def dies_on_the_second_batch(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("worker lost")
            return real(*args, **kwargs)

        monkeypatch.setattr(apply, "execute_safely", dies_on_the_second_batch)
        with django_capture_on_commit_callbacks(execute=True):
            services.person_import_confirm(person_import=person_import, actor=alice)
        person_import.refresh_from_db()
        assert person_import.status == "failed"
        assert person_import.processed_rows == 5
        assert person_import.rows.filter(applied=True).count() == 5
        assert "uventet fejl" in person_import.failure

        with django_capture_on_commit_callbacks(execute=True):
            services.person_import_resume(person_import=person_import, actor=alice)
        person_import.refresh_from_db()
        assert person_import.status == "done"
        assert person_import.rows.filter(applied=True).count() == 12
        assert Membership.objects.filter(user__email__startswith="person").count() == 12
        # Each new person was invited once, also across the two runs.
        assert len(mail.outbox) == 12

    def test_running_the_task_again_does_nothing(
        self, fjordbo, alice, bob, django_capture_on_commit_callbacks
    ):
        person_import = run(fjordbo, alice, LINES, django_capture_on_commit_callbacks)
        before = Membership.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            assert people_import_apply(person_import.pk) == "done"
        assert Membership.objects.count() == before
        assert len(mail.outbox) == 2

    def test_a_preview_is_not_applied_by_the_task(self, fjordbo, alice):
        person_import = services.person_import_create(
            organisation=fjordbo, uploaded_by=alice, file=csv_upload(csv_text(LINES[:1]))
        )
        assert people_import_apply(person_import.pk) == "preview"
        assert not User.objects.filter(email="nina@fjordbo.example").exists()

    def test_a_clash_in_a_batch_makes_that_row_an_error_and_keeps_the_rest(
        self, fjordbo, alice, django_capture_on_commit_callbacks, monkeypatch
    ):
        person_import = services.person_import_create(
            organisation=fjordbo, uploaded_by=alice, file=csv_upload(csv_text(people_lines(3)))
        )
        # Someone takes person1's address between the plan of the batch and its write.
        real_plan = services.Planner.plan

        def plan_then_clash(self, rows):
            planned = real_plan(self, rows)
            if not User.objects.filter(email="person1@fjordbo.example").exists():
                User.objects.create_user("person1@fjordbo.example")
            return planned

        monkeypatch.setattr(services.Planner, "plan", plan_then_clash)
        with django_capture_on_commit_callbacks(execute=True):
            services.person_import_confirm(person_import=person_import, actor=alice)
        person_import.refresh_from_db()
        assert person_import.status == "done"
        assert person_import.counts["create"] == 2
        assert person_import.counts["error"] == 1
        clashed = person_import.rows.get(action="error")
        assert "taget i brug imens" in clashed.errors[0]["message"]


class TestStatusRules:
    def test_only_a_preview_is_confirmed_or_cancelled(
        self, fjordbo, alice, django_capture_on_commit_callbacks
    ):
        from django.core.exceptions import ValidationError

        person_import = run(fjordbo, alice, LINES[:1], django_capture_on_commit_callbacks)
        with pytest.raises(ValidationError, match="færdig"):
            services.person_import_confirm(person_import=person_import, actor=alice)
        with pytest.raises(ValidationError):
            services.person_import_cancel(person_import=person_import, actor=alice)

    def test_cancelling_deletes_the_rows_and_changes_nothing(self, fjordbo, alice):
        person_import = services.person_import_create(
            organisation=fjordbo, uploaded_by=alice, file=csv_upload(csv_text(LINES))
        )
        services.person_import_cancel(person_import=person_import, actor=alice)
        person_import.refresh_from_db()
        assert person_import.status == "cancelled"
        assert not person_import.rows.exists()
        assert not User.objects.filter(email="nina@fjordbo.example").exists()


def test_membership_saves_name_updated_at(fjordbo, alice, bob):
    """A change through the services is visible to the API's ``updated_since``."""
    membership = Membership.objects.get(user=bob)
    Membership.objects.filter(pk=membership.pk).update(
        updated_at=timezone.now() - timedelta(days=3)
    )
    membership.refresh_from_db()
    before = membership.updated_at
    org_services.membership_set_roles(
        membership=membership, roles=["staff", "manager"], actor=alice
    )
    membership.refresh_from_db()
    assert membership.updated_at > before
    Membership.objects.filter(pk=membership.pk).update(updated_at=before)
    membership.refresh_from_db()
    membership.title = "Driftsleder"
    org_services.membership_update(membership=membership, roles=["staff"], actor=alice)
    membership.refresh_from_db()
    assert membership.updated_at > before


@pytest.mark.postgres
def test_two_workers_on_one_import_never_apply_a_row_twice(transactional_db, monkeypatch):
    """Two workers run the same import at once (PostgreSQL, two real connections): they take
    turns under the import's row lock, batch by batch, and every person is created once."""
    import threading

    from django.db import connection

    from tests.factories import OrganisationFactory, person

    organisation = OrganisationFactory.create(name="Fjordbo")
    organisation.departments.create(number="101", name="Fjordparken")
    hr = person("hr@fjordbo.example", organisation, ["staff", "hr"], "Hanne", totp=True)
    monkeypatch.setattr(services, "BATCH", 20)
    person_import = services.person_import_create(
        organisation=organisation, uploaded_by=hr, file=csv_upload(csv_text(people_lines(200)))
    )
    PersonImport.objects.filter(pk=person_import.pk).update(status="queued")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait(timeout=30)
            services.person_import_apply(import_id=person_import.pk)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    person_import.refresh_from_db()
    assert person_import.status == "done"
    assert person_import.counts["create"] == 200
    assert person_import.processed_rows == 200
    assert Membership.objects.filter(organisation=organisation).count() == 201
    assert Invitation.objects.filter(organisation=organisation).count() == 200
