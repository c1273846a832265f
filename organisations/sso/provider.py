"""allauth's OpenID Connect provider, for an organisation's identity provider.

What it adds to allauth's: a nonce bound to the login's state, the e-mail address as
``login_hint``, a scope and parameters the request cannot change, and ``policy.admit`` on the
response before allauth looks anyone up. PKCE (S256) is allauth's, switched on in the app's
settings (``organisations.adapters.social_app_for``).
"""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from organisations.sso import flows, policy, selectors
from organisations.sso.discovery import discovery_url

# The longest e-mail address there is (RFC 5321), so a hint cannot be used to send junk along.
MAX_HINT_LENGTH = 254


class SsoProvider(OpenIDConnectProvider):
    """An organisation's identity provider (allauth app ``org-<id>``); see the module."""

    @property
    def server_url(self) -> str:
        return discovery_url(self.app.settings["server_url"])

    def get_scope_from_request(self, request: HttpRequest) -> list[str]:
        # allauth lets ?scope= add scopes; an organisation's provider gets ours and no more.
        return list(self.get_scope())

    def get_auth_params_from_request(self, request: HttpRequest, action: str) -> dict[str, str]:
        # allauth passes any ?auth_params= on to the provider; only the login hint is ours.
        params: dict[str, str] = dict(self.get_auth_params())
        hint = request.POST.get("login_hint") or request.GET.get("login_hint") or ""
        if hint and len(hint) <= MAX_HINT_LENGTH:
            params["login_hint"] = hint
        return params

    def redirect_from_request(self, request: HttpRequest) -> HttpResponse:
        """allauth's own login view for the provider (/konto/oidc/org-<id>/login/): the same
        page on the way out as the login page's (``flows.departure``)."""
        provider = selectors.provider_for_app(self.app.provider_id)
        parent = super().redirect_from_request
        if provider is None:
            response: HttpResponse = parent(request)
            return response
        return flows.departure(request, provider, lambda: parent(request))

    def redirect(
        self,
        request: HttpRequest,
        process: str,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> HttpResponse:
        """Send the person to the identity provider, with a nonce derived from the state.

        Only to log in: allauth's "connect" would link the identity to whoever is logged in,
        whatever its address; a person is linked by their verified address only (policy).
        """
        if process != AuthProcess.LOGIN:
            raise PermissionDenied("Only logging in goes through an organisation's provider.")
        state_id = get_adapter(request).generate_state_param({})
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = policy.nonce_for(state_id)
        response: HttpResponse = super().redirect(
            request, process, next_url, data, auth_params=auth_params, state_id=state_id, **kwargs
        )
        return response

    def sociallogin_from_response(self, request: HttpRequest, response: Any) -> SocialLogin:
        """allauth's social login, once ``policy.admit`` has accepted the claims."""
        sociallogin: SocialLogin = super().sociallogin_from_response(request, response)
        policy.admit(request, provider_id=self.app.provider_id, sociallogin=sociallogin)
        return sociallogin
