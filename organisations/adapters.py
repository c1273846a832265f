"""allauth adapters: no open sign-up; people join through an organisation's invitation, or
through its identity provider (single sign-on, ``organisations.sso``)."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.socialaccount import app_settings as socialaccount_settings
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base import AuthError
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from core.audit import audit_record
from core.models import AccessAction
from core.site_url import absolute_url
from organisations.models import IdentityProvider, User
from organisations.sso import flows, selectors, services, stages
from organisations.sso.discovery import CachingSession
from organisations.sso.policy import SsoRefusal
from organisations.sso.provider import SsoProvider
from organisations.sso.refusals import refusal_reason

logger = logging.getLogger("organisations.sso")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Password sign-up stays closed; single sign-on opens its own door (below).
        return False

    def get_login_stages(self) -> list[str]:
        # allauth's TOTP step, skipped when the identity provider asserted a trusted factor.
        return stages.with_sso_stage(super().get_login_stages())

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        """allauth's checks, and: a person whose organisation requires single sign-on may not
        log in with a password. Asked only after the password proved right, so the answer says
        nothing about whether an address has an account."""
        response: HttpResponse | None = super().pre_login(request, user, **kwargs)
        if response is not None or not _by_password(request, user):
            return response
        provider = selectors.required_provider_for(user)
        if provider is None:
            return None
        audit_record(
            actor=None,
            action=AccessAction.LOGIN_FAILED,
            subject=user,
            organisation=provider.organisation_id,
            request=request,
            detail={"step": "password", "reason": "sso_required"},
        )
        return flows.sso_required(request, provider, next_url=kwargs.get("redirect_url"))

    def send_password_reset_mail(self, user: Any, email: str, context: dict[str, Any]) -> None:
        """A person who must log in through single sign-on gets no reset link (a password would
        not let them in): the mail tells them where to log in instead."""
        provider = selectors.required_provider_for(user)
        if provider is None:
            super().send_password_reset_mail(user, email, context)
            return
        context = {
            **context,
            "provider": provider,
            "organisation": provider.organisation,
            "login_url": absolute_url(reverse("account_login"), context.get("request")),
        }
        self.send_mail("account/email/password_reset_sso", email, context)


def _by_password(request: HttpRequest, user: Any) -> bool:
    """Whether this login's latest step was a password (not an identity provider)."""
    records = get_authentication_records(request, user)
    return bool(records) and records[-1].get("method") == "password"


def social_app_for(provider: IdentityProvider) -> SocialApp:
    """allauth's app for an organisation's identity provider, built on the fly (never saved)."""
    return SocialApp(
        provider=OpenIDConnectProvider.id,
        provider_id=selectors.provider_id_for(provider.organisation_id),
        name=provider.name,
        client_id=provider.client_id,
        secret=provider.client_secret,
        settings={
            "server_url": provider.issuer,
            # PKCE with S256 (allauth's generate_code_challenge), on top of the client secret.
            "oauth_pkce_enabled": True,
        },
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Identity providers come from ``IdentityProvider`` rows, and only they sign people up."""

    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        providers = selectors.enabled_providers()
        if provider and provider != OpenIDConnectProvider.id:
            organisation_id = selectors.organisation_id_from(provider)
            if organisation_id is None:
                return []
            providers = providers.filter(organisation_id=organisation_id)
        if client_id:
            providers = providers.filter(client_id=client_id)
        return [social_app_for(row) for row in providers]

    def list_providers(self, request: HttpRequest) -> list[Any]:
        # Nothing lists the organisations' providers ("log in with …" buttons, the connections
        # page): the login page finds a person's provider by the domain of their address.
        return []

    def get_provider(
        self, request: HttpRequest, provider: str, client_id: str | None = None
    ) -> Any:
        found = super().get_provider(request, provider, client_id=client_id)
        app = getattr(found, "app", None)
        if isinstance(found, OpenIDConnectProvider) and app is not None:
            if selectors.organisation_id_from(app.provider_id) is not None:
                return SsoProvider(request, app=app)
        return found

    def get_requests_session(self) -> CachingSession:
        return CachingSession(timeout=socialaccount_settings.REQUESTS_TIMEOUT)

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # Reached only after policy.admit accepted the login (SsoProvider), so the address is
        # verified and of the organisation's domains.
        return services.provider_of(sociallogin) is not None

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """A first login of a person who has an account: link it (their verified address)."""
        if sociallogin.is_existing:
            return
        provider = services.provider_of(sociallogin)
        if provider is None or not sociallogin.email_addresses:
            return
        email = sociallogin.email_addresses[0].email
        person = User.objects.filter(email__iexact=email).first()
        if person is not None:
            services.sso_person_link(
                request=request, sociallogin=sociallogin, person=person, provider=provider
            )

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> User:
        provider = services.provider_of(sociallogin)
        if provider is None:  # is_open_for_signup let nothing else through
            raise SsoRefusal("provider", "")
        return services.sso_person_create(
            request=request, sociallogin=sociallogin, provider=provider
        )

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: str | None = None,
        exception: BaseException | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        """Every failed login through an identity provider: logged, audited, explained."""
        context = extra_context if extra_context is not None else {}
        reason = refusal_reason(error, exception, context)
        provider_id = getattr(getattr(provider, "app", None), "provider_id", "") or ""
        if error == AuthError.CANCELLED:
            logger.info("SSO login cancelled at %s", provider_id)
            return
        logger.warning("SSO login refused at %s: %s", provider_id, reason)
        refusal = exception if isinstance(exception, SsoRefusal) else None
        organisation_id = selectors.organisation_id_from(provider_id)
        audit_record(
            actor=None,
            action=AccessAction.LOGIN_FAILED,
            subject=refusal.subject_id if refusal else None,
            organisation=refusal.organisation_id if refusal else organisation_id,
            request=request,
            detail={"step": "sso", "reason": reason, "provider": provider_id},
        )
        if refusal is not None:
            context["sso_message"] = refusal.message
