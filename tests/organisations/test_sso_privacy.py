"""Single sign-on and personal data (issue 15, item 2; the privacy registry of issue 11).

allauth's SocialAccount holds the provider's subject id and the claims of the last login: it is
classified, in the person's export, and erased with them. The identity provider's settings are
an organisation's, and its client secret appears in no export.
"""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.conf import settings

from core.privacy import declaration_for
from organisations.models import IdentityProvider, IdentityProviderDomain, User
from privacy import erasure
from privacy.export import Names, personal_declarations, rows_of
from tests.support.oidc_provider import (
    QUIET,
    configure_identity_provider,
    local_oidc_provider,
    log_in_through,
)

pytestmark = [pytest.mark.django_db, QUIET]


@pytest.fixture
def kim(fjordbo, client):
    with local_oidc_provider() as provider:
        configure_identity_provider(
            fjordbo, provider, ["fjordbo.example"], client_secret="ingen-maa-se-den"
        )
        provider.add_user(
            "kim-sub", email="kim@fjordbo.example", email_verified=True, name="Kim Krog"
        )
        log_in_through(client, provider, "kim@fjordbo.example", "kim-sub")
    return User.objects.get(email="kim@fjordbo.example")


def _export(person: User) -> list[dict]:
    rows = []
    for declaration in personal_declarations():
        rows.extend(rows_of(declaration, person, Names(), []))
    return rows


def test_the_social_account_is_a_classified_library_model():
    assert "socialaccount.SocialAccount" in settings.LMS_PRIVACY_LIBRARY_MODELS
    declaration = declaration_for(SocialAccount)
    assert declaration is not None
    assert declaration.subject == ("user",)
    assert {"uid", "extra_data", "provider"} <= set(declaration.personal)


def test_the_social_account_is_in_the_persons_export(kim):
    rows = rows_of(declaration_for(SocialAccount), kim, Names(), [])
    [row] = list(rows)
    text = str(row)
    assert "kim-sub" in text and "Kim Krog" in text


def test_no_export_holds_the_client_secret(kim):
    assert "ingen-maa-se-den" not in str(_export(kim))
    for model in (IdentityProvider, IdentityProviderDomain):
        declaration = declaration_for(model)
        assert declaration is not None and not declaration.personal and not declaration.subject


def test_erasure_deletes_the_social_account(kim):
    assert SocialAccount.objects.filter(user=kim).exists()
    erasure.person_erase(person=kim, erased_by=None)
    assert not SocialAccount.objects.filter(user_id=kim.pk).exists()
    assert IdentityProvider.objects.filter(client_secret="ingen-maa-se-den").exists()
