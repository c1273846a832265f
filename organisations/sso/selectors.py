"""Reads for single sign-on: which identity provider an address, an allauth app or a person has.

An organisation's identity provider is known to allauth as the app ``org-<organisation id>``:
the id is in the redirect URI registered at the identity provider, so it must stay the same when
the provider's row is replaced. The organisation's id does; the row's own id would not.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organisations.models import IdentityProvider, User

PROVIDER_ID_PREFIX = "org-"


def provider_id_for(organisation_id: int) -> str:
    """allauth's app id (``provider_id``) for an organisation's identity provider."""
    return f"{PROVIDER_ID_PREFIX}{organisation_id}"


def organisation_id_from(provider_id: str) -> int | None:
    """The organisation id in an app id such as ``org-5``; None for anything else."""
    if not provider_id.startswith(PROVIDER_ID_PREFIX):
        return None
    number = provider_id.removeprefix(PROVIDER_ID_PREFIX)
    return int(number) if number.isascii() and number.isdigit() else None


def email_domain(email: str) -> str:
    """The domain of an e-mail address, lower case ("" when there is none)."""
    local, at, domain = email.strip().rpartition("@")
    return domain.lower() if at and local else ""


def enabled_providers() -> QuerySet[IdentityProvider]:
    """Identity providers that are switched on, with their organisation."""
    # ClusterableModel is untyped, so its manager is Any to mypy.
    rows: QuerySet[IdentityProvider] = IdentityProvider.objects.filter(is_enabled=True)
    return rows.select_related("organisation")


def provider_for_email(email: str) -> IdentityProvider | None:
    """The enabled identity provider whose e-mail domains include this address's domain.

    It depends on the domain alone, never on whether anyone has that address: telling that a
    domain uses single sign-on reveals nothing about a person (ACCOUNT_PREVENT_ENUMERATION).
    """
    domain = email_domain(email)
    if not domain:
        return None
    # Domains are stored in lower case (the model's validator), so an exact match finds them.
    return enabled_providers().filter(domains__domain=domain).first()


def provider_for_app(provider_id: str) -> IdentityProvider | None:
    """The enabled identity provider behind allauth's app ``org-<id>``, with its domains."""
    organisation_id = organisation_id_from(provider_id)
    if organisation_id is None:
        return None
    return (
        enabled_providers()
        .filter(organisation_id=organisation_id)
        .prefetch_related("domains")
        .first()
    )


def required_provider_for(user: User) -> IdentityProvider | None:
    """The identity provider that requires single sign-on of this person, if one does.

    Either an organisation the person is an active member of requires it, or the domain of
    their address belongs to such an organisation.
    """
    member = Q(organisation__memberships__user=user, organisation__memberships__is_active=True)
    domain = email_domain(user.email)
    covered = Q(domains__domain=domain) if domain else Q(pk__in=[])
    return enabled_providers().filter(require_sso=True).filter(member | covered).first()


def domains_of(provider: IdentityProvider) -> set[str]:
    """The provider's e-mail domains (from the prefetch, when there is one)."""
    return {row.domain.lower() for row in provider.domains.all()}
