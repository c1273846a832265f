"""Writes of Open Badges: issuing a certificate's credential, rotating the signing key."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses.badges import documents, keys
from courses.models import BadgeCredential, BadgeSigningKey, Certificate
from organisations.models import Organisation

if TYPE_CHECKING:
    from organisations.models import User

# Two first downloads for the same provider may pick the same free place where the row lock
# does not hold (SQLite); the unique constraint refuses one and it takes the next place.
PLACE_ATTEMPTS = 3


def _next_place(provider: Organisation) -> int:
    """The provider's next free place in its status lists, under a lock on the provider."""
    Organisation.objects.select_for_update().filter(pk=provider.pk).first()
    last = BadgeCredential.objects.filter(provider=provider).aggregate(last=Max("status_index"))
    return 0 if last["last"] is None else last["last"] + 1


def _sign_and_save(
    certificate: Certificate, provider: Organisation, key: BadgeSigningKey
) -> BadgeCredential:
    enrolment = certificate.enrolment
    for attempt in range(PLACE_ATTEMPTS):
        badge = BadgeCredential(
            certificate=certificate,
            credential_id=uuid.uuid4(),
            provider=provider,
            signing_key=key,
            status_index=_next_place(provider),
        )
        document = documents.credential(
            credential_id=badge.credential_id,
            certificate=certificate,
            course=enrolment.course,
            provider=provider,
            email=enrolment.user.email,
            status_index=badge.status_index,
        )
        badge.jws = keys.sign(documents.jwt_claims(document), key)
        try:
            with transaction.atomic():
                badge.save()
            return badge
        except IntegrityError:
            if attempt == PLACE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def badge_issue(*, certificate: Certificate, actor: User) -> BadgeCredential:
    """The OpenBadgeCredential of the person's own certificate, issued on first request and
    the same signed document every time after (a credential is issued once)."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("enrolment__user", "enrolment__course")
        .get(pk=certificate.pk)
    )
    existing = BadgeCredential.objects.filter(certificate=certificate).first()
    if existing is not None:
        return existing
    if certificate.enrolment.user_id != actor.pk:
        raise ValidationError(_("Kun den, der har gennemført kurset, kan hente beviset."))
    if not certificate.is_valid:
        raise ValidationError(
            _("Et tilbagekaldt eller udløbet kursusbevis kan ikke udstedes som Open Badge.")
        )
    provider = documents.provider_of(certificate.enrolment.course)
    badge = _sign_and_save(certificate, provider, keys.current_key())
    log(badge, "lms.badge.issue", user=actor)
    return badge


@transaction.atomic
def signing_key_rotate(*, actor: User | None = None) -> BadgeSigningKey:
    """Retire the current key and start signing with a new one. The retired key stays
    published, so every credential it signed stays verifiable."""
    now = timezone.now()
    current = BadgeSigningKey.objects.select_for_update().current().first()
    if current is not None:
        current.retired_at = now
        current.save(update_fields=["retired_at"])
        log(current, "lms.badge_key.retire", user=actor)
    key = keys.new_key(now=now)
    key.save()
    log(key, "lms.badge_key.create", user=actor)
    return key
