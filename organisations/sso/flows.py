"""The responses of a login through an identity provider: on the way out, and refused.

Used by the login form, the adapters and the views; kept apart from the views so that the
forms and adapters below them need not import a view module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import AuthProcess
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from organisations.models import IdentityProvider
from organisations.sso import selectors

logger = logging.getLogger("organisations.sso")


def start_login(
    request: HttpRequest,
    provider: IdentityProvider,
    *,
    login_hint: str = "",
    next_url: str | None = None,
) -> HttpResponse:
    """Send the person to their organisation's identity provider (a page that goes there)."""
    provider_id = selectors.provider_id_for(provider.organisation_id)
    allauth_provider = get_adapter(request).get_provider(request, provider_id)
    auth_params = {"login_hint": login_hint} if login_hint else {}
    return departure(
        request,
        provider,
        lambda: allauth_provider.redirect(
            request, AuthProcess.LOGIN, next_url=next_url, auth_params=auth_params
        ),
    )


def departure(
    request: HttpRequest, provider: IdentityProvider, redirect: Callable[[], HttpResponse]
) -> HttpResponse:
    """allauth's redirect to the identity provider (``redirect``), as a page that goes there.

    The login form's Content-Security-Policy (form-action 'self') also covers the redirects
    after a form is sent, so a browser would refuse a 302 to the provider; see the template.
    allauth fetches the discovery document on the way: a provider that does not answer gets a
    Danish page that says so, never a server error.
    """
    try:
        response = redirect()
    except (requests.RequestException, ValueError, KeyError) as error:
        logger.warning(
            "SSO discovery failed for %s: %s",
            selectors.provider_id_for(provider.organisation_id),
            type(error).__name__,
        )
        return TemplateResponse(
            request,
            "account/sso_unavailable.html",
            {"provider": provider, "organisation": provider.organisation},
            status=503,
        )
    if not isinstance(response, HttpResponseRedirect):
        return response
    page = TemplateResponse(
        request,
        "account/sso_redirect.html",
        {
            "authorize_url": response["Location"],
            "provider": provider,
            "organisation": provider.organisation,
        },
    )
    # The address carries this login's state: no cache may keep it.
    add_never_cache_headers(page)
    return page


def sso_required(
    request: HttpRequest, provider: IdentityProvider, *, next_url: str | None = None
) -> HttpResponse:
    """The answer to a right password from a person who must use single sign-on."""
    return TemplateResponse(
        request,
        "account/sso_required.html",
        {
            "provider": provider,
            "organisation": provider.organisation,
            "provider_id": selectors.provider_id_for(provider.organisation_id),
            "next_url": next_url or "",
        },
        status=403,
    )
