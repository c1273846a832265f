"""Demo data of the API: Fjordbo's tokens, one of them usable with a key printed by seed_demo.

A real key is shown once and never stored. The demo's read token has a fixed, published key
instead — like the demo password, so that a newcomer can try the API with curl straight after
``seed_demo``; never seed the demo into a real installation. Beside it, a revoked read-write
token gives HR's list a history. Running it twice changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from api import services
from api.models import KEY_PREFIX_LENGTH, ApiToken, TokenScope, hash_key
from organisations.models import Organisation, User

DEMO_ORGANISATION = "Boligselskabet Fjordbo"
DEMO_HR = "hanne@fjordbo.example"
DEMO_API_KEY = "alm_demo-fjordbo-intranet-laese-2026"
DEMO_TOKEN_NAME = "Intranettet (demo)"
REVOKED_TOKEN_NAME = "Det gamle lønsystem"


def seed() -> str:
    """Create the demo tokens (once); return the demo key for the seed's output."""
    organisation = Organisation.objects.get(name=DEMO_ORGANISATION)
    hanne = User.objects.get(email=DEMO_HR)
    if not ApiToken.objects.filter(key_hash=hash_key(DEMO_API_KEY)).exists():
        ApiToken.objects.create(
            organisation=organisation,
            name=DEMO_TOKEN_NAME,
            scope=TokenScope.READ,
            key_prefix=DEMO_API_KEY[:KEY_PREFIX_LENGTH],
            key_hash=hash_key(DEMO_API_KEY),
            created_by=hanne,
        )
    tokens = ApiToken.objects.filter(organisation=organisation, name=REVOKED_TOKEN_NAME)
    if not tokens.exists():
        token, _key = services.token_create(
            organisation=organisation,
            name=REVOKED_TOKEN_NAME,
            scope=TokenScope.READ_WRITE,
            actor=hanne,
        )
        ApiToken.objects.filter(pk=token.pk).update(
            last_used_at=timezone.now() - timedelta(days=40)
        )
        services.token_revoke(token=token, actor=hanne)
    return DEMO_API_KEY
