"""Retention: what is past the time we keep it is removed (or, for a person, erased).

Each rule is a name, a description and a function that finds the rows past retention and, when
not a dry run, removes them. ``retention_apply(dry_run=True)`` only counts; the nightly beat
job and ``manage.py retention`` without ``--dry-run`` apply. Periods come from
``settings.LMS_RETENTION`` (days or months per rule) with the defaults below, and, for
inactive accounts, from each organisation's ``RetentionSetting``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

DEFAULTS = {
    # Sent e-mails: long enough to answer "did I get the mail?", not an archive.
    "mail_sent_days": 90,
    # Unsent e-mails that failed for good.
    "mail_failed_days": 180,
    # Invitations never accepted: after expiry or revocation.
    "invitation_days": 30,
    # Rejected or cancelled enrolments.
    "enrolment_months": 24,
}


def period(name: str) -> int:
    return int(getattr(settings, "LMS_RETENTION", {}).get(name, DEFAULTS[name]))


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    find: Callable[[], QuerySet[Any]]
    apply: Callable[[QuerySet[Any]], None] | None = None  # default: delete


def _sent_mail() -> QuerySet[Any]:
    from core.mail.models import OutboundEmail

    cutoff = timezone.now() - timedelta(days=period("mail_sent_days"))
    failed = timezone.now() - timedelta(days=period("mail_failed_days"))
    return OutboundEmail.objects.filter(
        Q(sent_at__lt=cutoff) | Q(sent_at__isnull=True, created_at__lt=failed)
    )


def _old_invitations(model: Any) -> QuerySet[Any]:
    cutoff = timezone.now() - timedelta(days=period("invitation_days"))
    # Both invitation models share the kernel's QuerySet (core.invitations).
    rows: QuerySet[Any] = model.objects.closed_before(cutoff)
    return rows


def _org_invitations() -> QuerySet[Any]:
    from organisations.models import Invitation

    return _old_invitations(Invitation)


def _project_invitations() -> QuerySet[Any]:
    from onsite.models import ProjectInvitation

    return _old_invitations(ProjectInvitation)


def _closed_enrolments() -> QuerySet[Any]:
    from courses.models import Enrolment, EnrolmentStatus

    cutoff = timezone.now() - relativedelta(months=period("enrolment_months"))
    return Enrolment.objects.filter(
        status__in=[EnrolmentStatus.REJECTED, EnrolmentStatus.CANCELLED],
        updated_at__lt=cutoff,
        certificate__isnull=True,
    )


def _inactive_accounts() -> QuerySet[Any]:
    """People who have not logged in for longer than every one of their organisations keeps
    them (the longest period wins; people without an organisation get the default)."""
    from organisations.models import User
    from privacy.models import RetentionSetting

    now = timezone.now()
    default = RetentionSetting.DEFAULT_INACTIVE_MONTHS
    people = (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .exclude(email__endswith="@invalid")
        .annotate(
            keep_months=Coalesce(
                Max("memberships__organisation__retention_setting__inactive_account_months"),
                default,
            ),
            seen=Coalesce("last_login", "date_joined"),
        )
    )
    # One cut-off per distinct period: a handful of queries, never one per person.
    months = set(people.values_list("keep_months", flat=True).distinct()) | {default}
    condition = Q()
    for value in months:
        condition |= Q(keep_months=value, seen__lt=now - relativedelta(months=value))
    return people.filter(condition)


def _form_submissions() -> QuerySet[Any]:
    """Claimed form keys (core.submissions): needed only while a twin post may still come."""
    from core.submissions import submission_retention_queryset

    return submission_retention_queryset()


def _erase_people(rows: QuerySet[Any]) -> None:
    from privacy.erasure import person_erase

    for person in list(rows):
        person_erase(person=person, erased_by=None)


def _audit_rows() -> QuerySet[Any] | None:
    """The audit log's own retention (its model and period belong to core.audit)."""
    try:
        audit = importlib.import_module("core.audit")
    except ImportError:
        return None
    finder = getattr(audit, "audit_retention_queryset", None)
    return finder() if finder is not None else None


RULES: list[Rule] = [
    Rule("mail", "Udgående e-mails efter opbevaringsperioden", _sent_mail),
    Rule("invitations", "Invitationer, der ikke blev accepteret", _org_invitations),
    Rule(
        "project_invitations",
        "Byggesagsinvitationer, der ikke blev accepteret",
        _project_invitations,
    ),
    Rule("enrolments", "Afviste og afmeldte tilmeldinger", _closed_enrolments),
    Rule("form_submissions", "Engangsnøgler til formularer (efter 2 dage)", _form_submissions),
    Rule(
        "inactive_accounts",
        "Konti uden log ind i organisationens periode",
        _inactive_accounts,
        apply=_erase_people,
    ),
]


def retention_apply(*, dry_run: bool) -> dict[str, int]:
    """Per rule, how many rows are past retention; without ``dry_run`` they are removed, one
    transaction per rule (inactive accounts go through ``person_erase``)."""
    report: dict[str, int] = {}
    for rule in RULES:
        rows = rule.find()
        report[rule.name] = rows.count()
        if dry_run or not report[rule.name]:
            continue
        if rule.apply is not None:
            rule.apply(rows)
            continue
        with transaction.atomic():
            rows.delete()
    audit_rows = _audit_rows()
    if audit_rows is not None:
        report["audit"] = audit_rows.count()
        if not dry_run:
            audit_rows.delete()
    return report


def descriptions() -> dict[str, str]:
    return {rule.name: rule.description for rule in RULES}
