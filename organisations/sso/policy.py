"""What a login through an organisation's identity provider must prove before anyone is let in.

allauth checks the ID token's issuer, audience and expiry, and the state. It does not send or
check a nonce, and it trusts any e-mail address the provider names. ``admit`` adds the rest,
before allauth looks up, links or creates anyone:

- the ID token's nonce is the one this login's state was given (``nonce_for``);
- the user info, if fetched, is about the ID token's subject;
- the e-mail address is there and verified by the provider: ``email_verified`` true, or, where
  a provider sends no ``email_verified`` at all, Microsoft Entra ID's ``xms_edov`` (the
  domain's owner is verified), as Entra never sends ``email_verified``;
- its domain is one of the identity provider's domains;
- the person it names, if any, is active and does not belong to another organisation's single
  sign-on.

A refusal raises ``SsoRefusal``: allauth shows its error page (with our Danish message) and the
adapter's ``on_authentication_error`` logs it. Nothing has been written at that point.
"""

from __future__ import annotations

import functools
from typing import Any

from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from organisations.models import IdentityProvider, Membership, User
from organisations.sso import selectors
from organisations.sso.session import remember_second_factor

NONCE_SALT = "organisations.sso.nonce"


class SsoRefusal(PermissionDenied):
    """A login through an identity provider that is refused, with a reason code for the log and
    a Danish message for the person."""

    def __init__(
        self,
        reason: str,
        message: str,
        *,
        organisation_id: int | None = None,
        subject_id: int | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.organisation_id = organisation_id
        self.subject_id = subject_id


def nonce_for(state_id: str) -> str:
    """The nonce sent with the login whose state is ``state_id``.

    Derived from the state rather than stored beside it: allauth consumes the state before the
    ID token is read, and the state is already single-use and tied to this browser's session.
    An ID token minted for any other login carries another nonce.
    """
    return salted_hmac(NONCE_SALT, state_id, algorithm="sha256").hexdigest()


def email_is_verified(claims: dict[str, Any]) -> bool:
    """Whether the provider vouches for the address: ``email_verified``, or else ``xms_edov``."""
    verified = claims.get("email_verified")
    if verified is None:
        verified = claims.get("xms_edov")
    return verified is True or (isinstance(verified, str) and verified.lower() == "true")


def asserted_second_factor(id_token: dict[str, Any], provider: IdentityProvider) -> bool:
    """Whether the ID token's ``amr`` names a second factor we accept, and the organisation
    trusts its identity provider's (``trust_idp_mfa``)."""
    if not provider.trust_idp_mfa:
        return False
    methods = id_token.get("amr")
    if isinstance(methods, str):
        methods = [methods]
    if not isinstance(methods, list):
        return False
    accepted = set(settings.LMS_SSO_SECOND_FACTOR_AMR)
    return any(isinstance(method, str) and method.lower() in accepted for method in methods)


def _generic_refusal(reason: str, provider: IdentityProvider | None) -> SsoRefusal:
    return SsoRefusal(
        reason,
        _(
            "Svaret fra identitetsudbyderen kunne ikke godkendes, så du er ikke logget ind. "
            "Prøv at logge ind igen."
        ),
        organisation_id=provider.organisation_id if provider else None,
    )


def _check_nonce(
    request: HttpRequest, id_token: dict[str, Any], provider: IdentityProvider
) -> None:
    state_id = request.GET.get("state", "")
    nonce = id_token.get("nonce")
    if not state_id or not isinstance(nonce, str):
        raise _generic_refusal("nonce", provider)
    if not constant_time_compare(nonce, nonce_for(state_id)):
        raise _generic_refusal("nonce", provider)


def _claims(
    sociallogin: SocialLogin, provider: IdentityProvider
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ID token, and the claims that name the person (the ID token's when it has the
    e-mail address, else the user info's, which must then be about the same subject)."""
    data = sociallogin.account.extra_data or {}
    id_token = data.get("id_token")
    userinfo = data.get("userinfo") or {}
    if not isinstance(id_token, dict) or not isinstance(userinfo, dict):
        raise _generic_refusal("id_token", provider)
    if userinfo and userinfo.get("sub") != id_token.get("sub"):
        raise _generic_refusal("subject", provider)
    return id_token, (id_token if "email" in id_token else userinfo)


def _person(provider_id: str, uid: str, email: str) -> User | None:
    """The person this login is about: the one already linked to the account, else the one
    with the address."""
    linked = SocialAccount.objects.filter(provider=provider_id, uid=uid).select_related("user")
    account = linked.first()
    if account is not None:
        user: User = account.user
        return user
    return User.objects.filter(email__iexact=email).first()


def belongs_elsewhere(person: User, provider: IdentityProvider) -> bool:
    """Whether the person is another organisation's: linked to another identity provider, or
    an active member of an organisation that requires its own single sign-on and not of this
    one. One person, one identity provider."""
    own = selectors.provider_id_for(provider.organisation_id)
    linked = SocialAccount.objects.filter(
        user=person, provider__startswith=selectors.PROVIDER_ID_PREFIX
    ).exclude(provider=own)
    if linked.exists():
        return True
    memberships = Membership.objects.active().filter(user=person)
    if memberships.filter(organisation_id=provider.organisation_id).exists():
        return False
    return memberships.filter(
        organisation__identity_provider__is_enabled=True,
        organisation__identity_provider__require_sso=True,
    ).exists()


def admit(request: HttpRequest, *, provider_id: str, sociallogin: SocialLogin) -> IdentityProvider:
    """Check a login's claims (see the module); raise ``SsoRefusal`` or return the provider.

    On success the social login's e-mail addresses are reduced to the verified one, which a
    new account then gets as its verified primary address.
    """
    provider = selectors.provider_for_app(provider_id)
    if provider is None:
        raise _generic_refusal("provider", None)
    id_token, claims = _claims(sociallogin, provider)
    _check_nonce(request, id_token, provider)
    refuse = functools.partial(_refusal, provider)
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        raise refuse(
            "email_missing",
            _(
                "Identitetsudbyderen sendte ingen e-mailadresse, så du kan ikke logges ind. "
                "Kontakt din IT-afdeling."
            ),
        )
    email = email.strip().lower()
    if not email_is_verified(claims):
        raise refuse(
            "email_unverified",
            _(
                "Identitetsudbyderen har ikke bekræftet din e-mailadresse, så du kan ikke "
                "logges ind med den. Kontakt din IT-afdeling."
            ),
        )
    if selectors.email_domain(email) not in selectors.domains_of(provider):
        raise refuse(
            "domain",
            _(
                "Din e-mailadresse hører ikke til de domæner, %(organisation)s logger ind med. "
                "Kontakt din IT-afdeling eller HR."
            )
            % {"organisation": provider.organisation.name},
        )
    person = _person(provider_id, sociallogin.account.uid, email)
    if person is not None and not person.is_active:
        raise refuse(
            "inactive",
            _("Din konto i AlmenLæring er lukket, så du kan ikke logge ind. Kontakt HR."),
            subject_id=person.pk,
        )
    if person is not None and belongs_elsewhere(person, provider):
        raise refuse(
            "other_organisation",
            _(
                "Din konto i AlmenLæring logger ind gennem en anden organisations single "
                "sign-on. Brug den, eller kontakt HR."
            ),
            subject_id=person.pk,
        )
    _keep_only(sociallogin, email)
    remember_second_factor(
        request,
        provider_id=provider_id,
        uid=sociallogin.account.uid,
        asserted=asserted_second_factor(id_token, provider),
    )
    return provider


def _refusal(
    provider: IdentityProvider, reason: str, message: str, subject_id: int | None = None
) -> SsoRefusal:
    return SsoRefusal(
        reason, message, organisation_id=provider.organisation_id, subject_id=subject_id
    )


def _keep_only(sociallogin: SocialLogin, email: str) -> None:
    """The verified address becomes the login's one address, verified and primary."""
    from allauth.account.models import EmailAddress

    sociallogin.email_addresses = [EmailAddress(email=email, verified=True, primary=True)]
    if sociallogin.user is not None:
        sociallogin.user.email = email
