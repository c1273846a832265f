"""Sign-up with double opt-in, confirmation, topics and unsubscribing.

The public form always gets the same answer: whether an address is known is never revealed,
only the e-mail that follows differs (a confirmation link, or "du er allerede tilmeldt").
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletter import emails, tokens
from newsletter.models import Delivery, DeliveryState, Subscriber, SubscriberStatus, Topic


def normalise_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def subscriber_signup(
    *,
    email: str,
    name: str = "",
    topics: Iterable[Topic] = (),
    consent: bool,
    consent_text: str,
) -> None:
    """Register a sign-up and send the fitting e-mail; a confirmed address is left as it is."""
    address = normalise_email(email)
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValidationError({"email": _("Skriv en gyldig e-mailadresse.")}) from exc
    if not consent:
        raise ValidationError({"consent": _("Du skal give samtykke for at blive tilmeldt.")})
    subscriber = Subscriber.objects.select_for_update().filter(email=address).first()
    if subscriber is not None and subscriber.status == SubscriberStatus.CONFIRMED:
        # Not a second subscription, and no change a stranger could make to somebody's list.
        emails.already_subscribed_email(subscriber=subscriber)
        return
    if subscriber is None:
        subscriber = Subscriber(email=address)
    subscriber.name = name.strip()[:150]
    subscriber.status = SubscriberStatus.PENDING
    subscriber.consent_text = consent_text
    subscriber.save()
    subscriber.topics.set(list(topics))
    emails.confirmation_email(subscriber=subscriber)


def _refusal(message: str) -> ValidationError:
    return ValidationError({"token": message})


@transaction.atomic
def subscriber_confirm(*, token: str) -> Subscriber:
    """Confirm the sign-up the link was sent for; a second click changes nothing."""
    try:
        subscriber_id = tokens.confirm_token_id(token)
    except tokens.TokenExpired as exc:
        raise _refusal(_("Linket er udløbet. Tilmeld dig igen, så sender vi et nyt link.")) from exc
    except tokens.TokenInvalid as exc:
        raise _refusal(_("Linket er ugyldigt. Kopiér hele linket fra e-mailen.")) from exc
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        raise _refusal(_("Tilmeldingen findes ikke længere. Tilmeld dig igen."))
    if subscriber.status != SubscriberStatus.CONFIRMED:
        subscriber.status = SubscriberStatus.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    return subscriber


def subscriber_from_token(token: str) -> Subscriber:
    """The subscriber an unsubscribe (or topics) link is for; ValidationError if none."""
    try:
        subscriber_id = tokens.unsubscribe_token_id(token)
    except tokens.TokenInvalid as exc:
        raise _refusal(_("Linket er ugyldigt. Kopiér hele linket fra e-mailen.")) from exc
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        # Erased on request: there is nothing left to unsubscribe.
        raise _refusal(_("Adressen er ikke længere på listen. Du får ikke flere nyhedsbreve."))
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Take the address off the list now; deliveries still waiting in a sending are cancelled."""
    locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if locked.status != SubscriberStatus.UNSUBSCRIBED:
        locked.status = SubscriberStatus.UNSUBSCRIBED
        locked.unsubscribed_at = timezone.now()
        locked.save(update_fields=["status", "unsubscribed_at"])
    Delivery.objects.filter(subscriber=locked, state=DeliveryState.PENDING).update(
        state=DeliveryState.CANCELLED
    )
    return locked


@transaction.atomic
def subscriber_topics_set(*, subscriber: Subscriber, topics: Iterable[Topic]) -> Subscriber:
    """Choose what the subscriber hears about; none means everything."""
    subscriber.topics.set(list(topics))
    return subscriber


@transaction.atomic
def subscriber_erase(*, emails: Iterable[str]) -> int:
    """Delete the subscriptions of these addresses and their deliveries; return how many rows.

    For the privacy app's erasure: a subscriber has no account, so it is found by address.
    """
    addresses = {normalise_email(e) for e in emails if e and e.strip()}
    if not addresses:
        return 0
    deleted, _detail = Subscriber.objects.filter(email__in=addresses).delete()
    return deleted
