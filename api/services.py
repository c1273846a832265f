"""Writes of the API app: creating and revoking API tokens (HR, on the site).

The key exists in clear only in ``token_create``'s return value: the page shows it once and
the database keeps its hash. Both services write to Wagtail's audit log.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from api.models import KEY_PREFIX_LENGTH, ApiToken, TokenScope, hash_key, new_key
from organisations.models import Organisation, User

MAX_TOKENS_PER_ORGANISATION = 50  # usable ones; more is a sign of keys nobody looks after


@transaction.atomic
def token_create(
    *,
    organisation: Organisation,
    name: str,
    scope: str = TokenScope.READ,
    expires_at: datetime | None = None,
    actor: User,
) -> tuple[ApiToken, str]:
    """Create a token for ``organisation`` acting as ``actor`` (HR there); return it and its key.

    The caller shows the key once; it cannot be read again.
    """
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Udløbsdatoen skal ligge i fremtiden.")})
    usable = ApiToken.objects.filter(organisation=organisation).usable().count()
    if usable >= MAX_TOKENS_PER_ORGANISATION:
        raise ValidationError(
            _(
                "Organisationen har allerede %(count)d aktive API-nøgler. Tilbagekald dem, I "
                "ikke bruger, før I opretter flere."
            )
            % {"count": usable}
        )
    key = new_key()
    token = ApiToken(
        organisation=organisation,
        name=name.strip(),
        scope=scope,
        expires_at=expires_at,
        key_prefix=key[:KEY_PREFIX_LENGTH],
        key_hash=hash_key(key),
        created_by=actor,
    )
    token.full_clean()
    token.save()
    log(token, "api.token.create", user=actor, data={"scope": scope, "prefix": token.key_prefix})
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token for good: from now on it is refused (401). Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    log(token, "api.token.revoke", user=actor, data={"prefix": token.key_prefix})
    return token
