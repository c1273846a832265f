"""Sign-up for events: register, confirm, cancel, and the waitlist moving up.

Every write that takes or frees a seat locks the event's row first
(``select_for_update(of=("self",))``: the page's own table, since the parent ``wagtailcore_page``
join is not to be locked) and counts the confirmed registrations under that lock, so two people
never get the last seat. The one-active-registration-per-e-mail rule is a database constraint;
a lost race on it becomes the same Danish message as the check before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from events import access, notifications
from events.models import (
    ACTIVE_STATUSES,
    EventPage,
    EventRegistration,
    RegistrationStatus,
)

if TYPE_CHECKING:
    from organisations.models import User

ALREADY = gettext_lazy("Du er allerede tilmeldt dette arrangement.")


def _locked(event: EventPage) -> EventPage:
    locked: EventPage = EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)
    return locked


def _require_open(event: EventPage) -> None:
    now = timezone.now()
    if now >= event.starts_at:
        raise ValidationError(_("Arrangementet er begyndt, så der er lukket for tilmelding."))
    if not access.is_open(event, now):
        raise ValidationError(_("Tilmeldingsfristen er overskredet."))


def confirmed_count(event: EventPage) -> int:
    count: int = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return count


def _has_seat(event: EventPage) -> bool:
    return event.capacity is None or confirmed_count(event) < event.capacity


def _create(event: EventPage, **fields: object) -> EventRegistration:
    email = str(fields["email"]).strip().lower()
    if event.registrations.filter(email=email, status__in=ACTIVE_STATUSES).exists():
        raise ValidationError({"email": ALREADY})
    try:
        with transaction.atomic():
            return EventRegistration.objects.create(event=event, **{**fields, "email": email})
    except IntegrityError:
        # A twin request committed between the check and the insert.
        raise ValidationError({"email": ALREADY}) from None


def _take_seat(event: EventPage, registration: EventRegistration) -> None:
    """Under the event's lock: a seat if one is free, else the waitlist; e-mail either way."""
    waitlist_promote(event=event)  # a raised capacity goes to those waiting first
    now = timezone.now()
    registration.confirmed_at = registration.confirmed_at or now
    if _has_seat(event):
        registration.status = RegistrationStatus.CONFIRMED
        action = "events.registration.confirm"
    else:
        registration.status = RegistrationStatus.WAITLISTED
        action = "events.registration.waitlist"
    registration.save(update_fields=["status", "confirmed_at"])
    log(registration, action, user=registration.user)
    registration.event = event
    if registration.status == RegistrationStatus.CONFIRMED:
        notifications.send_registered(registration)
    else:
        notifications.send_waitlisted(registration)


@transaction.atomic
def register_member(*, event: EventPage, user: User) -> EventRegistration:
    """A signed-in person signs up with one click: their name and e-mail from the account."""
    event = _locked(event)
    _require_open(event)
    organisation = user.memberships.select_related("organisation").first()
    registration = _create(
        event,
        user=user,
        email=user.email,
        name=user.get_full_name() or user.email,
        organisation_name=organisation.organisation.name if organisation else "",
    )
    log(registration, "events.registration.create", user=user)
    _take_seat(event, registration)
    return registration


@transaction.atomic
def register_guest(
    *, event: EventPage, name: str, email: str, organisation_name: str = ""
) -> EventRegistration:
    """A visitor signs up: pending until they confirm from the e-mail (no seat before that)."""
    errors = {}
    if not name.strip():
        errors["name"] = _("Skriv dit navn.")
    if not email.strip():
        errors["email"] = _("Skriv din e-mail.")
    if errors:
        raise ValidationError(errors)
    event = _locked(event)
    _require_open(event)
    registration = _create(
        event,
        email=email,
        name=name.strip(),
        organisation_name=organisation_name.strip(),
        status=RegistrationStatus.PENDING,
    )
    log(registration, "events.registration.create", user=None)
    registration.event = event
    notifications.send_confirmation_request(registration)
    return registration


@transaction.atomic
def registration_confirm(*, registration: EventRegistration) -> EventRegistration:
    """The guest's confirmation link: a seat or a waitlist place. Twice changes nothing."""
    event = _locked(registration.event)
    registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        if registration.status == RegistrationStatus.CANCELLED:
            raise ValidationError(_("Tilmeldingen er afmeldt og kan ikke bekræftes."))
        return registration
    _require_open(event)
    _take_seat(event, registration)
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: EventRegistration, actor: User | None = None
) -> EventRegistration:
    """Give up a sign-up; a freed seat goes to the first on the waitlist. Twice is harmless."""
    event = _locked(registration.event)
    registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    if timezone.now() >= event.starts_at:
        raise ValidationError(_("Arrangementet er begyndt, så tilmeldingen kan ikke afmeldes."))
    previous = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    registration.event = event
    log(registration, "events.registration.cancel", user=actor)
    if previous != RegistrationStatus.PENDING:
        notifications.send_cancelled(
            registration, had_seat=previous == RegistrationStatus.CONFIRMED
        )
    if previous == RegistrationStatus.CONFIRMED:
        waitlist_promote(event=event)
    return registration


def waitlist_promote(*, event: EventPage) -> list[EventRegistration]:
    """Under the event's lock (the caller holds it): move the waitlist up into free seats,
    first come first served, and tell each one. Nothing moves once the event has begun."""
    if timezone.now() >= event.starts_at:
        return []
    free = None if event.capacity is None else event.capacity - confirmed_count(event)
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    if free is not None:
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = []
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status"])
        registration.event = event
        log(registration, "events.registration.promote", user=None)
        notifications.send_promoted(registration)
        promoted.append(registration)
    return promoted


@transaction.atomic
def waitlist_promote_event(*, event_id: int) -> int:
    """Take the lock and move the waitlist up (after a registration was deleted, e.g. on
    erasure). Safe to run twice; an event that is gone promotes nobody."""
    event = EventPage.objects.select_for_update(of=("self",)).filter(pk=event_id).first()
    if event is None:
        return 0
    return len(waitlist_promote(event=event))
