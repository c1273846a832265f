"""Retention: the dry run reports and changes nothing; the real run removes exactly those rows."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.mail.models import OutboundEmail
from organisations import services as org_services
from organisations.models import Invitation, User
from privacy.models import RetentionSetting
from privacy.retention import retention_apply

pytestmark = pytest.mark.django_db

PASSWORD = "Korrekt-Hest-Batteri-9"


def _ago(days: int):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def data(db):
    fjordbo = org_services.organisation_create(name="Fjordbo", kind="housing", cvr="12345678")
    nordlys = org_services.organisation_create(name="Nordlys", kind="housing", cvr="87654321")
    RetentionSetting.objects.create(organisation=nordlys, inactive_account_months=60)

    def mail(subject, sent_days):
        row = OutboundEmail.objects.create(
            subject=subject, from_email="a@b.dk", to=["x@y.dk"], body="-"
        )
        OutboundEmail.objects.filter(pk=row.pk).update(
            sent_at=_ago(sent_days) if sent_days is not None else None
        )

    mail("old", 200)
    mail("recent", 10)
    mail("unsent", None)
    Invitation.objects.create(organisation=fjordbo, email="a@x.dk", expires_at=_ago(60))
    Invitation.objects.create(organisation=fjordbo, email="b@x.dk", expires_at=_ago(5))
    Invitation.objects.create(
        organisation=fjordbo, email="c@x.dk", expires_at=_ago(60), accepted_at=_ago(70)
    )

    def person(email, organisation, months_ago):
        user = org_services.user_create(email=email, password=PASSWORD, first_name="X")
        org_services.membership_create(user=user, organisation=organisation, roles=["staff"])
        User.objects.filter(pk=user.pk).update(last_login=_ago(months_ago * 31))
        return user

    person("gone@fjordbo.example", fjordbo, 40)  # past Fjordbo's default 36 months
    person("here@fjordbo.example", fjordbo, 2)
    person("kept@nordlys.example", nordlys, 40)  # Nordlys keeps people 60 months
    return fjordbo


EXPECTED = {
    "mail": 1,
    "invitations": 1,
    "project_invitations": 0,
    "enrolments": 0,
    "inactive_accounts": 1,
}


def test_the_dry_run_reports_and_changes_nothing(data):
    counts = (
        OutboundEmail.objects.count(),
        Invitation.objects.count(),
        User.objects.filter(is_active=True).count(),
    )
    report = retention_apply(dry_run=True)
    assert {k: report[k] for k in EXPECTED} == EXPECTED
    assert counts == (
        OutboundEmail.objects.count(),
        Invitation.objects.count(),
        User.objects.filter(is_active=True).count(),
    )


def test_the_real_run_removes_exactly_those(data):
    retention_apply(dry_run=False)
    assert set(OutboundEmail.objects.values_list("subject", flat=True)) == {"recent", "unsent"}
    assert set(Invitation.objects.values_list("email", flat=True)) == {"b@x.dk", "c@x.dk"}
    active = set(User.objects.filter(is_active=True).values_list("email", flat=True))
    assert {"here@fjordbo.example", "kept@nordlys.example"} <= active
    assert not User.objects.filter(email="gone@fjordbo.example").exists()
    # Nothing is left for a second run.
    assert {k: v for k, v in retention_apply(dry_run=True).items() if v} == {}


def test_the_command_prints_the_dry_run_report(data):
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "dry run" in text and "inactive_accounts" in text
    assert OutboundEmail.objects.count() == 3


def test_retention_is_a_nightly_beat_job():
    from lms.celery_schedule import CELERY_BEAT_SCHEDULE

    assert CELERY_BEAT_SCHEDULE["privacy-retention"]["task"] == "privacy.apply_retention"
