"""Writes of effect indicators (effektmål), their measurements and the follow-up reminders.

A project's leaders (``onsite.access.is_project_leader``) record what the effect of the learning
was: a baseline, a target and measurements over time. Every write checks that, validates the row
with ``full_clean()`` inside one transaction and writes Wagtail's audit log, so a refused
measurement leaves nothing behind.

Follow-up: 3, 6 and 12 months after handover (``FOLLOW_UP_MONTHS``) the project's leaders get an
e-mail asking them to measure again. ``FollowUpReminder`` is the once-only marker (a unique row per
project and month count), so two overlapping beat runs, or a run repeated after a crash, e-mail
once.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.formats import long_date
from core.mail.compose import absolute_url, email_simple
from onsite import access
from onsite.models import (
    FOLLOW_UP_MONTHS,
    BuildingProject,
    EffectIndicator,
    FollowUpReminder,
    Measurement,
)
from onsite.models.effects import follow_up_due_on
from organisations.models import User

INDICATOR_FIELDS = ("name", "category", "unit", "baseline", "target", "direction", "note")
MEASUREMENT_FIELDS = ("measured_on", "value", "note")


def _require_leader(user: User, project: BuildingProject) -> None:
    if not access.is_project_leader(user, project):
        raise PermissionDenied(_("Kun byggesagens projektledere kan registrere effektmål."))


def _save(obj: EffectIndicator | Measurement, unique_field: str) -> None:
    """Validate and save. The one row-level rule of these models is their unique constraint
    (a name per project, a date per indicator), so its message goes beside that field."""
    try:
        # Who recorded a measurement may be gone (SET_NULL); that never blocks a correction.
        obj.full_clean(exclude=["recorded_by"] if isinstance(obj, Measurement) else None)
    except ValidationError as error:
        errors = dict(error.error_dict)
        moved = errors.pop(NON_FIELD_ERRORS, [])
        if moved:
            errors.setdefault(unique_field, []).extend(moved)
        raise ValidationError(errors) from None
    try:
        # A simultaneous twin may pass the check above too; the constraint decides, and the
        # loser gets the message beside the field, not a 500.
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        (unique,) = [c for c in obj._meta.constraints if unique_field in getattr(c, "fields", ())]
        raise ValidationError({unique_field: unique.violation_error_message}) from None


# --- Indicators ---------------------------------------------------------------------------


@transaction.atomic
def indicator_create(
    *,
    project: BuildingProject,
    actor: User,
    name: str,
    category: str,
    unit: str,
    baseline: Decimal,
    target: Decimal,
    direction: str,
    note: str = "",
) -> EffectIndicator:
    """Add an effektmål to the project (project leaders only); it goes last in the list."""
    _require_leader(actor, project)
    last = project.indicators.order_by("-sort_order").values_list("sort_order", flat=True).first()
    indicator = EffectIndicator(
        project=project,
        name=name.strip(),
        category=category,
        unit=unit.strip(),
        baseline=baseline,
        target=target,
        direction=direction,
        note=note,
        sort_order=(last or 0) + 1,
    )
    _check_target(indicator)
    _save(indicator, "name")
    log(indicator, "onsite.indicator.create", user=actor)
    return indicator


def _check_target(indicator: EffectIndicator) -> None:
    """A target that equals the baseline gives no way to measure progress."""
    if indicator.baseline is not None and indicator.baseline == indicator.target:
        raise ValidationError(
            {"target": _("Målet skal være forskelligt fra udgangspunktet.")}, code="flat"
        )


@transaction.atomic
def indicator_update(
    *, indicator: EffectIndicator, actor: User, **fields: object
) -> EffectIndicator:
    """Change an indicator's name, category, unit, baseline, target, direction or note."""
    _require_leader(actor, indicator.project)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"indicator_update: unknown fields {sorted(unknown)}")
    for field, value in fields.items():
        if field in ("name", "unit") and isinstance(value, str):
            value = value.strip()
        setattr(indicator, field, value)
    _check_target(indicator)
    _save(indicator, "name")
    log(indicator, "onsite.indicator.update", user=actor)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: EffectIndicator, actor: User) -> None:
    """Delete an indicator with its measurements (logged on the project, which stays)."""
    _require_leader(actor, indicator.project)
    log(
        indicator.project,
        "onsite.indicator.delete",
        user=actor,
        data={"indicator": indicator.name, "measurements": indicator.measurements.count()},
    )
    indicator.delete()


# --- Measurements -------------------------------------------------------------------------


@transaction.atomic
def measurement_add(
    *,
    indicator: EffectIndicator,
    actor: User,
    measured_on: date,
    value: Decimal,
    note: str = "",
) -> Measurement:
    """Record a måling of the indicator; one per date (the database holds that too)."""
    _require_leader(actor, indicator.project)
    measurement = Measurement(
        indicator=indicator,
        measured_on=measured_on,
        value=value,
        note=note.strip(),
        recorded_by=actor,
    )
    _save(measurement, "measured_on")
    log(measurement, "onsite.measurement.add", user=actor)
    return measurement


@transaction.atomic
def measurement_update(*, measurement: Measurement, actor: User, **fields: object) -> Measurement:
    """Correct a measurement's date, value or note."""
    _require_leader(actor, measurement.indicator.project)
    unknown = set(fields) - set(MEASUREMENT_FIELDS)
    if unknown:
        raise TypeError(f"measurement_update: unknown fields {sorted(unknown)}")
    for field, value in fields.items():
        setattr(measurement, field, value)
    _save(measurement, "measured_on")
    log(measurement, "onsite.measurement.update", user=actor)
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement, actor: User) -> None:
    """Delete a measurement (logged on its indicator)."""
    _require_leader(actor, measurement.indicator.project)
    log(
        measurement.indicator,
        "onsite.measurement.delete",
        user=actor,
        data={"measured_on": measurement.measured_on.isoformat(), "value": str(measurement.value)},
    )
    measurement.delete()


# --- Follow-up reminders (Celery beat) ----------------------------------------------------

# The shortest three calendar months (Jan 31 → Apr 30) are 89 days; the database pre-selects with
# a margin and the exact calendar rule is applied in Python.
_SHORTEST_FIRST_FOLLOW_UP = timedelta(days=85)


def due_follow_ups(project: BuildingProject, today: date, sent: set[int]) -> list[int]:
    """The month counts whose follow-up has come and has not been sent, in order."""
    if project.handover_on is None:
        return []
    return [
        months
        for months in FOLLOW_UP_MONTHS
        if months not in sent and follow_up_due_on(project.handover_on, months) <= today
    ]


def _candidates(today: date) -> list[BuildingProject]:
    """Projects handed over long enough ago that still lack at least one reminder."""
    return list(
        BuildingProject.objects.filter(
            handover_on__isnull=False, handover_on__lte=today - _SHORTEST_FIRST_FOLLOW_UP
        )
        .annotate(reminders=Count("follow_up_reminders"))
        .filter(reminders__lt=len(FOLLOW_UP_MONTHS))
        .prefetch_related("follow_up_reminders")
        .order_by("pk")
    )


def project_leaders(project: BuildingProject) -> list[User]:
    """The people who get the project's follow-up: its leaders, or else (no leader on the member
    list) the owning organisation's project leaders (``onsite.access.project_leaders_of``)."""
    return access.project_leaders_of(project, active_only=True)


def _claim(project: BuildingProject, months: int) -> bool:
    """Create the reminder row; False when another run got there first (race-safe)."""
    try:
        with transaction.atomic():
            _reminder, created = FollowUpReminder.objects.get_or_create(
                project=project, months=months
            )
    except IntegrityError:
        return False
    return created


def _email_follow_up(project: BuildingProject, months: int) -> int:
    link = absolute_url(reverse("onsite:effects", args=[project.pk]))
    handover = long_date(project.handover_on)
    recipients = project_leaders(project)
    for leader in recipients:
        email_simple(
            to=leader.email,
            greeting_name=leader.first_name or leader.name,
            subject=_("Opfølgning på effektmål: %(project)s, %(months)s måneder efter aflevering")
            % {"project": project.name, "months": months},
            paragraphs=[
                _(
                    "Byggesagen %(project)s blev afleveret %(handover)s. Nu er der gået "
                    "%(months)s måneder, og det er tid til at måle effektmålene igen."
                )
                % {"project": project.name, "handover": handover, "months": months},
                _(
                    "Registrér de nye målinger, fx antal fejl og mangler eller "
                    "beboertilfredsheden, så I kan se effekten af læringen på byggesagen."
                ),
            ],
            link=link,
            link_label=_("Registrér målinger"),
            dedupe_key=f"onsite-follow-up:{project.pk}:{months}:{leader.pk}",
        )
    return len(recipients)


def follow_up_reminders_send(*, today: date | None = None) -> int:
    """E-mail the leaders of each project whose 3-, 6- or 12-month follow-up has come.

    Once per (project, months): the ``FollowUpReminder`` row is claimed first and the e-mail's
    dedupe key guards a crash between the two. When several follow-ups are due at once (a project
    registered long after its handover) only the latest is e-mailed and the earlier ones are
    marked done: one e-mail asking to measure now, not three. Returns the e-mails enqueued.
    """
    today = today or timezone.localdate()
    sent = 0
    with translation.override("da"):
        for project in _candidates(today):
            already = {reminder.months for reminder in project.follow_up_reminders.all()}
            due = due_follow_ups(project, today, already)
            if not due:
                continue
            with transaction.atomic():
                claimed = [months for months in due if _claim(project, months)]
                if due[-1] in claimed:
                    sent += _email_follow_up(project, due[-1])
    return sent
